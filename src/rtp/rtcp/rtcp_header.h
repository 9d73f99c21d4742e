// RTCP common header (RFC 3550 6.4.1) and compound packet walking (RFC 3550 6.1, RFC 5506).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|  RC/FMT |      PT       |             length            |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// length is the packet size in 32-bit words minus one. A compound packet is several of these back to back
// in one datagram; RFC 3550 wants it to start with SR or RR, RFC 5506 (reduced size) lifts that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/byte_writer.h"
#include "common/result.h"

namespace purertc::rtp {

inline constexpr size_t kRtcpHeaderSize = 4;

enum class RtcpType : uint8_t {
  kSenderReport = 200,
  kReceiverReport = 201,
  kSourceDescription = 202,
  kBye = 203,
  kApp = 204,
  kRtpFeedback = 205,       // RFC 4585 6.2: transport-layer feedback
  kPayloadFeedback = 206,   // RFC 4585 6.3: payload-specific feedback
  kExtendedReport = 207,    // RFC 3611
};
const char* to_string(RtcpType type);

// FMT values (RFC 4585, 5104, transport-wide-cc draft, REMB draft).
inline constexpr uint8_t kFmtGenericNack = 1;
inline constexpr uint8_t kFmtTmmbr = 3;
inline constexpr uint8_t kFmtTmmbn = 4;
inline constexpr uint8_t kFmtTransportCc = 15;
inline constexpr uint8_t kFmtPli = 1;
inline constexpr uint8_t kFmtFir = 4;
inline constexpr uint8_t kFmtAfb = 15;

// One RTCP packet inside a compound datagram, borrowed from the input.
struct RtcpPacketView {
  uint8_t count = 0;  // RC, SC or FMT: the five low bits of the first byte
  uint8_t type = 0;
  bool padding = false;
  std::span<const uint8_t> body;  // after the 4-byte header, padding removed
  std::span<const uint8_t> raw;   // the whole packet, header and padding included

  // Parses one packet at the start of `data`; `raw.size()` tells how far to advance.
  static Result<RtcpPacketView> parse(std::span<const uint8_t> data);
};

// Walks a compound packet without allocating: f(const RtcpPacketView&) for every packet. Fails (and calls
// f for none) if any packet is malformed, or, unless reduced size is allowed, if the first packet is not
// SR/RR (RFC 3550 6.1: "The first RTCP packet in the compound packet MUST always be a report packet").
template <class F>
Status for_each_rtcp_packet(std::span<const uint8_t> data, bool allow_reduced_size, F&& f);
// Validates a compound packet and returns how many RTCP packets it holds.
Result<size_t> validate_rtcp_compound(std::span<const uint8_t> data, bool allow_reduced_size);

// Appends a header for a packet whose body is `body_size` bytes (a multiple of 4).
void write_rtcp_header(ByteBuffer& out, uint8_t count, RtcpType type, size_t body_size);

template <class F>
Status for_each_rtcp_packet(std::span<const uint8_t> data, bool allow_reduced_size, F&& f) {
  auto n = validate_rtcp_compound(data, allow_reduced_size);
  if (!n) return unexpected(n.error());
  while (!data.empty()) {
    auto p = RtcpPacketView::parse(data);
    f(*p);
    data = data.subspan(p->raw.size());
  }
  return {};
}

}  // namespace purertc::rtp
