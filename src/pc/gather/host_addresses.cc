#include "pc/gather/host_addresses.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/log.h"
#include "pc/sockaddr.h"

namespace purertc::pc {

std::vector<InterfaceAddress> list_interface_addresses() {
  std::vector<InterfaceAddress> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    PURERTC_LOG_WARN("gather", "getifaddrs: %s", std::strerror(errno));
    return out;
  }
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr) continue;
    const socklen_t length = i->ifa_addr->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
    auto address = from_sockaddr(i->ifa_addr, length);
    if (!address) continue;  // AF_PACKET and friends
    InterfaceAddress a;
    a.interface.name = i->ifa_name;
    a.interface.index = if_nametoindex(i->ifa_name);
    a.interface.loopback = (i->ifa_flags & IFF_LOOPBACK) != 0;
    a.ip = address->ip;
    a.up = (i->ifa_flags & IFF_UP) != 0 && (i->ifa_flags & IFF_RUNNING) != 0;
    out.push_back(std::move(a));
  }
  freeifaddrs(list);
  return out;
}

namespace {

bool wanted(const InterfaceAddress& a, const GatherSettings& s) {
  if (!a.up) return false;
  if (a.ip.is_v4() ? !s.udp4 : !s.udp6) return false;
  if (a.ip.is_unspecified() || a.ip.is_v4_mapped()) return false;
  const bool loopback = a.interface.loopback || a.ip.is_loopback();
  if (loopback && !s.include_loopback) return false;
  // A link-local IPv6 address is unusable without its scope id, which a candidate cannot carry.
  if (a.ip.is_v6() && a.ip.is_link_local() && !s.include_link_local_v6) return false;
  // IPv4 link-local (169.254/16) is what an interface gets when DHCP failed: nothing is reachable there.
  if (a.ip.is_v4() && a.ip.is_link_local()) return false;
  if (s.interface_filter && !s.interface_filter(a.interface)) return false;
  if (s.ip_filter && !s.ip_filter(a.ip)) return false;
  return true;
}

}  // namespace

std::vector<HostAddress> select_host_addresses(const std::vector<InterfaceAddress>& all, const GatherSettings& settings) {
  std::vector<const InterfaceAddress*> chosen;
  for (const auto& a : all) {
    if (!wanted(a, settings)) continue;
    // An address listed twice (an alias on two interfaces) gets one candidate.
    const bool duplicate = std::any_of(chosen.begin(), chosen.end(), [&](const auto* c) { return c->ip == a.ip; });
    if (!duplicate) chosen.push_back(&a);
  }
  // Stable: the kernel's interface order breaks ties, so the result is deterministic.
  std::stable_sort(chosen.begin(), chosen.end(), [](const InterfaceAddress* x, const InterfaceAddress* y) {
    auto rank = [](const InterfaceAddress* a) {
      const bool loopback = a->interface.loopback || a->ip.is_loopback();
      return (loopback ? 2 : 0) + (a->ip.is_v4() ? 1 : 0);
    };
    return rank(x) < rank(y);
  });
  if (chosen.size() > settings.max_host_candidates) chosen.resize(settings.max_host_candidates);
  std::vector<HostAddress> out;
  out.reserve(chosen.size());
  for (size_t i = 0; i < chosen.size(); ++i) {
    // Distinct local preferences, so that candidates of the same type on different interfaces never tie
    // (RFC 8445 5.1.2.1 requires unique priorities per type and component).
    out.push_back(HostAddress{chosen[i]->interface, chosen[i]->ip, static_cast<uint16_t>(65535 - i)});
  }
  return out;
}

}  // namespace purertc::pc
