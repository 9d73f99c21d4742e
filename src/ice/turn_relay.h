// A relayed candidate's transport (RFC 8445 5.1.1.2, RFC 8656): one TURN allocation, with the permission
// and channel bookkeeping an ICE agent should not have to do. send() to a peer binds a channel to it on
// first use (which also installs the permission, RFC 8656 12) and queues the data until the permission
// exists; afterwards data goes out as ChannelData once the channel is bound and as Send indications
// before. Data from peers comes back unwrapped from handle_input(). Sans-IO over stun::TurnClient: the
// owner sends every ServerTransmit to the TURN server from the socket the allocation was made on.
//
//   kIdle --allocate()--> kAllocating --success--> kAllocated --close()--> kClosed
//                              |  401/438 handled inside TurnClient
//                              +--error, or no answer within allocate_timeout--> kFailed
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "common/random.h"
#include "common/result.h"
#include "common/socket_address.h"
#include "common/timestamp.h"
#include "stun/turn/turn_client.h"

namespace purertc::ice {

struct TurnRelaySettings {
  stun::TurnClientSettings turn;
  Duration allocate_timeout = Duration::seconds(10);
  size_t max_queued_bytes = 64 * 1024;  // all peers together, waiting for permissions
};

struct ServerTransmit {
  std::vector<uint8_t> data;
};
struct RelayAllocated {
  SocketAddress relayed;
  SocketAddress mapped;
};
struct RelayFailed {
  uint16_t error_code = 0;  // 0: timed out
  std::string reason;
};
using RelayOutput = std::variant<ServerTransmit, RelayAllocated, RelayFailed>;

enum class RelayState { kIdle, kAllocating, kAllocated, kFailed, kClosed };
std::string_view to_string(RelayState state);

struct RelayStats {
  uint64_t queued = 0;        // datagrams that waited for a permission
  uint64_t queue_drops = 0;   // datagrams dropped: queue full, or the permission/channel was refused
  uint64_t sent_channel = 0;  // as ChannelData
  uint64_t sent_indication = 0;
};

class TurnRelay {
 public:
  TurnRelay(TurnRelaySettings settings, Random& random);

  // Errors: kWrongState unless kIdle.
  Status allocate(Timestamp now);

  // Application data (or an ICE check) for `peer` through the relay. Returns the framed datagram to send
  // to the server now, or an empty span when it was queued for the permission; the span is valid until
  // the next call. Errors: kWrongState (not allocated), kLimitExceeded (queue full; dropped),
  // kInvalidArgument (too long for ChannelData).
  Result<std::span<const uint8_t>> send(const SocketAddress& peer, std::span<const uint8_t> data, Timestamp now);

  // A datagram from the TURN server. Peer data is returned as a view into `bytes`; STUN responses and
  // anything malformed return nullopt (their effects appear in poll_output()).
  std::optional<stun::TurnPeerData> handle_input(std::span<const uint8_t> bytes, Timestamp now);
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;
  std::optional<RelayOutput> poll_output();

  // Releases the allocation (a Refresh with LIFETIME 0 shows up in poll_output()). Idempotent.
  void close(Timestamp now);

  RelayState state() const { return state_; }
  const SocketAddress& relayed_address() const { return client_.relayed_address(); }
  const SocketAddress& mapped_address() const { return client_.mapped_address(); }
  const RelayStats& stats() const { return stats_; }
  const stun::TurnClient& client() const { return client_; }

 private:
  struct Queued {
    SocketAddress peer;
    std::vector<uint8_t> data;
  };
  void drain_client(Timestamp now);
  void flush_queue();
  void drop_queue(const SocketAddress& peer);

  TurnRelaySettings settings_;
  stun::TurnClient client_;
  RelayState state_ = RelayState::kIdle;
  Timestamp allocate_deadline_ = Timestamp::infinite();
  std::deque<Queued> queue_;
  size_t queued_bytes_ = 0;
  std::vector<uint8_t> scratch_;
  std::deque<RelayOutput> outputs_;
  RelayStats stats_;
};

}  // namespace purertc::ice
