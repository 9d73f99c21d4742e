// Which local addresses get a host candidate (RFC 8445 5.1.1.1): the interface list from getifaddrs,
// filtered by network type, loopback and link-local rules and the user's interface / IP filters (Pion's
// SettingEngine), each with a distinct local preference (5.1.2.2). The selection is a pure function so
// that every rule is testable with a made-up interface list; only list_interface_addresses() reads the
// kernel. Threading: pure functions, usable from any thread.
#pragma once

#include <string>
#include <vector>

#include "common/socket_address.h"
#include "pc/gather/ice_gatherer.h"

namespace purertc::pc {

struct InterfaceAddress {
  NetworkInterface interface;
  IpAddress ip;
  bool up = true;
};

struct HostAddress {
  NetworkInterface interface;
  IpAddress ip;
  uint16_t local_preference = 0;
};

// Every address of every interface (getifaddrs); empty when the call fails (logged).
std::vector<InterfaceAddress> list_interface_addresses();

// The addresses to gather host candidates on, in preference order (highest local preference first):
// IPv6 before IPv4 (RFC 8421's default), loopback last, at most settings.max_host_candidates.
std::vector<HostAddress> select_host_addresses(const std::vector<InterfaceAddress>& all, const GatherSettings& settings);

}  // namespace purertc::pc
