// Reflection for `purertc-peer answer` (and serve's browser page): every audio/video track the offer
// sends comes back to the sender on the same transceiver, with the same codec, RTP packet by RTP packet.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "purertc/purertc.h"

namespace purertc::peer {

// The codec the remote sends on the m-section with this mid: the first payload type of its m= line that
// purertc's default MediaEngine knows (by name and clock rate; RTX, RED and FEC skipped). nullopt when
// there is none (or no such section).
std::optional<RtpCodec> offered_codec(std::string_view sdp, std::string_view mid, MediaKind kind);

// Call between set_remote_description(offer) and set_local_description(answer): gives every receiving
// transceiver a track with the offered codec (so the answer makes it sendrecv), forwards each RTP packet
// it receives to that track, and prints {"event":"track","kind":..,"codec":..}. Returns an error message
// ("" on success).
std::string reflect_tracks(PeerConnection& pc, std::string_view offer_sdp);

}  // namespace purertc::peer
