#include "sctp/packet/sack_chunk.h"

#include "common/byte_order.h"
#include "sctp/packet/chunk_type.h"

namespace purertc::sctp {

Result<SackView> SackView::parse(const ChunkView& chunk) {
  const auto& v = chunk.value;
  if (v.size() < 12) return unexpected(Error{Errc::kTruncated, "sctp: SACK chunk too short"});
  SackView s;
  s.cum_ = load_u32(v.data());
  s.a_rwnd_ = load_u32(v.data() + 4);
  size_t gaps = load_u16(v.data() + 8);
  size_t dups = load_u16(v.data() + 10);
  if (v.size() - 12 != gaps * 4 + dups * 4) return unexpected(Error{Errc::kMalformed, "sctp: SACK length does not match its block counts"});
  s.gaps_ = v.subspan(12, gaps * 4);
  s.dups_ = v.subspan(12 + gaps * 4, dups * 4);
  for (size_t i = 0; i < gaps; ++i) {
    GapBlock g = s.gap_block(i);
    if (g.start == 0 || g.end < g.start) return unexpected(Error{Errc::kMalformed, "sctp: invalid gap ack block"});
  }
  return s;
}

void append_sack_chunk(std::vector<uint8_t>& out, uint32_t cumulative_tsn_ack, uint32_t a_rwnd,
                       std::span<const GapBlock> gaps, std::span<const uint32_t> duplicates) {
  // One resize and plain stores: a SACK goes out for every second DATA packet (every packet while a gap
  // is open), with up to a few hundred blocks.
  const size_t length = 16 + 4 * gaps.size() + 4 * duplicates.size();
  const size_t at = out.size();
  out.resize(at + length);
  uint8_t* p = out.data() + at;
  p[0] = static_cast<uint8_t>(ChunkType::kSack);
  p[1] = 0;
  store_u16(p + 2, static_cast<uint16_t>(length));
  store_u32(p + 4, cumulative_tsn_ack);
  store_u32(p + 8, a_rwnd);
  store_u16(p + 12, static_cast<uint16_t>(gaps.size()));
  store_u16(p + 14, static_cast<uint16_t>(duplicates.size()));
  p += 16;
  for (const auto& g : gaps) {
    store_u16(p, g.start);
    store_u16(p + 2, g.end);
    p += 4;
  }
  for (uint32_t d : duplicates) {
    store_u32(p, d);
    p += 4;
  }
}

}  // namespace purertc::sctp
