#include "pc/media/nack_generator.h"

#include <algorithm>

namespace purertc::pc::media {

bool NackGenerator::on_packet(int64_t sequence_number, Timestamp now) {
  if (!started_) {
    started_ = true;
    highest_ = sequence_number;
    return false;
  }
  if (sequence_number > highest_) {
    const int64_t missing = sequence_number - highest_ - 1;
    if (missing > static_cast<int64_t>(settings_.max_list)) {
      // More lost than the list can track: retransmission cannot rebuild this, a keyframe can.
      gave_up_ += entries_.size() + static_cast<uint64_t>(missing);
      entries_.clear();
      keyframe_needed_ = true;
    } else {
      for (int64_t s = highest_ + 1; s < sequence_number; ++s) entries_.push_back(Entry{s, now, now});
      while (entries_.size() > settings_.max_list) {
        entries_.pop_front();
        ++gave_up_;
        keyframe_needed_ = true;
      }
    }
    highest_ = sequence_number;
    return false;
  }
  // A late or retransmitted packet: it is no longer missing.
  auto it = std::lower_bound(entries_.begin(), entries_.end(), sequence_number,
                             [](const Entry& e, int64_t s) { return e.sequence_number < s; });
  if (it == entries_.end() || it->sequence_number != sequence_number) return false;
  entries_.erase(it);
  return true;
}

void NackGenerator::expire(Timestamp now) {
  auto dead = [&](const Entry& e) {
    return e.retries >= settings_.max_retries || now - e.discovered >= settings_.max_age;
  };
  const size_t before = entries_.size();
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(), dead), entries_.end());
  if (entries_.size() != before) {
    gave_up_ += before - entries_.size();
    keyframe_needed_ = true;
  }
}

std::vector<uint16_t> NackGenerator::take_due(Timestamp now) {
  expire(now);
  std::vector<uint16_t> due;
  const Duration interval = retry_interval_ > Duration::zero() ? retry_interval_ : settings_.retry_interval;
  for (Entry& e : entries_) {
    if (e.next_send > now) continue;
    due.push_back(static_cast<uint16_t>(e.sequence_number));
    ++e.retries;
    e.next_send = now + interval;
  }
  return due;
}

Timestamp NackGenerator::next_due() const {
  Timestamp t = Timestamp::infinite();
  for (const Entry& e : entries_) t = earliest(t, earliest(e.next_send, e.discovered + settings_.max_age));
  return t;
}

bool NackGenerator::take_keyframe_needed() {
  const bool needed = keyframe_needed_;
  keyframe_needed_ = false;
  return needed;
}

void NackGenerator::set_rtt(Duration rtt) {
  // Ask again once the retransmission had time to arrive: 1.5 RTT, kept within sane bounds.
  retry_interval_ = std::clamp(rtt + rtt / 2, Duration::millis(10), Duration::seconds(1));
}

}  // namespace purertc::pc::media
