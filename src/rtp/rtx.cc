#include "rtp/rtx.h"

#include <cstring>

#include "common/byte_order.h"

namespace purertc::rtp {
namespace {

size_t copy_header(const RtpPacketView& p, std::span<uint8_t> out) {
  size_t h = p.header_size();
  std::memcpy(out.data(), p.data().data(), h);
  out[0] &= static_cast<uint8_t>(~0x20);  // no padding in the result
  return h;
}

}  // namespace

Result<size_t> rtx_encapsulate(const RtpPacketView& original, uint8_t rtx_payload_type, uint32_t rtx_ssrc,
                               uint16_t rtx_sequence_number, std::span<uint8_t> out) {
  auto payload = original.payload();
  size_t total = original.header_size() + kRtxOverhead + payload.size();
  if (out.size() < total) return unexpected(Error{Errc::kBufferTooSmall, "RTX: output buffer too small"});
  size_t h = copy_header(original, out);
  rewrite_payload_type(out, rtx_payload_type);
  rewrite_ssrc(out, rtx_ssrc);
  rewrite_sequence_number(out, rtx_sequence_number);
  store_u16(&out[h], original.sequence_number());
  if (!payload.empty()) std::memcpy(&out[h + kRtxOverhead], payload.data(), payload.size());
  return total;
}

Result<size_t> rtx_decapsulate(const RtpPacketView& rtx, uint8_t original_payload_type, uint32_t original_ssrc,
                               std::span<uint8_t> out) {
  auto payload = rtx.payload();
  if (payload.size() < kRtxOverhead) return unexpected(Error{Errc::kTruncated, "RTX: payload without OSN"});
  size_t total = rtx.header_size() + payload.size() - kRtxOverhead;
  if (out.size() < total) return unexpected(Error{Errc::kBufferTooSmall, "RTX: output buffer too small"});
  size_t h = copy_header(rtx, out);
  rewrite_payload_type(out, original_payload_type);
  rewrite_ssrc(out, original_ssrc);
  rewrite_sequence_number(out, load_u16(payload.data()));
  if (payload.size() > kRtxOverhead) std::memcpy(&out[h], payload.data() + kRtxOverhead, payload.size() - kRtxOverhead);
  return total;
}

}  // namespace purertc::rtp
