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
              std::span<const uint8_t> in, std::span<uint8_t> out, std::span<uint8_t, kAeadTagSize> tag) const;
  // Errc::kAuthFailed when the tag does not verify.
  Status open(std::span<const uint8_t, kAeadNonceSize> nonce, std::span<const uint8_t> aad,
              std::span<const uint8_t> in, std::span<uint8_t> out, std::span<const uint8_t, kAeadTagSize> tag) const;

 private:
  struct Impl;
  explicit Aead(AeadAlgorithm alg);
  AeadAlgorithm alg_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace purertc::crypto
