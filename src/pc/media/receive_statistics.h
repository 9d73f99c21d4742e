// Reception statistics of one incoming SSRC (RFC 3550 6.4.1, Appendix A.1, A.3, A.8): extended highest
// sequence number, cumulative and per-interval loss, interarrival jitter, and the report block that
// goes into our SR/RR about this source.
#pragma once

#include <cstdint>
#include <optional>

#include "common/timestamp.h"
#include "common/unwrap.h"
#include "rtp/rtcp/reports.h"

namespace purertc::pc::media {

class ReceiveStatistics {
 public:
  explicit ReceiveStatistics(uint32_t clock_rate) : clock_rate_(clock_rate) {}

  // Records one packet (first transmission or not); returns its unwrapped sequence number. Jitter is
  // updated only from in-order packets that are not retransmissions (A.8 assumes the timestamp belongs
  // to the packet's original send time).
  int64_t on_packet(uint16_t sequence_number, uint32_t rtp_timestamp, Timestamp arrival, bool retransmission);
  // A Sender Report from this source: remembered for LSR/DLSR.
  void on_sender_report(uint64_t ntp_timestamp, Timestamp arrival);

  bool started() const { return started_; }
  uint32_t extended_highest_sequence() const { return static_cast<uint32_t>(highest_); }
  int64_t highest() const { return highest_; }
  uint64_t packets_received() const { return received_; }
  // Cumulative lost (A.3): expected - received, clamped to the 24-bit signed field.
  int64_t packets_lost() const;
  // Jitter in timestamp units (A.8 keeps it scaled by 16; this is the rounded value).
  uint32_t jitter() const { return static_cast<uint32_t>(jitter_q4_ >> 4); }
  std::optional<uint64_t> last_sender_report_ntp() const { return last_sr_ntp_; }

  // The report block for an SR/RR sent at `now`; advances the "since last report" interval.
  rtp::ReportBlock make_report_block(uint32_t ssrc, Timestamp now);

 private:
  uint32_t clock_rate_;
  Unwrapper<uint16_t> unwrapper_;
  bool started_ = false;
  int64_t base_ = 0;
  int64_t highest_ = 0;
  uint64_t received_ = 0;
  uint64_t expected_prior_ = 0;
  uint64_t received_prior_ = 0;
  // A.8: transit of the previous in-order packet, in timestamp units.
  std::optional<int64_t> last_transit_;
  uint64_t jitter_q4_ = 0;
  std::optional<uint64_t> last_sr_ntp_;
  Timestamp last_sr_arrival_;
};

}  // namespace purertc::pc::media
