#include "dtls/cipher_suite.h"

#include <array>

namespace purertc::dtls {

namespace {
using crypto::AeadAlgorithm;
using crypto::HashAlgorithm;
constexpr std::array<CipherSuiteInfo, 6> kSuites = {{
    {CipherSuite::kEcdheEcdsaWithAes128GcmSha256, AeadAlgorithm::kAes128Gcm, HashAlgorithm::kSha256, true, 16, 4, 8},
    {CipherSuite::kEcdheEcdsaWithAes256GcmSha384, AeadAlgorithm::kAes256Gcm, HashAlgorithm::kSha384, true, 32, 4, 8},
    {CipherSuite::kEcdheEcdsaWithChaCha20Poly1305Sha256, AeadAlgorithm::kChaCha20Poly1305, HashAlgorithm::kSha256,
     true, 32, 12, 0},
    {CipherSuite::kEcdheRsaWithAes128GcmSha256, AeadAlgorithm::kAes128Gcm, HashAlgorithm::kSha256, false, 16, 4, 8},
    {CipherSuite::kEcdheRsaWithAes256GcmSha384, AeadAlgorithm::kAes256Gcm, HashAlgorithm::kSha384, false, 32, 4, 8},
    {CipherSuite::kEcdheRsaWithChaCha20Poly1305Sha256, AeadAlgorithm::kChaCha20Poly1305, HashAlgorithm::kSha256,
     false, 32, 12, 0},
}};
}  // namespace

std::string_view to_string(CipherSuite suite) {
  switch (suite) {
    case CipherSuite::kEcdheEcdsaWithAes128GcmSha256: return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    case CipherSuite::kEcdheEcdsaWithAes256GcmSha384: return "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
    case CipherSuite::kEcdheRsaWithAes128GcmSha256: return "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    case CipherSuite::kEcdheRsaWithAes256GcmSha384: return "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    case CipherSuite::kEcdheRsaWithChaCha20Poly1305Sha256: return "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
    case CipherSuite::kEcdheEcdsaWithChaCha20Poly1305Sha256: return "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
  }
  return "unknown_cipher_suite";
}

const CipherSuiteInfo* find_cipher_suite(uint16_t wire_value) {
  for (const auto& info : kSuites) {
    if (static_cast<uint16_t>(info.suite) == wire_value) return &info;
  }
  return nullptr;
}

}  // namespace purertc::dtls
