#include "pc/sockaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace purertc::pc {

socklen_t to_sockaddr(const SocketAddress& address, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  if (address.ip.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&out);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(address.port);
    std::memcpy(&sin->sin_addr, address.ip.bytes().data(), 4);
    return sizeof(sockaddr_in);
  }
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&out);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons(address.port);
  std::memcpy(&sin6->sin6_addr, address.ip.bytes().data(), 16);
  return sizeof(sockaddr_in6);
}

std::optional<SocketAddress> from_sockaddr(const sockaddr* in, socklen_t length) {
  if (in == nullptr || length < static_cast<socklen_t>(sizeof(sa_family_t))) return std::nullopt;
  if (in->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in sin;
    std::memcpy(&sin, in, sizeof sin);
    auto ip = IpAddress::from_bytes({reinterpret_cast<const uint8_t*>(&sin.sin_addr), 4});
    return SocketAddress{*ip, ntohs(sin.sin_port)};
  }
  if (in->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 sin6;
    std::memcpy(&sin6, in, sizeof sin6);
    auto ip = IpAddress::from_bytes({reinterpret_cast<const uint8_t*>(&sin6.sin6_addr), 16});
    return SocketAddress{*ip, ntohs(sin6.sin6_port)};
  }
  return std::nullopt;
}

}  // namespace purertc::pc
