#include "srtp/replay_window.h"

#include <algorithm>
#include <bit>

namespace purertc::srtp {

ReplayWindow::ReplayWindow(size_t size) {
  size = std::bit_ceil(std::clamp(size, kMinSize, kMaxSize));
  bits_.assign(size / 64, 0);
  mask_ = size - 1;
}

bool ReplayWindow::check(uint64_t index) const {
  if (empty_ || index > top_) return true;
  if (top_ - index > mask_) return false;  // older than the window: cannot tell, so reject
  return !test_bit(index);
}

void ReplayWindow::update(uint64_t index) {
  if (empty_) {
    empty_ = false;
    top_ = index;
  } else if (index > top_) {
    uint64_t advance = index - top_;
    if (advance > mask_) {
      std::fill(bits_.begin(), bits_.end(), 0);
    } else {
      // The slots of the indices we skipped over now stand for new, unseen indices.
      for (uint64_t i = top_ + 1; i <= index; ++i) clear_bit(i);
    }
    top_ = index;
  }
  set_bit(index);
}

}  // namespace purertc::srtp
