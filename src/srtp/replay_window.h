// Replay protection (RFC 3711 3.3.2): a sliding window of the most recent packet indices that were
// authenticated. An index is accepted if it is newer than the highest one seen, or inside the window and
// not seen yet. The window is a ring of bits addressed by index modulo its size, so advancing by one
// packet clears one bit instead of shifting the whole bitmap (windows of thousands of packets for
// high-rate video cost the same per packet as the 64-packet minimum).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace purertc::srtp {

class ReplayWindow {
 public:
  static constexpr size_t kMinSize = 64;
  static constexpr size_t kMaxSize = 1 << 15;

  // size: packets remembered behind the highest index; rounded up to a power of two in
  // [kMinSize, kMaxSize]. The only allocation happens here.
  explicit ReplayWindow(size_t size);

  size_t size() const { return mask_ + 1; }
  // True if `index` may be accepted (checked before authentication, recorded only after).
  bool check(uint64_t index) const;
  // Records an authenticated index.
  void update(uint64_t index);
  bool empty() const { return empty_; }
  uint64_t highest() const { return top_; }

 private:
  bool test_bit(uint64_t index) const { return (bits_[(index & mask_) >> 6] >> (index & 63)) & 1; }
  void set_bit(uint64_t index) { bits_[(index & mask_) >> 6] |= uint64_t{1} << (index & 63); }
  void clear_bit(uint64_t index) { bits_[(index & mask_) >> 6] &= ~(uint64_t{1} << (index & 63)); }

  std::vector<uint64_t> bits_;
  uint64_t mask_;
  uint64_t top_ = 0;
  bool empty_ = true;
};

}  // namespace purertc::srtp
