// AEAD protection of one direction of one epoch (RFC 5246 6.2.3.3, RFC 6347 4.1.2.1, RFC 5288, RFC 7905).
//
// Additional data (13 bytes): epoch(2) || sequence_number(6) || type(1) || version(2) || plaintext length(2)
// AES-GCM record:   explicit_nonce(8) || ciphertext || tag(16); nonce = salt(4) || explicit_nonce, and the
//                   explicit nonce is the 64-bit epoch||sequence, unique per key by construction.
// ChaCha20 record:  ciphertext || tag(16); nonce = iv(12) XOR (0^32 || epoch||sequence).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "common/result.h"
#include "crypto/aead.h"
#include "dtls/cipher_suite.h"
#include "dtls/packet/record.h"

namespace purertc::dtls {

class RecordProtection {
 public:
  static Result<RecordProtection> create(const CipherSuiteInfo& suite, std::span<const uint8_t> key,
                                         std::span<const uint8_t> fixed_iv);

  // Bytes a protected record adds on top of its plaintext.
  size_t overhead() const { return explicit_nonce_size_ + crypto::kAeadTagSize; }

  // Writes a complete record (header + protected fragment) into `out`, which must hold
  // kRecordHeaderSize + overhead() + plaintext.size() bytes. `plaintext` may already sit at
  // out[kRecordHeaderSize + explicit nonce size] (in place). Returns the record size.
  Result<size_t> seal(ContentType type, uint16_t version, uint16_t epoch, uint64_t seq,
                      std::span<const uint8_t> plaintext, std::span<uint8_t> out) const;

  // Decrypts a record's fragment in place; returns the plaintext (a view into `fragment`).
  // Errc::kAuthFailed when the tag does not verify, kMalformed when it is too short.
  Result<std::span<uint8_t>> open(uint8_t type, uint16_t version, uint16_t epoch, uint64_t seq,
                                  std::span<uint8_t> fragment) const;
  // The same, decrypting out of place into `out`, which must hold exactly the plaintext
  // (fragment.size() - overhead() bytes): saves copying a read-only datagram before opening it.
  Status open_into(uint8_t type, uint16_t version, uint16_t epoch, uint64_t seq,
                   std::span<const uint8_t> fragment, std::span<uint8_t> out) const;

 private:
  RecordProtection(crypto::Aead aead, size_t explicit_nonce_size) : aead_(std::move(aead)),
                                                                    explicit_nonce_size_(explicit_nonce_size) {}
  std::array<uint8_t, crypto::kAeadNonceSize> nonce(uint64_t epoch_seq, std::span<const uint8_t> explicit_nonce) const;

  crypto::Aead aead_;
  size_t explicit_nonce_size_;
  std::array<uint8_t, 12> iv_{};
  size_t iv_size_ = 0;
};

}  // namespace purertc::dtls
