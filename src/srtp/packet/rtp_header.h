// The parts of an RTP header (RFC 3550 5.1, RFC 8285 header extensions) that SRTP needs: where the
// payload starts, the sequence number and SSRC for the packet index and IV, and where the header
// extension is for RFC 6904 / RFC 9335.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                           timestamp                           |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                             SSRC                              |
//   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//   |                    CSRC list (CC x 32 bits)                   |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      defined by profile       |           length              |  (if X)
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                 header extension (length x 32 bits)           |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.h"

namespace purertc::srtp {

constexpr size_t kRtpFixedHeaderSize = 12;
constexpr size_t kRtpExtensionHeaderSize = 4;

struct RtpHeaderView {
  uint16_t sequence_number = 0;
  uint32_t ssrc = 0;
  size_t csrc_count = 0;
  bool has_extension = false;
  uint16_t extension_profile = 0;     // "defined by profile" when has_extension
  size_t extension_data_size = 0;     // bytes after the 4-byte extension header
  size_t header_size = 0;             // fixed header + CSRCs + extension: where the payload starts

  size_t csrc_offset() const { return kRtpFixedHeaderSize; }
  size_t extension_offset() const { return kRtpFixedHeaderSize + 4 * csrc_count; }
};

// Errc::kTruncated if the header does not fit in `packet`; Errc::kMalformed if the version is not 2.
Result<RtpHeaderView> parse_rtp_header(std::span<const uint8_t> packet);

}  // namespace purertc::srtp
