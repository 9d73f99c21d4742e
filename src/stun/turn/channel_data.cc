#include "stun/turn/channel_data.h"

#include <cstring>

#include "common/byte_order.h"

namespace purertc::stun {

std::string_view to_string(TurnFraming framing) {
  return framing == TurnFraming::kDatagram ? "datagram" : "stream";
}

Result<ChannelDataView> parse_channel_data(std::span<const uint8_t> bytes, TurnFraming framing) {
  if (bytes.size() < kChannelDataHeaderSize) return unexpected(Error{Errc::kTruncated, "ChannelData shorter than 4 bytes"});
  ChannelDataView v;
  v.channel = load_u16(bytes.data());
  if (!is_channel_number(v.channel)) return unexpected(Error{Errc::kMalformed, "ChannelData channel outside 0x4000..0x4FFF"});
  size_t len = load_u16(bytes.data() + 2);
  size_t body = bytes.size() - kChannelDataHeaderSize;
  if (len > body) return unexpected(Error{Errc::kTruncated, "ChannelData shorter than its length field"});
  size_t extra = body - len;
  if (framing == TurnFraming::kStream ? extra != ((4 - len % 4) % 4) : extra > 3) {
    return unexpected(Error{Errc::kMalformed, "ChannelData with more trailing bytes than padding"});
  }
  v.data = bytes.subspan(kChannelDataHeaderSize, len);
  return v;
}

Result<size_t> channel_data_frame_size(std::span<const uint8_t> bytes) {
  if (bytes.size() < kChannelDataHeaderSize) return unexpected(Error{Errc::kTruncated, "ChannelData shorter than 4 bytes"});
  if (!is_channel_number(load_u16(bytes.data()))) {
    return unexpected(Error{Errc::kMalformed, "ChannelData channel outside 0x4000..0x4FFF"});
  }
  return channel_data_size(load_u16(bytes.data() + 2), TurnFraming::kStream);
}

Result<std::span<uint8_t>> write_channel_data(std::span<uint8_t> out, uint16_t channel,
                                              std::span<const uint8_t> data, TurnFraming framing) {
  if (!is_channel_number(channel)) return unexpected(Error{Errc::kInvalidArgument, "channel outside 0x4000..0x4FFF"});
  if (data.size() > 0xffff) return unexpected(Error{Errc::kInvalidArgument, "ChannelData longer than 65535 bytes"});
  size_t total = channel_data_size(data.size(), framing);
  if (total > out.size()) return unexpected(Error{Errc::kBufferTooSmall, "output buffer too small for ChannelData"});
  store_u16(out.data(), channel);
  store_u16(out.data() + 2, static_cast<uint16_t>(data.size()));
  if (!data.empty()) std::memcpy(out.data() + kChannelDataHeaderSize, data.data(), data.size());
  std::memset(out.data() + kChannelDataHeaderSize + data.size(), 0, total - kChannelDataHeaderSize - data.size());
  return out.first(total);
}

}  // namespace purertc::stun
