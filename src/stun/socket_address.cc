#include "stun/socket_address.h"

#include <cstdio>

namespace purertc::stun {

std::string_view to_string(AddressFamily family) {
  switch (family) {
    case AddressFamily::kIpv4: return "IPv4";
    case AddressFamily::kIpv6: return "IPv6";
  }
  return "unknown family";
}

SocketAddress SocketAddress::ipv4(std::array<uint8_t, 4> ip, uint16_t port) {
  SocketAddress a;
  a.family = AddressFamily::kIpv4;
  for (size_t i = 0; i < 4; ++i) a.ip[i] = ip[i];
  a.port = port;
  return a;
}

SocketAddress SocketAddress::ipv6(const std::array<uint8_t, 16>& ip, uint16_t port) {
  SocketAddress a;
  a.family = AddressFamily::kIpv6;
  a.ip = ip;
  a.port = port;
  return a;
}

std::string to_string(const SocketAddress& address) {
  char buf[64];
  const auto& b = address.ip;
  if (address.family == AddressFamily::kIpv4) {
    std::snprintf(buf, sizeof(buf), "%u.%u.%u.%u:%u", b[0], b[1], b[2], b[3], address.port);
  } else {
    std::snprintf(buf, sizeof(buf), "[%x:%x:%x:%x:%x:%x:%x:%x]:%u", (b[0] << 8) | b[1], (b[2] << 8) | b[3],
                  (b[4] << 8) | b[5], (b[6] << 8) | b[7], (b[8] << 8) | b[9], (b[10] << 8) | b[11],
                  (b[12] << 8) | b[13], (b[14] << 8) | b[15], address.port);
  }
  return buf;
}

}  // namespace purertc::stun
