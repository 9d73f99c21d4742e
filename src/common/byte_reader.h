// ByteReader: a bounds-checked big-endian cursor over received bytes. Every read that would pass the end
// fails with Errc::kTruncated and leaves the cursor where it was, so a parser can report exactly which
// field was cut short. Bounds are checked as `n > remaining()` so the arithmetic cannot overflow.
//
// Fixed-size headers should check their length once and then use the load_* helpers at constant
// offsets (see byte_order.h); ByteReader is for variable-length walks (attributes, chunks, extensions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/byte_order.h"
#include "common/result.h"

namespace purertc {

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> data) : data_(data) {}

  size_t position() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return pos_ == data_.size(); }
  // What has not been read yet, without consuming it.
  std::span<const uint8_t> rest() const { return data_.subspan(pos_); }

  Result<uint8_t> read_u8() { return read_fixed<uint8_t, 1>(load_u8); }
  Result<uint16_t> read_u16() { return read_fixed<uint16_t, 2>(load_u16); }
  Result<uint32_t> read_u24() { return read_fixed<uint32_t, 3>(load_u24); }
  Result<uint32_t> read_u32() { return read_fixed<uint32_t, 4>(load_u32); }
  Result<uint64_t> read_u48() { return read_fixed<uint64_t, 6>(load_u48); }
  Result<uint64_t> read_u64() { return read_fixed<uint64_t, 8>(load_u64); }

  // A view of the next n bytes; valid as long as the underlying buffer.
  Result<std::span<const uint8_t>> read_bytes(size_t n) {
    if (n > remaining()) return unexpected(Error{Errc::kTruncated, "read past end of input"});
    auto out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

  Status skip(size_t n) {
    if (n > remaining()) return unexpected(Error{Errc::kTruncated, "skip past end of input"});
    pos_ += n;
    return {};
  }

 private:
  template <class T, size_t N, class Load>
  Result<T> read_fixed(Load load) {
    if (N > remaining()) return unexpected(Error{Errc::kTruncated, "read past end of input"});
    T v = load(data_.data() + pos_);
    pos_ += N;
    return v;
  }

  std::span<const uint8_t> data_;
  size_t pos_ = 0;
};

}  // namespace purertc
