#include "dtls/packet/certificate_request.h"

#include "common/byte_reader.h"

namespace purertc::dtls {

Result<CertificateRequest> CertificateRequest::parse(std::span<const uint8_t> body) {
  ByteReader r(body);
  CertificateRequest req;
  auto types_len = r.read_u8();
  if (!types_len || *types_len == 0) return unexpected(Error{Errc::kMalformed, "certificate_request types invalid"});
  auto types = r.read_bytes(*types_len);
  auto algs_len = r.read_u16();
  if (!types || !algs_len) return unexpected(Error{Errc::kMalformed, "certificate_request truncated"});
  if (*algs_len < 2 || *algs_len % 2 != 0) {
    return unexpected(Error{Errc::kMalformed, "certificate_request signature_algorithms length invalid"});
  }
  auto algs = r.read_bytes(*algs_len);
  auto cas_len = r.read_u16();
  if (!algs || !cas_len) return unexpected(Error{Errc::kMalformed, "certificate_request truncated"});
  auto cas = r.read_bytes(*cas_len);
  if (!cas || !r.empty()) return unexpected(Error{Errc::kMalformed, "certificate_request authorities length mismatch"});
  req.certificate_types.assign(types->begin(), types->end());
  ByteReader ar(*algs);
  while (!ar.empty()) req.signature_algorithms.push_back(*ar.read_u16());
  req.certificate_authorities.assign(cas->begin(), cas->end());
  return req;
}

void CertificateRequest::write(ByteBuffer& out) const {
  out.write_u8(static_cast<uint8_t>(certificate_types.size()));
  out.write_bytes(certificate_types);
  out.write_u16(static_cast<uint16_t>(signature_algorithms.size() * 2));
  for (uint16_t s : signature_algorithms) out.write_u16(s);
  out.write_u16(static_cast<uint16_t>(certificate_authorities.size()));
  out.write_bytes(certificate_authorities);
}

}  // namespace purertc::dtls
