// A bounded free list of byte buffers. A sans-IO engine hands each packet out in its own std::vector;
// a caller that gives the vector back after sending lets the engine reuse its storage, so the steady
// state of a bulk transfer does not allocate per packet. Giving buffers back is optional.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace purertc {

class BufferPool {
 public:
  explicit BufferPool(size_t max_buffers) : max_buffers_(max_buffers) {}

  // An empty buffer, with the capacity of a returned one when there is one.
  std::vector<uint8_t> take() {
    if (free_.empty()) return {};
    std::vector<uint8_t> buffer = std::move(free_.back());
    free_.pop_back();
    return buffer;
  }
  // Keeps `buffer` for a later take(); beyond max_buffers (or without storage) it is freed.
  void give(std::vector<uint8_t>&& buffer) {
    if (free_.size() >= max_buffers_ || buffer.capacity() == 0) return;
    buffer.clear();
    free_.push_back(std::move(buffer));
  }
  size_t size() const { return free_.size(); }

 private:
  size_t max_buffers_;
  std::vector<std::vector<uint8_t>> free_;
};

}  // namespace purertc
