#include "dtls/packet/server_hello.h"

#include "common/byte_reader.h"

namespace purertc::dtls {

Result<ServerHello> ServerHello::parse(std::span<const uint8_t> body) {
  ByteReader r(body);
  ServerHello hello;
  auto version = r.read_u16();
  auto random = r.read_bytes(kRandomSize);
  auto sid_len = r.read_u8();
  if (!version || !random || !sid_len) return unexpected(Error{Errc::kMalformed, "server_hello truncated"});
  if (*sid_len > 32) return unexpected(Error{Errc::kMalformed, "server_hello session_id too long"});
  auto sid = r.read_bytes(*sid_len);
  auto suite = r.read_u16();
  auto comp = r.read_u8();
  if (!sid || !suite || !comp) return unexpected(Error{Errc::kMalformed, "server_hello truncated"});
  hello.server_version = *version;
  std::copy(random->begin(), random->end(), hello.random.begin());
  hello.session_id.assign(sid->begin(), sid->end());
  hello.cipher_suite = *suite;
  hello.compression_method = *comp;
  if (!r.empty()) {
    auto ext = HelloExtensions::parse(r.rest(), /*client=*/false);
    if (!ext) return unexpected(ext.error());
    hello.extensions = std::move(*ext);
  }
  return hello;
}

void ServerHello::write(ByteBuffer& out) const {
  out.write_u16(server_version);
  out.write_bytes(random);
  out.write_u8(static_cast<uint8_t>(session_id.size()));
  out.write_bytes(session_id);
  out.write_u16(cipher_suite);
  out.write_u8(compression_method);
  extensions.write(out);
}

}  // namespace purertc::dtls
