#include "srtp/packet/rtp_header.h"

#include "common/byte_order.h"

namespace purertc::srtp {

Result<RtpHeaderView> parse_rtp_header(std::span<const uint8_t> packet) {
  if (packet.size() < kRtpFixedHeaderSize) return unexpected(Error{Errc::kTruncated, "RTP packet shorter than 12 bytes"});
  const uint8_t* p = packet.data();
  if ((p[0] >> 6) != 2) return unexpected(Error{Errc::kMalformed, "RTP version is not 2"});
  RtpHeaderView h;
  h.csrc_count = p[0] & 0x0f;
  h.has_extension = (p[0] & 0x10) != 0;
  h.sequence_number = load_u16(p + 2);
  h.ssrc = load_u32(p + 8);
  size_t size = kRtpFixedHeaderSize + 4 * h.csrc_count;
  if (h.has_extension) {
    if (size > packet.size() || packet.size() - size < kRtpExtensionHeaderSize) {
      return unexpected(Error{Errc::kTruncated, "RTP header extension header cut short"});
    }
    h.extension_profile = load_u16(p + size);
    h.extension_data_size = size_t{load_u16(p + size + 2)} * 4;
    size += kRtpExtensionHeaderSize;
    if (h.extension_data_size > packet.size() - size) {
      return unexpected(Error{Errc::kTruncated, "RTP header extension longer than the packet"});
    }
    size += h.extension_data_size;
  }
  if (size > packet.size()) return unexpected(Error{Errc::kTruncated, "RTP CSRC list longer than the packet"});
  h.header_size = size;
  return h;
}

}  // namespace purertc::srtp
