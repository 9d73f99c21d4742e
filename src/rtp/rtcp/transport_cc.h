// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 3.1).
//
//   header(FMT=15, PT=205) | SSRC of packet sender | SSRC of media source |
//   base sequence number (16) | packet status count (16) | reference time (24, signed, x64 ms) |
//   fb pkt. count (8) | packet chunk (16) ... | recv delta ... | zero padding to 32 bits
//
//   run length chunk:    0 | S (2) | run length (13)
//   status vector chunk: 1 | 0 | 14 x 1-bit symbol   (0 not received, 1 small delta)
//                        1 | 1 |  7 x 2-bit symbol   (00 not received, 01 small, 10 large, 11 reserved)
//   recv delta: 8 bits unsigned (small) or 16 bits signed (large), in 250 us ticks, one per received packet.
#pragma once

#include <cstdint>
#include <vector>

#include "common/byte_writer.h"
#include "rtp/rtcp/rtcp_header.h"

namespace purertc::rtp {

enum class TccStatus : uint8_t { kNotReceived = 0, kSmallDelta = 1, kLargeDelta = 2 };
const char* to_string(TccStatus s);
inline constexpr int64_t kTccDeltaTickUs = 250;
inline constexpr int64_t kTccReferenceTickUs = 64000;

struct TransportCcFeedback {
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
  uint16_t base_sequence = 0;
  int32_t reference_time = 0;  // 24-bit signed, units of 64 ms
  uint8_t feedback_count = 0;
  std::vector<TccStatus> statuses;  // one per packet from base_sequence on
  std::vector<int16_t> deltas;      // one per received packet, 250 us ticks

  // Appends a packet: received with `delta_ticks` (status chosen from its range), or lost.
  Status add_received(int32_t delta_ticks);
  void add_lost() { statuses.push_back(TccStatus::kNotReceived); }

  // Limits a peer controls: the status count is 16 bits on the wire; the parse keeps at most this many.
  static constexpr size_t kMaxStatuses = 0xffff;
  static Result<TransportCcFeedback> parse(const RtcpPacketView& p);
  size_t serialized_size() const;
  Status write(ByteBuffer& out) const;
  friend bool operator==(const TransportCcFeedback&, const TransportCcFeedback&) = default;
};

}  // namespace purertc::rtp
