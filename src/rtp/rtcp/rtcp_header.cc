#include "rtp/rtcp/rtcp_header.h"

#include "common/byte_order.h"

namespace purertc::rtp {

const char* to_string(RtcpType type) {
  switch (type) {
    case RtcpType::kSenderReport: return "SR";
    case RtcpType::kReceiverReport: return "RR";
    case RtcpType::kSourceDescription: return "SDES";
    case RtcpType::kBye: return "BYE";
    case RtcpType::kApp: return "APP";
    case RtcpType::kRtpFeedback: return "RTPFB";
    case RtcpType::kPayloadFeedback: return "PSFB";
    case RtcpType::kExtendedReport: return "XR";
  }
  return "?";
}

Result<RtcpPacketView> RtcpPacketView::parse(std::span<const uint8_t> data) {
  if (data.size() < kRtcpHeaderSize) return unexpected(Error{Errc::kTruncated, "RTCP: shorter than header"});
  if ((data[0] >> 6) != 2) return unexpected(Error{Errc::kMalformed, "RTCP: version is not 2"});
  size_t size = (size_t{load_u16(&data[2])} + 1) * 4;
  if (size > data.size()) return unexpected(Error{Errc::kTruncated, "RTCP: length past end of datagram"});
  RtcpPacketView v;
  v.count = data[0] & 0x1f;
  v.type = data[1];
  v.padding = (data[0] & 0x20) != 0;
  v.raw = data.first(size);
  size_t end = size;
  if (v.padding) {
    // RFC 3550 6.4.1: the last octet counts the padding, itself included.
    uint8_t pad = data[size - 1];
    if (pad == 0 || pad > size - kRtcpHeaderSize) return unexpected(Error{Errc::kMalformed, "RTCP: bad padding count"});
    end -= pad;
  }
  v.body = data.subspan(kRtcpHeaderSize, end - kRtcpHeaderSize);
  return v;
}

Result<size_t> validate_rtcp_compound(std::span<const uint8_t> data, bool allow_reduced_size) {
  if (data.empty()) return unexpected(Error{Errc::kTruncated, "RTCP: empty datagram"});
  size_t count = 0;
  while (!data.empty()) {
    auto p = RtcpPacketView::parse(data);
    if (!p) return unexpected(p.error());
    if (count == 0 && !allow_reduced_size && p->type != static_cast<uint8_t>(RtcpType::kSenderReport) &&
        p->type != static_cast<uint8_t>(RtcpType::kReceiverReport)) {
      return unexpected(Error{Errc::kMalformed, "RTCP: compound packet does not start with SR or RR"});
    }
    ++count;
    data = data.subspan(p->raw.size());
  }
  return count;
}

void write_rtcp_header(ByteBuffer& out, uint8_t count, RtcpType type, size_t body_size) {
  out.write_u8(static_cast<uint8_t>(0x80 | (count & 0x1f)));
  out.write_u8(static_cast<uint8_t>(type));
  out.write_u16(static_cast<uint16_t>(body_size / 4));
}

}  // namespace purertc::rtp
