// DATA chunk (RFC 9260 3.3.1) and I-DATA chunk (RFC 8260 2.1), parsed into one view.
//
// DATA:                                         I-DATA:
//  | Type = 0 |Res|I|U|B|E|     Length    |     | Type = 64 |Res|I|U|B|E|    Length     |
//  |                  TSN                 |     |                   TSN                 |
//  |  Stream Identifier S |  Stream Seq n |     |  Stream Identifier  |    Reserved     |
//  |     Payload Protocol Identifier      |     |          Message Identifier           |
//  \         User Data (seq n of S)       /     |  Payload Protocol Id / Fragment Seq No |
//                                               \               User Data               /
//
// I = SACK immediately (RFC 7053), U = unordered, B = first fragment, E = last fragment. I-DATA carries
// the PPID in the first fragment (B set) and the Fragment Sequence Number in the others.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/result.h"
#include "sctp/packet/sctp_packet.h"

namespace purertc::sctp {

inline constexpr size_t kDataHeaderSize = 16;
inline constexpr size_t kIDataHeaderSize = 20;
inline constexpr uint8_t kFlagEnd = 0x01;
inline constexpr uint8_t kFlagBeginning = 0x02;
inline constexpr uint8_t kFlagUnordered = 0x04;
inline constexpr uint8_t kFlagImmediate = 0x08;

struct DataView {
  uint32_t tsn = 0;
  uint16_t stream = 0;
  uint32_t ssn_or_mid = 0;  // 16-bit SSN for DATA, 32-bit MID for I-DATA
  uint32_t ppid = 0;        // valid when `beginning` (always for DATA)
  uint32_t fsn = 0;         // I-DATA only; 0 for the first fragment
  bool unordered = false;
  bool beginning = false;
  bool end = false;
  bool immediate = false;
  std::span<const uint8_t> payload;
};

Result<DataView> parse_data_chunk(const ChunkView& chunk);
Result<DataView> parse_idata_chunk(const ChunkView& chunk);

// Serializes a DATA or I-DATA chunk with padding (the hot path: appends into the packet buffer).
void append_data_chunk(std::vector<uint8_t>& out, const DataView& d);
void append_idata_chunk(std::vector<uint8_t>& out, const DataView& d);

}  // namespace purertc::sctp
