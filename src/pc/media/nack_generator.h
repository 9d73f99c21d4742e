// Receive-side NACK generation (RFC 4585 6.2.1): missing sequence numbers are remembered when a later
// packet reveals the gap, requested at once and then again every `retry_interval` up to `max_retries`
// times, and forgotten when they arrive, run out of retries, grow older than `max_age`, or fall out of
// the bounded list (the oldest go first). A gap larger than the list is not worth asking for: the owner
// should request a keyframe instead (`take_keyframe_needed()`).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "common/timestamp.h"

namespace purertc::pc::media {

struct NackSettings {
  size_t max_list = 256;         // sequence numbers tracked at once
  uint32_t max_retries = 10;
  Duration retry_interval = Duration::millis(100);  // replaced by 1.5 x RTT once RTT is known
  Duration max_age = Duration::seconds(1);
};

class NackGenerator {
 public:
  explicit NackGenerator(NackSettings settings) : settings_(settings) {}

  // Feeds the unwrapped sequence number of every received packet. True when it filled a gap that was
  // being NACKed (a repair).
  bool on_packet(int64_t sequence_number, Timestamp now);
  // Sequence numbers (low 16 bits) to request at `now`; marks them as sent.
  std::vector<uint16_t> take_due(Timestamp now);
  Timestamp next_due() const;
  // True once after a gap too large to NACK.
  bool take_keyframe_needed();
  void set_rtt(Duration rtt);

  size_t pending() const { return entries_.size(); }
  uint64_t gave_up() const { return gave_up_; }

 private:
  struct Entry {
    int64_t sequence_number;
    Timestamp discovered;
    Timestamp next_send;
    uint32_t retries = 0;
  };
  void expire(Timestamp now);

  NackSettings settings_;
  std::deque<Entry> entries_;  // ascending sequence numbers
  bool started_ = false;
  int64_t highest_ = 0;
  bool keyframe_needed_ = false;
  uint64_t gave_up_ = 0;
  Duration retry_interval_ = Duration::zero();
};

}  // namespace purertc::pc::media
