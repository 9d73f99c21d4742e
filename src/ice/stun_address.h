// Conversion between purertc::SocketAddress (common) and the STUN module's wire-level address type.
// Kept in one place so that the day src/stun adopts common/socket_address.h this file simply goes away.
#pragma once

#include "common/socket_address.h"
#include "stun/socket_address.h"

namespace purertc::ice {

stun::SocketAddress to_stun(const SocketAddress& a);
SocketAddress from_stun(const stun::SocketAddress& a);

}  // namespace purertc::ice
