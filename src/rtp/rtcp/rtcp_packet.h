// Typed RTCP packets and compound packets (RFC 3550 6.1, RFC 5506). parse_rtcp_compound() turns a datagram
// into owned packets (RTCP is control traffic: owning copies keep the API simple); a packet type or
// feedback format purertc does not model is kept verbatim as UnknownRtcp and serializes back unchanged.
// for_each_rtcp_packet() in rtcp_header.h is the allocation-free walk for code that only needs to route.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "rtp/rtcp/bye.h"
#include "rtp/rtcp/extended_report.h"
#include "rtp/rtcp/feedback.h"
#include "rtp/rtcp/reports.h"
#include "rtp/rtcp/rtcp_header.h"
#include "rtp/rtcp/sdes.h"
#include "rtp/rtcp/transport_cc.h"

namespace purertc::rtp {

struct UnknownRtcp {
  std::vector<uint8_t> raw;  // the whole packet, header included
  uint8_t type() const { return raw.size() > 1 ? raw[1] : 0; }
  size_t serialized_size() const { return raw.size(); }
  Status write(ByteBuffer& out) const;
  friend bool operator==(const UnknownRtcp&, const UnknownRtcp&) = default;
};

using RtcpPacket = std::variant<SenderReport, ReceiverReport, SourceDescription, Bye, App, GenericNack, Tmmb,
                                TransportCcFeedback, Pli, Fir, Remb, ExtendedReport, UnknownRtcp>;

struct RtcpParseSettings {
  bool allow_reduced_size = true;  // RFC 5506: WebRTC negotiates a=rtcp-rsize
  size_t max_packets = 64;         // per datagram, a limit on what a peer can make us allocate
};

// Parses one RTCP packet (already framed by RtcpPacketView::parse) into its typed form.
Result<RtcpPacket> parse_rtcp_packet(const RtcpPacketView& view);
Result<std::vector<RtcpPacket>> parse_rtcp_compound(std::span<const uint8_t> data, const RtcpParseSettings& settings = {});

size_t serialized_size(const RtcpPacket& p);
Status write_rtcp_packet(const RtcpPacket& p, ByteBuffer& out);
Result<std::vector<uint8_t>> serialize_rtcp_compound(std::span<const RtcpPacket> packets);

std::string to_string(const RtcpPacket& p);

}  // namespace purertc::rtp
