// H.265 payload format (RFC 7798), without DONL fields (sprop-max-don-diff = 0, what WebRTC uses):
//
//   NAL unit header (2 bytes): |F|Type(6)|LayerId(6)|TID(3)|
//   single NAL unit packet:    the NAL unit as is (types 0..47)
//   AP (48, 4.4.2):            PayloadHdr(type 48) + { NALU size (16) | NAL unit } ...
//   FU (49, 4.4.3):            PayloadHdr(type 49) + |S|E|FuType(6)| + fragment
//
// PACI (50) is rejected. Keyframes are IRAP pictures (BLA/IDR/CRA, types 16..21) or a VPS/SPS in the packet.
#pragma once

#include "rtp/codec/codec.h"

namespace purertc::rtp {

inline constexpr uint8_t kH265Ap = 48;
inline constexpr uint8_t kH265Fu = 49;

class H265Packetizer final : public Packetizer {
 public:
  Status packetize(std::span<const uint8_t> access_unit, size_t max_payload_size, PayloadList& out) override;
};

class H265Depacketizer final : public Depacketizer {
 public:
  void begin_frame(std::vector<uint8_t>&) override { in_fragment_ = false; }
  Status depacketize(std::span<const uint8_t> payload, std::vector<uint8_t>& frame) override;
  bool is_partition_head(std::span<const uint8_t> payload) const override;
  bool is_keyframe(std::span<const uint8_t> payload) const override;

 private:
  bool in_fragment_ = false;
};

}  // namespace purertc::rtp
