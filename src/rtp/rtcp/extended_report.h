// RTCP extended reports (RFC 3611 2, 3), with the two block types WebRTC uses for receiver-side RTT:
//
//   header(reserved, PT=207) | SSRC of packet sender | report block ...
//   report block:  BT (8) | type-specific (8) | block length (16, 32-bit words after this one)
//   RRTR (BT=4, 4.4):  NTP timestamp (64)
//   DLRR (BT=5, 4.5):  { SSRC | last RR (LRR, 32) | delay since last RR (DLRR, 32) } ...
//
// Other block types are kept verbatim.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/byte_writer.h"
#include "rtp/rtcp/rtcp_header.h"

namespace purertc::rtp {

struct DlrrItem {
  uint32_t ssrc = 0;
  uint32_t last_rr = 0;
  uint32_t delay_since_last_rr = 0;
  friend bool operator==(const DlrrItem&, const DlrrItem&) = default;
};

struct XrBlock {
  uint8_t type = 0;
  uint8_t type_specific = 0;
  std::vector<uint8_t> data;  // after the block header, a multiple of 4 bytes
  friend bool operator==(const XrBlock&, const XrBlock&) = default;
};

struct ExtendedReport {
  uint32_t sender_ssrc = 0;
  std::optional<uint64_t> rrtr_ntp;  // receiver reference time
  std::vector<DlrrItem> dlrr;
  std::vector<XrBlock> other_blocks;
  static Result<ExtendedReport> parse(const RtcpPacketView& p);
  size_t serialized_size() const;
  Status write(ByteBuffer& out) const;
  friend bool operator==(const ExtendedReport&, const ExtendedReport&) = default;
};

}  // namespace purertc::rtp
