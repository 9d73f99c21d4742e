#include "dtls/packet/certificate_verify.h"

#include "common/byte_reader.h"

namespace purertc::dtls {

Result<CertificateVerify> CertificateVerify::parse(std::span<const uint8_t> body) {
  ByteReader r(body);
  auto scheme = r.read_u16();
  auto len = r.read_u16();
  if (!scheme || !len) return unexpected(Error{Errc::kMalformed, "certificate_verify truncated"});
  auto sig = r.read_bytes(*len);
  if (!sig || !r.empty()) return unexpected(Error{Errc::kMalformed, "certificate_verify length mismatch"});
  return CertificateVerify{*scheme, std::vector<uint8_t>(sig->begin(), sig->end())};
}

void CertificateVerify::write(ByteBuffer& out) const {
  out.write_u16(signature_scheme);
  out.write_u16(static_cast<uint16_t>(signature.size()));
  out.write_bytes(signature);
}

}  // namespace purertc::dtls
