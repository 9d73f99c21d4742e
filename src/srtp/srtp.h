// The SRTP module's one header for other modules (src/pc): sessions keyed from DTLS-SRTP, per-direction
// contexts, profiles and settings.
#pragma once

#include "srtp/context.h"     // IWYU pragma: export
#include "srtp/profile.h"     // IWYU pragma: export
#include "srtp/session.h"     // IWYU pragma: export
