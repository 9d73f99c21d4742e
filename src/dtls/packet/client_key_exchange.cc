#include "dtls/packet/client_key_exchange.h"

#include "common/byte_reader.h"

namespace purertc::dtls {

Result<ClientKeyExchange> ClientKeyExchange::parse(std::span<const uint8_t> body) {
  ByteReader r(body);
  auto len = r.read_u8();
  if (!len || *len == 0) return unexpected(Error{Errc::kMalformed, "client_key_exchange empty point"});
  auto point = r.read_bytes(*len);
  if (!point || !r.empty()) return unexpected(Error{Errc::kMalformed, "client_key_exchange length mismatch"});
  return ClientKeyExchange{std::vector<uint8_t>(point->begin(), point->end())};
}

void ClientKeyExchange::write(ByteBuffer& out) const {
  out.write_u8(static_cast<uint8_t>(public_key.size()));
  out.write_bytes(public_key);
}

}  // namespace purertc::dtls
