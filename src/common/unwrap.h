// Unwrapping of wrapping sequence numbers (RTP's 16-bit sequence, SCTP's 32-bit TSN...) into monotonic
// 64-bit values, so that ordering is plain integer comparison. A new value is taken to be the one closest
// to the last unwrapped value (RFC 1982 serial number arithmetic), which handles wrap and reordering.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

namespace purertc {

template <class T>
class Unwrapper {
  static_assert(std::is_unsigned_v<T> && sizeof(T) < sizeof(int64_t));

 public:
  static constexpr int64_t kModulus = int64_t{1} << (8 * sizeof(T));

  // Returns the unwrapped value of `v` and, unless `peek`, remembers it as the new reference.
  int64_t unwrap(T v, bool peek = false) {
    int64_t out;
    if (!has_last_) {
      out = v;
    } else {
      int64_t last_low = last_ & (kModulus - 1);
      int64_t delta = static_cast<int64_t>(v) - last_low;
      if (delta > kModulus / 2) delta -= kModulus;
      else if (delta < -kModulus / 2) delta += kModulus;
      out = last_ + delta;
    }
    if (!peek) {
      last_ = out;
      has_last_ = true;
    }
    return out;
  }
  int64_t peek(T v) { return unwrap(v, true); }
  void reset() { has_last_ = false; last_ = 0; }

 private:
  bool has_last_ = false;
  int64_t last_ = 0;
};

// Serial-number comparison (RFC 1982) of two wrapping values: true if a comes before b.
template <class T>
constexpr bool serial_less(T a, T b) {
  static_assert(std::is_unsigned_v<T>);
  using S = std::make_signed_t<T>;
  return a != b && static_cast<S>(static_cast<T>(a - b)) < 0;
}

}  // namespace purertc
