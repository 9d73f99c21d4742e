// SCTP packet framing (RFC 9260 section 3): the common header, the chunk walk and the CRC-32c.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |     Source Port Number        |     Destination Port Number   |
//  |                      Verification Tag                         |
//  |                           Checksum                            |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | Chunk Type    | Chunk Flags   |        Chunk Length           |  (repeated, padded to 4 bytes)
//  \                          Chunk Value                          /
//
// The CRC-32c is computed with the checksum field zeroed and stored least significant byte first
// (RFC 9260 appendix A: the reflected CRC is transmitted in that order). RFC 9653 lets both ends agree
// that the field may be zero when DTLS already protects the packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/buffer_pool.h"
#include "common/result.h"

namespace purertc::sctp {

inline constexpr size_t kCommonHeaderSize = 12;
inline constexpr size_t kChunkHeaderSize = 4;

struct CommonHeader {
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  uint32_t verification_tag = 0;
  uint32_t checksum = 0;
};

// One chunk inside a packet: a view, valid as long as the packet bytes.
struct ChunkView {
  uint8_t type = 0;
  uint8_t flags = 0;
  std::span<const uint8_t> value;  // the bytes after the 4-byte chunk header, without padding
  std::span<const uint8_t> whole;  // header + value, without padding (what ERROR causes quote)
};

// A packet whose chunk structure has been validated: every chunk length is >= 4 and fits.
class PacketView {
 public:
  static Result<PacketView> parse(std::span<const uint8_t> packet);

  const CommonHeader& header() const { return header_; }
  std::span<const uint8_t> bytes() const { return bytes_; }
  size_t chunk_count() const { return chunk_count_; }

  class Iterator {
   public:
    Iterator(std::span<const uint8_t> rest) : rest_(rest) { load(); }
    const ChunkView& operator*() const { return current_; }
    const ChunkView* operator->() const { return &current_; }
    Iterator& operator++();
    bool operator==(const Iterator& o) const { return rest_.size() == o.rest_.size(); }

   private:
    void load();
    std::span<const uint8_t> rest_;
    ChunkView current_;
  };
  Iterator begin() const { return Iterator(bytes_.subspan(kCommonHeaderSize)); }
  Iterator end() const { return Iterator(bytes_.subspan(bytes_.size())); }
  const ChunkView& first_chunk() const { return first_; }

 private:
  CommonHeader header_;
  std::span<const uint8_t> bytes_;
  size_t chunk_count_ = 0;
  ChunkView first_;
};

// The CRC-32c over a packet as if its checksum field were zero (the value to store / compare).
uint32_t compute_checksum(std::span<const uint8_t> packet);
// True when the stored checksum matches; a zero checksum passes only when `accept_zero` (RFC 9653).
bool verify_checksum(std::span<const uint8_t> packet, bool accept_zero);

// Builds a packet into an owned buffer: header first, then chunks with their padding.
class PacketBuilder {
 public:
  PacketBuilder() = default;
  void reset(uint16_t source_port, uint16_t destination_port, uint32_t verification_tag, size_t reserve);
  size_t size() const { return buf_.size(); }
  bool has_chunks() const { return buf_.size() > kCommonHeaderSize; }
  // Start a chunk; returns the offset of its header so end_chunk can patch the length.
  size_t begin_chunk(uint8_t type, uint8_t flags);
  void end_chunk(size_t chunk_start);
  // Append a complete chunk (header + value, unpadded) and pad it.
  void append_chunk(std::span<const uint8_t> whole_chunk);
  std::vector<uint8_t>& buffer() { return buf_; }
  // Fill in the checksum (or zero when `zero_checksum`) and hand the packet out.
  std::vector<uint8_t> finish(bool zero_checksum);
  // A packet handed out by finish() and no longer needed: the next reset() reuses its storage.
  void recycle(std::vector<uint8_t>&& packet) { pool_.give(std::move(packet)); }
  static constexpr size_t kMaxRecycledBuffers = 16;

 private:
  std::vector<uint8_t> buf_;
  BufferPool pool_{kMaxRecycledBuffers};
};

// Helpers for chunk value writers on a plain vector (big-endian appends). Inline: they run for every
// field of every chunk, and an out-of-line call per two bytes showed up in the bulk-transfer profile.
inline size_t padded4(size_t n) { return (n + 3) & ~size_t{3}; }
inline void append_u8(std::vector<uint8_t>& b, uint8_t v) { b.push_back(v); }
// push_back rather than resize + store: push_back's capacity check is inline, resize is a library call.
inline void append_u16(std::vector<uint8_t>& b, uint16_t v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
inline void append_u32(std::vector<uint8_t>& b, uint32_t v) {
  append_u16(b, static_cast<uint16_t>(v >> 16));
  append_u16(b, static_cast<uint16_t>(v));
}
inline void append_bytes(std::vector<uint8_t>& b, std::span<const uint8_t> v) { b.insert(b.end(), v.begin(), v.end()); }
inline void pad4(std::vector<uint8_t>& b) {
  while (b.size() % 4 != 0) b.push_back(0);
}

}  // namespace purertc::sctp
