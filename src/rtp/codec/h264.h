// H.264 payload format (RFC 6184), packetization-mode 1 (what browsers negotiate):
//
//   NAL unit header:  |F|NRI(2)|Type(5)|
//   single NAL unit:  the NAL unit as is (types 1..23)
//   STAP-A (24):      |F|NRI|24| + { NALU size (16) | NAL unit } ...     (5.7.1)
//   FU-A (28):        |F|NRI|28| + |S|E|R|Type(5)| + fragment            (5.8)
//
// The packetizer takes an access unit in Annex B form, aggregates small NAL units (SPS, PPS, SEI...) into
// STAP-A packets and fragments large ones into FU-As. The depacketizer writes each NAL unit back with a
// 4-byte start code. STAP-B, MTAP and FU-B (interleaved mode only) are rejected.
#pragma once

#include "rtp/codec/codec.h"

namespace purertc::rtp {

inline constexpr uint8_t kH264StapA = 24;
inline constexpr uint8_t kH264FuA = 28;

class H264Packetizer final : public Packetizer {
 public:
  Status packetize(std::span<const uint8_t> access_unit, size_t max_payload_size, PayloadList& out) override;
};

class H264Depacketizer final : public Depacketizer {
 public:
  void begin_frame(std::vector<uint8_t>&) override { in_fragment_ = false; }
  Status depacketize(std::span<const uint8_t> payload, std::vector<uint8_t>& frame) override;
  bool is_partition_head(std::span<const uint8_t> payload) const override;
  // IDR slice or SPS anywhere in the packet.
  bool is_keyframe(std::span<const uint8_t> payload) const override;

 private:
  bool in_fragment_ = false;
};

}  // namespace purertc::rtp
