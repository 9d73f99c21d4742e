#include "ice/stun_address.h"

#include <algorithm>

namespace purertc::ice {

stun::SocketAddress to_stun(const SocketAddress& a) {
  auto bytes = a.ip.bytes();
  if (a.ip.is_v4()) {
    std::array<uint8_t, 4> ip{};
    std::copy(bytes.begin(), bytes.end(), ip.begin());
    return stun::SocketAddress::ipv4(ip, a.port);
  }
  std::array<uint8_t, 16> ip{};
  std::copy(bytes.begin(), bytes.end(), ip.begin());
  return stun::SocketAddress::ipv6(ip, a.port);
}

SocketAddress from_stun(const stun::SocketAddress& a) {
  return SocketAddress{*IpAddress::from_bytes(a.ip_bytes()), a.port};
}

}  // namespace purertc::ice
