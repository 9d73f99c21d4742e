#include "stun/packet/message.h"

#include <algorithm>

#include "common/byte_order.h"
#include "common/crc.h"
#include "crypto/constant_time.h"

namespace purertc::stun {
namespace {

Error truncated(const char* detail) { return Error{Errc::kTruncated, detail}; }
Error malformed(const char* detail) { return Error{Errc::kMalformed, detail}; }

// RFC 8489 allows repeated attributes and says only the first need be processed. purertc rejects a
// repeated attribute that it interprets, because two USERNAMEs or two XOR-MAPPED-ADDRESSes make the
// first-match rule a place where two implementations can disagree about what a message means.
// XOR-PEER-ADDRESS is the one attribute that legitimately repeats (RFC 8656 9.1: CreatePermission for
// several peers).
bool may_repeat(uint16_t type) {
  return type == static_cast<uint16_t>(AttributeType::kXorPeerAddress) || !is_known_attribute(type);
}

}  // namespace

TransactionId random_transaction_id(Random& random) {
  TransactionId id;
  random.fill(id);
  return id;
}

bool is_stun_message(std::span<const uint8_t> data) {
  return data.size() >= kHeaderSize && data[0] < 4 && load_u32(data.data() + 4) == kMagicCookie;
}

Result<size_t> stun_message_size(std::span<const uint8_t> data) {
  if (data.size() < kHeaderSize) return unexpected(truncated("shorter than a STUN header"));
  if (!is_stun_message(data)) return unexpected(malformed("not a STUN header"));
  return kHeaderSize + load_u16(data.data() + 2);
}

Result<MessageView> MessageView::parse(std::span<const uint8_t> data) {
  if (data.size() < kHeaderSize) return unexpected(truncated("shorter than the 20-byte STUN header"));
  if ((data[0] & 0xc0) != 0) return unexpected(malformed("top two bits of a STUN message must be zero"));
  if (load_u32(data.data() + 4) != kMagicCookie) return unexpected(malformed("wrong magic cookie"));
  size_t length = load_u16(data.data() + 2);
  // RFC 8489 5: all attributes are padded to 4 bytes, so the length always is a multiple of 4.
  if (length % 4 != 0) return unexpected(malformed("message length is not a multiple of 4"));
  if (kHeaderSize + length > data.size()) return unexpected(truncated("message shorter than its length field"));
  if (kHeaderSize + length < data.size()) return unexpected(malformed("bytes after the end of the message"));

  MessageView m;
  m.data_ = data;
  size_t pos = kHeaderSize;
  const size_t end = data.size();
  while (pos < end) {
    // Every attribute starts on a 4-byte boundary and `end - pos` is a multiple of 4, so the header fits.
    uint16_t type = load_u16(data.data() + pos);
    uint16_t len = load_u16(data.data() + pos + 2);
    size_t value_at = pos + kAttributeHeaderSize;
    if (len > end - value_at) return unexpected(truncated("attribute length runs past the end of the message"));
    // `end - value_at` is a multiple of 4, so when the value fits its padding fits too; a value written
    // without padding shows up as a message length that is not a multiple of 4, or as a garbled next
    // attribute header.
    const uint32_t at = static_cast<uint32_t>(pos);
    pos = value_at + padded(len);

    // RFC 8489 14.7: FINGERPRINT is the last attribute.
    if (m.fp_at_ != kNone) return unexpected(malformed("attribute after FINGERPRINT"));
    const bool is_mi = type == static_cast<uint16_t>(AttributeType::kMessageIntegrity);
    const bool is_mi256 = type == static_cast<uint16_t>(AttributeType::kMessageIntegritySha256);
    const bool is_fp = type == static_cast<uint16_t>(AttributeType::kFingerprint);
    // RFC 8489 14.5/14.6: after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT count;
    // after MESSAGE-INTEGRITY-SHA256 only FINGERPRINT. Anything else there is ignored.
    if (m.mi256_at_ != kNone && !is_fp) continue;
    if (m.mi_at_ != kNone && !is_mi256 && !is_fp) continue;

    if (is_mi) {
      if (len != kMessageIntegritySize) return unexpected(malformed("MESSAGE-INTEGRITY is not 20 bytes"));
      m.mi_at_ = at;
    } else if (is_mi256) {
      // RFC 8489 14.6: at least 16 bytes, at most 32, a multiple of 4.
      if (len < 16 || len > 32 || len % 4 != 0) {
        return unexpected(malformed("MESSAGE-INTEGRITY-SHA256 length not in 16..32 or not a multiple of 4"));
      }
      m.mi256_at_ = at;
    } else if (is_fp) {
      if (len != kFingerprintSize) return unexpected(malformed("FINGERPRINT is not 4 bytes"));
      m.fp_at_ = at;
    }

    if (!may_repeat(type) && m.find(type) != nullptr) return unexpected(malformed("duplicate attribute"));
    if (m.count_ == kMaxAttributes) return unexpected(Error{Errc::kLimitExceeded, "more than 32 attributes"});
    m.entries_[m.count_++] = Entry{type, len, static_cast<uint32_t>(value_at)};
    if (is_comprehension_required(type) && !is_known_attribute(type) && m.unknown_count_ < kMaxUnknownReported &&
        std::find(m.unknown_.begin(), m.unknown_.begin() + m.unknown_count_, type) == m.unknown_.begin() + m.unknown_count_) {
      m.unknown_[m.unknown_count_++] = type;
    }
  }
  return m;
}

TransactionId MessageView::transaction_id_copy() const {
  TransactionId id;
  auto t = transaction_id();
  std::copy(t.begin(), t.end(), id.begin());
  return id;
}

AttributeView MessageView::attribute(size_t i) const {
  const Entry& e = entries_[i];
  return AttributeView{e.type, data_.subspan(e.offset, e.length)};
}

const MessageView::Entry* MessageView::find(uint16_t type) const {
  for (size_t i = 0; i < count_; ++i) {
    if (entries_[i].type == type) return &entries_[i];
  }
  return nullptr;
}

std::optional<std::span<const uint8_t>> MessageView::get(AttributeType type) const {
  const Entry* e = find(static_cast<uint16_t>(type));
  if (e == nullptr) return std::nullopt;
  return data_.subspan(e->offset, e->length);
}

std::optional<std::string_view> MessageView::get_string(AttributeType type) const {
  auto v = get(type);
  if (!v) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(v->data()), v->size());
}

Result<uint32_t> MessageView::get_u32(AttributeType type) const {
  auto v = get(type);
  if (!v) return unexpected(malformed("attribute absent"));
  if (v->size() != 4) return unexpected(malformed("32-bit attribute is not 4 bytes"));
  return load_u32(v->data());
}

Result<uint64_t> MessageView::get_u64(AttributeType type) const {
  auto v = get(type);
  if (!v) return unexpected(malformed("attribute absent"));
  if (v->size() != 8) return unexpected(malformed("64-bit attribute is not 8 bytes"));
  return load_u64(v->data());
}

Result<SocketAddress> MessageView::get_address(AttributeType type) const {
  auto v = get(type);
  if (!v) return unexpected(malformed("attribute absent"));
  if (is_xor_address(type)) return parse_xor_address(*v, transaction_id());
  return parse_address(*v);
}

Result<ErrorCodeView> MessageView::error_code() const {
  auto v = get(AttributeType::kErrorCode);
  if (!v) return unexpected(malformed("attribute absent"));
  return parse_error_code(*v);
}

Status MessageView::verify_fingerprint() const {
  if (fp_at_ == kNone) return unexpected(Error{Errc::kAuthFailed, "no FINGERPRINT"});
  // FINGERPRINT is last, so the length field already covers it: the CRC runs over the bytes as they are.
  uint32_t crc = crc32(data_.first(fp_at_)) ^ kFingerprintXor;
  if (crc != load_u32(data_.data() + fp_at_ + kAttributeHeaderSize)) {
    return unexpected(Error{Errc::kAuthFailed, "FINGERPRINT mismatch"});
  }
  return {};
}

Status MessageView::verify_hmac(crypto::HmacKey& key, uint32_t at) const {
  uint16_t value_len = load_u16(data_.data() + at + 2);
  // The HMAC covers the header with its length field set as if the message ended right after this
  // attribute (RFC 8489 14.5), then every attribute before it. The adjusted length is fed as a separate
  // piece so the message itself is never modified or copied.
  uint8_t length_field[2];
  store_u16(length_field, static_cast<uint16_t>(at + kAttributeHeaderSize + value_len - kHeaderSize));
  crypto::Digest mac = key.compute({data_.first(2), length_field, data_.subspan(4, at - 4)});
  auto received = data_.subspan(at + kAttributeHeaderSize, value_len);
  if (value_len > mac.size || !crypto::constant_time_equal(received, mac.view().first(value_len))) {
    return unexpected(Error{Errc::kAuthFailed, "MESSAGE-INTEGRITY mismatch"});
  }
  return {};
}

Status MessageView::verify_message_integrity(crypto::HmacKey& key) const {
  if (mi_at_ == kNone) return unexpected(Error{Errc::kAuthFailed, "no MESSAGE-INTEGRITY"});
  if (key.algorithm() != crypto::HashAlgorithm::kSha1) {
    return unexpected(Error{Errc::kInvalidArgument, "MESSAGE-INTEGRITY needs an HMAC-SHA1 key"});
  }
  return verify_hmac(key, mi_at_);
}

Status MessageView::verify_message_integrity_sha256(crypto::HmacKey& key) const {
  if (mi256_at_ == kNone) return unexpected(Error{Errc::kAuthFailed, "no MESSAGE-INTEGRITY-SHA256"});
  if (key.algorithm() != crypto::HashAlgorithm::kSha256) {
    return unexpected(Error{Errc::kInvalidArgument, "MESSAGE-INTEGRITY-SHA256 needs an HMAC-SHA256 key"});
  }
  return verify_hmac(key, mi256_at_);
}

}  // namespace purertc::stun
