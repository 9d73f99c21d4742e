#include "sctp/tx/retransmission_queue.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/unwrap.h"
#include "sctp/packet/data_chunk.h"

namespace purertc::sctp {

void RtoEstimator::observe(Duration rtt) {
  // RFC 6298 2.2 / 2.3 with alpha = 1/8, beta = 1/4, G = 0 (logical time has no clock granularity).
  if (!has_) {
    srtt_ = rtt;
    rttvar_ = rtt / 2;
    has_ = true;
  } else {
    Duration diff = srtt_ > rtt ? srtt_ - rtt : rtt - srtt_;
    rttvar_ = (rttvar_ * 3 + diff) / 4;
    srtt_ = (srtt_ * 7 + rtt) / 8;
  }
  rto_ = std::clamp(srtt_ + rttvar_ * 4, min_, max_);
}

void RtoEstimator::back_off() { rto_ = std::min(rto_ * 2, max_); }

static bool serial_newer(uint32_t a, uint32_t b, bool interleaved) {
  return interleaved ? serial_less(b, a) : serial_less(static_cast<uint16_t>(b), static_cast<uint16_t>(a));
}

static size_t chunk_bytes(const RetransmissionQueue::Item& it) { return it.fragment.length + kDataHeaderSize; }

void RetransmissionQueue::reset(uint32_t initial_tsn, uint32_t peer_rwnd) {
  items_.clear();
  previous_gaps_.clear();
  base_ = (int64_t{1} << 32) + initial_tsn;
  to_retransmit_.clear();
  outstanding_bytes_ = 0;
  // RFC 9260 7.2.1: initial cwnd = min(4 * MTU, max(2 * MTU, 4380)).
  cwnd_ = std::min(4 * mtu_, std::max<size_t>(2 * mtu_, 4380));
  ssthresh_ = peer_rwnd;
  partial_bytes_acked_ = 0;
  peer_rwnd_ = peer_rwnd;
  fast_recovery_ = false;
  fast_retransmit_once_ = false;
  advanced_peer_ack_ = base_ - 1;
}

bool RetransmissionQueue::can_send(size_t bytes) const {
  if (outstanding_bytes_ == 0 && to_retransmit_.empty()) return true;  // zero-window probe / first chunk
  if (!to_retransmit_.empty()) return false;                            // RFC 9260 6.1 C: retransmit first
  return outstanding_bytes_ < cwnd_ && bytes <= peer_rwnd_;
}

int64_t RetransmissionQueue::add(Fragment fragment, Timestamp now) {
  int64_t tsn = next_tsn();
  Item it;
  it.fragment = std::move(fragment);
  it.sent_at = now;
  it.transmissions = 1;
  size_t bytes = chunk_bytes(it);
  outstanding_bytes_ += bytes;
  peer_rwnd_ = peer_rwnd_ > bytes ? peer_rwnd_ - bytes : 0;
  items_.push_back(std::move(it));
  return tsn;
}

void RetransmissionQueue::add_retransmission_sent(int64_t tsn, Timestamp now) {
  Item& it = item(tsn);
  it.state = State::kInFlight;
  it.sent_at = now;
  ++it.transmissions;
  it.misses = 0;
  size_t bytes = chunk_bytes(it);
  outstanding_bytes_ += bytes;
  peer_rwnd_ = peer_rwnd_ > bytes ? peer_rwnd_ - bytes : 0;
  fast_retransmit_once_ = false;
  ++retransmissions_;
}

bool RetransmissionQueue::should_abandon(const Item& it, Timestamp now) const {
  const auto& m = *it.fragment.message;
  if (m.abandoned) return true;
  if (m.max_retransmits && it.transmissions > *m.max_retransmits) return true;
  return m.expires_at <= now;
}

void RetransmissionQueue::abandon(int64_t tsn, std::vector<MessagePtr>& abandoned) {
  MessagePtr m = item(tsn).fragment.message;
  if (!m->abandoned) {
    m->abandoned = true;
    abandoned.push_back(m);
  }
  // Every fragment of the message goes, so the peer can skip it as a whole.
  for (size_t i = 0; i < items_.size(); ++i) {
    Item& it = items_[i];
    if (it.fragment.message != m || it.state == State::kAbandoned) continue;
    if (it.state == State::kInFlight) outstanding_bytes_ -= chunk_bytes(it);
    if (it.state == State::kToRetransmit) to_retransmit_.erase(base_ + static_cast<int64_t>(i));
    it.state = State::kAbandoned;
  }
  advance_peer_ack_point();
}

void RetransmissionQueue::mark_for_retransmit(int64_t tsn, Timestamp now, std::vector<MessagePtr>& abandoned) {
  Item& it = item(tsn);
  if (it.state != State::kInFlight) return;
  if (should_abandon(it, now)) {
    abandon(tsn, abandoned);
    return;
  }
  outstanding_bytes_ -= chunk_bytes(it);
  it.state = State::kToRetransmit;
  it.misses = 0;
  to_retransmit_.insert(tsn);
}

void RetransmissionQueue::advance_peer_ack_point() {
  if (advanced_peer_ack_ < base_ - 1) advanced_peer_ack_ = base_ - 1;
  while (advanced_peer_ack_ + 1 < next_tsn() && item(advanced_peer_ack_ + 1).state == State::kAbandoned) ++advanced_peer_ack_;
}

RetransmissionQueue::SackOutcome RetransmissionQueue::handle_sack(const SackView& sack, Timestamp now,
                                                                  std::vector<MessagePtr>& abandoned) {
  SackOutcome out;
  int64_t cum = unwrap(sack.cumulative_tsn_ack());
  if (cum < cumulative_ack()) return out;  // an old, reordered SACK (RFC 9260 6.2.1 D.i)
  if (cum >= next_tsn()) {
    out.protocol_violation = true;
    return out;
  }
  size_t acked_bytes = 0;
  int64_t highest_newly_acked = 0;
  auto ack_item = [&](Item& it, int64_t tsn) {
    if (it.state == State::kInFlight) {
      outstanding_bytes_ -= chunk_bytes(it);
      acked_bytes += chunk_bytes(it);
      if (it.transmissions == 1) out.rtt = now - it.sent_at;  // Karn: never measure a retransmitted chunk
      highest_newly_acked = tsn;
    } else if (it.state == State::kToRetransmit) {
      to_retransmit_.erase(tsn);
      acked_bytes += chunk_bytes(it);
      highest_newly_acked = tsn;
    }
  };
  while (base_ <= cum) {
    ack_item(items_.front(), base_);
    items_.pop_front();
    ++base_;
    out.cumulative_advanced = true;
  }
  // Gap blocks. While a hole stays open every SACK repeats the blocks above it, grown a little at the
  // top; walking them whole each time made SACK handling linear in the data in flight. An acknowledged
  // chunk stays acknowledged (reneging is not supported), so the parts of a block that the previous
  // SACK's blocks covered are skipped.
  gaps_.clear();
  for (size_t i = 0; i < sack.gap_block_count(); ++i) {
    GapBlock g = sack.gap_block(i);
    int64_t first = std::max(cum + g.start, base_);
    int64_t last = std::min(cum + g.end, next_tsn() - 1);
    if (first > last) continue;
    auto ack_range = [&](int64_t from, int64_t to) {
      for (int64_t t = from; t <= to; ++t) {
        Item& it = item(t);
        ack_item(it, t);
        if (it.state != State::kAbandoned) it.state = State::kAcked;
      }
    };
    // previous_gaps_ is sorted and disjoint: walk [first, last] minus its ranges.
    auto prev = std::lower_bound(previous_gaps_.begin(), previous_gaps_.end(), first,
                                 [](const auto& range, int64_t t) { return range.second < t; });
    int64_t t = first;
    for (; prev != previous_gaps_.end() && prev->first <= last && t <= last; ++prev) {
      if (t < prev->first) ack_range(t, prev->first - 1);
      t = std::max(t, prev->second + 1);
    }
    if (t <= last) ack_range(t, last);
    gaps_.emplace_back(first, last);
  }
  // A peer may send blocks unsorted or overlapping; normalize so the walks below and the next SACK's
  // skip see sorted, disjoint ranges.
  if (!std::is_sorted(gaps_.begin(), gaps_.end())) std::sort(gaps_.begin(), gaps_.end());
  size_t merged = 0;
  for (size_t i = 0; i < gaps_.size(); ++i) {
    if (merged > 0 && gaps_[i].first <= gaps_[merged - 1].second + 1) {
      gaps_[merged - 1].second = std::max(gaps_[merged - 1].second, gaps_[i].second);
    } else {
      gaps_[merged++] = gaps_[i];
    }
  }
  gaps_.resize(merged);
  previous_gaps_.swap(gaps_);
  out.acked_new_data = acked_bytes > 0;

  // Miss indications (7.2.4) for chunks below the highest newly acknowledged TSN (the HTNA rule). Every
  // chunk inside this SACK's blocks is acknowledged by now, so only the holes between them are walked.
  if (highest_newly_acked > cum) {
    bool entered = false;
    auto block = previous_gaps_.begin();
    for (int64_t t = base_; t < highest_newly_acked; ++t) {
      if (block != previous_gaps_.end() && t >= block->first) {
        t = block->second;  // the loop's ++t continues after the block
        ++block;
        continue;
      }
      Item& it = item(t);
      // A chunk already fast-retransmitted is not counted again: the SACKs that follow acknowledge
      // chunks sent before its retransmission, so they say nothing about whether the retransmission
      // arrived. Counting them fast-retransmitted the same chunk again and again while a deep queue
      // (a large socket buffer on loopback) held the first copy: a retransmission storm.
      if (it.state != State::kInFlight || it.fast_retransmitted) continue;
      if (++it.misses >= 3) {
        if (!fast_recovery_ && !entered) {
          ssthresh_ = std::max(cwnd_ / 2, 4 * mtu_);
          cwnd_ = ssthresh_;
          partial_bytes_acked_ = 0;
          fast_recovery_ = true;
          fast_recovery_exit_ = next_tsn() - 1;
          fast_retransmit_once_ = true;
          entered = true;
        }
        it.fast_retransmitted = true;
        mark_for_retransmit(t, now, abandoned);
      }
    }
  }
  if (fast_recovery_ && cum >= fast_recovery_exit_) fast_recovery_ = false;

  // Congestion window growth (7.2.1 / 7.2.2) only on an advancing cumulative ack, not in fast recovery.
  if (out.cumulative_advanced && !fast_recovery_ && acked_bytes > 0) {
    if (cwnd_ <= ssthresh_) {
      cwnd_ += std::min(acked_bytes, mtu_);
    } else {
      partial_bytes_acked_ += acked_bytes;
      if (partial_bytes_acked_ >= cwnd_) {
        partial_bytes_acked_ -= cwnd_;
        cwnd_ += mtu_;
      }
    }
  }
  size_t a_rwnd = sack.a_rwnd();
  peer_rwnd_ = a_rwnd > outstanding_bytes_ ? a_rwnd - outstanding_bytes_ : 0;
  advance_peer_ack_point();
  return out;
}

void RetransmissionQueue::handle_t3_expiry(Timestamp now, std::vector<MessagePtr>& abandoned) {
  ssthresh_ = std::max(cwnd_ / 2, 4 * mtu_);
  cwnd_ = mtu_;
  partial_bytes_acked_ = 0;
  fast_recovery_ = false;
  for (int64_t t = base_; t < next_tsn(); ++t) mark_for_retransmit(t, now, abandoned);
}

std::optional<int64_t> RetransmissionQueue::next_retransmission(size_t room, Timestamp now, std::vector<MessagePtr>& abandoned) {
  while (!to_retransmit_.empty()) {
    int64_t tsn = *to_retransmit_.begin();
    Item& it = item(tsn);
    if (should_abandon(it, now)) {
      abandon(tsn, abandoned);
      continue;
    }
    if (chunk_bytes(it) > room) return std::nullopt;
    if (!fast_retransmit_once_ && outstanding_bytes_ > 0 && outstanding_bytes_ >= cwnd_) return std::nullopt;
    to_retransmit_.erase(to_retransmit_.begin());
    return tsn;
  }
  return std::nullopt;
}

std::optional<ForwardTsnChunk> RetransmissionQueue::forward_tsn(bool interleaved) const {
  if (!forward_tsn_pending()) return std::nullopt;
  ForwardTsnChunk f;
  f.new_cumulative_tsn = static_cast<uint32_t>(advanced_peer_ack_);
  // Ordered: the newest skipped SSN/MID per stream. Unordered (I-FORWARD-TSN only): every message.
  std::map<std::tuple<uint16_t, bool, uint32_t>, uint32_t> highest;
  for (int64_t t = base_; t <= advanced_peer_ack_; ++t) {
    const auto& m = *items_[static_cast<size_t>(t - base_)].fragment.message;
    if (m.unordered && !interleaved) continue;
    auto key = std::make_tuple(m.stream, m.unordered, m.unordered ? m.ssn_or_mid : 0);
    auto [it, inserted] = highest.emplace(key, m.ssn_or_mid);
    if (!inserted && serial_newer(m.ssn_or_mid, it->second, interleaved)) it->second = m.ssn_or_mid;
  }
  for (const auto& [key, seq] : highest) f.skipped.push_back({std::get<0>(key), std::get<1>(key), seq});
  return f;
}

}  // namespace purertc::sctp
