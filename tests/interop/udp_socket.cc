#include "tests/interop/udp_socket.h"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace purertc::interop {

std::string to_string(const Endpoint& e) { return e.ip + ":" + std::to_string(e.port); }

UdpSocket::UdpSocket(uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  socklen_t len = sizeof addr;
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  local_.port = ntohs(addr.sin_port);
}

UdpSocket::~UdpSocket() {
  if (fd_ >= 0) ::close(fd_);
}

bool UdpSocket::send_to(std::span<const uint8_t> data, const Endpoint& to) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(to.port);
  if (::inet_pton(AF_INET, to.ip.c_str(), &addr.sin_addr) != 1) return false;
  return ::sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr) ==
         static_cast<ssize_t>(data.size());
}

std::optional<Datagram> UdpSocket::receive(Duration timeout) {
  pollfd p{fd_, POLLIN, 0};
  int ms = static_cast<int>(timeout.us() <= 0 ? 0 : (timeout.us() + 999) / 1000);
  if (::poll(&p, 1, ms) <= 0) return std::nullopt;
  Datagram d;
  d.data.resize(65536);
  sockaddr_in from{};
  socklen_t len = sizeof from;
  ssize_t n = ::recvfrom(fd_, d.data.data(), d.data.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
  if (n < 0) return std::nullopt;
  d.data.resize(static_cast<size_t>(n));
  char ip[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip);
  d.from = {ip, ntohs(from.sin_port)};
  return d;
}

Timestamp wall_now() {
  return Timestamp::from_micros(std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now().time_since_epoch())
                                    .count());
}

}  // namespace purertc::interop
