// The DER certificate parser on attacker-chosen bytes (a DTLS peer's Certificate message): must never
// crash or leak, and whatever it accepts must behave like a certificate: a stable fingerprint, a PEM
// form that parses back to the same bytes, a fingerprint that verifies, and a public key that rejects a
// garbage signature. The first input byte also drives the PEM and SPKI parsers on the rest.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/certificate.h"

using namespace purertc::crypto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  std::span<const uint8_t> body(data + 1, size - 1);

  if (mode == 'P') {
    (void)Certificate::from_pem(std::string_view(reinterpret_cast<const char*>(body.data()), body.size()));
    return 0;
  }
  if (mode == 'K') {
    auto key = PublicKey::from_der(body);
    if (key) {
      const uint8_t sig[8] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
      for (auto scheme : {SignatureScheme::kEcdsaSecp256r1Sha256, SignatureScheme::kRsaPkcs1Sha256,
                          SignatureScheme::kRsaPssRsaeSha256}) {
        if (key->supports(scheme) && key->verify(scheme, body, sig)) __builtin_trap();
      }
    }
    return 0;
  }

  auto cert = Certificate::from_der(body);
  if (!cert) return 0;
  if (cert->der().size() != body.size()) __builtin_trap();
  auto again = Certificate::from_pem(cert->to_pem());
  if (!again || !(again->fingerprint(HashAlgorithm::kSha256) == cert->fingerprint(HashAlgorithm::kSha256))) {
    __builtin_trap();
  }
  if (!verify_fingerprint(*cert, cert->sdp_fingerprint(HashAlgorithm::kSha384))) __builtin_trap();
  const uint8_t sig[8] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
  const PublicKey& key = cert->public_key();
  auto scheme = key.type() == KeyType::kRsa ? SignatureScheme::kRsaPkcs1Sha256 : SignatureScheme::kEcdsaSecp256r1Sha256;
  if (key.verify(scheme, body, sig)) __builtin_trap();
  return 0;
}
