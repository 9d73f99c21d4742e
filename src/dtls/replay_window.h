// Anti-replay sliding window (RFC 6347 section 4.1.2.6): a 64-record bitmap behind the highest sequence
// number that authenticated in the current epoch. check() is called before decryption (cheap reject);
// accept() only after the record authenticated, so forged records cannot move the window.
#pragma once

#include <cstdint>

namespace purertc::dtls {

class ReplayWindow {
 public:
  static constexpr uint64_t kSize = 64;

  // False for a duplicate or for a record older than the window.
  bool check(uint64_t seq) const {
    if (!any_ || seq > top_) return true;
    uint64_t behind = top_ - seq;
    if (behind >= kSize) return false;
    return (bitmap_ & (uint64_t{1} << behind)) == 0;
  }

  void accept(uint64_t seq) {
    if (!any_) {
      any_ = true;
      top_ = seq;
      bitmap_ = 1;
      return;
    }
    if (seq > top_) {
      uint64_t shift = seq - top_;
      bitmap_ = shift >= kSize ? 0 : bitmap_ << shift;
      bitmap_ |= 1;
      top_ = seq;
      return;
    }
    uint64_t behind = top_ - seq;
    if (behind < kSize) bitmap_ |= uint64_t{1} << behind;
  }

 private:
  bool any_ = false;
  uint64_t top_ = 0;
  uint64_t bitmap_ = 0;
};

}  // namespace purertc::dtls
