// coturn (Debian `coturn`) on 127.0.0.1 for the gathering tests, through the interop harness: started
// with a fresh config under `timeout`, stopped by PID when the object goes away. Facts from PEERS.md:
// allow-loopback-peers is required to relay between 127.0.0.1 addresses, and the long-term user is static.
#pragma once

#include <poll.h>

#include <memory>
#include <string>

#include "common/random.h"
#include "pc/udp_socket.h"
#include "stun/packet/message_builder.h"
#include "tests/interop/process.h"

namespace purertc::pc::testing {

class Coturn {
 public:
  static constexpr const char* kUser = "alice";
  static constexpr const char* kPassword = "secret";

  // False (with the reason in error()) when turnserver is missing or never answers.
  bool start() {
    if (!interop::have_program("turnserver")) {
      error_ = "turnserver not found (apt install coturn)";
      return false;
    }
    port_ = static_cast<uint16_t>(interop::free_udp_port());
    // A relay range away from the kernel's ephemeral ports (32768-60999) that our sockets get.
    const int relay_lo = 61000 + (port_ % 20) * 200;
    dir_.write("turnserver.conf",
               "listening-ip=127.0.0.1\nrelay-ip=127.0.0.1\nlistening-port=" + std::to_string(port_) +
                   "\nmin-port=" + std::to_string(relay_lo) + "\nmax-port=" + std::to_string(relay_lo + 199) +
                   "\nrealm=purertc.test\nlt-cred-mech\nuser=" + kUser + ":" + kPassword +
                   "\nfingerprint\nallow-loopback-peers\nno-tls\nno-dtls\nno-tcp\nno-cli\nno-rfc5780\n"
                   "userdb=" + dir_.file("turndb") + "\npidfile=" + dir_.file("turnserver.pid") +
                   "\nlog-file=stdout\nsimple-log\n");
    interop::ProcessOptions options;
    options.timeout = Duration::seconds(120);
    process_ = std::make_unique<interop::Process>(
        std::vector<std::string>{"turnserver", "-c", dir_.file("turnserver.conf")}, options);
    if (!process_->started()) {
      error_ = process_->error();
      return false;
    }
    if (!wait_ready()) {
      error_ = "coturn never answered a Binding request:\n" + process_->output();
      return false;
    }
    return true;
  }

  SocketAddress address() const { return SocketAddress{IpAddress::v4(127, 0, 0, 1), port_}; }
  const std::string& error() const { return error_; }
  std::string output() const { return process_ ? process_->output() : std::string(); }

 private:
  // Ready once a Binding request is answered: coturn takes a moment to open its sockets.
  bool wait_ready() {
    auto socket = UdpSocket::bind(SocketAddress{IpAddress::v4(127, 0, 0, 1), 0});
    if (!socket) return false;
    SeededRandom random(99);
    ReceiveBatch batch;
    for (int attempt = 0; attempt < 100; ++attempt) {
      uint8_t buf[64];
      stun::MessageBuilder b(buf, stun::MessageType(stun::Method::kBinding, stun::MessageClass::kRequest),
                             stun::random_transaction_id(random));
      auto msg = b.finish();
      const OutgoingDatagram d{address(), *msg};
      (void)socket->send(std::span(&d, 1));
      pollfd p{socket->fd(), POLLIN, 0};
      if (::poll(&p, 1, 100) == 1) {
        auto n = socket->receive(batch);
        if (n && *n > 0) return true;
      }
    }
    return false;
  }

  interop::TempDir dir_;
  std::unique_ptr<interop::Process> process_;
  uint16_t port_ = 0;
  std::string error_;
};

}  // namespace purertc::pc::testing
