// ServerKeyExchange for ECDHE (RFC 8422 section 5.4, RFC 5246 7.4.3 for the TLS 1.2 signature form):
//
//   ECCurveType curve_type;            1  (3 = named_curve; the only type RFC 8422 keeps)
//   NamedCurve namedcurve;             2
//   opaque point<1..2^8-1>;            the server's ephemeral public key
//   SignatureAndHashAlgorithm alg;     2
//   opaque signature<0..2^16-1>;       over client_random + server_random + the 4+len(point) bytes above
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_writer.h"
#include "common/result.h"

namespace purertc::dtls {

constexpr uint8_t kCurveTypeNamedCurve = 3;

struct ServerKeyExchange {
  uint16_t named_group = 0;
  std::vector<uint8_t> public_key;
  uint16_t signature_scheme = 0;
  std::vector<uint8_t> signature;

  static Result<ServerKeyExchange> parse(std::span<const uint8_t> body);
  // The ServerECDHParams bytes (curve type, group, point): what the signature covers after the randoms.
  std::vector<uint8_t> params() const;
  void write(ByteBuffer& out) const;
};

}  // namespace purertc::dtls
