// VP8 payload format (RFC 7741 4.2), payload descriptor:
//
//        0 1 2 3 4 5 6 7
//       +-+-+-+-+-+-+-+-+
//       |X|R|N|S|R| PID | (REQUIRED)
//       +-+-+-+-+-+-+-+-+
//  X:   |I|L|T|K| RSV   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  I:   |M| PictureID   | (OPTIONAL, 7 or 15 bits)
//       +-+-+-+-+-+-+-+-+
//  L:   |   TL0PICIDX   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  T/K: |TID|Y| KEYIDX  | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//
// S marks the start of a partition, PID its index; the first byte of partition 0 is the VP8 frame tag,
// whose low bit P is 0 on keyframes (RFC 6386 9.1).
#pragma once

#include <optional>

#include "rtp/codec/codec.h"

namespace purertc::rtp {

struct Vp8Descriptor {
  bool non_reference = false;  // N
  bool start_of_partition = false;  // S
  uint8_t partition_index = 0;  // PID
  std::optional<uint16_t> picture_id;
  std::optional<uint8_t> tl0_pic_idx;
  std::optional<uint8_t> temporal_id;
  bool layer_sync = false;
  std::optional<uint8_t> key_idx;
  size_t size = 0;  // bytes of descriptor
  static Result<Vp8Descriptor> parse(std::span<const uint8_t> payload);
};

class Vp8Packetizer final : public Packetizer {
 public:
  // Picture ids are 15-bit and count frames from `initial_picture_id` (random in production).
  explicit Vp8Packetizer(uint16_t initial_picture_id = 0) : picture_id_(initial_picture_id & 0x7fff) {}
  Status packetize(std::span<const uint8_t> frame, size_t max_payload_size, PayloadList& out) override;

 private:
  uint16_t picture_id_;
};

class Vp8Depacketizer final : public Depacketizer {
 public:
  void begin_frame(std::vector<uint8_t>&) override {}
  Status depacketize(std::span<const uint8_t> payload, std::vector<uint8_t>& frame) override;
  bool is_partition_head(std::span<const uint8_t> payload) const override;
  bool is_keyframe(std::span<const uint8_t> payload) const override;
};

}  // namespace purertc::rtp
