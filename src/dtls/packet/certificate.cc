#include "dtls/packet/certificate.h"

#include "common/byte_reader.h"

namespace purertc::dtls {

Result<CertificateMessage> CertificateMessage::parse(std::span<const uint8_t> body) {
  ByteReader r(body);
  auto total = r.read_u24();
  if (!total || *total != r.remaining()) return unexpected(Error{Errc::kMalformed, "certificate list length mismatch"});
  CertificateMessage msg;
  while (!r.empty()) {
    auto len = r.read_u24();
    if (!len || *len == 0) return unexpected(Error{Errc::kMalformed, "certificate entry length invalid"});
    auto der = r.read_bytes(*len);
    if (!der) return unexpected(Error{Errc::kMalformed, "certificate entry truncated"});
    msg.certificates.emplace_back(der->begin(), der->end());
  }
  return msg;
}

void CertificateMessage::write(ByteBuffer& out) const {
  size_t at = out.size();
  out.write_u24(0);
  for (const auto& der : certificates) {
    out.write_u24(static_cast<uint32_t>(der.size()));
    out.write_bytes(der);
  }
  out.patch_u24(at, static_cast<uint32_t>(out.size() - at - 3));
}

}  // namespace purertc::dtls
