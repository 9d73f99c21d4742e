// Sent-but-unacknowledged DATA, congestion control and the retransmission timeout (RFC 9260 6.3, 7;
// RFC 3758 for abandoning messages).
//
// Chunks live in a deque indexed by TSN - (cumulative ack + 1), so SACK processing is a walk over the
// acknowledged range only. Congestion control: slow start / congestion avoidance (7.2.1, 7.2.2), fast
// retransmit on the third miss indication with fast recovery (7.2.4), T3-rtx collapse to one MTU
// (7.2.3). RTO per RFC 6298 with Karn's rule: only chunks sent once are measured.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "common/timestamp.h"
#include "sctp/packet/forward_tsn_chunk.h"
#include "sctp/packet/sack_chunk.h"
#include "sctp/settings.h"
#include "sctp/tx/send_queue.h"

namespace purertc::sctp {

class RtoEstimator {
 public:
  explicit RtoEstimator(const SctpSettings& s) : min_(s.rto_min), max_(s.rto_max), rto_(s.rto_initial) {}
  void observe(Duration rtt);
  void back_off();
  Duration rto() const { return rto_; }
  std::optional<Duration> srtt() const { return has_ ? std::optional(srtt_) : std::nullopt; }

 private:
  Duration min_, max_, rto_;
  Duration srtt_, rttvar_;
  bool has_ = false;
};

class RetransmissionQueue {
 public:
  enum class State : uint8_t { kInFlight, kAcked, kToRetransmit, kAbandoned };
  struct Item {
    Fragment fragment;
    Timestamp sent_at;
    uint16_t transmissions = 0;
    uint8_t misses = 0;
    // Fast retransmit happens once per chunk (RFC 9260 section 7.2.4: only the first time a TSN reaches
    // three miss indications); later losses of it are left to T3-rtx.
    bool fast_retransmitted = false;
    State state = State::kInFlight;
  };
  struct SackOutcome {
    bool cumulative_advanced = false;
    bool acked_new_data = false;
    std::optional<Duration> rtt;
    bool protocol_violation = false;
  };

  explicit RetransmissionQueue(size_t mtu) : mtu_(mtu) {}
  void reset(uint32_t initial_tsn, uint32_t peer_rwnd);

  int64_t next_tsn() const { return base_ + static_cast<int64_t>(items_.size()); }
  int64_t cumulative_ack() const { return base_ - 1; }
  int64_t unwrap(uint32_t tsn) const { return base_ - 1 + static_cast<int32_t>(tsn - static_cast<uint32_t>(base_ - 1)); }

  // Whether a new chunk of `bytes` may go out now (cwnd and the peer's window; one chunk may always be
  // in flight so a zero window is probed).
  bool can_send(size_t bytes) const;
  int64_t add(Fragment fragment, Timestamp now);
  void add_retransmission_sent(int64_t tsn, Timestamp now);

  SackOutcome handle_sack(const SackView& sack, Timestamp now, std::vector<MessagePtr>& abandoned);
  // T3-rtx expired: everything in flight is to be retransmitted (or abandoned per PR-SCTP).
  void handle_t3_expiry(Timestamp now, std::vector<MessagePtr>& abandoned);

  // Lowest TSN waiting for retransmission, if cwnd allows (a fast retransmit may ignore cwnd once).
  std::optional<int64_t> next_retransmission(size_t room, Timestamp now, std::vector<MessagePtr>& abandoned);
  Item& item(int64_t tsn) { return items_[static_cast<size_t>(tsn - base_)]; }

  // FORWARD-TSN to send when the advanced peer ack point is past the cumulative ack (RFC 3758 3.5 C).
  std::optional<ForwardTsnChunk> forward_tsn(bool interleaved) const;
  bool forward_tsn_pending() const { return advanced_peer_ack_ > cumulative_ack(); }

  bool has_outstanding() const { return outstanding_bytes_ > 0 || !to_retransmit_.empty(); }
  bool empty() const { return items_.empty(); }
  size_t outstanding_bytes() const { return outstanding_bytes_; }
  size_t cwnd() const { return cwnd_; }
  size_t ssthresh() const { return ssthresh_; }
  size_t peer_rwnd() const { return peer_rwnd_; }
  uint64_t retransmissions() const { return retransmissions_; }

 private:
  void abandon(int64_t tsn, std::vector<MessagePtr>& abandoned);
  bool should_abandon(const Item& it, Timestamp now) const;
  void mark_for_retransmit(int64_t tsn, Timestamp now, std::vector<MessagePtr>& abandoned);
  void advance_peer_ack_point();

  size_t mtu_;
  std::deque<Item> items_;
  int64_t base_ = 0;  // TSN of items_[0]
  std::set<int64_t> to_retransmit_;
  size_t outstanding_bytes_ = 0;
  size_t cwnd_ = 0;
  size_t ssthresh_ = 0;
  size_t partial_bytes_acked_ = 0;
  size_t peer_rwnd_ = 0;
  bool fast_recovery_ = false;
  int64_t fast_recovery_exit_ = 0;
  bool fast_retransmit_once_ = false;
  int64_t advanced_peer_ack_ = 0;
  uint64_t retransmissions_ = 0;
  // The last SACK's gap blocks as absolute TSN ranges (sorted, disjoint, every chunk in them acked),
  // and scratch for the current SACK's.
  std::vector<std::pair<int64_t, int64_t>> previous_gaps_;
  std::vector<std::pair<int64_t, int64_t>> gaps_;
};

}  // namespace purertc::sctp
