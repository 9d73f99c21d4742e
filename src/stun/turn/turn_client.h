// TURN client (RFC 8656) for one allocation on one server, as a sans-IO state machine. The caller owns the
// socket to the server: it feeds every datagram (or stream frame) from the server to handle_input(),
// sends what poll_output() yields, and calls handle_timeout() at next_timeout().
//
//                allocate()
//   kIdle ────────────────────> kAllocating ──401 (REALM, NONCE)──> retry with credentials
//                                   │   │                           438 (new NONCE) ──> retry
//                  success (relayed │   └── error (401 after credentials, 437, 441, 486, 508...)
//                  address, LIFETIME)          or timeout ──> kFailed  [event kAllocationFailed]
//                                   v
//                              kAllocated ── Refresh at expiry - refresh_margin ──┐
//                                   │    <──────── success ───────────────────────┘
//                                   │    error/timeout on Refresh ──> kFailed [kAllocationFailed]
//                          close()  │
//                                   v
//                              kClosing ── Refresh(LIFETIME=0) answered or timed out ──> kClosed
//
// While allocated: create_permission() installs a permission (CreatePermission, refreshed every
// permission_refresh); bind_channel() binds a channel (ChannelBind, refreshed every channel_refresh; it
// also installs the permission). Application data goes out through wrap(), as ChannelData when the
// peer's channel is bound and as a Send indication otherwise; what comes back is returned by
// handle_input() as a view into the caller's buffer, so the data path copies once and allocates nothing.
//
// Over TCP/TLS (framing kStream) the caller cuts the byte stream into frames with stun_message_size() and
// channel_data_frame_size() and passes one frame per handle_input(); requests are then not retransmitted.
//
// Every authenticated request goes through the long-term credential mechanism (RFC 8489 9.2): the first
// Allocate goes without credentials, the 401 supplies REALM and NONCE (and, from an RFC 8489 server with
// the nonce cookie, PASSWORD-ALGORITHMS and username anonymity), and any request answered with 438
// Stale Nonce is retried with the new nonce. Success responses to authenticated requests must carry a
// valid MESSAGE-INTEGRITY(-SHA256); responses that fail it are dropped and the transaction keeps waiting.
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
#include "crypto/hmac.h"
#include "stun/client_transactions.h"
#include "stun/packet/message.h"
#include "stun/packet/password_algorithms.h"
#include "stun/turn/channel_data.h"

namespace purertc::stun {

struct TurnClientSettings {
  std::string username;
  std::string password;
  std::string software = "purertc";
  TurnFraming framing = TurnFraming::kDatagram;  // kStream for TURN over TCP/TLS
  Duration requested_lifetime = Duration::seconds(600);
  Duration refresh_margin = Duration::seconds(60);        // refresh the allocation this long before expiry
  Duration permission_refresh = Duration::seconds(240);   // permissions last 300 s (RFC 8656 9)
  Duration channel_refresh = Duration::seconds(540);      // channel bindings last 600 s (RFC 8656 12)
  size_t max_permissions = 64;
  size_t max_channels = 64;
  int max_stale_nonce_retries = 3;  // 438 answers per request before giving up
  bool fingerprint = true;          // add FINGERPRINT to what the client sends
  TransactionSettings transactions;
};

enum class TurnState { kIdle, kAllocating, kAllocated, kClosing, kClosed, kFailed };
std::string_view to_string(TurnState state);

struct TurnEvent {
  enum class Kind {
    kAllocated,          // relayed, mapped, lifetime
    kAllocationFailed,   // error_code (0: timed out), reason; the client is kFailed
    kPermissionCreated,  // peer
    kPermissionFailed,   // peer, error_code, reason
    kChannelBound,       // peer, channel
    kChannelBindFailed,  // peer, channel, error_code, reason
    kClosed,             // the allocation was released (or given up on) after close()
  };
  Kind kind = Kind::kAllocated;
  SocketAddress peer{};
  SocketAddress relayed{};
  SocketAddress mapped{};
  Duration lifetime{};
  uint16_t channel = 0;
  uint16_t error_code = 0;
  std::string reason{};
  std::optional<SocketAddress> alternate_server{};  // kAllocationFailed with 300 Try Alternate
};
std::string_view to_string(TurnEvent::Kind kind);

// A datagram to send to the server; the view is valid until the next call on the client.
struct TurnTransmit {
  std::span<const uint8_t> bytes;
};
using TurnOutput = std::variant<TurnTransmit, TurnEvent>;

// Application data relayed from a peer; the view points into the buffer given to handle_input().
struct TurnPeerData {
  SocketAddress peer;
  std::span<const uint8_t> data;
  bool via_channel = false;
};

struct TurnStats {
  uint64_t dropped_malformed = 0;       // unparsable STUN or ChannelData
  uint64_t dropped_unauthenticated = 0; // responses failing integrity or fingerprint
  uint64_t dropped_unmatched = 0;       // responses to no outstanding request (late, duplicate, unknown)
  uint64_t dropped_no_permission = 0;   // data from a peer without permission, or on an unbound channel
};

class TurnClient {
 public:
  TurnClient(TurnClientSettings settings, Random& random);

  // Starts the allocation. Errors: kWrongState unless kIdle.
  Status allocate(Timestamp now);
  // Installs (or refreshes) a permission for the peer's IP address (the port is ignored, RFC 8656 9).
  // Errors: kWrongState unless kAllocated, kLimitExceeded past max_permissions.
  Status create_permission(const SocketAddress& peer, Timestamp now);
  // Binds a channel to the peer (and installs its permission) and returns the channel number; binding
  // an already bound peer returns its number. Errors: kWrongState, kLimitExceeded past max_channels.
  Result<uint16_t> bind_channel(const SocketAddress& peer, Timestamp now);
  // Releases the allocation (Refresh with LIFETIME 0); kClosed follows. Harmless in any state.
  void close(Timestamp now);

  // Frames application data for the peer into `out`: ChannelData if its channel is bound, else a Send
  // indication. Errors: kWrongState (not allocated, or no permission for the peer), kBufferTooSmall,
  // kInvalidArgument (data too long).
  Result<std::span<uint8_t>> wrap(const SocketAddress& peer, std::span<const uint8_t> data, std::span<uint8_t> out);

  // A datagram (or stream frame) from the server. Returns the peer data it carried, if any. Bad input is
  // dropped and counted in stats().
  std::optional<TurnPeerData> handle_input(std::span<const uint8_t> bytes, Timestamp now);
  void handle_timeout(Timestamp now);
  std::optional<TurnOutput> poll_output();
  Timestamp next_timeout() const;

  TurnState state() const { return state_; }
  const SocketAddress& relayed_address() const { return relayed_; }
  const SocketAddress& mapped_address() const { return mapped_; }
  const TurnStats& stats() const { return stats_; }
  // Whether the permission for this peer's IP is installed, and the peer's bound channel (0 if none).
  bool has_permission(const SocketAddress& peer) const;
  uint16_t channel_for(const SocketAddress& peer) const;

 private:
  enum class RequestKind { kAllocate, kRefresh, kCreatePermission, kChannelBind };
  struct Pending {
    TransactionId id;
    RequestKind kind;
    SocketAddress peer;
    uint16_t channel = 0;
    uint32_t lifetime = 0;
    bool authenticated = false;
    int stale_retries = 0;
  };
  struct Permission {
    SocketAddress ip;  // port 0
    bool installed = false;
    bool pending = false;
    Timestamp refresh_at = Timestamp::infinite();
  };
  struct Channel {
    uint16_t number;
    SocketAddress peer;
    bool bound = false;
    bool pending = false;
    Timestamp refresh_at = Timestamp::infinite();
  };

  void send_request(RequestKind kind, const SocketAddress& peer, uint16_t channel, uint32_t lifetime,
                    int stale_retries, Timestamp now);
  void handle_message(const MessageView& m, Timestamp now);
  void handle_success(const Pending& p, const MessageView& m, Timestamp now);
  void handle_error(const Pending& p, uint16_t code, std::string_view reason);
  // Takes REALM/NONCE (and the RFC 8489 extras) from a 401/438 and derives the keys.
  bool learn_credentials(const MessageView& m);
  bool verify_response(const MessageView& m);
  void fail(uint16_t code, std::string_view reason);
  void emit(TurnEvent e) { events_.push_back(std::move(e)); }
  Permission* find_permission(const SocketAddress& peer);
  const Permission* find_permission(const SocketAddress& peer) const;
  Channel* find_channel_by_peer(const SocketAddress& peer);
  Channel* find_channel(uint16_t number);
  Permission& ensure_permission(const SocketAddress& peer);

  TurnClientSettings settings_;
  Random& random_;
  ClientTransactions transactions_;
  TurnState state_ = TurnState::kIdle;

  // Long-term credential state, learned from the server.
  std::string realm_;
  std::string nonce_;
  std::vector<uint8_t> password_algorithms_;  // raw PASSWORD-ALGORITHMS to echo, empty if none
  PasswordAlgorithm password_algorithm_ = PasswordAlgorithm::kMd5;
  bool rfc8489_server_ = false;  // nonce cookie seen: use MESSAGE-INTEGRITY-SHA256
  bool use_userhash_ = false;
  std::vector<uint8_t> userhash_;
  std::optional<crypto::HmacKey> key_sha1_;
  std::optional<crypto::HmacKey> key_sha256_;

  SocketAddress relayed_;
  SocketAddress mapped_;
  std::optional<SocketAddress> alternate_server_;
  Timestamp refresh_at_ = Timestamp::infinite();
  bool refresh_pending_ = false;

  std::vector<Pending> pending_;
  std::vector<Permission> permissions_;
  std::vector<Channel> channels_;
  uint16_t next_channel_ = kMinChannelNumber;
  std::deque<TurnEvent> events_;
  TurnStats stats_;
};

}  // namespace purertc::stun
