// A seeded, deterministic model of one direction of a network path, for sans-IO engine tests: loss,
// duplication, reordering, delay with jitter and a rate limit. Time is logical (the test passes `now`),
// so a test that takes minutes of simulated time runs in milliseconds and fails the same way every time.
//
// Typical use: two engines, two SimLinks (a->b and b->a); after every input, drain each engine's
// outputs into its link; advance `now` to the earliest of the engines' next_timeout() and the links'
// next_delivery(); deliver what is due.
#pragma once

#include <cstdint>
#include <optional>
#include <queue>
#include <vector>

#include "common/random.h"
#include "common/timestamp.h"

namespace purertc::sim {

struct Impairment {
  double loss = 0.0;         // probability that a packet is dropped
  double duplicate = 0.0;    // probability that a packet is delivered twice
  double reorder = 0.0;      // probability that a packet is held back by reorder_delay extra
  Duration delay = Duration::millis(10);   // one-way base delay
  Duration jitter = Duration::zero();      // uniform extra delay in [0, jitter]
  Duration reorder_delay = Duration::millis(15);
  uint64_t rate_bytes_per_second = 0;      // 0: unlimited
  size_t queue_limit_bytes = 0;            // 0: unlimited; tail drop past it (a router buffer)
};

struct LinkStats {
  uint64_t sent = 0, delivered = 0, lost = 0, duplicated = 0, reordered = 0, queue_dropped = 0;
};

class SimLink {
 public:
  SimLink(Impairment impairment, uint64_t seed) : imp_(impairment), rng_(seed) {}

  void send(std::vector<uint8_t> packet, Timestamp now) {
    ++stats_.sent;
    if (rng_.next_double() < imp_.loss) {
      ++stats_.lost;
      return;
    }
    Timestamp leave = now;
    if (imp_.rate_bytes_per_second > 0) {
      if (imp_.queue_limit_bytes > 0 && queued_bytes(now) + packet.size() > imp_.queue_limit_bytes) {
        ++stats_.queue_dropped;
        return;
      }
      Timestamp start = link_free_at_ > now ? link_free_at_ : now;
      auto serialization = Duration::micros(static_cast<int64_t>(packet.size() * 1000000 / imp_.rate_bytes_per_second));
      link_free_at_ = start + serialization;
      leave = link_free_at_;
    }
    Timestamp at = leave + imp_.delay + random_jitter();
    if (rng_.next_double() < imp_.reorder) {
      ++stats_.reordered;
      at += imp_.reorder_delay;
    }
    if (rng_.next_double() < imp_.duplicate) {
      ++stats_.duplicated;
      queue_.push({at + random_jitter(), seq_++, packet});
    }
    queue_.push({at, seq_++, std::move(packet)});
  }

  // The next packet due at or before `now`, in delivery order.
  std::optional<std::vector<uint8_t>> receive(Timestamp now) {
    if (queue_.empty() || queue_.top().at > now) return std::nullopt;
    auto packet = std::move(const_cast<InFlight&>(queue_.top()).data);
    queue_.pop();
    ++stats_.delivered;
    return packet;
  }

  Timestamp next_delivery() const { return queue_.empty() ? Timestamp::infinite() : queue_.top().at; }
  bool idle() const { return queue_.empty(); }
  const LinkStats& stats() const { return stats_; }
  Impairment& impairment() { return imp_; }

 private:
  struct InFlight {
    Timestamp at;
    uint64_t seq;  // keeps equal-time packets in send order
    std::vector<uint8_t> data;
    bool operator>(const InFlight& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  Duration random_jitter() {
    if (imp_.jitter.us() <= 0) return Duration::zero();
    return Duration::micros(static_cast<int64_t>(rng_.next_double() * static_cast<double>(imp_.jitter.us())));
  }
  size_t queued_bytes(Timestamp now) const {
    if (link_free_at_ <= now) return 0;
    return static_cast<size_t>((link_free_at_ - now).us() * static_cast<int64_t>(imp_.rate_bytes_per_second) / 1000000);
  }

  Impairment imp_;
  SeededRandom rng_;
  std::priority_queue<InFlight, std::vector<InFlight>, std::greater<>> queue_;
  uint64_t seq_ = 0;
  Timestamp link_free_at_;
  LinkStats stats_;
};

}  // namespace purertc::sim
