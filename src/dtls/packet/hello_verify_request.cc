#include "dtls/packet/hello_verify_request.h"

#include "common/byte_reader.h"

namespace purertc::dtls {

Result<HelloVerifyRequest> HelloVerifyRequest::parse(std::span<const uint8_t> body) {
  ByteReader r(body);
  auto version = r.read_u16();
  auto len = r.read_u8();
  if (!version || !len) return unexpected(Error{Errc::kMalformed, "hello_verify_request truncated"});
  auto cookie = r.read_bytes(*len);
  if (!cookie || !r.empty()) return unexpected(Error{Errc::kMalformed, "hello_verify_request cookie length mismatch"});
  HelloVerifyRequest hvr;
  hvr.server_version = *version;
  hvr.cookie.assign(cookie->begin(), cookie->end());
  return hvr;
}

void HelloVerifyRequest::write(ByteBuffer& out) const {
  out.write_u16(server_version);
  out.write_u8(static_cast<uint8_t>(cookie.size()));
  out.write_bytes(cookie);
}

}  // namespace purertc::dtls
