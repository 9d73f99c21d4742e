// Server-reflexive and relayed candidates against a real coturn on 127.0.0.1, and two ICE agents that
// connect only through coturn relays (transport policy "relay") over real sockets.
#include <gtest/gtest.h>

#include "pc/gather/ice_gatherer.h"
#include "tests/pc/gather/agent_driver.h"
#include "tests/pc/gather/coturn.h"

namespace purertc::pc {
namespace {

using testing::AgentDriver;
using testing::Coturn;
using testing::make_loop;
using testing::run_on;
using testing::wait_until;

#define START_COTURN_OR_SKIP(c)                                                      \
  do {                                                                               \
    if (!(c).start()) {                                                              \
      if (interop::peers_required()) FAIL() << (c).error();                          \
      GTEST_SKIP() << (c).error();                                                   \
    }                                                                                \
  } while (0)

GatherSettings loopback_only() {
  GatherSettings s;
  s.include_loopback = true;
  s.udp6 = false;
  s.interface_filter = [](const NetworkInterface& i) { return i.loopback; };
  s.mdns_mode = MdnsMode::kDisabled;
  return s;
}

TurnServer turn_server(const Coturn& c, std::string password = Coturn::kPassword) {
  return TurnServer{c.address(), Coturn::kUser, std::move(password), TurnTransport::kUdp};
}

struct Recorder {
  std::vector<ice::Candidate> candidates;
  bool complete = false;
  GatherCallbacks callbacks() {
    GatherCallbacks c;
    c.on_candidate = [this](const ice::Candidate& cand, const std::string&) { candidates.push_back(cand); };
    c.on_gathering_complete = [this] { complete = true; };
    return c;
  }
  const ice::Candidate* find(ice::CandidateType type) const {
    for (const auto& c : candidates) {
      if (c.type == type) return &c;
    }
    return nullptr;
  }
};

TEST(IceGathererCoturn, StunAndTurnServersAnswerAndTheRelayedCandidateIsReported) {
  Coturn coturn;
  START_COTURN_OR_SKIP(coturn);
  auto loop = make_loop();
  SeededRandom random(21);
  Recorder rec;
  auto settings = loopback_only();
  settings.stun_servers = {coturn.address()};
  settings.turn_servers = {turn_server(coturn)};
  std::unique_ptr<IceGatherer> g;
  run_on(*loop, [&] {
    g = std::make_unique<IceGatherer>(*loop, settings, rec.callbacks(), random);
    ASSERT_TRUE(g->gather(pc::now()));
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return rec.complete; })) << coturn.output();
  run_on(*loop, [&] {
    const auto* host = rec.find(ice::CandidateType::kHost);
    const auto* relay = rec.find(ice::CandidateType::kRelayed);
    ASSERT_NE(host, nullptr);
    ASSERT_NE(relay, nullptr) << coturn.output();
    // No NAT between us and a server on 127.0.0.1: the server-reflexive address is the host address, so
    // that candidate is redundant (RFC 8445 5.1.3) and not offered - but the server did answer it.
    EXPECT_EQ(rec.find(ice::CandidateType::kServerReflexive), nullptr);
    EXPECT_EQ(g->stats().redundant_candidates, 1u);
    EXPECT_EQ(g->stats().stun_timeouts, 0u);
    EXPECT_EQ(relay->address.ip, IpAddress::v4(127, 0, 0, 1));
    EXPECT_GE(relay->address.port, 61000);  // from coturn's relay range, not our socket
    EXPECT_EQ(relay->base, relay->address);
    ASSERT_TRUE(relay->related_address.has_value());
    EXPECT_EQ(*relay->related_address, host->address);  // the mapped address of our socket
    EXPECT_LT(relay->priority, host->priority);
    EXPECT_EQ(g->stats().turn_failures, 0u);
    g->close();
  });
}

TEST(IceGathererCoturn, WrongTurnPasswordCostsOnlyTheRelayedCandidate) {
  Coturn coturn;
  START_COTURN_OR_SKIP(coturn);
  auto loop = make_loop();
  SeededRandom random(22);
  Recorder rec;
  auto settings = loopback_only();
  settings.turn_servers = {turn_server(coturn, "wrong")};
  std::unique_ptr<IceGatherer> g;
  run_on(*loop, [&] {
    g = std::make_unique<IceGatherer>(*loop, settings, rec.callbacks(), random);
    ASSERT_TRUE(g->gather(pc::now()));
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return rec.complete; }));
  run_on(*loop, [&] {
    EXPECT_NE(rec.find(ice::CandidateType::kHost), nullptr);
    EXPECT_EQ(rec.find(ice::CandidateType::kRelayed), nullptr);
    EXPECT_EQ(g->stats().turn_failures, 1u);
    g->close();
  });
}

TEST(IceGathererCoturn, SilentStunServerTimesOutAndGatheringStillCompletes) {
  auto loop = make_loop();
  SeededRandom random(23);
  Recorder rec;
  auto settings = loopback_only();
  // Nobody listens there (a port that was free a moment ago).
  settings.stun_servers = {SocketAddress{IpAddress::v4(127, 0, 0, 1), static_cast<uint16_t>(interop::free_udp_port())}};
  settings.stun_timeout = Duration::millis(300);
  std::unique_ptr<IceGatherer> g;
  run_on(*loop, [&] {
    g = std::make_unique<IceGatherer>(*loop, settings, rec.callbacks(), random);
    ASSERT_TRUE(g->gather(pc::now()));
    EXPECT_FALSE(rec.complete);  // waits for the server
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return rec.complete; }));
  run_on(*loop, [&] {
    EXPECT_EQ(rec.candidates.size(), 1u);
    EXPECT_EQ(g->stats().stun_timeouts, 1u);
    g->close();
  });
}

TEST(IceGathererCoturn, RelayOnlyAgentsConnectThroughCoturnAndExchangeData) {
  Coturn coturn;
  START_COTURN_OR_SKIP(coturn);
  auto loop = make_loop();
  SeededRandom random(24);
  auto settings = loopback_only();
  settings.relay_only = true;
  settings.turn_servers = {turn_server(coturn)};
  ice::AgentSettings controlling, controlled;
  controlled.controlling = false;
  std::unique_ptr<AgentDriver> a, b;
  run_on(*loop, [&] {
    a = std::make_unique<AgentDriver>(*loop, settings, controlling, random);
    b = std::make_unique<AgentDriver>(*loop, settings, controlled, random);
    a->start();
    b->start();
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return a->complete() && b->complete(); })) << coturn.output();
  run_on(*loop, [&] {
    // Only relayed candidates are offered under the relay policy.
    ASSERT_EQ(a->candidates().size(), 1u);
    ASSERT_EQ(b->candidates().size(), 1u);
    EXPECT_EQ(a->candidates()[0].type, ice::CandidateType::kRelayed);
    EXPECT_EQ(b->candidates()[0].type, ice::CandidateType::kRelayed);
    a->signal_to(*b);
    b->signal_to(*a);
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return a->connected() && b->connected(); })) << coturn.output();
  const std::vector<uint8_t> ping = {0x80, 0x11, 0x22};
  const std::vector<uint8_t> pong = {0x80, 0x33};
  run_on(*loop, [&] {
    const auto* pair = a->agent().selected_pair();
    ASSERT_NE(pair, nullptr);
    EXPECT_EQ(pair->local.type, ice::CandidateType::kRelayed);
    EXPECT_EQ(pair->remote.type, ice::CandidateType::kRelayed);
    a->send_app_data(ping);
    b->send_app_data(pong);
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return !a->app_data().empty() && !b->app_data().empty(); }));
  run_on(*loop, [&] {
    EXPECT_EQ(b->app_data()[0], ping);
    EXPECT_EQ(a->app_data()[0], pong);
    a.reset();
    b.reset();
  });
}

}  // namespace
}  // namespace purertc::pc
