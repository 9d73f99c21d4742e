// Client transactions (RFC 8489 section 6.2) as a sans-IO state machine: requests are sent, retransmitted
// on the RFC 8489 schedule and expire; responses are matched by transaction id. The owner (an ICE agent,
// a TURN client) parses incoming messages itself and asks handle_response() whether a response belongs to
// an outstanding transaction; a late or duplicate response is then simply not matched.
//
// Per transaction, over an unreliable transport (6.2.1), with RTO = initial_rto, Rc = 7, Rm = 16:
//
//   start ──send──> [waiting] ──RTO──> send ──2·RTO──> send ── ... (Rc sends in all) ──Rm·RTO──> timed out
//                       │
//                       └── handle_response(id) ──> done (later responses with that id: not matched)
//
// so with RTO = 500 ms the sends go out at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s and the transaction
// times out at 39.5 s. Over a reliable transport (6.2.2) the request is sent once and times out after
// Ti = 39.5 s.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "common/result.h"
#include "common/timestamp.h"
#include "stun/packet/message.h"

namespace purertc::stun {

struct TransactionSettings {
  Duration initial_rto = Duration::millis(500);  // RFC 8489 6.2.1: SHOULD be > 500 ms by default
  int max_transmissions = 7;                     // Rc
  int last_wait_multiplier = 16;                 // Rm
  bool reliable = false;                         // TCP/TLS: no retransmissions
  Duration reliable_timeout = Duration::millis(39500);  // Ti
  size_t max_outstanding = 64;                   // limit on concurrent transactions
};

class ClientTransactions {
 public:
  explicit ClientTransactions(TransactionSettings settings = {}) : settings_(settings) {}

  // Takes an encoded request and queues its first transmission.
  // Errors: kInvalidArgument (not a STUN message, or its id is already outstanding), kLimitExceeded.
  Status start(std::vector<uint8_t> request, Timestamp now);

  // Whether a response with this transaction id ends an outstanding transaction. The first call for an
  // id returns true and forgets the transaction; any later call (duplicate, late, unknown) returns false.
  bool handle_response(std::span<const uint8_t, kTransactionIdSize> id);

  // Forgets a transaction without an event (its owner gave up on it).
  void cancel(std::span<const uint8_t, kTransactionIdSize> id);

  // Retransmits what is due and expires what has run out. Safe to call early or late.
  void handle_timeout(Timestamp now);

  // The next datagram to send; the view is valid until the next call on this object.
  std::optional<std::span<const uint8_t>> poll_transmit();
  // The id of a transaction that timed out (no response after the last retransmission).
  std::optional<TransactionId> poll_timeout_event();

  Timestamp next_timeout() const;
  size_t outstanding() const { return transactions_.size(); }

 private:
  struct Transaction {
    TransactionId id;
    std::vector<uint8_t> request;
    int sends = 0;
    Duration rto;
    Timestamp next;  // next retransmission, or the final deadline once all sends are done
  };
  Transaction* find(std::span<const uint8_t, kTransactionIdSize> id);
  void send(Transaction& t, Timestamp now);

  TransactionSettings settings_;
  std::vector<Transaction> transactions_;
  std::deque<TransactionId> to_send_;
  std::deque<TransactionId> timed_out_;
};

}  // namespace purertc::stun
