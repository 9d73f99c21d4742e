// BitReader: an MSB-first bit cursor for the codec headers the packetizers peek into (VP9 and AV1
// descriptors, H.264/H.265 exp-Golomb fields). Reading past the end sets a sticky failure and returns 0,
// so a parser reads a group of fields and checks ok() once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace purertc::rtp {

class BitReader {
 public:
  explicit BitReader(std::span<const uint8_t> data) : data_(data) {}

  bool ok() const { return ok_; }
  size_t bits_left() const { return data_.size() * 8 - pos_; }
  size_t bit_position() const { return pos_; }

  uint32_t read_bits(unsigned n) {
    uint32_t v = 0;
    if (n > 32 || n > bits_left()) {
      ok_ = false;
      pos_ = data_.size() * 8;
      return 0;
    }
    for (unsigned i = 0; i < n; ++i, ++pos_) v = (v << 1) | ((data_[pos_ / 8] >> (7 - pos_ % 8)) & 1u);
    return v;
  }
  bool read_bit() { return read_bits(1) != 0; }
  // ue(v) (H.264 9.1): leading zeros, a one, then as many bits again. Capped at 31 leading zeros.
  uint32_t read_exp_golomb() {
    unsigned zeros = 0;
    while (ok_ && bits_left() > 0 && !read_bit()) {
      if (++zeros > 31) {
        ok_ = false;
        return 0;
      }
    }
    if (!ok_) return 0;
    return static_cast<uint32_t>((uint64_t{1} << zeros) - 1 + read_bits(zeros));
  }
  // ns(n) (AV1 4.10.7): a non-symmetric unsigned value below n.
  uint32_t read_non_symmetric(uint32_t n) {
    unsigned w = 0;
    for (uint32_t x = n; x != 0; x >>= 1) ++w;
    uint32_t m = (uint32_t{1} << w) - n;
    uint32_t v = read_bits(w - 1);
    if (v < m) return v;
    return (v << 1) - m + read_bits(1);
  }

 private:
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace purertc::rtp
