#include "crypto/aead.h"

#include <mbedtls/chachapoly.h>
#include <mbedtls/gcm.h>

#include <cstring>
#include <vector>

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

namespace {

// The mbedTLS calls take the AAD as one buffer: one piece is passed through, several are joined.
class JoinedAad {
 public:
  JoinedAad(const std::span<const uint8_t>* pieces, size_t count) {
    if (count == 1) {
      view_ = pieces[0];
      return;
    }
    size_t total = 0;
    for (size_t i = 0; i < count; ++i) total += pieces[i].size();
    uint8_t* dst = stack_;
    if (total > sizeof stack_) {
      heap_.resize(total);
      dst = heap_.data();
    }
    size_t at = 0;
    for (size_t i = 0; i < count; ++i) {
      if (!pieces[i].empty()) std::memcpy(dst + at, pieces[i].data(), pieces[i].size());
      at += pieces[i].size();
    }
    view_ = std::span<const uint8_t>(dst, total);
  }
  JoinedAad(const JoinedAad&) = delete;
  JoinedAad& operator=(const JoinedAad&) = delete;
  std::span<const uint8_t> view() const { return view_; }

 private:
  uint8_t stack_[Aead::kMaxJoinedAad];
  std::vector<uint8_t> heap_;
  std::span<const uint8_t> view_;
};

#if PURERTC_FAST_CRYPTO
// Pieces handed to the kernel as they are; the SRTP and DTLS callers pass one or two. More are joined.
constexpr size_t kMaxKernelAadPieces = 4;
#endif

}  // namespace

Status Aead::seal_impl(std::span<const uint8_t, kAeadNonceSize> nonce, const std::span<const uint8_t>* aad_pieces,
                       size_t aad_count, std::span<const uint8_t> in, std::span<uint8_t> out,
                       std::span<uint8_t, kAeadTagSize> tag) const {
  if (out.size() != in.size()) return unexpected(Error{Errc::kInvalidArgument, "AEAD output size differs from input"});
#if PURERTC_FAST_CRYPTO
  if (impl_->use_fast_gcm && aad_count <= kMaxKernelAadPieces) {
    fast::AadPiece pieces[kMaxKernelAadPieces];
    for (size_t i = 0; i < aad_count; ++i) pieces[i] = fast::AadPiece{aad_pieces[i].data(), aad_pieces[i].size()};
    fast::gcm_seal(impl_->fast_gcm, nonce.data(), pieces, aad_count, in.data(), out.data(), in.size(), tag.data());
    return {};
  }
#endif
  JoinedAad joined(aad_pieces, aad_count);
  const std::span<const uint8_t> aad = joined.view();
  int rc;
#if PURERTC_FAST_CRYPTO
  if (impl_->use_fast_gcm) {
    const fast::AadPiece one{aad.data(), aad.size()};
    fast::gcm_seal(impl_->fast_gcm, nonce.data(), &one, 1, in.data(), out.data(), in.size(), tag.data());
    return {};
  }
#endif
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

Status Aead::open_impl(std::span<const uint8_t, kAeadNonceSize> nonce, const std::span<const uint8_t>* aad_pieces,
                       size_t aad_count, std::span<const uint8_t> in, std::span<uint8_t> out,
                       std::span<const uint8_t, kAeadTagSize> tag) const {
  if (out.size() != in.size()) return unexpected(Error{Errc::kInvalidArgument, "AEAD output size differs from input"});
#if PURERTC_FAST_CRYPTO
  if (impl_->use_fast_gcm && aad_count <= kMaxKernelAadPieces) {
    fast::AadPiece pieces[kMaxKernelAadPieces];
    for (size_t i = 0; i < aad_count; ++i) pieces[i] = fast::AadPiece{aad_pieces[i].data(), aad_pieces[i].size()};
    if (fast::gcm_open(impl_->fast_gcm, nonce.data(), pieces, aad_count, in.data(), out.data(), in.size(), tag.data())) {
      return {};
    }
    return unexpected(Error{Errc::kAuthFailed, "AEAD tag mismatch"});
  }
#endif
  JoinedAad joined(aad_pieces, aad_count);
  const std::span<const uint8_t> aad = joined.view();
  int rc;
#if PURERTC_FAST_CRYPTO
  if (impl_->use_fast_gcm) {
    const fast::AadPiece one{aad.data(), aad.size()};
    if (fast::gcm_open(impl_->fast_gcm, nonce.data(), &one, 1, in.data(), out.data(), in.size(), tag.data())) {
      return {};
    }
    return unexpected(Error{Errc::kAuthFailed, "AEAD tag mismatch"});
  }
#endif
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
