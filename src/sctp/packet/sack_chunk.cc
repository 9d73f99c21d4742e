#include "sctp/packet/sack_chunk.h"

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
  append_u8(out, static_cast<uint8_t>(ChunkType::kSack));
  append_u8(out, 0);
  append_u16(out, static_cast<uint16_t>(16 + 4 * gaps.size() + 4 * duplicates.size()));
  append_u32(out, cumulative_tsn_ack);
  append_u32(out, a_rwnd);
  append_u16(out, static_cast<uint16_t>(gaps.size()));
  append_u16(out, static_cast<uint16_t>(duplicates.size()));
  for (const auto& g : gaps) {
    append_u16(out, g.start);
    append_u16(out, g.end);
  }
  for (uint32_t d : duplicates) append_u32(out, d);
}

}  // namespace purertc::sctp
