#include "dtls/packet/server_key_exchange.h"

#include "common/byte_reader.h"

namespace purertc::dtls {

Result<ServerKeyExchange> ServerKeyExchange::parse(std::span<const uint8_t> body) {
  ByteReader r(body);
  auto curve_type = r.read_u8();
  auto group = r.read_u16();
  auto point_len = r.read_u8();
  if (!curve_type || !group || !point_len) return unexpected(Error{Errc::kMalformed, "server_key_exchange truncated"});
  if (*curve_type != kCurveTypeNamedCurve) {
    return unexpected(Error{Errc::kMalformed, "server_key_exchange curve type is not named_curve"});
  }
  if (*point_len == 0) return unexpected(Error{Errc::kMalformed, "server_key_exchange empty point"});
  auto point = r.read_bytes(*point_len);
  auto scheme = r.read_u16();
  auto sig_len = r.read_u16();
  if (!point || !scheme || !sig_len) return unexpected(Error{Errc::kMalformed, "server_key_exchange truncated"});
  auto sig = r.read_bytes(*sig_len);
  if (!sig || !r.empty()) return unexpected(Error{Errc::kMalformed, "server_key_exchange signature length mismatch"});
  ServerKeyExchange ske;
  ske.named_group = *group;
  ske.public_key.assign(point->begin(), point->end());
  ske.signature_scheme = *scheme;
  ske.signature.assign(sig->begin(), sig->end());
  return ske;
}

std::vector<uint8_t> ServerKeyExchange::params() const {
  ByteBuffer out(4 + public_key.size());
  out.write_u8(kCurveTypeNamedCurve);
  out.write_u16(named_group);
  out.write_u8(static_cast<uint8_t>(public_key.size()));
  out.write_bytes(public_key);
  return out.take();
}

void ServerKeyExchange::write(ByteBuffer& out) const {
  out.write_bytes(params());
  out.write_u16(signature_scheme);
  out.write_u16(static_cast<uint16_t>(signature.size()));
  out.write_bytes(signature);
}

}  // namespace purertc::dtls
