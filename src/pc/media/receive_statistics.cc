#include "pc/media/receive_statistics.h"

#include <algorithm>
#include <cstdlib>

#include "pc/media/media_params.h"

namespace purertc::pc::media {

namespace {

// Arrival time in RTP timestamp units, split so that microseconds times a 90 kHz clock cannot overflow.
uint32_t arrival_in_rtp_units(Timestamp arrival, uint32_t clock_rate) {
  const int64_t us = arrival.us();
  const int64_t whole = (us / 1000000) * clock_rate;
  const int64_t part = (us % 1000000) * clock_rate / 1000000;
  return static_cast<uint32_t>(whole + part);
}

}  // namespace

int64_t ReceiveStatistics::on_packet(uint16_t sequence_number, uint32_t rtp_timestamp, Timestamp arrival,
                                     bool retransmission) {
  const int64_t seq = unwrapper_.unwrap(sequence_number);
  bool newest = false;
  if (!started_) {
    started_ = true;
    base_ = seq;
    highest_ = seq;
    newest = true;
  } else if (seq > highest_) {
    highest_ = seq;
    newest = true;
  } else if (seq < base_) {
    // A packet from before the first one seen (reordered start): it widens what was expected, A.1 style.
    base_ = seq;
  }
  ++received_;
  if (newest && !retransmission && clock_rate_ > 0) {
    // RFC 3550 A.8: transit = arrival - timestamp (both in timestamp units), D = difference of successive
    // transits, J += (|D| - J) / 16, kept scaled by 16 in integer arithmetic.
    const int64_t transit = static_cast<int32_t>(arrival_in_rtp_units(arrival, clock_rate_) - rtp_timestamp);
    if (last_transit_) {
      const int64_t d = std::llabs(static_cast<int32_t>(static_cast<uint32_t>(transit - *last_transit_)));
      const int64_t j = static_cast<int64_t>(jitter_q4_);
      jitter_q4_ = static_cast<uint64_t>(std::max<int64_t>(0, j + d - ((j + 8) >> 4)));
    }
    last_transit_ = transit;
  }
  return seq;
}

void ReceiveStatistics::on_sender_report(uint64_t ntp_timestamp, Timestamp arrival) {
  last_sr_ntp_ = ntp_timestamp;
  last_sr_arrival_ = arrival;
}

int64_t ReceiveStatistics::packets_lost() const {
  if (!started_) return 0;
  const int64_t expected = highest_ - base_ + 1;
  // RFC 3550 6.4.1: a 24-bit signed field; "clamped" rather than wrapped, as the RFC suggests.
  return std::clamp<int64_t>(expected - static_cast<int64_t>(received_), -(int64_t{1} << 23), (int64_t{1} << 23) - 1);
}

rtp::ReportBlock ReceiveStatistics::make_report_block(uint32_t ssrc, Timestamp now) {
  rtp::ReportBlock b;
  b.ssrc = ssrc;
  const uint64_t expected = started_ ? static_cast<uint64_t>(highest_ - base_ + 1) : 0;
  // RFC 3550 A.3: fraction lost over the interval since the previous report; zero when packets were
  // duplicated (negative loss).
  const int64_t expected_interval = static_cast<int64_t>(expected - expected_prior_);
  const int64_t received_interval = static_cast<int64_t>(received_ - received_prior_);
  const int64_t lost_interval = expected_interval - received_interval;
  expected_prior_ = expected;
  received_prior_ = received_;
  if (expected_interval > 0 && lost_interval > 0) {
    b.fraction_lost = static_cast<uint8_t>(std::min<int64_t>(255, (lost_interval << 8) / expected_interval));
  }
  b.cumulative_lost = static_cast<int32_t>(packets_lost());
  b.extended_highest_sequence = extended_highest_sequence();
  b.jitter = jitter();
  if (last_sr_ntp_) {
    b.last_sr = ntp_compact(*last_sr_ntp_);
    const int64_t delay_us = (now - last_sr_arrival_).us();
    b.delay_since_last_sr = static_cast<uint32_t>((static_cast<uint64_t>(std::max<int64_t>(0, delay_us)) << 16) / 1000000);
  }
  return b;
}

}  // namespace purertc::pc::media
