// A plain UDP socket on 127.0.0.1 for interop tests: the I/O that protocol modules never do themselves.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/timestamp.h"

namespace purertc::interop {

struct Endpoint {
  std::string ip = "127.0.0.1";
  uint16_t port = 0;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

std::string to_string(const Endpoint& e);  // "127.0.0.1:5000"

struct Datagram {
  std::vector<uint8_t> data;
  Endpoint from;
};

class UdpSocket {
 public:
  // Binds to 127.0.0.1:port (0: any free port). Check ok() afterwards.
  explicit UdpSocket(uint16_t port = 0);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  Endpoint local() const { return local_; }

  bool send_to(std::span<const uint8_t> data, const Endpoint& to);
  // Waits up to `timeout` for one datagram.
  std::optional<Datagram> receive(Duration timeout);

 private:
  int fd_ = -1;
  Endpoint local_;
};

// Monotonic wall-clock time as a protocol Timestamp, for tests that drive sans-IO engines over real
// sockets (only tests/interop and src/pc may read a clock).
Timestamp wall_now();

}  // namespace purertc::interop
