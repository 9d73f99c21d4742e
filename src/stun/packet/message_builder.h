// MessageBuilder: writes a STUN message (RFC 8489 section 5) into a caller buffer, attribute by
// attribute, keeping the header's length field current so that MESSAGE-INTEGRITY(-SHA256) and
// FINGERPRINT are computed over the bytes in place. Nothing is allocated.
//
// Errors are sticky: once an add fails (buffer too small, attribute too long, an attribute after
// FINGERPRINT...), later adds do nothing and finish() returns the first error, so a caller writes the
// whole message and checks once.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "common/byte_writer.h"
#include "common/result.h"
#include "common/socket_address.h"
#include "crypto/hmac.h"
#include "stun/packet/attribute_type.h"
#include "stun/packet/message.h"
#include "stun/packet/message_type.h"
#include "stun/packet/password_algorithms.h"

namespace purertc::stun {

class MessageBuilder {
 public:
  MessageBuilder(std::span<uint8_t> out, MessageType type, const TransactionId& transaction_id);

  // Any attribute, by raw type (unknown types included). Values are padded with zeros.
  void add(uint16_t type, std::span<const uint8_t> value);
  void add(AttributeType type, std::span<const uint8_t> value) { add(static_cast<uint16_t>(type), value); }
  void add_string(AttributeType type, std::string_view value);
  void add_u32(AttributeType type, uint32_t value);
  void add_u64(AttributeType type, uint64_t value);
  // A zero-length attribute (USE-CANDIDATE, DONT-FRAGMENT).
  void add_flag(AttributeType type);
  // Written in the XOR form when the type is an XOR-*-ADDRESS.
  void add_address(AttributeType type, const SocketAddress& address);
  void add_error_code(uint16_t code, std::string_view reason);
  void add_unknown_attributes(std::span<const uint16_t> types);
  void add_password_algorithm(PasswordAlgorithm alg);

  // MESSAGE-INTEGRITY over everything written so far (key: HmacKey(kSha1, password or long-term key)).
  void add_message_integrity(crypto::HmacKey& key);
  // MESSAGE-INTEGRITY-SHA256, full 32 bytes (key: HmacKey(kSha256, ...)).
  void add_message_integrity_sha256(crypto::HmacKey& key);
  // FINGERPRINT; must be the last attribute.
  void add_fingerprint();

  size_t size() const { return writer_.position(); }
  // The finished message. Errors: kBufferTooSmall, kInvalidArgument (an attribute value over 65535
  // bytes, or an attribute after FINGERPRINT / a non-integrity attribute after MESSAGE-INTEGRITY).
  Result<std::span<uint8_t>> finish() const;

 private:
  enum class Stage { kAttributes, kAfterIntegrity, kAfterIntegritySha256, kAfterFingerprint };

  // Reserves an attribute of `length` value bytes (header written, padding zeroed, length field
  // updated) and returns its value bytes, or an empty span after a failure.
  std::span<uint8_t> begin(uint16_t type, size_t length);
  void fail(Error e);
  void add_hmac(AttributeType type, crypto::HmacKey& key, crypto::HashAlgorithm expected, Stage next);

  ByteWriter writer_;
  TransactionId transaction_id_;
  Stage stage_ = Stage::kAttributes;
  Error error_;
  bool failed_ = false;
};

}  // namespace purertc::stun
