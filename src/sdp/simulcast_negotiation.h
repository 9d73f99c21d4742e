// RID-based simulcast in offer/answer (RFC 8853 section 5.3, RFC 8851 section 6): which layers a
// remote m-line sends, the checks that make a description carrying them usable, and the a=rid line an
// answerer that receives a layer puts in its answer. Pure functions, no state.
//
// What purertc receives: for every simulcast stream of "a=simulcast:send", its first alternative
// (RFC 8853 section 5.3.2 lets the answerer drop alternatives). Every rid named there must have an
// "a=rid:<id> send" line in the same m-section (RFC 8853 section 5.2). The number of layers and the
// length of a rid are bounded (below), so a peer cannot make the receiver create unbounded state.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "common/result.h"
#include "sdp/attributes/rid.h"
#include "sdp/sdp_error.h"
#include "sdp/session_description.h"

namespace purertc::sdp {

// Layers per m-line. Browsers send at most 4 (Chromium's kMaxSimulcastStreams); 8 leaves room for SFU
// cascades while keeping one receiver per layer bounded.
inline constexpr size_t kMaxSimulcastLayers = 8;
// A rid travels in the rtp-stream-id header extension; the one-byte form (RFC 8285 section 4.2) carries
// at most 16 bytes, and Chromium refuses longer rids.
inline constexpr size_t kMaxRidLength = 16;

struct SentSimulcastLayer {
  Rid rid;  // the a=rid send line (its pt= list and restrictions)
  bool paused = false;
};

// The layers `m` sends (first alternative of each a=simulcast send stream, in order); empty without
// "a=simulcast:send". Errors, with the line of the a=simulcast or a=rid attribute:
//   kMissing      a rid of a=simulcast has no a=rid line
//   kConflict     a rid is listed twice in a=simulcast, has two a=rid lines, or its a=rid says recv
//   kLimit        more than `max_layers` streams, or a rid longer than kMaxRidLength
//   kInvalidValue an a=rid pt= names a payload type that is not a format of the m-line
Result<std::vector<SentSimulcastLayer>, SdpError> sent_simulcast_layers(const MediaDescription& m,
                                                                         size_t max_layers = kMaxSimulcastLayers);

// sent_simulcast_layers() for every audio/video m-line that is not rejected; the first error.
std::optional<SdpError> validate_simulcast(const SessionDescription& sd, size_t max_layers = kMaxSimulcastLayers);

// The "a=rid:<id> recv" line answering an offered send rid (RFC 8851 section 6.2): the pt= list limited
// to the payload types the answer accepted, and only the restrictions RFC 8851 section 5 defines that
// purertc can honour as a receiver (max-width, max-height, max-fps, max-fs, max-br, max-pps, max-bpp);
// "depend" (layered coding) and unknown restrictions are left out, which the RFC allows an answerer that
// does not understand them. nullopt when the offered pt= list names none of the accepted payload types:
// the layer cannot be received and is left out of the answer.
std::optional<Rid> answer_rid(const Rid& offered, const std::vector<uint8_t>& accepted_payload_types);

}  // namespace purertc::sdp
