// FORWARD-TSN (RFC 3758 3.2) and I-FORWARD-TSN (RFC 8260 2.3), parsed into one view.
//
// FORWARD-TSN (192):                      I-FORWARD-TSN (194):
//  |                New Cumulative TSN |   |                New Cumulative TSN                |
//  |   Stream-1     |  Stream Seq-1    |   |   Stream Identifier |     Reserved          |U|
//  ...                                     |                Message Identifier                |
//                                          ...
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/result.h"
#include "sctp/packet/sctp_packet.h"

namespace purertc::sctp {

struct SkippedStream {
  uint16_t stream = 0;
  bool unordered = false;   // I-FORWARD-TSN only
  uint32_t ssn_or_mid = 0;  // 16-bit SSN for FORWARD-TSN
  friend bool operator==(const SkippedStream&, const SkippedStream&) = default;
};

struct ForwardTsnChunk {
  uint32_t new_cumulative_tsn = 0;
  std::vector<SkippedStream> skipped;

  static Result<ForwardTsnChunk> parse(const ChunkView& chunk, bool interleaved, size_t max_streams = 65536);
  void append_to(std::vector<uint8_t>& out, bool interleaved) const;
};

}  // namespace purertc::sctp
