#include "dtls/packet/client_hello.h"

#include "common/byte_reader.h"

namespace purertc::dtls {

namespace {
Error decode_error(const char* what) { return Error{Errc::kMalformed, what}; }
}  // namespace

Result<ClientHello> ClientHello::parse(std::span<const uint8_t> body) {
  ClientHello hello;
  ByteReader r(body);
  auto version = r.read_u16();
  auto random = r.read_bytes(kRandomSize);
  if (!version || !random) return unexpected(decode_error("client_hello truncated"));
  hello.client_version = *version;
  std::copy(random->begin(), random->end(), hello.random.begin());

  auto sid_len = r.read_u8();
  if (!sid_len || *sid_len > 32) return unexpected(decode_error("client_hello session_id too long"));
  auto sid = r.read_bytes(*sid_len);
  if (!sid) return unexpected(decode_error("client_hello session_id truncated"));
  hello.session_id.assign(sid->begin(), sid->end());

  hello.cookie_field_offset = r.position();
  auto cookie_len = r.read_u8();
  if (!cookie_len) return unexpected(decode_error("client_hello cookie truncated"));
  auto cookie = r.read_bytes(*cookie_len);
  if (!cookie) return unexpected(decode_error("client_hello cookie truncated"));
  hello.cookie.assign(cookie->begin(), cookie->end());

  auto suites_len = r.read_u16();
  if (!suites_len || *suites_len < 2 || *suites_len % 2 != 0) {
    return unexpected(decode_error("client_hello cipher_suites length invalid"));
  }
  auto suites = r.read_bytes(*suites_len);
  if (!suites) return unexpected(decode_error("client_hello cipher_suites truncated"));
  ByteReader sr(*suites);
  while (!sr.empty()) hello.cipher_suites.push_back(*sr.read_u16());

  auto comp_len = r.read_u8();
  if (!comp_len || *comp_len < 1) return unexpected(decode_error("client_hello compression_methods invalid"));
  auto comp = r.read_bytes(*comp_len);
  if (!comp) return unexpected(decode_error("client_hello compression_methods truncated"));
  hello.compression_methods.assign(comp->begin(), comp->end());

  if (!r.empty()) {
    auto ext = HelloExtensions::parse(r.rest(), /*client=*/true);
    if (!ext) return unexpected(ext.error());
    hello.extensions = std::move(*ext);
  }
  return hello;
}

void ClientHello::write(ByteBuffer& out) const {
  out.write_u16(client_version);
  out.write_bytes(random);
  out.write_u8(static_cast<uint8_t>(session_id.size()));
  out.write_bytes(session_id);
  out.write_u8(static_cast<uint8_t>(cookie.size()));
  out.write_bytes(cookie);
  out.write_u16(static_cast<uint16_t>(cipher_suites.size() * 2));
  for (uint16_t s : cipher_suites) out.write_u16(s);
  out.write_u8(static_cast<uint8_t>(compression_methods.size()));
  out.write_bytes(compression_methods);
  extensions.write(out);
}

}  // namespace purertc::dtls
