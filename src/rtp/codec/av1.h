// AV1 RTP payload (AV1 RTP specification v1.0, section 4). Every packet starts with an aggregation header:
//
//    0 1 2 3 4 5 6 7
//   +-+-+-+-+-+-+-+-+
//   |Z|Y| W |N|-|-|-|
//   +-+-+-+-+-+-+-+-+
//
//   Z: the first OBU element continues an OBU fragment from the previous packet
//   Y: the last OBU element continues in the next packet
//   W: number of OBU elements (1..3; the last one then has no length field), 0: every element has a
//      LEB128 length field
//   N: first packet of a coded video sequence
//
// OBU elements are OBUs without obu_size (obu_has_size_field cleared); temporal delimiters and tile lists
// are not sent (4.5). The depacketizer rebuilds the low-overhead bitstream format (AV1 spec 5.2): every
// OBU with obu_has_size_field = 1, and a temporal delimiter opening each temporal unit.
#pragma once

#include "rtp/codec/codec.h"

namespace purertc::rtp {

inline constexpr uint8_t kObuSequenceHeader = 1;
inline constexpr uint8_t kObuTemporalDelimiter = 2;
inline constexpr uint8_t kObuTileList = 8;

// LEB128 (AV1 spec 4.10.5): at most 8 bytes, value below 2^32.
struct Leb128 {
  uint32_t value = 0;
  size_t size = 0;
  static Result<Leb128> parse(std::span<const uint8_t> in);
  static size_t encoded_size(uint32_t v);
  static size_t write(uint32_t v, uint8_t* out);  // returns bytes written
};

class Av1Packetizer final : public Packetizer {
 public:
  Status packetize(std::span<const uint8_t> temporal_unit, size_t max_payload_size, PayloadList& out) override;
};

class Av1Depacketizer final : public Depacketizer {
 public:
  // Limits a peer controls: one OBU is reassembled at a time, up to this size.
  static constexpr size_t kMaxObuSize = 4 * 1024 * 1024;
  void begin_frame(std::vector<uint8_t>& frame) override;
  Status depacketize(std::span<const uint8_t> payload, std::vector<uint8_t>& frame) override;
  bool is_partition_head(std::span<const uint8_t> payload) const override;
  bool is_keyframe(std::span<const uint8_t> payload) const override;

 private:
  Status emit_obu(std::vector<uint8_t>& frame);
  std::vector<uint8_t> pending_;
  bool in_fragment_ = false;
};

}  // namespace purertc::rtp
