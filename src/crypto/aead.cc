#include "crypto/aead.h"

#include <mbedtls/chachapoly.h>
#include <mbedtls/gcm.h>

#include "crypto/fast/cpu_features.h"
#if PURERTC_FAST_CRYPTO
#include "crypto/fast/aes_gcm.h"
#endif

namespace purertc::crypto {

size_t key_size(AeadAlgorithm alg) {
  switch (alg) {
    case AeadAlgorithm::kAes128Gcm: return 16;
    case AeadAlgorithm::kAes256Gcm: return 32;
    case AeadAlgorithm::kChaCha20Poly1305: return 32;
  }
  return 0;
}

std::string_view to_string(AeadAlgorithm alg) {
  switch (alg) {
    case AeadAlgorithm::kAes128Gcm: return "AES-128-GCM";
    case AeadAlgorithm::kAes256Gcm: return "AES-256-GCM";
    case AeadAlgorithm::kChaCha20Poly1305: return "ChaCha20-Poly1305";
  }
  return "unknown";
}

// mbedTLS's context functions take non-const pointers even for operations that do not change the key
// schedule (GCM starts from the stored key each call), hence `mutable`. AES-GCM runs on the accelerated
// kernel (crypto/fast) when the CPU has it at creation time; mbedTLS is the fallback and the reference.
struct Aead::Impl {
  mutable mbedtls_gcm_context gcm;
  mutable mbedtls_chachapoly_context chacha;
#if PURERTC_FAST_CRYPTO
  fast::GcmKey fast_gcm;
  bool use_fast_gcm = false;
#endif
  Impl() {
    mbedtls_gcm_init(&gcm);
    mbedtls_chachapoly_init(&chacha);
  }
  ~Impl() {
    mbedtls_gcm_free(&gcm);
    mbedtls_chachapoly_free(&chacha);
  }
};

Aead::Aead(AeadAlgorithm alg) : alg_(alg), impl_(std::make_unique<Impl>()) {}
Aead::~Aead() = default;
Aead::Aead(Aead&&) noexcept = default;
Aead& Aead::operator=(Aead&&) noexcept = default;

Result<Aead> Aead::create(AeadAlgorithm alg, std::span<const uint8_t> key) {
  if (key.size() != key_size(alg)) return unexpected(Error{Errc::kInvalidArgument, "AEAD key has the wrong size"});
  Aead a(alg);
  int rc;
  if (alg == AeadAlgorithm::kChaCha20Poly1305) {
    rc = mbedtls_chachapoly_setkey(&a.impl_->chacha, key.data());
#if PURERTC_FAST_CRYPTO
  } else if (fast::use_aes_x86()) {
    fast::gcm_init(a.impl_->fast_gcm, key.data(), key.size(), fast::use_aes_avx512());
    a.impl_->use_fast_gcm = true;
    rc = 0;
#endif
  } else {
    rc = mbedtls_gcm_setkey(&a.impl_->gcm, MBEDTLS_CIPHER_ID_AES, key.data(), static_cast<unsigned>(key.size() * 8));
  }
  if (rc != 0) return unexpected(Error{Errc::kCrypto, "AEAD key setup failed"});
  return a;
}

Status Aead::seal(std::span<const uint8_t, kAeadNonceSize> nonce, std::span<const uint8_t> aad,
                  std::span<const uint8_t> in, std::span<uint8_t> out, std::span<uint8_t, kAeadTagSize> tag) const {
  if (out.size() != in.size()) return unexpected(Error{Errc::kInvalidArgument, "AEAD output size differs from input"});
#if PURERTC_FAST_CRYPTO
  if (impl_->use_fast_gcm) {
    fast::gcm_seal(impl_->fast_gcm, nonce.data(), aad.data(), aad.size(), in.data(), out.data(), in.size(), tag.data());
    return {};
  }
#endif
  int rc;
  if (alg_ == AeadAlgorithm::kChaCha20Poly1305) {
    rc = mbedtls_chachapoly_encrypt_and_tag(&impl_->chacha, in.size(), nonce.data(), aad.data(), aad.size(),
                                            in.data(), out.data(), tag.data());
  } else {
    rc = mbedtls_gcm_crypt_and_tag(&impl_->gcm, MBEDTLS_GCM_ENCRYPT, in.size(), nonce.data(), nonce.size(),
                                   aad.data(), aad.size(), in.data(), out.data(), tag.size(), tag.data());
  }
  if (rc != 0) return unexpected(Error{Errc::kCrypto, "AEAD seal failed"});
  return {};
}

Status Aead::open(std::span<const uint8_t, kAeadNonceSize> nonce, std::span<const uint8_t> aad,
                  std::span<const uint8_t> in, std::span<uint8_t> out,
                  std::span<const uint8_t, kAeadTagSize> tag) const {
  if (out.size() != in.size()) return unexpected(Error{Errc::kInvalidArgument, "AEAD output size differs from input"});
#if PURERTC_FAST_CRYPTO
  if (impl_->use_fast_gcm) {
    if (fast::gcm_open(impl_->fast_gcm, nonce.data(), aad.data(), aad.size(), in.data(), out.data(), in.size(),
                       tag.data())) {
      return {};
    }
    return unexpected(Error{Errc::kAuthFailed, "AEAD tag mismatch"});
  }
#endif
  int rc;
  if (alg_ == AeadAlgorithm::kChaCha20Poly1305) {
    rc = mbedtls_chachapoly_auth_decrypt(&impl_->chacha, in.size(), nonce.data(), aad.data(), aad.size(), tag.data(),
                                         in.data(), out.data());
    if (rc == MBEDTLS_ERR_CHACHAPOLY_AUTH_FAILED) return unexpected(Error{Errc::kAuthFailed, "AEAD tag mismatch"});
  } else {
    rc = mbedtls_gcm_auth_decrypt(&impl_->gcm, in.size(), nonce.data(), nonce.size(), aad.data(), aad.size(),
                                  tag.data(), tag.size(), in.data(), out.data());
    if (rc == MBEDTLS_ERR_GCM_AUTH_FAILED) return unexpected(Error{Errc::kAuthFailed, "AEAD tag mismatch"});
  }
  if (rc != 0) return unexpected(Error{Errc::kCrypto, "AEAD open failed"});
  return {};
}

}  // namespace purertc::crypto
