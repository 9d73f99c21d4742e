// ChannelData message (RFC 8656 section 12.4): the 4-byte-overhead framing for data on a bound channel.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Channel Number        |            Length             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   /                       Application Data                        /
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Channel numbers are 0x4000..0x4FFF (RFC 8656 12). Length counts the application data only. Over TCP
// and TLS the message is padded to a multiple of 4 (RFC 8656 12.5); over UDP padding is optional, so
// a receiver accepts up to 3 padding bytes after the data and a sender writes none.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.h"

namespace purertc::stun {

constexpr uint16_t kMinChannelNumber = 0x4000;
constexpr uint16_t kMaxChannelNumber = 0x4fff;
constexpr size_t kChannelDataHeaderSize = 4;

enum class TurnFraming { kDatagram, kStream };
std::string_view to_string(TurnFraming framing);

constexpr bool is_channel_number(uint16_t n) { return n >= kMinChannelNumber && n <= kMaxChannelNumber; }

// RFC 7983 demultiplexing: ChannelData starts with 0x40..0x4F (STUN starts with 0..3).
inline bool is_channel_data(std::span<const uint8_t> data) {
  return !data.empty() && data[0] >= 0x40 && data[0] <= 0x4f;
}

struct ChannelDataView {
  uint16_t channel = 0;
  std::span<const uint8_t> data;  // points into the input
};

// Parses one ChannelData message that fills `bytes` (one datagram, or one frame cut with
// channel_data_frame_size). Errors: kTruncated (shorter than the header or its length), kMalformed (a
// channel number outside 0x4000..0x4FFF, or more trailing bytes than padding allows).
Result<ChannelDataView> parse_channel_data(std::span<const uint8_t> bytes, TurnFraming framing);

// For stream transports: the size of the frame at the start of `bytes` (header + data + padding).
// Errors: kTruncated (fewer than 4 bytes), kMalformed (not a channel number).
Result<size_t> channel_data_frame_size(std::span<const uint8_t> bytes);

// Bytes write_channel_data needs for `data_size` bytes of data.
constexpr size_t channel_data_size(size_t data_size, TurnFraming framing) {
  size_t n = kChannelDataHeaderSize + data_size;
  return framing == TurnFraming::kStream ? (n + 3) & ~size_t{3} : n;
}

// Errors: kInvalidArgument (channel number out of range, data over 65535 bytes), kBufferTooSmall.
Result<std::span<uint8_t>> write_channel_data(std::span<uint8_t> out, uint16_t channel,
                                              std::span<const uint8_t> data, TurnFraming framing);

}  // namespace purertc::stun
