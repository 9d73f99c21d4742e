#include "rtp/rtcp/extended_report.h"

#include "common/byte_reader.h"

namespace purertc::rtp {
namespace {
constexpr uint8_t kBlockRrtr = 4;
constexpr uint8_t kBlockDlrr = 5;
}  // namespace

Result<ExtendedReport> ExtendedReport::parse(const RtcpPacketView& p) {
  ByteReader r(p.body);
  auto ssrc = r.read_u32();
  if (!ssrc) return unexpected(Error{Errc::kTruncated, "XR: no sender SSRC"});
  ExtendedReport xr;
  xr.sender_ssrc = *ssrc;
  while (!r.empty()) {
    auto head = r.read_u32();
    if (!head) return unexpected(Error{Errc::kTruncated, "XR: block header cut"});
    uint8_t type = static_cast<uint8_t>(*head >> 24);
    uint8_t specific = static_cast<uint8_t>(*head >> 16);
    auto body = r.read_bytes(4 * size_t{*head & 0xffffu});
    if (!body) return unexpected(Error{Errc::kTruncated, "XR: block past end"});
    if (type == kBlockRrtr) {
      if (body->size() != 8) return unexpected(Error{Errc::kMalformed, "XR: RRTR block length is not 2"});
      xr.rrtr_ntp = load_u64(body->data());
    } else if (type == kBlockDlrr) {
      if (body->size() % 12) return unexpected(Error{Errc::kMalformed, "XR: DLRR block not a list of 12-byte items"});
      for (size_t i = 0; i < body->size(); i += 12) {
        const uint8_t* b = body->data() + i;
        xr.dlrr.push_back(DlrrItem{load_u32(b), load_u32(b + 4), load_u32(b + 8)});
      }
    } else {
      xr.other_blocks.push_back(XrBlock{type, specific, std::vector<uint8_t>(body->begin(), body->end())});
    }
  }
  return xr;
}

size_t ExtendedReport::serialized_size() const {
  size_t n = kRtcpHeaderSize + 4;
  if (rrtr_ntp) n += 12;
  if (!dlrr.empty()) n += 4 + 12 * dlrr.size();
  for (const auto& b : other_blocks) n += 4 + b.data.size();
  return n;
}

Status ExtendedReport::write(ByteBuffer& out) const {
  if (dlrr.size() * 3 > 0xffff) return unexpected(Error{Errc::kInvalidArgument, "XR: too many DLRR items"});
  for (const auto& b : other_blocks) {
    if (b.data.size() % 4 || b.data.size() / 4 > 0xffff) return unexpected(Error{Errc::kInvalidArgument, "XR: bad block size"});
  }
  write_rtcp_header(out, 0, RtcpType::kExtendedReport, serialized_size() - kRtcpHeaderSize);
  out.write_u32(sender_ssrc);
  if (rrtr_ntp) {
    out.write_u32((uint32_t{kBlockRrtr} << 24) | 2);
    out.write_u64(*rrtr_ntp);
  }
  if (!dlrr.empty()) {
    out.write_u32((uint32_t{kBlockDlrr} << 24) | static_cast<uint32_t>(3 * dlrr.size()));
    for (const auto& d : dlrr) {
      out.write_u32(d.ssrc);
      out.write_u32(d.last_rr);
      out.write_u32(d.delay_since_last_rr);
    }
  }
  for (const auto& b : other_blocks) {
    out.write_u32((uint32_t{b.type} << 24) | (uint32_t{b.type_specific} << 16) | static_cast<uint32_t>(b.data.size() / 4));
    out.write_bytes(b.data);
  }
  return {};
}

}  // namespace purertc::rtp
