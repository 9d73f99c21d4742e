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

  // Truncated tags (SRTP/SRTCP, RFC 3711 4.2: header || payload || ROC, cut to 80 or 32 bits) computed and
  // checked where they sit in the packet, with no Digest in between. `tag` is 1 to digest_size(algorithm())
  // bytes; compute_truncated writes that many leading bytes of the HMAC of the pieces.
  void compute_truncated(std::initializer_list<std::span<const uint8_t>> pieces, std::span<uint8_t> tag);
  // Whether `tag` equals the leading tag.size() bytes of the HMAC of the pieces, compared in constant
  // time. An empty tag, or one longer than the digest, never verifies.
  bool verify_truncated(std::initializer_list<std::span<const uint8_t>> pieces, std::span<const uint8_t> tag);

 private:
  // Writes the full digest (digest_size(alg_) bytes) to `out`.
  void compute_into(std::initializer_list<std::span<const uint8_t>> pieces, uint8_t* out);

  struct Impl;
  HashAlgorithm alg_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace purertc::crypto
