#include "sctp/packet/data_chunk.h"

#include "common/byte_order.h"
#include "sctp/packet/chunk_type.h"

namespace purertc::sctp {

static void set_flags(DataView& d, uint8_t flags) {
  d.end = flags & kFlagEnd;
  d.beginning = flags & kFlagBeginning;
  d.unordered = flags & kFlagUnordered;
  d.immediate = flags & kFlagImmediate;
}

static uint8_t flags_of(const DataView& d) {
  return static_cast<uint8_t>((d.end ? kFlagEnd : 0) | (d.beginning ? kFlagBeginning : 0) |
                              (d.unordered ? kFlagUnordered : 0) | (d.immediate ? kFlagImmediate : 0));
}

Result<DataView> parse_data_chunk(const ChunkView& chunk) {
  const auto& v = chunk.value;
  if (v.size() < kDataHeaderSize - kChunkHeaderSize) return unexpected(Error{Errc::kTruncated, "sctp: DATA chunk too short"});
  DataView d;
  set_flags(d, chunk.flags);
  d.tsn = load_u32(v.data());
  d.stream = load_u16(v.data() + 4);
  d.ssn_or_mid = load_u16(v.data() + 6);
  d.ppid = load_u32(v.data() + 8);
  d.payload = v.subspan(12);
  return d;
}

Result<DataView> parse_idata_chunk(const ChunkView& chunk) {
  const auto& v = chunk.value;
  if (v.size() < kIDataHeaderSize - kChunkHeaderSize) return unexpected(Error{Errc::kTruncated, "sctp: I-DATA chunk too short"});
  DataView d;
  set_flags(d, chunk.flags);
  d.tsn = load_u32(v.data());
  d.stream = load_u16(v.data() + 4);
  d.ssn_or_mid = load_u32(v.data() + 8);
  uint32_t ppid_or_fsn = load_u32(v.data() + 12);
  if (d.beginning) d.ppid = ppid_or_fsn;
  else d.fsn = ppid_or_fsn;
  // RFC 8260 2.1: the first fragment has FSN 0, implied by the B bit.
  d.payload = v.subspan(16);
  return d;
}

void append_data_chunk(std::vector<uint8_t>& out, const DataView& d) {
  size_t at = out.size();
  out.resize(at + kDataHeaderSize);
  uint8_t* p = out.data() + at;
  p[0] = static_cast<uint8_t>(ChunkType::kData);
  p[1] = flags_of(d);
  store_u16(p + 2, static_cast<uint16_t>(kDataHeaderSize + d.payload.size()));
  store_u32(p + 4, d.tsn);
  store_u16(p + 8, d.stream);
  store_u16(p + 10, static_cast<uint16_t>(d.ssn_or_mid));
  store_u32(p + 12, d.ppid);
  append_bytes(out, d.payload);
  pad4(out);
}

void append_idata_chunk(std::vector<uint8_t>& out, const DataView& d) {
  size_t at = out.size();
  out.resize(at + kIDataHeaderSize);
  uint8_t* p = out.data() + at;
  p[0] = static_cast<uint8_t>(ChunkType::kIData);
  p[1] = flags_of(d);
  store_u16(p + 2, static_cast<uint16_t>(kIDataHeaderSize + d.payload.size()));
  store_u32(p + 4, d.tsn);
  store_u16(p + 8, d.stream);
  store_u16(p + 10, 0);
  store_u32(p + 12, d.ssn_or_mid);
  store_u32(p + 16, d.beginning ? d.ppid : d.fsn);
  append_bytes(out, d.payload);
  pad4(out);
}

}  // namespace purertc::sctp
