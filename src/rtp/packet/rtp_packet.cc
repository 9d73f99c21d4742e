#include "rtp/packet/rtp_packet.h"

#include <cstring>

#include "common/byte_order.h"

namespace purertc::rtp {

const char* to_string(ExtensionForm form) {
  switch (form) {
    case ExtensionForm::kNone: return "none";
    case ExtensionForm::kOneByte: return "one-byte";
    case ExtensionForm::kTwoByte: return "two-byte";
    case ExtensionForm::kOther: return "other";
  }
  return "?";
}

Result<RtpPacketView> RtpPacketView::parse(std::span<const uint8_t> packet) {
  auto layout = parse_header_layout(packet);
  if (!layout) return unexpected(layout.error());
  // Sizes fit 32 bits: a UDP datagram is < 64 KiB, and larger input is rejected here so offsets cannot wrap.
  if (packet.size() > 0xffff) return unexpected(Error{Errc::kMalformed, "RTP: packet larger than 65535 bytes"});
  const RtpHeaderLayout& h = *layout;
  RtpPacketView v;
  v.data_ = packet;
  const size_t pos = h.header_size;
  if (h.has_extension) {
    v.ext_profile_ = h.extension_profile;
    v.ext_offset_ = static_cast<uint16_t>(h.extension_data_offset());
    v.ext_size_ = static_cast<uint32_t>(h.extension_size);
    v.ext_form_ = extension_form_of(v.ext_profile_);
    if (!walk_extension_block(v.ext_form_, packet.subspan(v.ext_offset_, v.ext_size_), [](const ExtensionElement&, size_t) {})) {
      return unexpected(Error{Errc::kMalformed, "RTP: extension element past end of block"});
    }
  }
  size_t end = packet.size();
  if (packet[0] & 0x20) {
    // RFC 3550 5.1: the last octet of the padding counts how many padding octets to ignore, itself included.
    uint8_t pad = packet[end - 1];
    if (pad == 0 || pad > end - pos) return unexpected(Error{Errc::kMalformed, "RTP: bad padding count"});
    v.padding_size_ = pad;
    end -= pad;
  }
  v.payload_offset_ = static_cast<uint32_t>(pos);
  v.payload_size_ = static_cast<uint32_t>(end - pos);
  return v;
}

uint16_t RtpPacketView::sequence_number() const { return load_u16(&data_[2]); }
uint32_t RtpPacketView::timestamp() const { return load_u32(&data_[4]); }
uint32_t RtpPacketView::ssrc() const { return load_u32(&data_[8]); }
uint32_t RtpPacketView::csrc(size_t i) const { return load_u32(&data_[kRtpFixedHeaderSize + 4 * i]); }

std::optional<size_t> RtpPacketView::extension_offset(uint8_t id, size_t* size) const {
  std::optional<size_t> found;
  if (id == 0) return found;
  walk_extension_block(ext_form_, extension_block(), [&](const ExtensionElement& e, size_t off) {
    if (!found && e.id == id) {
      found = ext_offset_ + off;
      if (size) *size = e.value.size();
    }
  });
  return found;
}

std::optional<std::span<const uint8_t>> RtpPacketView::extension(uint8_t id) const {
  size_t size = 0;
  auto off = extension_offset(id, &size);
  if (!off) return std::nullopt;
  return data_.subspan(*off, size);
}

Status RtpHeader::add_csrc(uint32_t csrc) {
  if (csrc_count >= kMaxCsrcs) return unexpected(Error{Errc::kLimitExceeded, "RTP: more than 15 CSRCs"});
  csrcs[csrc_count++] = csrc;
  return {};
}

Status RtpHeader::add_extension(uint8_t id, std::span<const uint8_t> value) {
  if (id == 0) return unexpected(Error{Errc::kInvalidArgument, "RTP: extension id 0 is reserved"});
  if (value.size() > kMaxTwoByteLength) return unexpected(Error{Errc::kInvalidArgument, "RTP: extension value too long"});
  if (extension_count >= kMaxHeaderExtensions) return unexpected(Error{Errc::kLimitExceeded, "RTP: too many extensions"});
  extensions[extension_count++] = ExtensionElement{id, value};
  return {};
}

ExtensionForm RtpHeader::extension_form() const {
  if (extension_count == 0) return ExtensionForm::kNone;
  if (force_two_byte) return ExtensionForm::kTwoByte;
  for (size_t i = 0; i < extension_count; ++i) {
    const auto& e = extensions[i];
    // One-byte elements carry 1..16 bytes under ids 1..14; anything else needs the two-byte form.
    if (e.id > kMaxOneByteId || e.value.empty() || e.value.size() > kMaxOneByteLength) return ExtensionForm::kTwoByte;
  }
  return ExtensionForm::kOneByte;
}

namespace {
size_t extension_data_size(const RtpHeader& h, ExtensionForm form) {
  size_t n = 0;
  size_t per = form == ExtensionForm::kOneByte ? 1 : 2;
  for (size_t i = 0; i < h.extension_count; ++i) n += per + h.extensions[i].value.size();
  return n;
}
}  // namespace

size_t RtpHeader::header_size() const {
  size_t n = kRtpFixedHeaderSize + 4 * size_t{csrc_count};
  ExtensionForm form = extension_form();
  if (form != ExtensionForm::kNone) n += 4 + ((extension_data_size(*this, form) + 3) & ~size_t{3});
  return n;
}

Result<size_t> RtpHeader::write_header(std::span<uint8_t> out) const {
  if (payload_type > 127) return unexpected(Error{Errc::kInvalidArgument, "RTP: payload type above 127"});
  if (csrc_count > kMaxCsrcs) return unexpected(Error{Errc::kInvalidArgument, "RTP: more than 15 CSRCs"});
  ExtensionForm form = extension_form();
  size_t ext_data = form == ExtensionForm::kNone ? 0 : extension_data_size(*this, form);
  size_t ext_words = (ext_data + 3) / 4;
  size_t size = kRtpFixedHeaderSize + 4 * size_t{csrc_count} + (form == ExtensionForm::kNone ? 0 : 4 + 4 * ext_words);
  if (ext_words > 0xffff) return unexpected(Error{Errc::kInvalidArgument, "RTP: extension block too long"});
  if (out.size() < size) return unexpected(Error{Errc::kBufferTooSmall, "RTP: output buffer too small"});
  uint8_t* p = out.data();
  p[0] = static_cast<uint8_t>((kRtpVersion << 6) | (padding ? 0x20 : 0) | (form != ExtensionForm::kNone ? 0x10 : 0) |
                              csrc_count);
  p[1] = static_cast<uint8_t>((marker ? 0x80 : 0) | payload_type);
  store_u16(p + 2, sequence_number);
  store_u32(p + 4, timestamp);
  store_u32(p + 8, ssrc);
  size_t pos = kRtpFixedHeaderSize;
  for (size_t i = 0; i < csrc_count; ++i, pos += 4) store_u32(p + pos, csrcs[i]);
  if (form != ExtensionForm::kNone) {
    store_u16(p + pos, form == ExtensionForm::kOneByte ? kOneByteProfile : kTwoByteProfile);
    store_u16(p + pos + 2, static_cast<uint16_t>(ext_words));
    pos += 4;
    for (size_t i = 0; i < extension_count; ++i) {
      const auto& e = extensions[i];
      if (e.id == 0) return unexpected(Error{Errc::kInvalidArgument, "RTP: extension id 0 is reserved"});
      if (form == ExtensionForm::kOneByte) {
        p[pos++] = static_cast<uint8_t>((e.id << 4) | (e.value.size() - 1));
      } else {
        p[pos++] = e.id;
        p[pos++] = static_cast<uint8_t>(e.value.size());
      }
      if (!e.value.empty()) std::memcpy(p + pos, e.value.data(), e.value.size());
      pos += e.value.size();
    }
    while (pos < size) p[pos++] = 0;
  }
  return size;
}

Result<size_t> RtpHeader::write_to(std::span<uint8_t> out, std::span<const uint8_t> payload) const {
  auto h = write_header(out);
  if (!h) return h;
  size_t total = *h + payload.size() + padding;
  if (out.size() < total) return unexpected(Error{Errc::kBufferTooSmall, "RTP: output buffer too small"});
  if (!payload.empty()) std::memcpy(out.data() + *h, payload.data(), payload.size());
  if (padding) {
    std::memset(out.data() + *h + payload.size(), 0, padding - 1u);
    out[total - 1] = padding;
  }
  return total;
}

void rewrite_ssrc(std::span<uint8_t> packet, uint32_t ssrc) { store_u32(&packet[8], ssrc); }
void rewrite_payload_type(std::span<uint8_t> packet, uint8_t pt) {
  packet[1] = static_cast<uint8_t>((packet[1] & 0x80) | (pt & 0x7f));
}
void rewrite_sequence_number(std::span<uint8_t> packet, uint16_t seq) { store_u16(&packet[2], seq); }
void rewrite_timestamp(std::span<uint8_t> packet, uint32_t ts) { store_u32(&packet[4], ts); }
void rewrite_marker(std::span<uint8_t> packet, bool marker) {
  packet[1] = static_cast<uint8_t>((packet[1] & 0x7f) | (marker ? 0x80 : 0));
}

std::span<uint8_t> mutable_extension(std::span<uint8_t> packet, const RtpPacketView& view, uint8_t id) {
  size_t size = 0;
  auto off = view.extension_offset(id, &size);
  if (!off || *off + size > packet.size()) return {};
  return packet.subspan(*off, size);
}

Status rewrite_extension(std::span<uint8_t> packet, const RtpPacketView& view, uint8_t id,
                         std::span<const uint8_t> value) {
  size_t size = 0;
  auto off = view.extension_offset(id, &size);
  if (!off) return unexpected(Error{Errc::kInvalidArgument, "RTP: extension not present"});
  if (size != value.size()) return unexpected(Error{Errc::kInvalidArgument, "RTP: extension size differs"});
  if (*off + size > packet.size()) return unexpected(Error{Errc::kInvalidArgument, "RTP: view does not match packet"});
  if (size) std::memcpy(packet.data() + *off, value.data(), size);
  return {};
}

std::string to_string(const RtpPacketView& p) {
  std::string s = "RTP pt=" + std::to_string(p.payload_type()) + " seq=" + std::to_string(p.sequence_number()) +
                  " ts=" + std::to_string(p.timestamp()) + " ssrc=" + std::to_string(p.ssrc());
  if (p.marker()) s += " M";
  if (p.csrc_count()) s += " csrcs=" + std::to_string(p.csrc_count());
  if (p.extension_form() != ExtensionForm::kNone) s += std::string(" ext=") + to_string(p.extension_form());
  s += " payload=" + std::to_string(p.payload().size());
  return s;
}

}  // namespace purertc::rtp
