// The media half of a PeerConnection transport, for src/pc: SRTP keyed from DTLS, RTP senders and
// receivers with RTCP, BUNDLE routing, behind the MediaSession facade.
#pragma once

#include "pc/media/events.h"             // IWYU pragma: export
#include "pc/media/media_params.h"       // IWYU pragma: export
#include "pc/media/media_session.h"      // IWYU pragma: export
#include "pc/media/rtp_receiver_core.h"  // IWYU pragma: export
#include "pc/media/rtp_router.h"         // IWYU pragma: export
#include "pc/media/rtp_sender_core.h"    // IWYU pragma: export
#include "pc/media/srtp_transport.h"     // IWYU pragma: export
