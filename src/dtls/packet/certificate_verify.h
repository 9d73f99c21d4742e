// CertificateVerify (RFC 5246 section 7.4.8): the client proves possession of its certificate's key by
// signing every handshake message so far (from the ClientHello that carried the cookie up to and
// including the ClientKeyExchange).
//
//   SignatureAndHashAlgorithm algorithm;   2
//   opaque signature<0..2^16-1>;
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_writer.h"
#include "common/result.h"

namespace purertc::dtls {

struct CertificateVerify {
  uint16_t signature_scheme = 0;
  std::vector<uint8_t> signature;

  static Result<CertificateVerify> parse(std::span<const uint8_t> body);
  void write(ByteBuffer& out) const;
};

}  // namespace purertc::dtls
