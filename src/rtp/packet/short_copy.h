// Copies of short byte runs (RTP extension values, small payloads, stored headers) without a call into
// the C library: a few possibly overlapping fixed-size loads and stores cover every length of a size
// class. Internal to src/rtp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace purertc::rtp::detail {

// Exactly `n` bytes (0..16) are read and written.
inline void copy_short(uint8_t* dst, const uint8_t* src, size_t n) {
  if (n >= 8) {
    uint64_t a, b;
    std::memcpy(&a, src, 8);
    std::memcpy(&b, src + n - 8, 8);
    std::memcpy(dst, &a, 8);
    std::memcpy(dst + n - 8, &b, 8);
  } else if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, src, 4);
    std::memcpy(&b, src + n - 4, 4);
    std::memcpy(dst, &a, 4);
    std::memcpy(dst + n - 4, &b, 4);
  } else if (n > 0) {
    // 1..3 bytes: first, middle and last (overlapping for 1 and 2).
    uint8_t a = src[0], b = src[n / 2], c = src[n - 1];
    dst[0] = a;
    dst[n / 2] = b;
    dst[n - 1] = c;
  }
}

// Exactly `n` bytes, 16 at a time with an overlapping last block; for n up to a few hundred bytes.
inline void copy_medium(uint8_t* dst, const uint8_t* src, size_t n) {
  if (n <= 16) {
    copy_short(dst, src, n);
    return;
  }
  size_t i = 0;
  for (; i + 16 < n; i += 16) std::memcpy(dst + i, src + i, 16);
  std::memcpy(dst + n - 16, src + n - 16, 16);
}

// Short runs inline, long ones (payloads) through memcpy, which is fastest there.
inline void copy_bytes(uint8_t* dst, std::span<const uint8_t> src) {
  if (src.size() <= 16) copy_short(dst, src.data(), src.size());
  else std::memcpy(dst, src.data(), src.size());
}

}  // namespace purertc::rtp::detail
