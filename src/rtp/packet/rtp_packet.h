// RTP fixed header (RFC 3550 section 5.1) and header extensions (RFC 3550 5.3.1, RFC 8285).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                           timestamp                           |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           synchronization source (SSRC) identifier            |
//   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//   |            contributing source (CSRC) identifiers             |
//   |                             ....                              |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      defined by profile       |           length              |   (if X)
//   |                        header extension                       |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                            payload ...    | padding | pad count |  (padding if P)
//
// RFC 8285 one-byte form: profile 0xBEDE, elements `ID(4) L(4)` + L+1 bytes, IDs 1..14, ID 15 stops
// parsing, zero bytes are padding. Two-byte form: profile 0x100X (X: 4 "appbits"), elements `ID(8) L(8)`
// + L bytes, IDs 1..255, zero bytes are padding.
//
// RtpPacketView is the zero-copy parse: it validates the whole header (extension block included) once and
// then answers questions by reading the input. RtpHeader is what a sender fills in to serialize into a
// caller buffer. The rewrite_* functions are the SFU path: they change a parsed packet in place.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/byte_order.h"
#include "common/result.h"

namespace purertc::rtp {

inline constexpr size_t kRtpFixedHeaderSize = 12;
inline constexpr size_t kRtpExtensionHeaderSize = 4;  // "defined by profile" and length
inline constexpr uint8_t kRtpVersion = 2;
inline constexpr size_t kMaxCsrcs = 15;
inline constexpr uint16_t kOneByteProfile = 0xBEDE;
inline constexpr uint16_t kTwoByteProfile = 0x1000;  // top 12 bits; the low 4 are application bits
inline constexpr uint8_t kMaxOneByteId = 14;
inline constexpr size_t kMaxOneByteLength = 16;
inline constexpr size_t kMaxTwoByteLength = 255;
// Extension elements a serializer accepts in one header; WebRTC senders use fewer than ten.
inline constexpr size_t kMaxHeaderExtensions = 16;

enum class ExtensionForm : uint8_t {
  kNone,     // X = 0
  kOneByte,  // RFC 8285 4.2
  kTwoByte,  // RFC 8285 4.3
  kOther,    // a profile-specific block (RFC 3550 5.3.1) that RFC 8285 does not describe: kept opaque
};
const char* to_string(ExtensionForm form);
// The form a header extension's "defined by profile" value announces (never kNone).
inline ExtensionForm extension_form_of(uint16_t profile) {
  if (profile == kOneByteProfile) return ExtensionForm::kOneByte;
  if ((profile & 0xfff0) == kTwoByteProfile) return ExtensionForm::kTwoByte;
  return ExtensionForm::kOther;
}

// One header extension element as found in a packet or given to a serializer.
struct ExtensionElement {
  uint8_t id = 0;
  std::span<const uint8_t> value;
};

// What the first bytes of a header say about its layout: the fixed header, the CSRC count and the
// extension's profile/length word, without reading the extension elements or the padding. This is all
// SRTP may read before a packet is authenticated and decrypted (the payload, and under RFC 9335 the CSRCs
// and extension block, are still ciphertext then); RtpPacketView::parse validates the rest on top of it.
struct RtpHeaderLayout {
  uint16_t sequence_number = 0;
  uint32_t ssrc = 0;
  uint8_t csrc_count = 0;
  bool has_extension = false;
  uint16_t extension_profile = 0;  // "defined by profile", when has_extension
  size_t extension_size = 0;       // bytes of extension data after the 4-byte profile/length word
  size_t header_size = 0;          // fixed header + CSRCs + extension: where the payload starts

  // Offset of the 4-byte profile/length word (the extension data follows it).
  size_t extension_header_offset() const { return kRtpFixedHeaderSize + 4 * size_t{csrc_count}; }
  size_t extension_data_offset() const { return extension_header_offset() + kRtpExtensionHeaderSize; }
};

// Errc::kTruncated when the CSRC list or the extension block runs past `packet`; Errc::kMalformed when
// the version is not 2. Inline: it is the first step of every SRTP packet and of RtpPacketView::parse.
inline Result<RtpHeaderLayout> parse_header_layout(std::span<const uint8_t> packet) {
  if (packet.size() < kRtpFixedHeaderSize) return unexpected(Error{Errc::kTruncated, "RTP: shorter than fixed header"});
  const uint8_t* p = packet.data();
  if ((p[0] >> 6) != kRtpVersion) return unexpected(Error{Errc::kMalformed, "RTP: version is not 2"});
  RtpHeaderLayout h;
  h.csrc_count = p[0] & 0x0f;
  h.has_extension = (p[0] & 0x10) != 0;
  h.sequence_number = load_u16(p + 2);
  h.ssrc = load_u32(p + 8);
  size_t pos = h.extension_header_offset();
  if (pos > packet.size()) return unexpected(Error{Errc::kTruncated, "RTP: CSRC list past end"});
  if (h.has_extension) {
    if (packet.size() - pos < kRtpExtensionHeaderSize) {
      return unexpected(Error{Errc::kTruncated, "RTP: extension header past end"});
    }
    h.extension_profile = load_u16(p + pos);
    h.extension_size = 4 * size_t{load_u16(p + pos + 2)};
    pos += kRtpExtensionHeaderSize;
    if (h.extension_size > packet.size() - pos) return unexpected(Error{Errc::kTruncated, "RTP: extension block past end"});
    pos += h.extension_size;
  }
  h.header_size = pos;
  return h;
}

class RtpPacketView {
 public:
  // Parses and validates the header of `packet`. The view borrows `packet`. Inline (defined below): it
  // runs once per received or forwarded packet, and a call costs ~15% of it (2.5 of 15.5 ns).
  static Result<RtpPacketView> parse(std::span<const uint8_t> packet);

  std::span<const uint8_t> data() const { return data_; }
  bool has_padding() const { return (data_[0] & 0x20) != 0; }
  bool marker() const { return (data_[1] & 0x80) != 0; }
  uint8_t payload_type() const { return data_[1] & 0x7f; }
  uint16_t sequence_number() const;
  uint32_t timestamp() const;
  uint32_t ssrc() const;
  size_t csrc_count() const { return data_[0] & 0x0f; }
  uint32_t csrc(size_t i) const;

  ExtensionForm extension_form() const { return ext_form_; }
  uint16_t extension_profile() const { return ext_profile_; }
  // The extension block's data, after the 4-byte profile/length word.
  std::span<const uint8_t> extension_block() const { return data_.subspan(ext_offset_, ext_size_); }
  // The value of extension `id` (one- or two-byte form), or nullopt when absent.
  std::optional<std::span<const uint8_t>> extension(uint8_t id) const;
  // Offset of extension `id`'s value inside the packet, for in-place rewriting.
  std::optional<size_t> extension_offset(uint8_t id, size_t* size) const;
  // Calls f(ExtensionElement) for every element in order. Returns the number of elements.
  template <class F>
  size_t for_each_extension(F&& f) const;

  size_t header_size() const { return payload_offset_; }
  std::span<const uint8_t> payload() const { return data_.subspan(payload_offset_, payload_size_); }
  size_t padding_size() const { return padding_size_; }

 private:
  std::span<const uint8_t> data_;
  ExtensionForm ext_form_ = ExtensionForm::kNone;
  uint16_t ext_profile_ = 0;
  uint16_t ext_offset_ = 0;
  uint32_t ext_size_ = 0;
  uint32_t payload_offset_ = 0;
  uint32_t payload_size_ = 0;
  uint8_t padding_size_ = 0;
};

// Walks an RFC 8285 extension block. Returns false on a malformed block.
template <class F>
bool walk_extension_block(ExtensionForm form, std::span<const uint8_t> block, F&& f) {
  size_t pos = 0;
  const size_t n = block.size();
  if (form == ExtensionForm::kOneByte) {
    while (pos < n) {
      uint8_t b = block[pos];
      if (b == 0) {  // padding between elements
        ++pos;
        continue;
      }
      uint8_t id = b >> 4;
      // RFC 8285 4.2: "The local identifier value 15 is reserved ... the parser MUST stop parsing".
      if (id == 15) return true;
      size_t len = size_t{b & 0x0fu} + 1;
      if (len > n - pos - 1) return false;
      f(ExtensionElement{id, block.subspan(pos + 1, len)}, pos + 1);
      pos += 1 + len;
    }
    return true;
  }
  if (form == ExtensionForm::kTwoByte) {
    while (pos < n) {
      uint8_t id = block[pos];
      if (id == 0) {
        ++pos;
        continue;
      }
      if (n - pos < 2) return false;
      size_t len = block[pos + 1];
      if (len > n - pos - 2) return false;
      f(ExtensionElement{id, block.subspan(pos + 2, len)}, pos + 2);
      pos += 2 + len;
    }
    return true;
  }
  return true;
}

inline Result<RtpPacketView> RtpPacketView::parse(std::span<const uint8_t> packet) {
  // Fields are gathered in locals and stored into the view once at the end: a store into the view may
  // alias the input bytes as far as the compiler knows, and would force every later input byte to be
  // loaded again.
  const uint8_t* d = packet.data();
  const size_t size = packet.size();
  if (size < kRtpFixedHeaderSize) return unexpected(Error{Errc::kTruncated, "RTP: shorter than fixed header"});
  const uint8_t b0 = d[0];
  if ((b0 >> 6) != kRtpVersion) return unexpected(Error{Errc::kMalformed, "RTP: version is not 2"});
  // Sizes fit 32 bits: a UDP datagram is < 64 KiB, and larger input is rejected here so offsets cannot wrap.
  if (size > 0xffff) return unexpected(Error{Errc::kMalformed, "RTP: packet larger than 65535 bytes"});
  size_t pos = kRtpFixedHeaderSize + 4 * size_t{b0 & 0x0fu};
  if (pos > size) return unexpected(Error{Errc::kTruncated, "RTP: CSRC list past end"});
  ExtensionForm form = ExtensionForm::kNone;
  uint16_t profile = 0;
  size_t ext_offset = 0, ext_len = 0;
  if (b0 & 0x10) {
    if (size - pos < 4) return unexpected(Error{Errc::kTruncated, "RTP: extension header past end"});
    profile = load_u16(d + pos);
    ext_len = 4 * size_t{load_u16(d + pos + 2)};
    pos += 4;
    if (ext_len > size - pos) return unexpected(Error{Errc::kTruncated, "RTP: extension block past end"});
    ext_offset = pos;
    form = extension_form_of(profile);
    if (!walk_extension_block(form, packet.subspan(pos, ext_len), [](const ExtensionElement&, size_t) {})) {
      return unexpected(Error{Errc::kMalformed, "RTP: extension element past end of block"});
    }
    pos += ext_len;
  }
  size_t end = size;
  uint8_t pad = 0;
  if (b0 & 0x20) {
    // RFC 3550 5.1: the last octet of the padding counts how many padding octets to ignore, itself included.
    pad = d[end - 1];
    if (pad == 0 || pad > end - pos) return unexpected(Error{Errc::kMalformed, "RTP: bad padding count"});
    end -= pad;
  }
  RtpPacketView v;
  v.data_ = packet;
  v.ext_form_ = form;
  v.ext_profile_ = profile;
  v.ext_offset_ = static_cast<uint16_t>(ext_offset);
  v.ext_size_ = static_cast<uint32_t>(ext_len);
  v.padding_size_ = pad;
  v.payload_offset_ = static_cast<uint32_t>(pos);
  v.payload_size_ = static_cast<uint32_t>(end - pos);
  return v;
}

template <class F>
size_t RtpPacketView::for_each_extension(F&& f) const {
  size_t count = 0;
  walk_extension_block(ext_form_, extension_block(), [&](const ExtensionElement& e, size_t) {
    ++count;
    f(e);
  });
  return count;
}

// The sender's description of a header; write_to() serializes it followed by a payload. Extension values
// and the payload are borrowed spans, so filling this in allocates nothing.
struct RtpHeader {
  bool marker = false;
  uint8_t payload_type = 0;
  uint16_t sequence_number = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  std::array<uint32_t, kMaxCsrcs> csrcs{};
  uint8_t csrc_count = 0;
  std::array<ExtensionElement, kMaxHeaderExtensions> extensions{};
  uint8_t extension_count = 0;
  // Use the two-byte form even when every element would fit the one-byte form (RFC 8285 4.1.1: allowed
  // once extmap-allow-mixed is negotiated).
  bool force_two_byte = false;
  // Padding bytes to append (0 or 1..255); the last one holds the count (RFC 3550 5.1).
  uint8_t padding = 0;

  Status add_csrc(uint32_t csrc);
  Status add_extension(uint8_t id, std::span<const uint8_t> value);

  ExtensionForm extension_form() const;
  // Size of the header alone (fixed part, CSRCs, extension block padded to 32 bits).
  size_t header_size() const;
  size_t serialized_size(size_t payload_size) const { return header_size() + payload_size + padding; }
  // Writes header + payload + padding into `out`; returns the bytes written. Fails with kInvalidArgument
  // for an extension the chosen form cannot carry and kBufferTooSmall when `out` is short.
  Result<size_t> write_to(std::span<uint8_t> out, std::span<const uint8_t> payload) const;
  // Header only; the caller places the payload after it (packetizers write payloads in place).
  Result<size_t> write_header(std::span<uint8_t> out) const;
};

// SFU path: rewrite fields of a packet in place. `packet` must have parsed successfully (so it is at least
// 12 bytes long); none of these moves bytes or allocates.
void rewrite_ssrc(std::span<uint8_t> packet, uint32_t ssrc);
void rewrite_payload_type(std::span<uint8_t> packet, uint8_t payload_type);
void rewrite_sequence_number(std::span<uint8_t> packet, uint16_t seq);
void rewrite_timestamp(std::span<uint8_t> packet, uint32_t timestamp);
void rewrite_marker(std::span<uint8_t> packet, bool marker);
// Replaces the value of extension `id` with `value`, which must have the same length as the current value
// (an SFU rewrites transport-wide sequence numbers, abs-send-time, audio level... of fixed size).
// kInvalidArgument when the extension is absent or the sizes differ.
Status rewrite_extension(std::span<uint8_t> packet, const RtpPacketView& view, uint8_t id,
                         std::span<const uint8_t> value);
// Mutable access to the value of extension `id`, for writing it directly; empty when absent.
std::span<uint8_t> mutable_extension(std::span<uint8_t> packet, const RtpPacketView& view, uint8_t id);

std::string to_string(const RtpPacketView& p);

}  // namespace purertc::rtp
