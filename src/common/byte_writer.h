// ByteWriter: a bounds-checked big-endian cursor over a caller-provided output buffer (the hot path:
// serialize into a packet buffer with no allocation). A write that does not fit fails with
// Errc::kBufferTooSmall and writes nothing; after a failure the writer stays failed, so a serializer can
// write a whole message and check ok() once at the end.
//
// For control messages built into a growing buffer use ByteBuffer (below), which appends to a vector.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "common/byte_order.h"
#include "common/result.h"

namespace purertc {

class ByteWriter {
 public:
  explicit ByteWriter(std::span<uint8_t> out) : out_(out) {}

  size_t position() const { return pos_; }
  size_t remaining() const { return out_.size() - pos_; }
  bool ok() const { return ok_; }
  Status status() const {
    if (ok_) return {};
    return unexpected(Error{Errc::kBufferTooSmall, "output buffer too small"});
  }
  // The bytes written so far.
  std::span<uint8_t> written() const { return out_.first(pos_); }

  void write_u8(uint8_t v) { write_fixed<1>(v, store_u8); }
  void write_u16(uint16_t v) { write_fixed<2>(v, store_u16); }
  void write_u24(uint32_t v) { write_fixed<3>(v, store_u24); }
  void write_u32(uint32_t v) { write_fixed<4>(v, store_u32); }
  void write_u48(uint64_t v) { write_fixed<6>(v, store_u48); }
  void write_u64(uint64_t v) { write_fixed<8>(v, store_u64); }
  void write_bytes(std::span<const uint8_t> bytes) {
    if (!reserve(bytes.size())) return;
    if (!bytes.empty()) std::memcpy(out_.data() + pos_, bytes.data(), bytes.size());
    pos_ += bytes.size();
  }
  void write_zeros(size_t n) {
    if (!reserve(n)) return;
    std::memset(out_.data() + pos_, 0, n);
    pos_ += n;
  }
  // Reserve n bytes to fill in later (a length field written after its body); returns an empty span
  // when they do not fit.
  std::span<uint8_t> skip(size_t n) {
    if (!reserve(n)) return {};
    auto s = out_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  bool reserve(size_t n) {
    if (!ok_ || n > remaining()) {
      ok_ = false;
      return false;
    }
    return true;
  }
  template <size_t N, class T, class Store>
  void write_fixed(T v, Store store) {
    if (!reserve(N)) return;
    store(out_.data() + pos_, v);
    pos_ += N;
  }

  std::span<uint8_t> out_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// ByteBuffer: appends big-endian fields to an owned, growing vector. For control messages (handshakes,
// SDP-sized things) where allocation does not matter; never on the per-packet path.
class ByteBuffer {
 public:
  ByteBuffer() = default;
  explicit ByteBuffer(size_t reserve) { data_.reserve(reserve); }

  size_t size() const { return data_.size(); }
  std::span<const uint8_t> view() const { return data_; }
  std::span<uint8_t> mutable_view() { return data_; }
  std::vector<uint8_t>& vector() { return data_; }
  std::vector<uint8_t> take() { return std::move(data_); }

  void write_u8(uint8_t v) { data_.push_back(v); }
  void write_u16(uint16_t v) { store_u16(grow(2), v); }
  void write_u24(uint32_t v) { store_u24(grow(3), v); }
  void write_u32(uint32_t v) { store_u32(grow(4), v); }
  void write_u48(uint64_t v) { store_u48(grow(6), v); }
  void write_u64(uint64_t v) { store_u64(grow(8), v); }
  void write_bytes(std::span<const uint8_t> bytes) { data_.insert(data_.end(), bytes.begin(), bytes.end()); }
  void write_zeros(size_t n) { data_.resize(data_.size() + n, 0); }
  // Overwrite a field written earlier (a length known only once the body is written).
  // Patching outside what was written is a bug in the caller, not bad input.
  void patch_u8(size_t at, uint8_t v) { assert(at + 1 <= data_.size()); store_u8(&data_[at], v); }
  void patch_u16(size_t at, uint16_t v) { assert(at + 2 <= data_.size()); store_u16(&data_[at], v); }
  void patch_u24(size_t at, uint32_t v) { assert(at + 3 <= data_.size()); store_u24(&data_[at], v); }
  void patch_u32(size_t at, uint32_t v) { assert(at + 4 <= data_.size()); store_u32(&data_[at], v); }

 private:
  uint8_t* grow(size_t n) {
    data_.resize(data_.size() + n);
    return data_.data() + data_.size() - n;
  }
  std::vector<uint8_t> data_;
};

}  // namespace purertc
