// A STUN message (RFC 8489 section 5) parsed in place: MessageView holds a view of the input and the
// offsets of its attributes; nothing is copied and nothing is allocated.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |0 0|     STUN Message Type     |         Message Length        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         Magic Cookie                          |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                     Transaction ID (96 bits)                  |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Attributes: Type (16) | Length (16) | Value, padded to 4 ... |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The parser checks structure only (lengths, padding, placement of MESSAGE-INTEGRITY,
// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT). Integrity and fingerprint are verified by separate calls,
// because only the caller knows which key applies; both verify in place, without copying the message.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/byte_order.h"
#include "common/random.h"
#include "common/result.h"
#include "crypto/hmac.h"
#include "stun/packet/address_attribute.h"
#include "stun/packet/attribute_type.h"
#include "stun/packet/error_code_attribute.h"
#include "stun/packet/message_type.h"

namespace purertc::stun {

constexpr size_t kHeaderSize = 20;
constexpr size_t kAttributeHeaderSize = 4;
constexpr size_t kMessageIntegritySize = 20;
constexpr size_t kFingerprintSize = 4;
constexpr uint32_t kFingerprintXor = 0x5354554e;  // "STUN" (RFC 8489 14.7)
// A message may carry at most this many attributes; more is rejected with kLimitExceeded. Real STUN
// and TURN messages carry fewer than 15.
constexpr size_t kMaxAttributes = 32;
// At most this many unknown comprehension-required types are remembered for the 420 response.
constexpr size_t kMaxUnknownReported = 8;

using TransactionId = std::array<uint8_t, kTransactionIdSize>;

TransactionId random_transaction_id(Random& random);

// Rounds an attribute value length up to the 4-byte boundary.
constexpr size_t padded(size_t n) { return (n + 3) & ~size_t{3}; }

// RFC 7983 demultiplexing: the first byte of a STUN message is 0..3. Together with the magic cookie
// this tells STUN apart from DTLS, RTP/RTCP and ChannelData on a shared socket.
bool is_stun_message(std::span<const uint8_t> data);

// For stream transports (RFC 8489 6.2.2): the size of the STUN message at the start of data, read from
// its header. Errors: kTruncated (fewer than 20 bytes), kMalformed (not a STUN header).
Result<size_t> stun_message_size(std::span<const uint8_t> data);

struct AttributeView {
  uint16_t type = 0;
  std::span<const uint8_t> value;  // without padding
};

class MessageView {
 public:
  // Parses one whole STUN message: data must hold exactly 20 + Message Length bytes.
  // Errors (each with a detail naming the fault):
  //   kTruncated      shorter than the header, or than the header's length says, or an attribute
  //                   value runs past the end
  //   kMalformed      top bits set, wrong magic cookie, length not a multiple of 4 (unpadded
  //                   attributes), trailing bytes,
  //                   wrong length for MESSAGE-INTEGRITY(-SHA256)/FINGERPRINT, an attribute after
  //                   FINGERPRINT, a duplicated known attribute
  //   kLimitExceeded  more than kMaxAttributes attributes
  // Attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are ignored,
  // as RFC 8489 14.5 requires. Unknown comprehension-required attributes do not fail the parse: they are
  // listed by unknown_comprehension_required() so that a server can answer 420.
  static Result<MessageView> parse(std::span<const uint8_t> data);

  std::span<const uint8_t> bytes() const { return data_; }
  MessageType type() const { return MessageType::decode(load_u16(data_.data())); }
  std::span<const uint8_t, kTransactionIdSize> transaction_id() const {
    return std::span<const uint8_t, kTransactionIdSize>(data_.data() + 8, kTransactionIdSize);
  }
  TransactionId transaction_id_copy() const;

  size_t attribute_count() const { return count_; }
  AttributeView attribute(size_t i) const;

  bool has(AttributeType type) const { return find(static_cast<uint16_t>(type)) != nullptr; }
  // The value of the first attribute of this type.
  std::optional<std::span<const uint8_t>> get(AttributeType type) const;
  std::optional<std::string_view> get_string(AttributeType type) const;
  // Typed accessors. Errors: kMalformed with detail "attribute absent" when the message has no such
  // attribute, else the attribute's own parse error.
  Result<uint32_t> get_u32(AttributeType type) const;
  Result<uint64_t> get_u64(AttributeType type) const;
  // Applies the XOR for XOR-MAPPED/PEER/RELAYED-ADDRESS.
  Result<SocketAddress> get_address(AttributeType type) const;
  Result<ErrorCodeView> error_code() const;

  std::span<const uint16_t> unknown_comprehension_required() const { return {unknown_.data(), unknown_count_}; }

  bool has_message_integrity() const { return mi_at_ != kNone; }
  bool has_message_integrity_sha256() const { return mi256_at_ != kNone; }
  bool has_fingerprint() const { return fp_at_ != kNone; }

  // FINGERPRINT (RFC 8489 14.7). Errors: kAuthFailed when absent or wrong.
  Status verify_fingerprint() const;
  // MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 14.5) under a key made with HmacKey(kSha1, key), where key is
  // the short-term password or the long-term key (credentials.h). Compared in constant time.
  // Errors: kAuthFailed when absent or wrong.
  Status verify_message_integrity(crypto::HmacKey& key) const;
  // MESSAGE-INTEGRITY-SHA256 (RFC 8489 14.6), possibly truncated to 16..32 bytes, under
  // HmacKey(kSha256, key). Errors: kAuthFailed when absent or wrong.
  Status verify_message_integrity_sha256(crypto::HmacKey& key) const;

 private:
  struct Entry {
    uint16_t type;
    uint16_t length;
    uint32_t offset;  // of the value, from the start of the message
  };
  static constexpr uint32_t kNone = 0xffffffff;

  const Entry* find(uint16_t type) const;
  Status verify_hmac(crypto::HmacKey& key, uint32_t at) const;

  std::span<const uint8_t> data_;
  // Only the first count_ / unknown_count_ entries are meaningful; the rest are left uninitialized so
  // that parsing a small message does not clear 300 bytes.
  std::array<Entry, kMaxAttributes> entries_;
  std::array<uint16_t, kMaxUnknownReported> unknown_;
  uint8_t count_ = 0;
  uint8_t unknown_count_ = 0;
  // Offsets of the attribute headers.
  uint32_t mi_at_ = kNone;
  uint32_t mi256_at_ = kNone;
  uint32_t fp_at_ = kNone;
};

}  // namespace purertc::stun
