// The socket side of mDNS (RFC 6762): a UDP socket on port 5353 that has joined 224.0.0.251 on the given
// interfaces. SO_REUSEADDR/SO_REUSEPORT let it coexist with a system responder (avahi) and with other
// gatherers in the process; multicast datagrams reach every such socket. Multicast loop is on, so two
// gatherers on one machine (and tests on loopback) hear each other. IPv4 only: an IPv4 query still
// returns AAAA answers, and every responder we meet (browsers, avahi) listens on IPv4.
// Threading: use from one thread (the event loop's). Lifetime: owns its fd.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/socket_address.h"
#include "pc/sys_error.h"

namespace purertc::pc {

class MdnsSocket {
 public:
  // Errors: socket/setsockopt/bind with errno, or EADDRNOTAVAIL when no interface could join the group.
  static SysResult<MdnsSocket> open(const std::vector<IpAddress>& interfaces, uint16_t port);
  MdnsSocket(MdnsSocket&& other) noexcept;
  MdnsSocket& operator=(MdnsSocket&& other) noexcept;
  MdnsSocket(const MdnsSocket&) = delete;
  MdnsSocket& operator=(const MdnsSocket&) = delete;
  ~MdnsSocket();

  int fd() const { return fd_; }
  // Sends to the group once on every joined interface; returns how many sends the kernel accepted.
  size_t send(std::span<const uint8_t> bytes, const SocketAddress& group);
  // One waiting datagram into `buf` (its length), 0 when none is waiting; truncated datagrams are
  // dropped (mDNS messages here are far below the buffer size).
  size_t receive(std::span<uint8_t> buf);

 private:
  MdnsSocket(int fd, std::vector<IpAddress> interfaces) : fd_(fd), interfaces_(std::move(interfaces)) {}
  int fd_ = -1;
  std::vector<IpAddress> interfaces_;
};

}  // namespace purertc::pc
