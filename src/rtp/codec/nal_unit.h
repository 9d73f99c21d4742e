// Annex B byte streams (H.264 Annex B, H.265 Annex B): NAL units separated by 00 00 01 or 00 00 00 01
// start codes. split_annex_b() returns views of the NAL units without their start codes; trailing zero
// bytes before the next start code (trailing_zero_8bits) are not part of a NAL unit.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace purertc::rtp {

// Calls f(std::span<const uint8_t> nal) for each NAL unit in `stream`. Bytes before the first start code
// are ignored. Returns the number of NAL units.
template <class F>
size_t for_each_annex_b_nal(std::span<const uint8_t> stream, F&& f);

// Offset of the first start code at or after `from` (pointing at its 00 00 01), or stream.size().
size_t find_start_code(std::span<const uint8_t> stream, size_t from);

template <class F>
size_t for_each_annex_b_nal(std::span<const uint8_t> stream, F&& f) {
  size_t count = 0;
  size_t sc = find_start_code(stream, 0);
  while (sc < stream.size()) {
    size_t begin = sc + 3;
    size_t next = find_start_code(stream, begin);
    size_t end = next;
    while (end > begin && stream[end - 1] == 0) --end;  // 00 of a 4-byte start code, trailing zeros
    if (end > begin) {
      f(stream.subspan(begin, end - begin));
      ++count;
    }
    sc = next;
  }
  return count;
}

// H.264 nal_unit_type (7.4.1): the low 5 bits of the first byte. H.265 (7.4.2.2): bits 1..6.
inline uint8_t h264_nal_type(uint8_t first) { return first & 0x1f; }
inline uint8_t h265_nal_type(uint8_t first) { return (first >> 1) & 0x3f; }

}  // namespace purertc::rtp
