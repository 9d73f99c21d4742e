// The one header other modules include: a DTLS 1.2 client/server endpoint (RFC 6347) with DTLS-SRTP
// (RFC 5764) for WebRTC. See connection.h for the state machine and settings.h for the knobs.
#pragma once

#include "dtls/cipher_suite.h"
#include "dtls/connection.h"
#include "dtls/packet/alert.h"
#include "dtls/packet/extensions.h"
#include "dtls/settings.h"
