#include "rtp/packet/rtp_packet.h"

#include <cstring>

#include "common/byte_order.h"
#include "rtp/packet/short_copy.h"

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

using detail::copy_bytes;

namespace {

// Form and size of the extension elements, found in one pass over them (serialize reads this once).
struct ExtensionLayout {
  ExtensionForm form = ExtensionForm::kNone;
  size_t data = 0;       // element headers + values, without the block's padding
  bool valid = true;     // no element with the reserved id 0
};

[[gnu::always_inline]] inline ExtensionLayout extension_layout(const RtpHeader& h) {
  ExtensionLayout l;
  if (h.extension_count == 0) return l;
  size_t values = 0;
  bool one_byte = !h.force_two_byte;
  for (size_t i = 0; i < h.extension_count; ++i) {
    const auto& e = h.extensions[i];
    size_t n = e.value.size();
    values += n;
    // One-byte elements carry 1..16 bytes under ids 1..14; anything else needs the two-byte form
    // (n - 1 wraps for an empty value, which the one-byte form cannot express).
    one_byte = one_byte && e.id <= kMaxOneByteId && n - 1 < kMaxOneByteLength;
    l.valid = l.valid && e.id != 0;
  }
  l.form = one_byte ? ExtensionForm::kOneByte : ExtensionForm::kTwoByte;
  l.data = values + h.extension_count * (one_byte ? 1 : 2);
  return l;
}

size_t block_size(const ExtensionLayout& l) { return l.form == ExtensionForm::kNone ? 0 : 4 + ((l.data + 3) & ~size_t{3}); }

}  // namespace

ExtensionForm RtpHeader::extension_form() const { return extension_layout(*this).form; }

size_t RtpHeader::header_size() const {
  return kRtpFixedHeaderSize + 4 * size_t{csrc_count} + block_size(extension_layout(*this));
}

// Everything that can fail is checked before a byte is written; `size` is the header size from the
// layout. The writer itself has no bounds checks left.
[[gnu::always_inline]] inline Status check_header(const RtpHeader& h, const ExtensionLayout& l) {
  if (h.payload_type > 127) return unexpected(Error{Errc::kInvalidArgument, "RTP: payload type above 127"});
  if (h.csrc_count > kMaxCsrcs) return unexpected(Error{Errc::kInvalidArgument, "RTP: more than 15 CSRCs"});
  if (!l.valid) return unexpected(Error{Errc::kInvalidArgument, "RTP: extension id 0 is reserved"});
  if (l.data > 4 * size_t{0xffff}) return unexpected(Error{Errc::kInvalidArgument, "RTP: extension block too long"});
  return {};
}

[[gnu::always_inline]] inline void write_header_unchecked(const RtpHeader& h, const ExtensionLayout& l, uint8_t* p, size_t size) {
  // Version, P, X, CC, M, PT and the sequence number are one 32-bit word.
  uint32_t word0 = (uint32_t{kRtpVersion} << 30) | (h.padding ? 1u << 29 : 0) |
                   (l.form != ExtensionForm::kNone ? 1u << 28 : 0) | (uint32_t{h.csrc_count} << 24) |
                   (h.marker ? 1u << 23 : 0) | (uint32_t{h.payload_type} << 16) | h.sequence_number;
  store_u32(p, word0);
  store_u32(p + 4, h.timestamp);
  store_u32(p + 8, h.ssrc);
  // Counts are read once: every byte store into `p` may alias `h` as far as the compiler knows, so a
  // loop bound read from `h` would be loaded again after each store.
  const size_t csrc_count = h.csrc_count;
  const size_t extension_count = h.extension_count;
  size_t pos = kRtpFixedHeaderSize;
  for (size_t i = 0; i < csrc_count; ++i, pos += 4) store_u32(p + pos, h.csrcs[i]);
  if (l.form == ExtensionForm::kNone) return;
  const bool one_byte = l.form == ExtensionForm::kOneByte;
  // "Defined by profile" and the length in words as one 32-bit store (two 16-bit stores make g++ build
  // the halves through a stack spill).
  const uint32_t profile = one_byte ? kOneByteProfile : kTwoByteProfile;
  store_u32(p + pos, (profile << 16) | static_cast<uint32_t>((size - pos - 4) / 4));
  pos += 4;
  // The block's padding: zero its last word first, the elements then overwrite what they cover.
  store_u32(p + size - 4, 0);
  for (size_t i = 0; i < extension_count; ++i) {
    const auto& e = h.extensions[i];
    const size_t n = e.value.size();
    if (one_byte) {
      p[pos++] = static_cast<uint8_t>((e.id << 4) | (n - 1));
    } else {
      p[pos] = e.id;
      p[pos + 1] = static_cast<uint8_t>(n);
      pos += 2;
    }
    copy_bytes(p + pos, e.value);
    pos += n;
  }
}

Result<size_t> RtpHeader::write_header(std::span<uint8_t> out) const {
  ExtensionLayout l = extension_layout(*this);
  if (auto st = check_header(*this, l); !st) return unexpected(st.error());
  size_t size = kRtpFixedHeaderSize + 4 * size_t{csrc_count} + block_size(l);
  if (out.size() < size) return unexpected(Error{Errc::kBufferTooSmall, "RTP: output buffer too small"});
  write_header_unchecked(*this, l, out.data(), size);
  return size;
}

Result<size_t> RtpHeader::write_to(std::span<uint8_t> out, std::span<const uint8_t> payload) const {
  ExtensionLayout l = extension_layout(*this);
  if (auto st = check_header(*this, l); !st) return unexpected(st.error());
  const size_t header = kRtpFixedHeaderSize + 4 * size_t{csrc_count} + block_size(l);
  const size_t total = header + payload.size() + padding;
  // One size check for the whole packet; nothing below is bounds-checked again.
  if (out.size() < total) return unexpected(Error{Errc::kBufferTooSmall, "RTP: output buffer too small"});
  uint8_t* p = out.data();
  write_header_unchecked(*this, l, p, header);
  copy_bytes(p + header, payload);
  if (padding) {
    std::memset(p + header + payload.size(), 0, padding - 1u);
    p[total - 1] = padding;
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
