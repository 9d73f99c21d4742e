// The one header other modules include: the RFC 8866 codec, the typed WebRTC attributes and the
// RFC 9429 (JSEP) offer/answer helpers.
#pragma once

#include "sdp/attribute.h"
#include "sdp/attributes/candidate.h"
#include "sdp/attributes/direction.h"
#include "sdp/attributes/extmap.h"
#include "sdp/attributes/fingerprint.h"
#include "sdp/attributes/fmtp.h"
#include "sdp/attributes/grouping.h"
#include "sdp/attributes/ice.h"
#include "sdp/attributes/msid.h"
#include "sdp/attributes/rid.h"
#include "sdp/attributes/rtcp.h"
#include "sdp/attributes/rtcp_fb.h"
#include "sdp/attributes/rtpmap.h"
#include "sdp/attributes/sctp.h"
#include "sdp/attributes/setup.h"
#include "sdp/attributes/simulcast.h"
#include "sdp/attributes/ssrc.h"
#include "sdp/sdp_error.h"
#include "sdp/session_description.h"
#include "sdp/simulcast_negotiation.h"
