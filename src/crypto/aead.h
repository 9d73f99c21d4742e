// Authenticated encryption with associated data: AES-128-GCM, AES-256-GCM (RFC 5116, NIST SP 800-38D)
// and ChaCha20-Poly1305 (RFC 8439), all with 12-byte nonces and 16-byte tags, as DTLS 1.2 records
// (RFC 5288, RFC 7905) and SRTP (RFC 7714) use them. AES-GCM runs on the accelerated kernels in
// crypto/fast (AES-NI/PCLMULQDQ, or VAES/VPCLMULQDQ/AVX-512) when the CPU has them, mbedTLS otherwise;
// the choice is made once per Aead, when it is created.
//
// seal/open work in place when out and in are the same memory. open() checks the tag before it releases
// any plaintext semantics to the caller: on Errc::kAuthFailed the contents of `out` are unspecified and
// must be discarded.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>

#include "common/result.h"

namespace purertc::crypto {

enum class AeadAlgorithm { kAes128Gcm, kAes256Gcm, kChaCha20Poly1305 };

constexpr size_t kAeadNonceSize = 12;
constexpr size_t kAeadTagSize = 16;

size_t key_size(AeadAlgorithm alg);
std::string_view to_string(AeadAlgorithm alg);

class Aead {
 public:
  // key must be key_size(alg) bytes.
  static Result<Aead> create(AeadAlgorithm alg, std::span<const uint8_t> key);
  ~Aead();
  Aead(Aead&&) noexcept;
  Aead& operator=(Aead&&) noexcept;

  AeadAlgorithm algorithm() const { return alg_; }

  // out.size() == in.size(); tag receives kAeadTagSize bytes.
  Status seal(std::span<const uint8_t, kAeadNonceSize> nonce, std::span<const uint8_t> aad,
              std::span<const uint8_t> in, std::span<uint8_t> out, std::span<uint8_t, kAeadTagSize> tag) const {
    return seal_impl(nonce, &aad, 1, in, out, tag);
  }
  // Errc::kAuthFailed when the tag does not verify.
  Status open(std::span<const uint8_t, kAeadNonceSize> nonce, std::span<const uint8_t> aad,
              std::span<const uint8_t> in, std::span<uint8_t> out, std::span<const uint8_t, kAeadTagSize> tag) const {
    return open_impl(nonce, &aad, 1, in, out, tag);
  }
  // The same with the AAD given as consecutive pieces, authenticated as their concatenation, for AAD that
  // is not contiguous in memory (SRTCP's header and E|index word). The accelerated AES-GCM kernels hash
  // the pieces where they are; the mbedTLS path joins them (on the stack up to kMaxJoinedAad bytes, on
  // the heap beyond: only -Dfast_crypto=disabled builds or CPUs without AES-NI get there).
  Status seal(std::span<const uint8_t, kAeadNonceSize> nonce, std::initializer_list<std::span<const uint8_t>> aad,
              std::span<const uint8_t> in, std::span<uint8_t> out, std::span<uint8_t, kAeadTagSize> tag) const {
    return seal_impl(nonce, aad.begin(), aad.size(), in, out, tag);
  }
  Status open(std::span<const uint8_t, kAeadNonceSize> nonce, std::initializer_list<std::span<const uint8_t>> aad,
              std::span<const uint8_t> in, std::span<uint8_t> out, std::span<const uint8_t, kAeadTagSize> tag) const {
    return open_impl(nonce, aad.begin(), aad.size(), in, out, tag);
  }

  static constexpr size_t kMaxJoinedAad = 512;

 private:
  Status seal_impl(std::span<const uint8_t, kAeadNonceSize> nonce, const std::span<const uint8_t>* aad,
                   size_t aad_count, std::span<const uint8_t> in, std::span<uint8_t> out,
                   std::span<uint8_t, kAeadTagSize> tag) const;
  Status open_impl(std::span<const uint8_t, kAeadNonceSize> nonce, const std::span<const uint8_t>* aad,
                   size_t aad_count, std::span<const uint8_t> in, std::span<uint8_t> out,
                   std::span<const uint8_t, kAeadTagSize> tag) const;

  struct Impl;
  explicit Aead(AeadAlgorithm alg);
  AeadAlgorithm alg_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace purertc::crypto
