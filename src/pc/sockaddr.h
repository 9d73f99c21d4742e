// Conversion between purertc::SocketAddress (src/common/socket_address.h, the value type every module
// uses) and the kernel's sockaddr_in / sockaddr_in6. Only src/pc talks to the kernel, so this lives here.
// Threading: pure functions. Lifetime: nothing is kept.
#pragma once

#include <sys/socket.h>

#include <optional>

#include "common/socket_address.h"

namespace purertc::pc {

// Fills `out` (sockaddr_in for IPv4, sockaddr_in6 for IPv6) and returns the length to pass to the kernel.
socklen_t to_sockaddr(const SocketAddress& address, sockaddr_storage& out);

// nullopt unless `in` is an AF_INET or AF_INET6 address of at least the right length.
std::optional<SocketAddress> from_sockaddr(const sockaddr* in, socklen_t length);

}  // namespace purertc::pc
