// RFC 7983 section 7 (as updated by RFC 9443 section 3): which protocol a datagram arriving on a WebRTC
// 5-tuple belongs to, decided by its first byte. RTP and RTCP share the 128..191 range; RFC 5761
// section 4 tells them apart by the second byte (RTCP packet types 192..223 sit where RTP's marker bit
// and payload type are, and RTP payload types that would collide are not used with RTCP mux).
//
//                   +----------------+
//                   |        [0..3] -+--> STUN
//                   |      [16..19] -+--> ZRTP (dropped: WebRTC does not use it)
//   packet -->      |      [20..63] -+--> DTLS
//                   |      [64..79] -+--> TURN ChannelData
//                   |    [128..191] -+--> RTP / RTCP
//                   |   everything  -+--> other (dropped; RFC 9443 gives 80..127 and 192..255 to QUIC)
//                   |          else  |
//                   +----------------+
//
// Threading: pure functions, callable from any thread. Lifetime: the input is only read during the call.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace purertc::pc {

enum class PacketKind : uint8_t {
  kStun,             // 0..3
  kZrtp,             // 16..19: the caller drops it
  kDtls,             // 20..63
  kTurnChannelData,  // 64..79
  kRtp,              // 128..191 with a second byte outside 192..223
  kRtcp,             // 128..191 with a second byte (packet type) in 192..223
  kOther,            // empty, an unassigned range, QUIC, or an RTP/RTCP first byte with nothing after it
};

std::string_view to_string(PacketKind kind);

// Classifies a received datagram. Only the first two bytes are read; the protocol's own parser checks
// the rest. A one-byte datagram in the RTP/RTCP range is kOther, since neither header fits in it.
constexpr PacketKind classify_packet(std::span<const uint8_t> datagram) {
  if (datagram.empty()) return PacketKind::kOther;
  const uint8_t b = datagram[0];
  if (b <= 3) return PacketKind::kStun;
  if (b >= 16 && b <= 19) return PacketKind::kZrtp;
  if (b >= 20 && b <= 63) return PacketKind::kDtls;
  if (b >= 64 && b <= 79) return PacketKind::kTurnChannelData;
  if (b >= 128 && b <= 191) {
    if (datagram.size() < 2) return PacketKind::kOther;
    const uint8_t packet_type = datagram[1];
    return packet_type >= 192 && packet_type <= 223 ? PacketKind::kRtcp : PacketKind::kRtp;
  }
  return PacketKind::kOther;
}

}  // namespace purertc::pc
