// CertificateRequest (RFC 5246 section 7.4.4):
//
//   ClientCertificateType certificate_types<1..2^8-1>;                 (1 = rsa_sign, 64 = ecdsa_sign)
//   SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;
//   DistinguishedName certificate_authorities<0..2^16-1>;              (WebRTC: empty)
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_writer.h"
#include "common/result.h"

namespace purertc::dtls {

constexpr uint8_t kClientCertificateTypeRsaSign = 1;
constexpr uint8_t kClientCertificateTypeEcdsaSign = 64;

struct CertificateRequest {
  std::vector<uint8_t> certificate_types;
  std::vector<uint16_t> signature_algorithms;
  std::vector<uint8_t> certificate_authorities;  // raw, unused

  static Result<CertificateRequest> parse(std::span<const uint8_t> body);
  void write(ByteBuffer& out) const;
};

}  // namespace purertc::dtls
