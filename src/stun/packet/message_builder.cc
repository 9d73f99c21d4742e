#include "stun/packet/message_builder.h"

#include <cstring>

#include "common/crc.h"
#include "stun/packet/error_code_attribute.h"
#include "stun/packet/unknown_attributes.h"

namespace purertc::stun {

MessageBuilder::MessageBuilder(std::span<uint8_t> out, MessageType type, const TransactionId& transaction_id)
    : writer_(out), transaction_id_(transaction_id) {
  writer_.write_u16(type.encode());
  writer_.write_u16(0);
  writer_.write_u32(kMagicCookie);
  writer_.write_bytes(transaction_id);
  if (!writer_.ok()) fail(Error{Errc::kBufferTooSmall, "output buffer smaller than a STUN header"});
}

void MessageBuilder::fail(Error e) {
  if (!failed_) {
    failed_ = true;
    error_ = e;
  }
}

std::span<uint8_t> MessageBuilder::begin(uint16_t type, size_t length) {
  if (failed_) return {};
  if (length > 0xffff) {
    fail(Error{Errc::kInvalidArgument, "attribute value longer than 65535 bytes"});
    return {};
  }
  const bool is_mi256 = type == static_cast<uint16_t>(AttributeType::kMessageIntegritySha256);
  const bool is_fp = type == static_cast<uint16_t>(AttributeType::kFingerprint);
  if (stage_ == Stage::kAfterFingerprint || (stage_ == Stage::kAfterIntegritySha256 && !is_fp) ||
      (stage_ == Stage::kAfterIntegrity && !is_mi256 && !is_fp)) {
    fail(Error{Errc::kInvalidArgument, "attribute after MESSAGE-INTEGRITY or FINGERPRINT"});
    return {};
  }
  size_t total = kAttributeHeaderSize + padded(length);
  if (writer_.position() - kHeaderSize + total > 0xffff) {
    fail(Error{Errc::kInvalidArgument, "message longer than 65535 bytes"});
    return {};
  }
  auto slot = writer_.skip(total);
  if (slot.empty()) {
    fail(Error{Errc::kBufferTooSmall, "output buffer too small for the message"});
    return {};
  }
  store_u16(slot.data(), type);
  store_u16(slot.data() + 2, static_cast<uint16_t>(length));
  std::memset(slot.data() + kAttributeHeaderSize + length, 0, padded(length) - length);
  store_u16(writer_.written().data() + 2, static_cast<uint16_t>(writer_.position() - kHeaderSize));
  return slot.subspan(kAttributeHeaderSize, length);
}

void MessageBuilder::add(uint16_t type, std::span<const uint8_t> value) {
  auto out = begin(type, value.size());
  if (!out.empty()) std::memcpy(out.data(), value.data(), value.size());
}

void MessageBuilder::add_string(AttributeType type, std::string_view value) {
  add(static_cast<uint16_t>(type), std::span(reinterpret_cast<const uint8_t*>(value.data()), value.size()));
}

void MessageBuilder::add_u32(AttributeType type, uint32_t value) {
  auto out = begin(static_cast<uint16_t>(type), 4);
  if (!out.empty()) store_u32(out.data(), value);
}

void MessageBuilder::add_u64(AttributeType type, uint64_t value) {
  auto out = begin(static_cast<uint16_t>(type), 8);
  if (!out.empty()) store_u64(out.data(), value);
}

void MessageBuilder::add_flag(AttributeType type) { begin(static_cast<uint16_t>(type), 0); }

void MessageBuilder::add_address(AttributeType type, const SocketAddress& address) {
  auto out = begin(static_cast<uint16_t>(type), address_value_size(address.ip.family()));
  if (out.empty()) return;
  if (is_xor_address(type)) {
    write_xor_address(out, address, transaction_id_);
  } else {
    write_address(out, address);
  }
}

void MessageBuilder::add_error_code(uint16_t code, std::string_view reason) {
  if (code < 300 || code > 699 || reason.size() > kMaxReasonPhraseBytes) {
    fail(Error{Errc::kInvalidArgument, "error code outside 300..699 or reason over 763 bytes"});
    return;
  }
  auto out = begin(static_cast<uint16_t>(AttributeType::kErrorCode), error_code_value_size(reason.size()));
  if (!out.empty()) write_error_code(out, code, reason);
}

void MessageBuilder::add_unknown_attributes(std::span<const uint16_t> types) {
  auto out = begin(static_cast<uint16_t>(AttributeType::kUnknownAttributes),
                   unknown_attributes_value_size(types.size()));
  if (!out.empty()) write_unknown_attributes(out, types);
}

void MessageBuilder::add_password_algorithm(PasswordAlgorithm alg) {
  auto out = begin(static_cast<uint16_t>(AttributeType::kPasswordAlgorithm), kPasswordAlgorithmValueSize);
  if (!out.empty()) write_password_algorithm(out, alg);
}

void MessageBuilder::add_hmac(AttributeType type, crypto::HmacKey& key, crypto::HashAlgorithm expected,
                              Stage next) {
  if (key.algorithm() != expected) {
    fail(Error{Errc::kInvalidArgument, "integrity key of the wrong hash algorithm"});
    return;
  }
  size_t size = crypto::digest_size(expected);
  // begin() sets the header length to include this attribute, which is what the HMAC must cover
  // (RFC 8489 14.5); the value bytes themselves are not covered.
  auto out = begin(static_cast<uint16_t>(type), size);
  if (out.empty()) return;
  auto covered = writer_.written().first(writer_.position() - kAttributeHeaderSize - size);
  crypto::Digest mac = key.compute(covered);
  std::memcpy(out.data(), mac.bytes.data(), size);
  stage_ = next;
}

void MessageBuilder::add_message_integrity(crypto::HmacKey& key) {
  add_hmac(AttributeType::kMessageIntegrity, key, crypto::HashAlgorithm::kSha1, Stage::kAfterIntegrity);
}

void MessageBuilder::add_message_integrity_sha256(crypto::HmacKey& key) {
  add_hmac(AttributeType::kMessageIntegritySha256, key, crypto::HashAlgorithm::kSha256,
           Stage::kAfterIntegritySha256);
}

void MessageBuilder::add_fingerprint() {
  auto out = begin(static_cast<uint16_t>(AttributeType::kFingerprint), kFingerprintSize);
  if (out.empty()) return;
  auto covered = writer_.written().first(writer_.position() - kAttributeHeaderSize - kFingerprintSize);
  store_u32(out.data(), crc32(covered) ^ kFingerprintXor);
  stage_ = Stage::kAfterFingerprint;
}

Result<std::span<uint8_t>> MessageBuilder::finish() const {
  if (failed_) return unexpected(error_);
  return writer_.written();
}

}  // namespace purertc::stun
