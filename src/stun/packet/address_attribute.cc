#include "stun/packet/address_attribute.h"

#include "common/byte_order.h"

namespace purertc::stun {
namespace {

// The 16 bytes an address is xored with: the magic cookie, then the transaction id (IPv6 only).
void xor_pad(uint8_t pad[16], std::span<const uint8_t, kTransactionIdSize> transaction_id) {
  store_u32(pad, kMagicCookie);
  for (size_t i = 0; i < kTransactionIdSize; ++i) pad[4 + i] = transaction_id[i];
}

}  // namespace

Result<SocketAddress> parse_address(std::span<const uint8_t> value) {
  if (value.size() < 4) return unexpected(Error{Errc::kTruncated, "address attribute shorter than 4 bytes"});
  SocketAddress a;
  // The first byte is reserved: RFC 8489 14.1 says receivers MUST ignore it.
  uint8_t family = value[1];
  if (family == static_cast<uint8_t>(AddressFamily::kIpv4)) {
    a.family = AddressFamily::kIpv4;
  } else if (family == static_cast<uint8_t>(AddressFamily::kIpv6)) {
    a.family = AddressFamily::kIpv6;
  } else {
    return unexpected(Error{Errc::kMalformed, "address attribute with unknown family"});
  }
  if (value.size() != address_value_size(a.family)) {
    return unexpected(Error{Errc::kMalformed, "address attribute length does not match its family"});
  }
  a.port = load_u16(value.data() + 2);
  for (size_t i = 0; i < a.ip_size(); ++i) a.ip[i] = value[4 + i];
  return a;
}

Result<SocketAddress> parse_xor_address(std::span<const uint8_t> value,
                                        std::span<const uint8_t, kTransactionIdSize> transaction_id) {
  auto parsed = parse_address(value);
  if (!parsed) return parsed;
  SocketAddress a = *parsed;
  uint8_t pad[16];
  xor_pad(pad, transaction_id);
  a.port = static_cast<uint16_t>(a.port ^ (kMagicCookie >> 16));
  for (size_t i = 0; i < a.ip_size(); ++i) a.ip[i] ^= pad[i];
  return a;
}

void write_address(std::span<uint8_t> out, const SocketAddress& address) {
  out[0] = 0;
  out[1] = static_cast<uint8_t>(address.family);
  store_u16(out.data() + 2, address.port);
  for (size_t i = 0; i < address.ip_size(); ++i) out[4 + i] = address.ip[i];
}

void write_xor_address(std::span<uint8_t> out, const SocketAddress& address,
                       std::span<const uint8_t, kTransactionIdSize> transaction_id) {
  uint8_t pad[16];
  xor_pad(pad, transaction_id);
  out[0] = 0;
  out[1] = static_cast<uint8_t>(address.family);
  store_u16(out.data() + 2, static_cast<uint16_t>(address.port ^ (kMagicCookie >> 16)));
  for (size_t i = 0; i < address.ip_size(); ++i) out[4 + i] = static_cast<uint8_t>(address.ip[i] ^ pad[i]);
}

}  // namespace purertc::stun
