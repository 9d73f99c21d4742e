// RTX retransmission payload format (RFC 4588 4):
//
//   RTP header (retransmission PT, SSRC, sequence) | OSN (16, original sequence number) | original payload
//
// Both directions copy the original header (CSRCs and extensions included) into a caller buffer and
// rewrite PT, SSRC and sequence number in place: no allocation. Padding is not carried over: a
// retransmission is padded (if at all) for its own reasons.
#pragma once

#include <cstdint>
#include <span>

#include "common/result.h"
#include "rtp/packet/rtp_packet.h"

namespace purertc::rtp {

inline constexpr size_t kRtxOverhead = 2;

// Writes the RTX packet for `original` into `out`; returns its size.
Result<size_t> rtx_encapsulate(const RtpPacketView& original, uint8_t rtx_payload_type, uint32_t rtx_ssrc,
                               uint16_t rtx_sequence_number, std::span<uint8_t> out);

// Writes the original packet carried by `rtx` into `out`; returns its size. kTruncated when the RTX
// payload is shorter than the OSN field (an RTX padding-only packet, used for probing, carries no packet).
Result<size_t> rtx_decapsulate(const RtpPacketView& rtx, uint8_t original_payload_type, uint32_t original_ssrc,
                               std::span<uint8_t> out);

}  // namespace purertc::rtp
