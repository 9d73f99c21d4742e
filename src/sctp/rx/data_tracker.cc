#include "sctp/rx/data_tracker.h"

namespace purertc::sctp {

void DataTracker::reset(uint32_t peer_initial_tsn) {
  // Start one below the initial TSN so the first DATA advances the cumulative point; keep the unwrapped
  // value positive so arithmetic below never crosses zero.
  cum_ = (int64_t{1} << 32) + static_cast<int64_t>(peer_initial_tsn) - 1;
  intervals_.clear();
  duplicates_.clear();
}

bool DataTracker::is_new(int64_t tsn) const {
  if (tsn <= cum_) return false;
  auto it = intervals_.upper_bound(tsn);
  if (it == intervals_.begin()) return true;
  --it;
  return tsn > it->second;
}

void DataTracker::observe(int64_t tsn) {
  if (tsn == cum_ + 1) {
    cum_ = tsn;
    auto it = intervals_.begin();
    if (it != intervals_.end() && it->first == cum_ + 1) {
      cum_ = it->second;
      intervals_.erase(it);
    }
    return;
  }
  // Merge with the interval ending just before and/or starting just after.
  auto next = intervals_.upper_bound(tsn);
  bool merged_prev = false;
  if (next != intervals_.begin()) {
    auto prev = std::prev(next);
    if (prev->second + 1 == tsn) {
      prev->second = tsn;
      merged_prev = true;
      if (next != intervals_.end() && next->first == tsn + 1) {
        prev->second = next->second;
        intervals_.erase(next);
      }
    }
  }
  if (!merged_prev) {
    if (next != intervals_.end() && next->first == tsn + 1) {
      int64_t end = next->second;
      intervals_.erase(next);
      intervals_[tsn] = end;
    } else {
      intervals_[tsn] = tsn;
    }
  }
}

void DataTracker::add_duplicate(uint32_t tsn, size_t limit) {
  if (duplicates_.size() < limit) duplicates_.push_back(tsn);
}

void DataTracker::forward_to(int64_t tsn) {
  if (tsn <= cum_) return;
  cum_ = tsn;
  while (!intervals_.empty()) {
    auto it = intervals_.begin();
    if (it->first > cum_ + 1) break;
    if (it->second > cum_) cum_ = it->second;
    intervals_.erase(it);
  }
}

void DataTracker::build_sack(size_t max_blocks, std::vector<GapBlock>& gaps, std::vector<uint32_t>& dups) {
  gaps.clear();
  for (const auto& [start, end] : intervals_) {
    if (gaps.size() >= max_blocks) break;
    // Offsets are 16 bits; blocks beyond that range are reported once the cumulative point catches up.
    if (end - cum_ > 0xffff) break;
    gaps.push_back({static_cast<uint16_t>(start - cum_), static_cast<uint16_t>(end - cum_)});
  }
  dups.swap(duplicates_);
  duplicates_.clear();
}

}  // namespace purertc::sctp
