// HMAC (RFC 2104) over any HashAlgorithm. HmacKey keeps the keyed inner/outer states, so per-message
// work is the two hash passes only (STUN MESSAGE-INTEGRITY, SRTP auth tags, SCTP cookies, DTLS cookies).
// HMAC-SHA1 and HMAC-SHA256 use the SHA-NI kernels in crypto/fast when the CPU has them.
#pragma once

#include <initializer_list>
#include <memory>
#include <span>

#include "crypto/hash.h"

namespace purertc::crypto {

Digest hmac(HashAlgorithm alg, std::span<const uint8_t> key, std::span<const uint8_t> data);

class HmacKey {
 public:
  HmacKey(HashAlgorithm alg, std::span<const uint8_t> key);
  ~HmacKey();
  HmacKey(HmacKey&&) noexcept;
  HmacKey& operator=(HmacKey&&) noexcept;
  HmacKey(const HmacKey&) = delete;
  HmacKey& operator=(const HmacKey&) = delete;

  HashAlgorithm algorithm() const { return alg_; }
  Digest compute(std::span<const uint8_t> data);
  // HMAC over the concatenation of several pieces, without joining them first.
  Digest compute(std::initializer_list<std::span<const uint8_t>> pieces);

 private:
  struct Impl;
  HashAlgorithm alg_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace purertc::crypto
