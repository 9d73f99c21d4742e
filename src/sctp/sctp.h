// The one header other modules include: the SCTP association and WebRTC data channels on top of it.
#pragma once

#include "sctp/association.h"                         // IWYU pragma: export
#include "sctp/datachannel/data_channel_endpoint.h"  // IWYU pragma: export
#include "sctp/events.h"                             // IWYU pragma: export
#include "sctp/settings.h"                           // IWYU pragma: export
