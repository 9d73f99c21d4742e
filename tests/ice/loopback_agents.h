// Drives purertc ICE agents over real UDP sockets on 127.0.0.1 (one socket per agent, its host
// candidate), for the interop tests: the minimal event loop the PeerConnection layer will provide.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "ice/agent.h"
#include "tests/interop/udp_socket.h"

namespace purertc::ice::testing {

class LoopbackAgent {
 public:
  LoopbackAgent(AgentSettings settings, Random& random)
      : socket_(0), agent_(std::move(settings), Credentials::generate(random), random) {
    candidate_.type = CandidateType::kHost;
    candidate_.address = SocketAddress{*IpAddress::parse("127.0.0.1"), socket_.local().port};
    candidate_.base = candidate_.address;
    candidate_.priority = candidate_priority(CandidateType::kHost, 65535, 1);
    candidate_.foundation = candidate_foundation(CandidateType::kHost, candidate_.address.ip, std::nullopt,
                                                 TransportProtocol::kUdp);
    agent_.add_local_candidate(candidate_, interop::wall_now());
  }

  Agent& agent() { return agent_; }
  const Candidate& candidate() const { return candidate_; }
  bool ok() const { return socket_.ok(); }
  interop::UdpSocket& socket() { return socket_; }
  // Non-STUN datagrams received (application data once connected).
  std::vector<std::vector<uint8_t>>& app_data() { return app_data_; }

  // One turn of the loop: sends what the agent wants sent, waits up to `wait` for a datagram, runs timers.
  void step(Duration wait) {
    flush();
    Timestamp now = interop::wall_now();
    Timestamp deadline = agent_.next_timeout();
    Duration until = deadline.is_infinite() ? wait : std::min(wait, std::max(Duration::zero(), deadline - now));
    if (auto d = socket_.receive(until)) {
      SocketAddress from{*IpAddress::parse(d->from.ip), d->from.port};
      if (!d->data.empty() && d->data[0] < 4) {
        agent_.handle_stun(d->data, candidate_.base, from, interop::wall_now());
      } else {
        app_data_.push_back(std::move(d->data));
      }
    }
    agent_.handle_timeout(interop::wall_now());
    flush();
  }

  void send_app_data(std::span<const uint8_t> data) {
    if (const auto* pair = agent_.selected_pair()) {
      socket_.send_to(data, {pair->remote.address.ip.to_string(), pair->remote.address.port});
    }
  }

  bool connected() const {
    return agent_.state() == ConnectionState::kConnected || agent_.state() == ConnectionState::kCompleted;
  }

 private:
  void flush() {
    while (auto out = agent_.poll_output()) {
      if (auto* t = std::get_if<Transmit>(&*out)) {
        socket_.send_to(t->data, {t->to.ip.to_string(), t->to.port});
      }
    }
  }

  interop::UdpSocket socket_;
  Agent agent_;
  Candidate candidate_;
  std::vector<std::vector<uint8_t>> app_data_;
};

}  // namespace purertc::ice::testing
