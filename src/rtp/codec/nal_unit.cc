#include "rtp/codec/nal_unit.h"

#include <cstring>

namespace purertc::rtp {

size_t find_start_code(std::span<const uint8_t> s, size_t from) {
  size_t n = s.size();
  if (n < 3) return n;
  const uint8_t* base = s.data();
  size_t i = from;
  while (i + 3 <= n) {
    // memchr finds candidate zeros quickly on large frames; a start code needs 00 00 01.
    const void* z = std::memchr(base + i, 0, n - i);
    if (!z) return n;
    i = static_cast<size_t>(static_cast<const uint8_t*>(z) - base);
    if (i + 3 > n) return n;
    if (base[i + 1] == 0 && base[i + 2] == 1) return i;
    ++i;
  }
  return n;
}

}  // namespace purertc::rtp
