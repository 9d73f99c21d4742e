// PacketInterceptor: how src/pc puts user interceptors (include/purertc/interceptor.h) on a
// MediaSession's packet path without the session knowing the public API. The session calls it
// synchronously with plaintext packets; each method may rewrite the packet (any size) and returns false
// to drop it. Borrowed by the session (MediaSession::set_packet_interceptor); must not call back into it.
#pragma once

#include <cstdint>
#include <vector>

#include "pc/media/events.h"

namespace purertc::pc::media {

class PacketInterceptor {
 public:
  virtual ~PacketInterceptor() = default;
  // Every RTP packet a sender emits (first transmissions and retransmissions, RTX included), after the
  // retransmission buffer kept it and before the per-transmission extensions and SRTP.
  virtual bool outgoing_rtp(SenderId sender, std::vector<uint8_t>& packet) = 0;
  // Every decrypted RTP packet the router gave to `receiver` (`rtx`: matched as its RTX stream).
  virtual bool incoming_rtp(ReceiverId receiver, bool rtx, std::vector<uint8_t>& packet) = 0;
  // Every RTCP compound packet, before SRTCP protection / after SRTCP unprotection.
  virtual bool outgoing_rtcp(std::vector<uint8_t>& compound) = 0;
  virtual bool incoming_rtcp(std::vector<uint8_t>& compound) = 0;
};

}  // namespace purertc::pc::media
