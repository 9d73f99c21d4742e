#include "sctp/packet/sctp_packet.h"

#include "common/byte_order.h"
#include "common/crc.h"

namespace purertc::sctp {

Result<PacketView> PacketView::parse(std::span<const uint8_t> packet) {
  if (packet.size() < kCommonHeaderSize) return unexpected(Error{Errc::kTruncated, "sctp: packet shorter than common header"});
  PacketView v;
  v.bytes_ = packet;
  const uint8_t* p = packet.data();
  v.header_ = {load_u16(p), load_u16(p + 2), load_u32(p + 4), load_u32(p + 8)};
  size_t pos = kCommonHeaderSize;
  while (pos < packet.size()) {
    if (packet.size() - pos < kChunkHeaderSize) return unexpected(Error{Errc::kTruncated, "sctp: chunk header truncated"});
    size_t len = load_u16(p + pos + 2);
    if (len < kChunkHeaderSize) return unexpected(Error{Errc::kMalformed, "sctp: chunk length below 4"});
    if (len > packet.size() - pos) return unexpected(Error{Errc::kTruncated, "sctp: chunk length exceeds packet"});
    if (v.chunk_count_ == 0) {
      v.first_ = {p[pos], p[pos + 1], packet.subspan(pos + kChunkHeaderSize, len - kChunkHeaderSize), packet.subspan(pos, len)};
    }
    ++v.chunk_count_;
    size_t padded = padded4(len);
    // The padding of the last chunk may be missing (RFC 9260 3.2 lets receivers tolerate it).
    pos = padded > packet.size() - pos ? packet.size() : pos + padded;
  }
  if (v.chunk_count_ == 0) return unexpected(Error{Errc::kMalformed, "sctp: packet without chunks"});
  return v;
}

void PacketView::Iterator::load() {
  if (rest_.empty()) return;
  size_t len = load_u16(rest_.data() + 2);
  current_ = {rest_[0], rest_[1], rest_.subspan(kChunkHeaderSize, len - kChunkHeaderSize), rest_.first(len)};
}

PacketView::Iterator& PacketView::Iterator::operator++() {
  size_t padded = padded4(current_.whole.size());
  rest_ = padded >= rest_.size() ? rest_.subspan(rest_.size()) : rest_.subspan(padded);
  load();
  return *this;
}

uint32_t compute_checksum(std::span<const uint8_t> packet) {
  static constexpr uint8_t kZero[4] = {0, 0, 0, 0};
  uint32_t crc = crc32c(packet.first(8));
  crc = crc32c_extend(crc, kZero);
  return crc32c_extend(crc, packet.subspan(12));
}

static uint32_t load_checksum(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

bool verify_checksum(std::span<const uint8_t> packet, bool accept_zero) {
  if (packet.size() < kCommonHeaderSize) return false;
  uint32_t stored = load_checksum(packet.data() + 8);
  if (stored == 0 && accept_zero) return true;
  return stored == compute_checksum(packet);
}

void PacketBuilder::reset(uint16_t source_port, uint16_t destination_port, uint32_t verification_tag, size_t reserve) {
  // finish() moved the last packet's storage out; take a recycled one instead of allocating.
  if (buf_.capacity() == 0) buf_ = pool_.take();
  buf_.clear();
  buf_.reserve(reserve);
  buf_.resize(kCommonHeaderSize);
  store_u16(buf_.data(), source_port);
  store_u16(buf_.data() + 2, destination_port);
  store_u32(buf_.data() + 4, verification_tag);
  store_u32(buf_.data() + 8, 0);
}

size_t PacketBuilder::begin_chunk(uint8_t type, uint8_t flags) {
  size_t at = buf_.size();
  append_u8(buf_, type);
  append_u8(buf_, flags);
  append_u16(buf_, 0);
  return at;
}

void PacketBuilder::end_chunk(size_t chunk_start) {
  store_u16(buf_.data() + chunk_start + 2, static_cast<uint16_t>(buf_.size() - chunk_start));
  pad4(buf_);
}

void PacketBuilder::append_chunk(std::span<const uint8_t> whole_chunk) {
  append_bytes(buf_, whole_chunk);
  pad4(buf_);
}

std::vector<uint8_t> PacketBuilder::finish(bool zero_checksum) {
  uint32_t crc = zero_checksum ? 0 : compute_checksum(buf_);
  buf_[8] = static_cast<uint8_t>(crc);
  buf_[9] = static_cast<uint8_t>(crc >> 8);
  buf_[10] = static_cast<uint8_t>(crc >> 16);
  buf_[11] = static_cast<uint8_t>(crc >> 24);
  return std::move(buf_);
}

}  // namespace purertc::sctp
