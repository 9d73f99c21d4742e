// MAPPED-ADDRESS / ALTERNATE-SERVER (RFC 8489 14.1, 14.15) and their XOR forms: XOR-MAPPED-ADDRESS
// (RFC 8489 14.2), XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS (RFC 8656 18.3, 18.5).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |0 0 0 0 0 0 0 0|    Family     |         Port (or X-Port)      |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Address (or X-Address): 32 bits or 128 bits          |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The XOR forms xor the port with the top 16 bits of the magic cookie and the address with the magic
// cookie (IPv4) or the magic cookie followed by the transaction id (IPv6), so that NATs rewriting
// addresses they find in payloads leave them alone.
#pragma once

#include <cstdint>
#include <span>

#include "common/result.h"
#include "common/socket_address.h"
#include "stun/packet/attribute_type.h"

namespace purertc::stun {

constexpr uint32_t kMagicCookie = 0x2112a442;
constexpr size_t kTransactionIdSize = 12;

// Whether an address attribute type carries the XOR-obfuscated form.
constexpr bool is_xor_address(AttributeType type) {
  return type == AttributeType::kXorMappedAddress || type == AttributeType::kXorPeerAddress ||
         type == AttributeType::kXorRelayedAddress;
}

// The Family byte (RFC 8489 14.1): STUN's own codes, not the IP version numbers IpFamily uses.
constexpr uint8_t kStunFamilyIpv4 = 0x01;
constexpr uint8_t kStunFamilyIpv6 = 0x02;

constexpr uint8_t stun_family_code(IpFamily family) {
  return family == IpFamily::kV4 ? kStunFamilyIpv4 : kStunFamilyIpv6;
}

// Value size on the wire: 8 for IPv4, 20 for IPv6.
constexpr size_t address_value_size(IpFamily family) { return family == IpFamily::kV4 ? 8 : 20; }

// Errors: kTruncated (shorter than the family needs), kMalformed (unknown family, or a length that does
// not match the family).
Result<SocketAddress> parse_address(std::span<const uint8_t> value);
Result<SocketAddress> parse_xor_address(std::span<const uint8_t> value,
                                        std::span<const uint8_t, kTransactionIdSize> transaction_id);

// Writes address_value_size(address.ip.family()) bytes at out (the caller has checked the size).
void write_address(std::span<uint8_t> out, const SocketAddress& address);
void write_xor_address(std::span<uint8_t> out, const SocketAddress& address,
                       std::span<const uint8_t, kTransactionIdSize> transaction_id);

}  // namespace purertc::stun
