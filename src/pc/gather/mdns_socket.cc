#include "pc/gather/mdns_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "pc/sockaddr.h"

namespace purertc::pc {

namespace {

in_addr to_in_addr(const IpAddress& ip) {
  in_addr a{};
  std::memcpy(&a.s_addr, ip.bytes().data(), 4);
  return a;
}

}  // namespace

SysResult<MdnsSocket> MdnsSocket::open(const std::vector<IpAddress>& interfaces, uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return sys_error("socket");
  auto fail = [fd](const char* call) {
    const int err = errno;
    ::close(fd);
    return sys_error(call, err);
  };
  const int one = 1;
  if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) return fail("setsockopt(SO_REUSEADDR)");
  if (::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) return fail("setsockopt(SO_REUSEPORT)");
  const uint8_t loop = 1, ttl = 255;  // RFC 6762 11: TTL 255
  if (::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop) != 0) return fail("setsockopt(IP_MULTICAST_LOOP)");
  if (::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) != 0) return fail("setsockopt(IP_MULTICAST_TTL)");
  sockaddr_storage addr;
  const socklen_t length = to_sockaddr(SocketAddress{IpAddress::v4(0, 0, 0, 0), port}, addr);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), length) != 0) return fail("bind");
  std::vector<IpAddress> joined;
  for (const auto& ip : interfaces) {
    if (!ip.is_v4()) continue;
    ip_mreq mreq{};
    mreq.imr_multiaddr.s_addr = htonl(0xe00000fb);  // 224.0.0.251
    mreq.imr_interface = to_in_addr(ip);
    // EADDRINUSE: this socket already joined on that interface (two addresses on one interface).
    if (::setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq) == 0 || errno == EADDRINUSE) {
      joined.push_back(ip);
    }
  }
  if (joined.empty()) {
    ::close(fd);
    return sys_error("setsockopt(IP_ADD_MEMBERSHIP)", EADDRNOTAVAIL);
  }
  return MdnsSocket(fd, std::move(joined));
}

MdnsSocket::MdnsSocket(MdnsSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), interfaces_(std::move(other.interfaces_)) {}

MdnsSocket& MdnsSocket::operator=(MdnsSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    interfaces_ = std::move(other.interfaces_);
  }
  return *this;
}

MdnsSocket::~MdnsSocket() {
  if (fd_ >= 0) ::close(fd_);
}

size_t MdnsSocket::send(std::span<const uint8_t> bytes, const SocketAddress& group) {
  sockaddr_storage to;
  const socklen_t length = to_sockaddr(group, to);
  size_t sent = 0;
  for (const auto& ip : interfaces_) {
    const in_addr a = to_in_addr(ip);
    if (::setsockopt(fd_, IPPROTO_IP, IP_MULTICAST_IF, &a, sizeof a) != 0) continue;
    if (::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to), length) ==
        static_cast<ssize_t>(bytes.size())) {
      ++sent;
    }
  }
  return sent;
}

size_t MdnsSocket::receive(std::span<uint8_t> buf) {
  for (;;) {
    const ssize_t n = ::recv(fd_, buf.data(), buf.size(), MSG_TRUNC);
    if (n < 0) return 0;  // EAGAIN, or an error the next readiness will show again
    if (static_cast<size_t>(n) > buf.size()) continue;  // truncated: drop it
    if (n == 0) continue;
    return static_cast<size_t>(n);
  }
}

}  // namespace purertc::pc
