#include "rtp/packet/rtp_header_template.h"

#include <cstring>

#include "common/byte_order.h"
#include "rtp/packet/short_copy.h"

namespace purertc::rtp {

Result<RtpHeaderTemplate> RtpHeaderTemplate::make(const RtpHeader& header) {
  RtpHeaderTemplate t;
  size_t size = header.header_size();
  if (size > kMaxHeaderSize) return unexpected(Error{Errc::kLimitExceeded, "RTP: header too long for a template"});
  // Serialized with its padding so that RtpPacketView can find the extension values in it.
  std::array<uint8_t, kMaxHeaderSize + 256> scratch{};
  auto n = header.write_to(scratch, {});
  if (!n) return unexpected(n.error());
  std::memcpy(t.bytes_.data(), scratch.data(), size);
  t.size_ = static_cast<uint16_t>(size);
  t.padding_ = header.padding;
  auto view = RtpPacketView::parse(std::span<const uint8_t>(scratch).first(*n));
  if (!view) return unexpected(view.error());
  view->for_each_extension([&](const ExtensionElement& e) {
    size_t len = 0;
    auto off = view->extension_offset(e.id, &len);
    if (off && t.slot_count_ < t.slots_.size()) {
      t.slots_[t.slot_count_++] = ExtensionSlot{e.id, static_cast<uint8_t>(len), static_cast<uint16_t>(*off)};
    }
  });
  return t;
}

std::span<uint8_t> RtpHeaderTemplate::extension_value(uint8_t id) {
  for (size_t i = 0; i < slot_count_; ++i) {
    if (slots_[i].id == id) return std::span<uint8_t>(bytes_).subspan(slots_[i].offset, slots_[i].size);
  }
  return {};
}

Result<size_t> RtpHeaderTemplate::write_to(std::span<uint8_t> out, uint16_t sequence_number, uint32_t timestamp,
                                           bool marker, std::span<const uint8_t> payload) const {
  const size_t total = size_ + payload.size() + padding_;
  // The one size check; nothing below is bounds-checked again.
  if (out.size() < total) return unexpected(Error{Errc::kBufferTooSmall, "RTP: output buffer too small"});
  uint8_t* p = out.data();
  detail::copy_medium(p, bytes_.data(), size_);
  p[1] = static_cast<uint8_t>((bytes_[1] & 0x7f) | (marker ? 0x80 : 0));
  store_u16(p + 2, sequence_number);
  store_u32(p + 4, timestamp);
  detail::copy_bytes(p + size_, payload);
  if (padding_) {
    std::memset(p + size_ + payload.size(), 0, padding_ - 1u);
    p[total - 1] = padding_;
  }
  return total;
}

}  // namespace purertc::rtp
