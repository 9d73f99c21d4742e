#include "pc/demux.h"

namespace purertc::pc {

std::string_view to_string(PacketKind kind) {
  switch (kind) {
    case PacketKind::kStun: return "stun";
    case PacketKind::kZrtp: return "zrtp";
    case PacketKind::kDtls: return "dtls";
    case PacketKind::kTurnChannelData: return "turn-channel-data";
    case PacketKind::kRtp: return "rtp";
    case PacketKind::kRtcp: return "rtcp";
    case PacketKind::kOther: return "other";
  }
  return "unknown";
}

}  // namespace purertc::pc
