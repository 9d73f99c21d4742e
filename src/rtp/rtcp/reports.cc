#include "rtp/rtcp/reports.h"

#include "common/byte_reader.h"

namespace purertc::rtp {
namespace {

Result<ReportBlock> read_block(ByteReader& r) {
  auto b = r.read_bytes(kReportBlockSize);
  if (!b) return unexpected(b.error());
  const uint8_t* p = b->data();
  ReportBlock rb;
  rb.ssrc = load_u32(p);
  rb.fraction_lost = p[4];
  uint32_t lost = load_u24(p + 5);
  rb.cumulative_lost = (lost & 0x800000) ? static_cast<int32_t>(lost | 0xff000000u) : static_cast<int32_t>(lost);
  rb.extended_highest_sequence = load_u32(p + 8);
  rb.jitter = load_u32(p + 12);
  rb.last_sr = load_u32(p + 16);
  rb.delay_since_last_sr = load_u32(p + 20);
  return rb;
}

void write_block(ByteBuffer& out, const ReportBlock& rb) {
  out.write_u32(rb.ssrc);
  out.write_u8(rb.fraction_lost);
  out.write_u24(static_cast<uint32_t>(rb.cumulative_lost) & 0xffffff);
  out.write_u32(rb.extended_highest_sequence);
  out.write_u32(rb.jitter);
  out.write_u32(rb.last_sr);
  out.write_u32(rb.delay_since_last_sr);
}

Status read_blocks(ByteReader& r, size_t count, std::vector<ReportBlock>& blocks, std::vector<uint8_t>& ext) {
  blocks.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    auto rb = read_block(r);
    if (!rb) return unexpected(Error{Errc::kTruncated, "RTCP report: report block past end"});
    blocks.push_back(*rb);
  }
  auto rest = r.rest();
  ext.assign(rest.begin(), rest.end());
  return {};
}

Status check_blocks(const std::vector<ReportBlock>& blocks, const std::vector<uint8_t>& ext) {
  if (blocks.size() > kMaxReportBlocks) return unexpected(Error{Errc::kInvalidArgument, "RTCP report: more than 31 blocks"});
  if (ext.size() % 4) return unexpected(Error{Errc::kInvalidArgument, "RTCP report: extension not 32-bit aligned"});
  for (const auto& b : blocks) {
    if (b.cumulative_lost > 0x7fffff || b.cumulative_lost < -0x800000) {
      return unexpected(Error{Errc::kInvalidArgument, "RTCP report: cumulative lost out of 24-bit range"});
    }
  }
  return {};
}

}  // namespace

Result<SenderReport> SenderReport::parse(const RtcpPacketView& p) {
  ByteReader r(p.body);
  auto fixed = r.read_bytes(24);
  if (!fixed) return unexpected(Error{Errc::kTruncated, "SR: shorter than sender info"});
  SenderReport sr;
  sr.sender_ssrc = load_u32(fixed->data());
  sr.ntp_timestamp = load_u64(fixed->data() + 4);
  sr.rtp_timestamp = load_u32(fixed->data() + 12);
  sr.packet_count = load_u32(fixed->data() + 16);
  sr.octet_count = load_u32(fixed->data() + 20);
  auto st = read_blocks(r, p.count, sr.report_blocks, sr.profile_extensions);
  if (!st) return unexpected(st.error());
  return sr;
}

size_t SenderReport::serialized_size() const {
  return kRtcpHeaderSize + 24 + kReportBlockSize * report_blocks.size() + profile_extensions.size();
}

Status SenderReport::write(ByteBuffer& out) const {
  auto st = check_blocks(report_blocks, profile_extensions);
  if (!st) return st;
  write_rtcp_header(out, static_cast<uint8_t>(report_blocks.size()), RtcpType::kSenderReport,
                    serialized_size() - kRtcpHeaderSize);
  out.write_u32(sender_ssrc);
  out.write_u64(ntp_timestamp);
  out.write_u32(rtp_timestamp);
  out.write_u32(packet_count);
  out.write_u32(octet_count);
  for (const auto& b : report_blocks) write_block(out, b);
  out.write_bytes(profile_extensions);
  return {};
}

Result<ReceiverReport> ReceiverReport::parse(const RtcpPacketView& p) {
  ByteReader r(p.body);
  auto ssrc = r.read_u32();
  if (!ssrc) return unexpected(Error{Errc::kTruncated, "RR: no sender SSRC"});
  ReceiverReport rr;
  rr.sender_ssrc = *ssrc;
  auto st = read_blocks(r, p.count, rr.report_blocks, rr.profile_extensions);
  if (!st) return unexpected(st.error());
  return rr;
}

size_t ReceiverReport::serialized_size() const {
  return kRtcpHeaderSize + 4 + kReportBlockSize * report_blocks.size() + profile_extensions.size();
}

Status ReceiverReport::write(ByteBuffer& out) const {
  auto st = check_blocks(report_blocks, profile_extensions);
  if (!st) return st;
  write_rtcp_header(out, static_cast<uint8_t>(report_blocks.size()), RtcpType::kReceiverReport,
                    serialized_size() - kRtcpHeaderSize);
  out.write_u32(sender_ssrc);
  for (const auto& b : report_blocks) write_block(out, b);
  out.write_bytes(profile_extensions);
  return {};
}

}  // namespace purertc::rtp
