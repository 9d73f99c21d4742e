#include "pc/gather/host_addresses.h"

#include <gtest/gtest.h>

namespace purertc::pc {
namespace {

InterfaceAddress iface(const char* name, const char* ip, bool loopback = false, bool up = true) {
  InterfaceAddress a;
  a.interface.name = name;
  a.interface.index = 1;
  a.interface.loopback = loopback;
  a.ip = *IpAddress::parse(ip);
  a.up = up;
  return a;
}

std::vector<InterfaceAddress> sample() {
  return {
      iface("lo", "127.0.0.1", true),
      iface("lo", "::1", true),
      iface("eth0", "192.0.2.10"),
      iface("eth0", "fe80::1"),
      iface("eth0", "2001:db8::10"),
      iface("wlan0", "198.51.100.7"),
      iface("down0", "203.0.113.1", false, false),
      iface("dhcpfail", "169.254.3.4"),
  };
}

std::vector<std::string> ips(const std::vector<HostAddress>& hosts) {
  std::vector<std::string> out;
  for (const auto& h : hosts) out.push_back(h.ip.to_string());
  return out;
}

TEST(HostAddresses, DefaultSkipsLoopbackLinkLocalAndDownInterfacesAndPutsIpv6First) {
  GatherSettings s;
  EXPECT_EQ(ips(select_host_addresses(sample(), s)),
            (std::vector<std::string>{"2001:db8::10", "192.0.2.10", "198.51.100.7"}));
}

TEST(HostAddresses, LoopbackOnlyWhenAskedAndLast) {
  GatherSettings s;
  s.include_loopback = true;
  EXPECT_EQ(ips(select_host_addresses(sample(), s)),
            (std::vector<std::string>{"2001:db8::10", "192.0.2.10", "198.51.100.7", "::1", "127.0.0.1"}));
}

TEST(HostAddresses, LinkLocalIpv6WhenAsked) {
  GatherSettings s;
  s.include_link_local_v6 = true;
  const auto got = ips(select_host_addresses(sample(), s));
  EXPECT_NE(std::find(got.begin(), got.end(), "fe80::1"), got.end());
  // IPv4 link-local stays out: it is the address of a failed DHCP, not a usable network.
  EXPECT_EQ(std::find(got.begin(), got.end(), "169.254.3.4"), got.end());
}

TEST(HostAddresses, NetworkTypes) {
  GatherSettings s;
  s.udp6 = false;
  EXPECT_EQ(ips(select_host_addresses(sample(), s)), (std::vector<std::string>{"192.0.2.10", "198.51.100.7"}));
  s.udp6 = true;
  s.udp4 = false;
  EXPECT_EQ(ips(select_host_addresses(sample(), s)), (std::vector<std::string>{"2001:db8::10"}));
}

TEST(HostAddresses, InterfaceAndIpFilters) {
  GatherSettings s;
  s.interface_filter = [](const NetworkInterface& i) { return i.name != "wlan0"; };
  EXPECT_EQ(ips(select_host_addresses(sample(), s)), (std::vector<std::string>{"2001:db8::10", "192.0.2.10"}));
  s.ip_filter = [](const IpAddress& ip) { return ip.is_v4(); };
  EXPECT_EQ(ips(select_host_addresses(sample(), s)), (std::vector<std::string>{"192.0.2.10"}));
}

TEST(HostAddresses, DistinctLocalPreferencesAndALimit) {
  GatherSettings s;
  s.include_loopback = true;
  const auto hosts = select_host_addresses(sample(), s);
  for (size_t i = 1; i < hosts.size(); ++i) EXPECT_LT(hosts[i].local_preference, hosts[i - 1].local_preference);
  s.max_host_candidates = 2;
  EXPECT_EQ(select_host_addresses(sample(), s).size(), 2u);
}

TEST(HostAddresses, AnAddressOnTwoInterfacesCountsOnce) {
  GatherSettings s;
  auto list = sample();
  list.push_back(iface("eth0:1", "192.0.2.10"));
  EXPECT_EQ(ips(select_host_addresses(list, s)),
            (std::vector<std::string>{"2001:db8::10", "192.0.2.10", "198.51.100.7"}));
}

TEST(HostAddresses, TheKernelListHasLoopback) {
  const auto all = list_interface_addresses();
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const auto& a) { return a.ip == IpAddress::v4(127, 0, 0, 1); }));
}

}  // namespace
}  // namespace purertc::pc
