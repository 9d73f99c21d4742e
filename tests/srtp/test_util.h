// Helpers shared by the SRTP tests: building RTP/RTCP packets with tailroom.
#pragma once

#include <cstdint>
#include <vector>

#include "common/byte_order.h"
#include "common/random.h"

namespace purertc::srtp::testing {

// An RTP packet (V=2, PT 96) with `payload_size` bytes of seeded payload, in a buffer with 64 bytes
// of tailroom; `size` is the packet length.
struct TestPacket {
  std::vector<uint8_t> buffer;
  size_t size = 0;
  std::vector<uint8_t> plain() const { return {buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(size)}; }
};

inline TestPacket make_rtp(uint32_t ssrc, uint16_t seq, size_t payload_size, Random& rng, size_t csrcs = 0) {
  TestPacket p;
  p.size = 12 + 4 * csrcs + payload_size;
  p.buffer.assign(p.size + 64, 0);
  p.buffer[0] = static_cast<uint8_t>(0x80 | csrcs);
  p.buffer[1] = 96;
  store_u16(&p.buffer[2], seq);
  store_u32(&p.buffer[4], seq * 960u);
  store_u32(&p.buffer[8], ssrc);
  rng.fill(std::span(p.buffer).subspan(12, 4 * csrcs + payload_size));
  return p;
}

// A receiver report-shaped RTCP packet of `size` bytes (>= 8) from `ssrc`.
inline TestPacket make_rtcp(uint32_t ssrc, size_t size, Random& rng) {
  TestPacket p;
  p.size = size;
  p.buffer.assign(size + 64, 0);
  rng.fill(std::span(p.buffer).first(size));
  p.buffer[0] = 0x80;
  p.buffer[1] = 201;
  store_u16(&p.buffer[2], static_cast<uint16_t>(size / 4 - 1));
  store_u32(&p.buffer[4], ssrc);
  return p;
}

}  // namespace purertc::srtp::testing
