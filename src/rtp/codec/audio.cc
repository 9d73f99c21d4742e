#include "rtp/codec/audio.h"

#include <algorithm>
#include <cstring>

namespace purertc::rtp {

Status OpusPacketizer::packetize(std::span<const uint8_t> frame, size_t max_payload_size, PayloadList& out) {
  if (frame.empty()) return unexpected(Error{Errc::kInvalidArgument, "opus: empty packet"});
  if (frame.size() > max_payload_size) return unexpected(Error{Errc::kInvalidArgument, "opus: packet above MTU"});
  std::memcpy(out.append(frame.size()).data(), frame.data(), frame.size());
  return {};
}

Status SampleBytePacketizer::packetize(std::span<const uint8_t> frame, size_t max_payload_size, PayloadList& out) {
  if (max_payload_size == 0) return unexpected(Error{Errc::kInvalidArgument, "audio: zero payload size"});
  for (size_t pos = 0; pos < frame.size();) {
    size_t n = std::min(max_payload_size, frame.size() - pos);
    std::memcpy(out.append(n).data(), frame.data() + pos, n);
    pos += n;
  }
  return {};
}

Status AudioDepacketizer::depacketize(std::span<const uint8_t> payload, std::vector<uint8_t>& frame) {
  frame.insert(frame.end(), payload.begin(), payload.end());
  return {};
}

Result<uint32_t> opus_packet_samples(std::span<const uint8_t> packet) {
  if (packet.empty()) return unexpected(Error{Errc::kMalformed, "opus: empty packet"});
  uint8_t toc = packet[0];
  unsigned config = toc >> 3;
  // Frame sizes per configuration (RFC 6716 table 2), in 48 kHz samples.
  uint32_t frame;
  if (config < 12) {
    static constexpr uint32_t kSilk[4] = {480, 960, 1920, 2880};
    frame = kSilk[config & 3];
  } else if (config < 16) {
    frame = (config & 1) ? 960 : 480;
  } else {
    static constexpr uint32_t kCelt[4] = {120, 240, 480, 960};
    frame = kCelt[config & 3];
  }
  uint32_t count;
  switch (toc & 3) {
    case 0: count = 1; break;
    case 1:
    case 2: count = 2; break;
    default:
      if (packet.size() < 2) return unexpected(Error{Errc::kMalformed, "opus: code 3 packet without frame count"});
      count = packet[1] & 0x3f;
      if (count == 0) return unexpected(Error{Errc::kMalformed, "opus: zero frames"});
  }
  // RFC 6716 3.2.5: a packet never holds more than 120 ms.
  if (frame * count > 5760) return unexpected(Error{Errc::kMalformed, "opus: packet longer than 120 ms"});
  return frame * count;
}

}  // namespace purertc::rtp
