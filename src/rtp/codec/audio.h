// Audio payload formats that carry the codec frame as is:
//  - Opus (RFC 7587 4.2): one Opus packet per RTP payload, never fragmented.
//  - G.711 PCMU/PCMA and G.722 (RFC 3551 4.5.14, 4.5.2): one byte per sample (G.722: per two 4-bit
//    codewords, 8000 Hz RTP clock by historical error), so a long buffer may be split at any byte.
#pragma once

#include "rtp/codec/codec.h"

namespace purertc::rtp {

class OpusPacketizer final : public Packetizer {
 public:
  // An Opus packet larger than max_payload_size is an error: RFC 7587 forbids splitting it.
  Status packetize(std::span<const uint8_t> frame, size_t max_payload_size, PayloadList& out) override;
};

class SampleBytePacketizer final : public Packetizer {
 public:
  Status packetize(std::span<const uint8_t> frame, size_t max_payload_size, PayloadList& out) override;
};

class AudioDepacketizer final : public Depacketizer {
 public:
  void begin_frame(std::vector<uint8_t>&) override {}
  Status depacketize(std::span<const uint8_t> payload, std::vector<uint8_t>& frame) override;
  bool is_partition_head(std::span<const uint8_t>) const override { return true; }
  bool is_keyframe(std::span<const uint8_t>) const override { return true; }
  bool one_frame_per_packet() const override { return true; }
};

// The duration of an Opus packet in 48 kHz samples from its TOC byte and frame count (RFC 6716 3.1);
// kMalformed for a packet whose framing is invalid.
Result<uint32_t> opus_packet_samples(std::span<const uint8_t> packet);

}  // namespace purertc::rtp
