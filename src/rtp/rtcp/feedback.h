// Feedback messages with a plain FCI list (RFC 4585 6.1, 6.2.1, 6.3.1; RFC 5104 4.2, 4.3; REMB draft).
//
//   common: header(FMT, PT=205/206) | SSRC of packet sender | SSRC of media source | FCI...
//   Generic NACK (RTPFB 1), FCI: PID (16) | BLP (16)         PID lost, and PID+i+1 lost if BLP bit i set
//   TMMBR / TMMBN (RTPFB 3 / 4), FCI: SSRC | MxTBR Exp (6) | MxTBR Mantissa (17) | Measured Overhead (9)
//   PLI (PSFB 1): no FCI
//   FIR (PSFB 4), FCI: SSRC | Seq nr. (8) | Reserved (24)        (media source SSRC field is 0)
//   REMB (PSFB 15, AFB): 'R' 'E' 'M' 'B' | Num SSRC (8) | BR Exp (6) | BR Mantissa (18) | SSRC feedback...
#pragma once

#include <cstdint>
#include <vector>

#include "common/byte_writer.h"
#include "rtp/rtcp/rtcp_header.h"

namespace purertc::rtp {

struct GenericNack {
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
  std::vector<uint16_t> lost;  // sequence numbers in the order the FCI lists them
  static Result<GenericNack> parse(const RtcpPacketView& p);
  size_t serialized_size() const;
  Status write(ByteBuffer& out) const;
  friend bool operator==(const GenericNack&, const GenericNack&) = default;
};

struct TmmbItem {
  uint32_t ssrc = 0;
  uint64_t bitrate_bps = 0;     // mantissa << exponent
  uint16_t packet_overhead = 0; // 9 bits
  friend bool operator==(const TmmbItem&, const TmmbItem&) = default;
};

// TMMBR (request) and TMMBN (notification) share the layout.
struct Tmmb {
  bool notification = false;
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
  std::vector<TmmbItem> items;
  static Result<Tmmb> parse(const RtcpPacketView& p);
  size_t serialized_size() const { return kRtcpHeaderSize + 8 + 8 * items.size(); }
  Status write(ByteBuffer& out) const;
  friend bool operator==(const Tmmb&, const Tmmb&) = default;
};

struct Pli {
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
  static Result<Pli> parse(const RtcpPacketView& p);
  size_t serialized_size() const { return kRtcpHeaderSize + 8; }
  Status write(ByteBuffer& out) const;
  friend bool operator==(const Pli&, const Pli&) = default;
};

struct FirEntry {
  uint32_t ssrc = 0;
  uint8_t sequence_number = 0;
  friend bool operator==(const FirEntry&, const FirEntry&) = default;
};

struct Fir {
  uint32_t sender_ssrc = 0;
  std::vector<FirEntry> entries;
  static Result<Fir> parse(const RtcpPacketView& p);
  size_t serialized_size() const { return kRtcpHeaderSize + 8 + 8 * entries.size(); }
  Status write(ByteBuffer& out) const;
  friend bool operator==(const Fir&, const Fir&) = default;
};

struct Remb {
  uint32_t sender_ssrc = 0;
  uint64_t bitrate_bps = 0;  // mantissa (18) << exponent (6): rounded down to what the wire can hold
  std::vector<uint32_t> ssrcs;
  // True when an AFB packet carries the REMB identifier (other AFB messages stay unknown).
  static bool matches(const RtcpPacketView& p);
  static Result<Remb> parse(const RtcpPacketView& p);
  size_t serialized_size() const { return kRtcpHeaderSize + 16 + 4 * ssrcs.size(); }
  Status write(ByteBuffer& out) const;
  friend bool operator==(const Remb&, const Remb&) = default;
};

// Splits a bitrate into (exponent, mantissa) with the mantissa in `mantissa_bits`, rounding down.
void encode_bitrate(uint64_t bps, unsigned mantissa_bits, uint8_t& exponent, uint32_t& mantissa);

}  // namespace purertc::rtp
