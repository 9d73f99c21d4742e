// The DTLS 1.2 cipher suites purertc implements: ECDHE key exchange with ECDSA or RSA authentication and
// an AEAD record cipher (RFC 5289 for AES-GCM, RFC 7905 for ChaCha20-Poly1305). The record nonce rules
// differ: AES-GCM uses a 4-byte implicit salt plus an 8-byte explicit nonce carried in every record
// (RFC 5288 section 3); ChaCha20-Poly1305 XORs the 64-bit epoch+sequence into a 12-byte IV and carries
// no explicit nonce (RFC 7905 section 2).
#pragma once

#include <cstdint>
#include <string_view>

#include "crypto/aead.h"
#include "crypto/hash.h"

namespace purertc::dtls {

enum class CipherSuite : uint16_t {
  kEcdheEcdsaWithAes128GcmSha256 = 0xC02B,
  kEcdheEcdsaWithAes256GcmSha384 = 0xC02C,
  kEcdheRsaWithAes128GcmSha256 = 0xC02F,
  kEcdheRsaWithAes256GcmSha384 = 0xC030,
  kEcdheRsaWithChaCha20Poly1305Sha256 = 0xCCA8,
  kEcdheEcdsaWithChaCha20Poly1305Sha256 = 0xCCA9,
};
std::string_view to_string(CipherSuite suite);

// RFC 5746 3.3: the signalling cipher suite value that stands for an empty renegotiation_info.
constexpr uint16_t kEmptyRenegotiationInfoScsv = 0x00FF;

struct CipherSuiteInfo {
  CipherSuite suite;
  crypto::AeadAlgorithm aead;
  crypto::HashAlgorithm prf_hash;
  bool ecdsa;                  // authentication: ECDSA certificate (true) or RSA certificate (false)
  size_t key_size;
  size_t fixed_iv_size;        // 4 (GCM salt) or 12 (ChaCha20 IV)
  size_t explicit_nonce_size;  // 8 (GCM) or 0 (ChaCha20)
};

// nullptr for a suite purertc does not implement.
const CipherSuiteInfo* find_cipher_suite(uint16_t wire_value);

}  // namespace purertc::dtls
