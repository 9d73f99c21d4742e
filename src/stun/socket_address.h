// SocketAddress: an IPv4 or IPv6 address and a port, as STUN address attributes carry them (RFC 8489
// 14.1/14.2). STUN is the lowest module that needs one; ICE and pc use the same type.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace purertc::stun {

// The values are the STUN wire family codes (RFC 8489 14.1).
enum class AddressFamily : uint8_t { kIpv4 = 0x01, kIpv6 = 0x02 };

std::string_view to_string(AddressFamily family);

struct SocketAddress {
  AddressFamily family = AddressFamily::kIpv4;
  std::array<uint8_t, 16> ip{};  // network byte order; IPv4 uses the first 4 bytes, the rest stay zero
  uint16_t port = 0;

  static SocketAddress ipv4(std::array<uint8_t, 4> ip, uint16_t port);
  static SocketAddress ipv6(const std::array<uint8_t, 16>& ip, uint16_t port);

  size_t ip_size() const { return family == AddressFamily::kIpv4 ? 4 : 16; }
  std::span<const uint8_t> ip_bytes() const { return {ip.data(), ip_size()}; }

  friend bool operator==(const SocketAddress&, const SocketAddress&) = default;
};

// "192.0.2.1:32853" or "[2001:db8:0:0:0:0:0:1]:443" (IPv6 groups unabbreviated; this is for logs).
std::string to_string(const SocketAddress& address);

}  // namespace purertc::stun
