#include "rtp/rtcp/rtcp_packet.h"

namespace purertc::rtp {

Status UnknownRtcp::write(ByteBuffer& out) const {
  if (raw.size() < kRtcpHeaderSize || raw.size() % 4) return unexpected(Error{Errc::kInvalidArgument, "RTCP: unknown packet not framed"});
  out.write_bytes(raw);
  return {};
}

namespace {
template <class T>
Result<RtcpPacket> lift(Result<T> r) {
  if (!r) return unexpected(r.error());
  return RtcpPacket(std::move(*r));
}
}  // namespace

Result<RtcpPacket> parse_rtcp_packet(const RtcpPacketView& v) {
  switch (static_cast<RtcpType>(v.type)) {
    case RtcpType::kSenderReport: return lift(SenderReport::parse(v));
    case RtcpType::kReceiverReport: return lift(ReceiverReport::parse(v));
    case RtcpType::kSourceDescription: return lift(SourceDescription::parse(v));
    case RtcpType::kBye: return lift(Bye::parse(v));
    case RtcpType::kApp: return lift(App::parse(v));
    case RtcpType::kRtpFeedback:
      if (v.count == kFmtGenericNack) return lift(GenericNack::parse(v));
      if (v.count == kFmtTmmbr || v.count == kFmtTmmbn) return lift(Tmmb::parse(v));
      if (v.count == kFmtTransportCc) return lift(TransportCcFeedback::parse(v));
      break;
    case RtcpType::kPayloadFeedback:
      if (v.count == kFmtPli) return lift(Pli::parse(v));
      if (v.count == kFmtFir) return lift(Fir::parse(v));
      if (Remb::matches(v)) return lift(Remb::parse(v));
      break;
    case RtcpType::kExtendedReport:
      return lift(ExtendedReport::parse(v));
  }
  return RtcpPacket(UnknownRtcp{std::vector<uint8_t>(v.raw.begin(), v.raw.end())});
}

Result<std::vector<RtcpPacket>> parse_rtcp_compound(std::span<const uint8_t> data, const RtcpParseSettings& settings) {
  auto count = validate_rtcp_compound(data, settings.allow_reduced_size);
  if (!count) return unexpected(count.error());
  if (*count > settings.max_packets) return unexpected(Error{Errc::kLimitExceeded, "RTCP: too many packets in datagram"});
  std::vector<RtcpPacket> out;
  out.reserve(*count);
  while (!data.empty()) {
    auto v = RtcpPacketView::parse(data);
    auto p = parse_rtcp_packet(*v);
    if (!p) return unexpected(p.error());
    out.push_back(std::move(*p));
    data = data.subspan(v->raw.size());
  }
  return out;
}

size_t serialized_size(const RtcpPacket& p) {
  return std::visit([](const auto& x) { return x.serialized_size(); }, p);
}

Status write_rtcp_packet(const RtcpPacket& p, ByteBuffer& out) {
  return std::visit([&](const auto& x) { return x.write(out); }, p);
}

Result<std::vector<uint8_t>> serialize_rtcp_compound(std::span<const RtcpPacket> packets) {
  size_t total = 0;
  for (const auto& p : packets) total += serialized_size(p);
  ByteBuffer out(total);
  for (const auto& p : packets) {
    auto st = write_rtcp_packet(p, out);
    if (!st) return unexpected(st.error());
  }
  return out.take();
}

std::string to_string(const RtcpPacket& p) {
  struct Namer {
    std::string operator()(const SenderReport& x) { return "SR ssrc=" + std::to_string(x.sender_ssrc) + " blocks=" + std::to_string(x.report_blocks.size()); }
    std::string operator()(const ReceiverReport& x) { return "RR ssrc=" + std::to_string(x.sender_ssrc) + " blocks=" + std::to_string(x.report_blocks.size()); }
    std::string operator()(const SourceDescription& x) { return "SDES chunks=" + std::to_string(x.chunks.size()); }
    std::string operator()(const Bye& x) { return "BYE ssrcs=" + std::to_string(x.ssrcs.size()); }
    std::string operator()(const App& x) { return "APP subtype=" + std::to_string(x.subtype); }
    std::string operator()(const GenericNack& x) { return "NACK lost=" + std::to_string(x.lost.size()); }
    std::string operator()(const Tmmb& x) { return std::string(x.notification ? "TMMBN" : "TMMBR") + " items=" + std::to_string(x.items.size()); }
    std::string operator()(const TransportCcFeedback& x) { return "TWCC base=" + std::to_string(x.base_sequence) + " count=" + std::to_string(x.statuses.size()); }
    std::string operator()(const Pli& x) { return "PLI media=" + std::to_string(x.media_ssrc); }
    std::string operator()(const Fir& x) { return "FIR entries=" + std::to_string(x.entries.size()); }
    std::string operator()(const Remb& x) { return "REMB bps=" + std::to_string(x.bitrate_bps); }
    std::string operator()(const ExtendedReport& x) { return "XR dlrr=" + std::to_string(x.dlrr.size()) + (x.rrtr_ntp ? " rrtr" : ""); }
    std::string operator()(const UnknownRtcp& x) { return "RTCP type=" + std::to_string(x.type()) + " size=" + std::to_string(x.raw.size()); }
  };
  return std::visit(Namer{}, p);
}

}  // namespace purertc::rtp
