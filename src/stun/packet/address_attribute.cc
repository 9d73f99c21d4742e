#include "stun/packet/address_attribute.h"

#include <array>

#include "common/byte_order.h"

namespace purertc::stun {
namespace {

// The 16 bytes an address is xored with: the magic cookie, then the transaction id (IPv6 only).
std::array<uint8_t, 16> xor_pad(std::span<const uint8_t, kTransactionIdSize> transaction_id) {
  std::array<uint8_t, 16> pad{};
  store_u32(pad.data(), kMagicCookie);
  for (size_t i = 0; i < kTransactionIdSize; ++i) pad[4 + i] = transaction_id[i];
  return pad;
}

// Parses the plain or the xored form: pad is all zeros for the plain one.
Result<SocketAddress> parse_with_pad(std::span<const uint8_t> value, uint16_t port_pad,
                                     const std::array<uint8_t, 16>& pad) {
  if (value.size() < 4) return unexpected(Error{Errc::kTruncated, "address attribute shorter than 4 bytes"});
  // The first byte is reserved: RFC 8489 14.1 says receivers MUST ignore it.
  IpFamily family;
  if (value[1] == kStunFamilyIpv4) {
    family = IpFamily::kV4;
  } else if (value[1] == kStunFamilyIpv6) {
    family = IpFamily::kV6;
  } else {
    return unexpected(Error{Errc::kMalformed, "address attribute with unknown family"});
  }
  if (value.size() != address_value_size(family)) {
    return unexpected(Error{Errc::kMalformed, "address attribute length does not match its family"});
  }
  std::array<uint8_t, 16> ip{};
  const size_t ip_size = value.size() - 4;
  for (size_t i = 0; i < ip_size; ++i) ip[i] = static_cast<uint8_t>(value[4 + i] ^ pad[i]);
  // ip_size is 4 or 16 here, so from_bytes always succeeds.
  return SocketAddress{*IpAddress::from_bytes({ip.data(), ip_size}),
                       static_cast<uint16_t>(load_u16(value.data() + 2) ^ port_pad)};
}

void write_with_pad(std::span<uint8_t> out, const SocketAddress& address, uint16_t port_pad,
                    const std::array<uint8_t, 16>& pad) {
  out[0] = 0;
  out[1] = stun_family_code(address.ip.family());
  store_u16(out.data() + 2, static_cast<uint16_t>(address.port ^ port_pad));
  const auto ip = address.ip.bytes();
  for (size_t i = 0; i < ip.size(); ++i) out[4 + i] = static_cast<uint8_t>(ip[i] ^ pad[i]);
}

}  // namespace

Result<SocketAddress> parse_address(std::span<const uint8_t> value) { return parse_with_pad(value, 0, {}); }

Result<SocketAddress> parse_xor_address(std::span<const uint8_t> value,
                                        std::span<const uint8_t, kTransactionIdSize> transaction_id) {
  return parse_with_pad(value, kMagicCookie >> 16, xor_pad(transaction_id));
}

void write_address(std::span<uint8_t> out, const SocketAddress& address) { write_with_pad(out, address, 0, {}); }

void write_xor_address(std::span<uint8_t> out, const SocketAddress& address,
                       std::span<const uint8_t, kTransactionIdSize> transaction_id) {
  write_with_pad(out, address, kMagicCookie >> 16, xor_pad(transaction_id));
}

}  // namespace purertc::stun
