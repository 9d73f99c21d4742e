#include "sctp/packet/forward_tsn_chunk.h"

#include "common/byte_order.h"
#include "sctp/packet/chunk_type.h"

namespace purertc::sctp {

Result<ForwardTsnChunk> ForwardTsnChunk::parse(const ChunkView& chunk, bool interleaved, size_t max_streams) {
  const auto& v = chunk.value;
  if (v.size() < 4) return unexpected(Error{Errc::kTruncated, "sctp: FORWARD-TSN chunk too short"});
  size_t entry = interleaved ? 8 : 4;
  if ((v.size() - 4) % entry != 0) return unexpected(Error{Errc::kMalformed, "sctp: FORWARD-TSN stream list has a partial entry"});
  size_t n = (v.size() - 4) / entry;
  if (n > max_streams) return unexpected(Error{Errc::kLimitExceeded, "sctp: FORWARD-TSN lists too many streams"});
  ForwardTsnChunk c;
  c.new_cumulative_tsn = load_u32(v.data());
  c.skipped.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* p = v.data() + 4 + i * entry;
    if (interleaved) c.skipped.push_back({load_u16(p), (load_u16(p + 2) & 1) != 0, load_u32(p + 4)});
    else c.skipped.push_back({load_u16(p), false, load_u16(p + 2)});
  }
  return c;
}

void ForwardTsnChunk::append_to(std::vector<uint8_t>& out, bool interleaved) const {
  size_t entry = interleaved ? 8 : 4;
  append_u8(out, static_cast<uint8_t>(interleaved ? ChunkType::kIForwardTsn : ChunkType::kForwardTsn));
  append_u8(out, 0);
  append_u16(out, static_cast<uint16_t>(8 + entry * skipped.size()));
  append_u32(out, new_cumulative_tsn);
  for (const auto& s : skipped) {
    append_u16(out, s.stream);
    if (interleaved) {
      append_u16(out, s.unordered ? 1 : 0);
      append_u32(out, s.ssn_or_mid);
    } else {
      append_u16(out, static_cast<uint16_t>(s.ssn_or_mid));
    }
  }
}

}  // namespace purertc::sctp
