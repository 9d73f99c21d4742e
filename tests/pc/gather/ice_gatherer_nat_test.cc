// NAT 1:1 mapping (Pion's SetNAT1To1IPs) on loopback: the advertised address changes, the base does not.
#include <gtest/gtest.h>

#include "pc/gather/ice_gatherer.h"
#include "tests/pc/gather/agent_driver.h"

namespace purertc::pc {
namespace {

using testing::make_loop;
using testing::run_on;
using testing::wait_until;

GatherSettings loopback_only() {
  GatherSettings s;
  s.include_loopback = true;
  s.udp6 = false;
  s.interface_filter = [](const NetworkInterface& i) { return i.loopback; };
  s.mdns_mode = MdnsMode::kDisabled;
  return s;
}

std::vector<ice::Candidate> gather_all(GatherSettings settings) {
  auto loop = make_loop();
  SeededRandom random(41);
  std::vector<ice::Candidate> out;
  bool complete = false;
  std::unique_ptr<IceGatherer> g;
  GatherCallbacks cb;
  cb.on_candidate = [&](const ice::Candidate& c, const std::string&) { out.push_back(c); };
  cb.on_gathering_complete = [&] { complete = true; };
  run_on(*loop, [&] {
    g = std::make_unique<IceGatherer>(*loop, std::move(settings), cb, random);
    EXPECT_TRUE(g->gather(pc::now()));
  });
  EXPECT_TRUE(wait_until(*loop, [&] { return complete; }));
  run_on(*loop, [&] { g.reset(); });
  return out;
}

const IpAddress kPublic = IpAddress::v4(203, 0, 113, 9);

TEST(IceGathererNat, HostTypeReplacesTheAdvertisedAddress) {
  auto s = loopback_only();
  s.nat_1to1_ips = {NatMapping{kPublic, std::nullopt}};
  const auto c = gather_all(s);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].type, ice::CandidateType::kHost);
  EXPECT_EQ(c[0].address.ip, kPublic);
  EXPECT_EQ(c[0].base.ip, IpAddress::v4(127, 0, 0, 1));
  EXPECT_EQ(c[0].address.port, c[0].base.port);
}

TEST(IceGathererNat, SrflxTypeAddsACandidateNextToTheHostOne) {
  auto s = loopback_only();
  s.nat_1to1_ips = {NatMapping{kPublic, IpAddress::v4(127, 0, 0, 1)}};
  s.nat_1to1_candidate_type = NatCandidateType::kServerReflexive;
  const auto c = gather_all(s);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].type, ice::CandidateType::kHost);
  EXPECT_EQ(c[0].address.ip, IpAddress::v4(127, 0, 0, 1));
  EXPECT_EQ(c[1].type, ice::CandidateType::kServerReflexive);
  EXPECT_EQ(c[1].address, (SocketAddress{kPublic, c[0].base.port}));
  EXPECT_EQ(c[1].base, c[0].base);
  EXPECT_EQ(c[1].related_address, c[0].base);
  EXPECT_LT(c[1].priority, c[0].priority);
}

TEST(IceGathererNat, AMappingForAnotherAddressOrFamilyDoesNotApply) {
  auto s = loopback_only();
  s.nat_1to1_ips = {NatMapping{kPublic, IpAddress::v4(192, 0, 2, 77)},
                    NatMapping{*IpAddress::parse("2001:db8::9"), std::nullopt}};
  const auto c = gather_all(s);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].address.ip, IpAddress::v4(127, 0, 0, 1));
}

TEST(IceGathererNat, RelayOnlyOffersNoHostOrNatCandidate) {
  auto s = loopback_only();
  s.relay_only = true;
  s.nat_1to1_ips = {NatMapping{kPublic, std::nullopt}};
  s.nat_1to1_candidate_type = NatCandidateType::kServerReflexive;
  EXPECT_TRUE(gather_all(s).empty());
}

}  // namespace
}  // namespace purertc::pc
