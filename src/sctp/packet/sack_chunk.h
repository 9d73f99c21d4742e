// SACK chunk (RFC 9260 3.3.4).
//
//  |   Type = 3    |Chunk  Flags   |      Chunk Length             |
//  |                      Cumulative TSN Ack                       |
//  |          Advertised Receiver Window Credit (a_rwnd)           |
//  | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
//  |  Gap Ack Block #1 Start       |   Gap Ack Block #1 End        |   (offsets from the cumulative TSN)
//  |                       Duplicate TSN 1                         |
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/byte_order.h"
#include "common/result.h"
#include "sctp/packet/sctp_packet.h"

namespace purertc::sctp {

struct GapBlock {
  uint16_t start = 0;
  uint16_t end = 0;
};

// A view: gap blocks and duplicates are read in place, no allocation per SACK.
class SackView {
 public:
  static Result<SackView> parse(const ChunkView& chunk);

  uint32_t cumulative_tsn_ack() const { return cum_; }
  uint32_t a_rwnd() const { return a_rwnd_; }
  size_t gap_block_count() const { return gaps_.size() / 4; }
  GapBlock gap_block(size_t i) const { return {load_u16(gaps_.data() + 4 * i), load_u16(gaps_.data() + 4 * i + 2)}; }
  size_t duplicate_count() const { return dups_.size() / 4; }
  uint32_t duplicate(size_t i) const { return load_u32(dups_.data() + 4 * i); }

 private:
  uint32_t cum_ = 0;
  uint32_t a_rwnd_ = 0;
  std::span<const uint8_t> gaps_;
  std::span<const uint8_t> dups_;
};

void append_sack_chunk(std::vector<uint8_t>& out, uint32_t cumulative_tsn_ack, uint32_t a_rwnd,
                       std::span<const GapBlock> gaps, std::span<const uint32_t> duplicates);

}  // namespace purertc::sctp
