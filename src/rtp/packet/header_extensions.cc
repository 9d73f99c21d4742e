#include "rtp/packet/header_extensions.h"

#include "common/byte_order.h"

namespace purertc::rtp {

Result<std::string_view> parse_sdes_item(std::span<const uint8_t> value) {
  if (value.empty()) return unexpected(Error{Errc::kMalformed, "sdes item: empty"});
  for (uint8_t c : value) {
    // Printable ASCII without space: the token characters SDP allows for a mid.
    if (c <= 0x20 || c >= 0x7f) return unexpected(Error{Errc::kMalformed, "sdes item: not a token"});
  }
  return std::string_view(reinterpret_cast<const char*>(value.data()), value.size());
}

Result<std::string_view> parse_rid(std::span<const uint8_t> value) {
  auto s = parse_sdes_item(value);
  if (!s) return s;
  for (char c : *s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return unexpected(Error{Errc::kMalformed, "rid: character outside RFC 8851 rid-syntax"});
  }
  return s;
}

AbsSendTime AbsSendTime::from_micros(int64_t us) {
  // 2^18 units per second; keep 24 bits (a 64-second wrap).
  uint64_t units = (static_cast<uint64_t>(us) << 18) / 1000000;
  return AbsSendTime{static_cast<uint32_t>(units & 0xffffff)};
}
int64_t AbsSendTime::to_micros() const { return (int64_t{value} * 1000000) >> 18; }
Result<AbsSendTime> AbsSendTime::parse(std::span<const uint8_t> v) {
  if (v.size() != 3) return unexpected(Error{Errc::kMalformed, "abs-send-time: not 3 bytes"});
  return AbsSendTime{load_u24(v.data())};
}
void AbsSendTime::write(uint8_t out[3]) const { store_u24(out, value); }

Result<TransportSequenceNumber> TransportSequenceNumber::parse(std::span<const uint8_t> v) {
  // transport-wide-cc-02 appends a feedback request after the sequence number; the number comes first in both.
  if (v.size() != 2 && v.size() != 4) return unexpected(Error{Errc::kMalformed, "transport-cc: not 2 or 4 bytes"});
  return TransportSequenceNumber{load_u16(v.data())};
}
void TransportSequenceNumber::write(uint8_t out[2]) const { store_u16(out, value); }

Result<AudioLevel> AudioLevel::parse(std::span<const uint8_t> v) {
  // RFC 6464 3: one byte of data; senders using the one-byte form may pad the element (length 1..).
  if (v.empty()) return unexpected(Error{Errc::kMalformed, "audio level: empty"});
  return AudioLevel{(v[0] & 0x80) != 0, static_cast<uint8_t>(v[0] & 0x7f)};
}

Result<VideoOrientation> VideoOrientation::parse(std::span<const uint8_t> v) {
  if (v.empty()) return unexpected(Error{Errc::kMalformed, "video orientation: empty"});
  VideoOrientation o;
  o.camera_back = (v[0] & 0x08) != 0;
  o.flip = (v[0] & 0x04) != 0;
  o.rotation = static_cast<uint16_t>((v[0] & 0x03) * 90);
  return o;
}
uint8_t VideoOrientation::encode() const {
  return static_cast<uint8_t>((camera_back ? 0x08 : 0) | (flip ? 0x04 : 0) | ((rotation / 90) & 0x03));
}

Result<PlayoutDelay> PlayoutDelay::parse(std::span<const uint8_t> v) {
  if (v.size() != 3) return unexpected(Error{Errc::kMalformed, "playout delay: not 3 bytes"});
  uint32_t x = load_u24(v.data());
  PlayoutDelay d{static_cast<uint16_t>(x >> 12), static_cast<uint16_t>(x & 0xfff)};
  if (d.min_10ms > d.max_10ms) return unexpected(Error{Errc::kMalformed, "playout delay: min above max"});
  return d;
}
Status PlayoutDelay::write(uint8_t out[3]) const {
  if (min_10ms > 0xfff || max_10ms > 0xfff || min_10ms > max_10ms) {
    return unexpected(Error{Errc::kInvalidArgument, "playout delay: out of range"});
  }
  store_u24(out, (uint32_t{min_10ms} << 12) | max_10ms);
  return {};
}

Result<AbsCaptureTime> AbsCaptureTime::parse(std::span<const uint8_t> v) {
  if (v.size() != 8 && v.size() != 16) return unexpected(Error{Errc::kMalformed, "abs-capture-time: not 8 or 16 bytes"});
  AbsCaptureTime t;
  t.ntp_timestamp = load_u64(v.data());
  if (v.size() == 16) t.estimated_clock_offset = static_cast<int64_t>(load_u64(v.data() + 8));
  return t;
}
void AbsCaptureTime::write(std::span<uint8_t> out) const {
  store_u64(out.data(), ntp_timestamp);
  if (estimated_clock_offset) store_u64(out.data() + 8, static_cast<uint64_t>(*estimated_clock_offset));
}

Result<ColorSpace> ColorSpace::parse(std::span<const uint8_t> v) {
  if (v.size() < 4) return unexpected(Error{Errc::kMalformed, "color space: shorter than 4 bytes"});
  return ColorSpace{v[0], v[1], v[2], v[3], v.size() > 4};
}

}  // namespace purertc::rtp
