// Server-reflexive candidate discovery (RFC 8445 5.1.1.2): a STUN Binding request from a host candidate's
// base to each configured STUN server; the XOR-MAPPED-ADDRESS of the answer is the srflx candidate.
// Sans-IO: the owner sends what poll_output() returns from the base it names, feeds every datagram that
// arrives on a base to handle_input() (which consumes only answers to its own requests), and calls
// handle_timeout() at next_timeout(). Requests are retransmitted on the RFC 8489 schedule and given up
// after `timeout`, so gathering never waits for a dead server longer than that.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "common/random.h"
#include "common/result.h"
#include "common/socket_address.h"
#include "common/timestamp.h"
#include "stun/client_transactions.h"

namespace purertc::ice {

struct SrflxSettings {
  stun::TransactionSettings transactions;
  Duration timeout = Duration::seconds(5);  // per request, from its first send
  size_t max_requests = 64;                 // outstanding at once (bases x servers)
  std::string software;                     // SOFTWARE attribute; empty: none
};

struct SrflxTransmit {
  SocketAddress from;  // the base to send from
  SocketAddress to;    // the STUN server
  std::vector<uint8_t> data;
};
// The outcome of one request: the mapped address, or nullopt when the server failed or never answered.
struct SrflxResult {
  SocketAddress base;
  SocketAddress server;
  std::optional<SocketAddress> mapped;
};
using SrflxOutput = std::variant<SrflxTransmit, SrflxResult>;

struct SrflxStats {
  uint64_t requests = 0, answered = 0, errors = 0, timeouts = 0, dropped_malformed = 0;
};

class ServerReflexiveDiscovery {
 public:
  ServerReflexiveDiscovery(SrflxSettings settings, Random& random);

  // Queues a Binding request from `base` to `server`. Errors: kInvalidArgument (address families
  // differ), kLimitExceeded past max_requests.
  Status start(const SocketAddress& base, const SocketAddress& server, Timestamp now);

  // A datagram that arrived on `base` from `from`. True when it was the answer to one of our requests
  // (consumed); false for everything else, which the owner handles as usual.
  bool handle_input(std::span<const uint8_t> data, const SocketAddress& base, const SocketAddress& from,
                    Timestamp now);
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;
  std::optional<SrflxOutput> poll_output();

  size_t outstanding() const { return requests_.size(); }
  const SrflxStats& stats() const { return stats_; }

 private:
  struct Request {
    SocketAddress base;
    SocketAddress server;
    Timestamp deadline;
  };
  void finish(const stun::TransactionId& id, std::optional<SocketAddress> mapped);

  SrflxSettings settings_;
  Random& random_;
  stun::ClientTransactions transactions_;
  std::map<stun::TransactionId, Request> requests_;
  std::deque<SrflxOutput> outputs_;
  SrflxStats stats_;
};

}  // namespace purertc::ice
