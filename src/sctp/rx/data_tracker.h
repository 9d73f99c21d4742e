// Receiver-side TSN bookkeeping (RFC 9260 6.2, 6.7): the cumulative TSN, the received TSNs above it as
// intervals (the gap ack blocks), duplicates to report, and when a SACK is due (every second packet
// with DATA, at once on a gap or duplicate, else after the delayed-ack timeout).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "common/timestamp.h"
#include "sctp/packet/sack_chunk.h"

namespace purertc::sctp {

class DataTracker {
 public:
  DataTracker() = default;
  void reset(uint32_t peer_initial_tsn);

  // Unwraps a 32-bit TSN near the cumulative TSN.
  int64_t unwrap(uint32_t tsn) const { return cum_ + static_cast<int32_t>(tsn - static_cast<uint32_t>(cum_)); }
  int64_t cumulative() const { return cum_; }
  uint32_t cumulative_tsn() const { return static_cast<uint32_t>(cum_); }
  bool is_new(int64_t tsn) const;

  // Records an accepted TSN (the caller checked is_new).
  void observe(int64_t tsn);
  void add_duplicate(uint32_t tsn, size_t limit);
  // FORWARD-TSN: everything up to `tsn` counts as received.
  void forward_to(int64_t tsn);

  bool has_gaps() const { return !intervals_.empty(); }
  size_t interval_count() const { return intervals_.size(); }
  // Fills a SACK's blocks (up to max_blocks, lowest first) and takes the duplicate list.
  void build_sack(size_t max_blocks, std::vector<GapBlock>& gaps, std::vector<uint32_t>& dups);
  // The highest TSN received so far.
  int64_t highest() const { return intervals_.empty() ? cum_ : intervals_.rbegin()->second; }

 private:
  int64_t cum_ = 0;
  std::map<int64_t, int64_t> intervals_;  // start -> end (inclusive), all > cum_ + 1
  std::vector<uint32_t> duplicates_;
};

}  // namespace purertc::sctp
