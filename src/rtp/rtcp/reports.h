// Sender and receiver reports (RFC 3550 6.4.1, 6.4.2) and their report blocks.
//
//  SR:  header(RC, PT=200) | SSRC of sender | NTP timestamp (64) | RTP timestamp | sender's packet count |
//       sender's octet count | report block 1..RC | profile-specific extensions
//  RR:  header(RC, PT=201) | SSRC of packet sender | report block 1..RC | profile-specific extensions
//  report block (24 bytes):
//       SSRC_n | fraction lost (8) | cumulative number of packets lost (24, signed) |
//       extended highest sequence number received | interarrival jitter | last SR (LSR) | delay since last SR
#pragma once

#include <cstdint>
#include <vector>

#include "common/byte_writer.h"
#include "rtp/rtcp/rtcp_header.h"

namespace purertc::rtp {

struct ReportBlock {
  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;
  int32_t cumulative_lost = 0;  // 24-bit signed on the wire
  uint32_t extended_highest_sequence = 0;
  uint32_t jitter = 0;
  uint32_t last_sr = 0;
  uint32_t delay_since_last_sr = 0;  // 1/65536 s
  friend bool operator==(const ReportBlock&, const ReportBlock&) = default;
};
inline constexpr size_t kReportBlockSize = 24;
inline constexpr size_t kMaxReportBlocks = 31;

struct SenderReport {
  uint32_t sender_ssrc = 0;
  uint64_t ntp_timestamp = 0;
  uint32_t rtp_timestamp = 0;
  uint32_t packet_count = 0;
  uint32_t octet_count = 0;
  std::vector<ReportBlock> report_blocks;
  std::vector<uint8_t> profile_extensions;  // kept as bytes (multiple of 4)
  static Result<SenderReport> parse(const RtcpPacketView& p);
  size_t serialized_size() const;
  Status write(ByteBuffer& out) const;
  friend bool operator==(const SenderReport&, const SenderReport&) = default;
};

struct ReceiverReport {
  uint32_t sender_ssrc = 0;
  std::vector<ReportBlock> report_blocks;
  std::vector<uint8_t> profile_extensions;
  static Result<ReceiverReport> parse(const RtcpPacketView& p);
  size_t serialized_size() const;
  Status write(ByteBuffer& out) const;
  friend bool operator==(const ReceiverReport&, const ReceiverReport&) = default;
};

}  // namespace purertc::rtp
