// What a MediaSession hands out through poll_output(): protected datagrams to send on the transport and
// events for src/pc (and through it the application).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/strong_id.h"
#include "common/timestamp.h"

namespace purertc::pc::media {

using SenderId = StrongId<struct SenderIdTag, uint32_t>;
using ReceiverId = StrongId<struct ReceiverIdTag, uint32_t>;

// One SRTP or SRTCP datagram for the transport's 5-tuple. Hand `data` back through
// MediaSession::recycle() once sent so its storage is reused (optional; it only saves allocations).
struct Transmit {
  std::vector<uint8_t> data;
  bool rtcp = false;
};

// A plaintext RTP packet routed to a receiver (RTX already removed: original SSRC, payload type and
// sequence number). Emitted when ReceiverParameters::emit_rtp_packets is set.
struct RtpPacketReceived {
  ReceiverId receiver;
  std::vector<uint8_t> packet;
  Timestamp arrival;
};

// A frame assembled by the receiver's sample builder (ReceiverParameters::assemble_samples).
struct SampleReceived {
  ReceiverId receiver;
  std::vector<uint8_t> data;  // the codec bitstream (Annex B for H.264/H.265)
  uint32_t rtp_timestamp = 0;
  uint8_t payload_type = 0;
  bool keyframe = false;
  uint64_t packets_lost_before = 0;  // packets given up on since the previous sample
};

// The first packet of a new SSRC reached a receiver: src/pc fires on_track here (ssrc and rid known).
struct ReceiverStarted {
  ReceiverId receiver;
  uint32_t ssrc = 0;
  uint8_t payload_type = 0;
  std::string rid;
};

// An RTP packet matched no receiver. Emitted once per unknown SSRC (bounded by
// RouterSettings::max_unknown_ssrcs), so src/pc can add a receiver (undeclared SSRC / simulcast probing)
// and the next packets of that SSRC route.
struct UnroutedRtp {
  uint32_t ssrc = 0;
  uint8_t payload_type = 0;
  std::string mid;
  std::string rid;
};

enum class KeyframeRequestKind : uint8_t { kPli, kFir };
std::string_view to_string(KeyframeRequestKind kind);

// The remote receiver asked a sender for a keyframe (PLI, RFC 4585 6.3.1; FIR, RFC 5104 4.3.1). The
// application should encode one; duplicates within a short time are not filtered.
struct KeyframeRequested {
  SenderId sender;
  KeyframeRequestKind kind = KeyframeRequestKind::kPli;
};

// A Generic NACK for a sender arrived; it was answered from the retransmission buffer already.
struct NackReceived {
  SenderId sender;
  size_t requested = 0;      // sequence numbers the NACK listed
  size_t retransmitted = 0;  // of those, found in the buffer and sent again
};

// A decrypted RTCP compound packet (MediaSessionSettings::emit_rtcp_packets), for Pion-style ReadRTCP.
struct RtcpReceived {
  std::vector<uint8_t> compound;
};

// An RTCP BYE named the SSRC a receiver receives (RFC 3550 section 6.6: that source left the session).
struct ByeReceived {
  ReceiverId receiver;
  uint32_t ssrc = 0;
};

using Event = std::variant<RtpPacketReceived, SampleReceived, ReceiverStarted, UnroutedRtp, KeyframeRequested,
                           NackReceived, RtcpReceived, ByeReceived>;
using Output = std::variant<Transmit, Event>;

}  // namespace purertc::pc::media
