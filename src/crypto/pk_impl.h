// Private to src/crypto: the mbedTLS key contexts behind PublicKey and PrivateKey, shared by
// signature.cc and certificate.cc, and the asymmetric-crypto version switches (2.28 vs 3.x).
#pragma once

#include <mbedtls/pk.h>

#include <cstdint>
#include <span>

#include "common/random.h"
#include "common/result.h"
#include "crypto/mbedtls_util.h"
#include "crypto/signature.h"

#if PURERTC_MBEDTLS_3
#include <psa/crypto.h>
#endif

namespace purertc::crypto {

struct PublicKey::Impl {
  mbedtls_pk_context pk;
  Impl() { mbedtls_pk_init(&pk); }
  ~Impl() { mbedtls_pk_free(&pk); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
};

struct PrivateKey::Impl {
  mbedtls_pk_context pk;
  Impl() { mbedtls_pk_init(&pk); }
  ~Impl() { mbedtls_pk_free(&pk); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
};

namespace detail {

// The largest DER object (certificate, SubjectPublicKeyInfo, private key) purertc parses. Real WebRTC
// certificates are well under 2 KiB; a 4096-bit RSA certificate with extensions stays under 4 KiB.
constexpr size_t kMaxDerSize = 16 * 1024;
// PEM text is base64 (4/3 of the DER) plus headers and line breaks.
constexpr size_t kMaxPemSize = 32 * 1024;

// RSA moduli accepted from peers and key files: below 2048 bits is breakable, above 8192 only costs CPU
// (an attacker-chosen huge modulus makes verification arbitrarily slow).
constexpr size_t kMinRsaBits = 2048;
constexpr size_t kMaxRsaBits = 8192;

// mbedTLS 3.x routes pk and x509 through PSA, which must be initialised once per process. 2.28 needs
// nothing. Idempotent and cheap after the first call.
inline void ensure_crypto_initialized() {
#if PURERTC_MBEDTLS_3
  static const bool initialized = psa_crypto_init() == PSA_SUCCESS;
  (void)initialized;
#endif
}

// The key type named by a DER SubjectPublicKeyInfo's algorithm (rsaEncryption, or id-ecPublicKey with
// the secp256r1/secp384r1 named curve), with the RSA size limits applied. Reading it from the encoding
// avoids the ecp_keypair fields that mbedTLS 3.x made private.
Result<KeyType> key_type_of(const mbedtls_pk_context& pk);

// mbedtls_pk_write_pubkey_der writes at the end of its buffer; this returns the bytes in a vector.
Result<std::vector<uint8_t>> write_spki(const mbedtls_pk_context& pk);

}  // namespace detail
}  // namespace purertc::crypto
