// Host gathering on real sockets: loopback only (the filters keep every other interface out, so the test
// behaves the same on any machine), port ranges, and two agents connecting through their gatherers.
#include <gtest/gtest.h>

#include "pc/gather/host_addresses.h"
#include "pc/gather/ice_gatherer.h"
#include "tests/interop/process.h"
#include "tests/pc/gather/agent_driver.h"

namespace purertc::pc {
namespace {

using testing::AgentDriver;
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

struct Recorder {
  std::vector<ice::Candidate> candidates;
  bool complete = false;
  GatherCallbacks callbacks() {
    GatherCallbacks c;
    c.on_candidate = [this](const ice::Candidate& cand, const std::string&) { candidates.push_back(cand); };
    c.on_gathering_complete = [this] { complete = true; };
    return c;
  }
};

TEST(IceGathererHost, GathersLoopbackWhenAskedAndCompletes) {
  auto loop = make_loop();
  SeededRandom random(1);
  Recorder rec;
  std::unique_ptr<IceGatherer> g;
  ASSERT_TRUE(run_on(*loop, [&] {
    g = std::make_unique<IceGatherer>(*loop, loopback_only(), rec.callbacks(), random);
    ASSERT_TRUE(g->gather(pc::now()));
  }));
  ASSERT_TRUE(wait_until(*loop, [&] { return rec.complete; }));
  run_on(*loop, [&] {
    ASSERT_EQ(rec.candidates.size(), 1u);
    const auto& c = rec.candidates[0];
    EXPECT_EQ(c.type, ice::CandidateType::kHost);
    EXPECT_EQ(c.address.ip, IpAddress::v4(127, 0, 0, 1));
    EXPECT_NE(c.address.port, 0);
    EXPECT_EQ(c.base, c.address);
    EXPECT_EQ(c.priority, ice::candidate_priority(ice::CandidateType::kHost, 65535, 1));
    EXPECT_EQ(g->local_candidates(), rec.candidates);
    EXPECT_EQ(g->state(), GatheringState::kComplete);
    EXPECT_FALSE(g->gather(pc::now()));  // once only
    g->close();
    EXPECT_EQ(g->state(), GatheringState::kClosed);
  });
}

TEST(IceGathererHost, WithoutIncludeLoopbackThereIsNoLoopbackCandidate) {
  auto loop = make_loop();
  SeededRandom random(2);
  Recorder rec;
  auto settings = loopback_only();
  settings.include_loopback = false;
  std::unique_ptr<IceGatherer> g;
  run_on(*loop, [&] {
    g = std::make_unique<IceGatherer>(*loop, settings, rec.callbacks(), random);
    ASSERT_TRUE(g->gather(pc::now()));
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return rec.complete; }));
  run_on(*loop, [&] {
    EXPECT_TRUE(rec.candidates.empty());
    g->close();
  });
}

TEST(IceGathererHost, Ipv6LoopbackWhenTheMachineHasIt) {
  const auto all = list_interface_addresses();
  const auto v6 = *IpAddress::parse("::1");
  if (std::none_of(all.begin(), all.end(), [&](const auto& a) { return a.ip == v6; })) {
    GTEST_SKIP() << "this machine has no ::1 (IPv6 disabled on lo)";
  }
  auto loop = make_loop();
  SeededRandom random(3);
  Recorder rec;
  auto settings = loopback_only();
  settings.udp6 = true;
  std::unique_ptr<IceGatherer> g;
  run_on(*loop, [&] {
    g = std::make_unique<IceGatherer>(*loop, settings, rec.callbacks(), random);
    ASSERT_TRUE(g->gather(pc::now()));
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return rec.complete; }));
  run_on(*loop, [&] {
    ASSERT_EQ(rec.candidates.size(), 2u);
    EXPECT_EQ(rec.candidates[0].address.ip, v6);  // IPv6 first (RFC 8421)
    EXPECT_EQ(rec.candidates[1].address.ip, IpAddress::v4(127, 0, 0, 1));
    EXPECT_GT(rec.candidates[0].priority, rec.candidates[1].priority);
    g->close();
  });
}

TEST(IceGathererHost, IpFilterCanRemoveEverything) {
  auto loop = make_loop();
  SeededRandom random(4);
  Recorder rec;
  auto settings = loopback_only();
  settings.ip_filter = [](const IpAddress&) { return false; };
  std::unique_ptr<IceGatherer> g;
  run_on(*loop, [&] {
    g = std::make_unique<IceGatherer>(*loop, settings, rec.callbacks(), random);
    ASSERT_TRUE(g->gather(pc::now()));
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return rec.complete; }));
  run_on(*loop, [&] {
    EXPECT_TRUE(rec.candidates.empty());
    g->close();
  });
}

TEST(IceGathererHost, PortRangeIsHonouredAndExhaustionCostsOnlyTheCandidate) {
  auto loop = make_loop();
  SeededRandom random(5);
  // A one-port range: the first gatherer takes the port, the second finds the range exhausted.
  const uint16_t port = static_cast<uint16_t>(interop::free_udp_port());
  auto narrow = loopback_only();
  narrow.port_min = port;
  narrow.port_max = port;
  // A wide range that excludes the kernel's usual ephemeral ports (32768-60999).
  auto wide = loopback_only();
  wide.port_min = 20000;
  wide.port_max = 20999;
  Recorder r1, r2, r3;
  std::unique_ptr<IceGatherer> g1, g2, g3;
  run_on(*loop, [&] {
    g1 = std::make_unique<IceGatherer>(*loop, narrow, r1.callbacks(), random);
    g2 = std::make_unique<IceGatherer>(*loop, narrow, r2.callbacks(), random);
    g3 = std::make_unique<IceGatherer>(*loop, wide, r3.callbacks(), random);
    ASSERT_TRUE(g1->gather(pc::now()));
    ASSERT_TRUE(g2->gather(pc::now()));
    ASSERT_TRUE(g3->gather(pc::now()));
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return r1.complete && r2.complete && r3.complete; }));
  run_on(*loop, [&] {
    ASSERT_EQ(r1.candidates.size(), 1u);
    EXPECT_EQ(r1.candidates[0].address.port, port);
    EXPECT_TRUE(r2.candidates.empty());
    EXPECT_EQ(g2->stats().bind_failures, 1u);
    ASSERT_EQ(r3.candidates.size(), 1u);
    EXPECT_GE(r3.candidates[0].address.port, wide.port_min);
    EXPECT_LE(r3.candidates[0].address.port, wide.port_max);
    g1->close();
    g2->close();
    g3->close();
  });
}

TEST(IceGathererHost, SendFromAnUnknownBaseFails) {
  auto loop = make_loop();
  SeededRandom random(6);
  Recorder rec;
  std::unique_ptr<IceGatherer> g;
  run_on(*loop, [&] {
    g = std::make_unique<IceGatherer>(*loop, loopback_only(), rec.callbacks(), random);
    ASSERT_TRUE(g->gather(pc::now()));
    const uint8_t byte = 1;
    const SocketAddress nowhere{IpAddress::v4(127, 0, 0, 1), 9};
    auto r = g->send(SocketAddress{IpAddress::v4(192, 0, 2, 1), 1}, nowhere, std::span(&byte, 1));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
    g->close();
    r = g->send(rec.candidates[0].base, nowhere, std::span(&byte, 1));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::kWrongState);
  });
}

// Datagrams waiting together are read in one batch: each reaches on_packet, then on_receive_batch_end
// runs once (the transport processes its engines' outputs there). Closing from on_packet stops both.
TEST(IceGathererHost, ReceiveBatchEndFollowsTheBatchesDatagrams) {
  auto loop = make_loop();
  SeededRandom random(8);
  Recorder rec;
  std::vector<size_t> log;  // datagram sizes; 0 for a batch end
  bool close_on_packet = false;
  GatherCallbacks callbacks = rec.callbacks();
  std::unique_ptr<IceGatherer> g;
  callbacks.on_packet = [&](const SocketAddress&, const SocketAddress&, std::span<const uint8_t> bytes, Timestamp) {
    log.push_back(bytes.size());
    if (close_on_packet) g->close();
  };
  callbacks.on_receive_batch_end = [&](Timestamp) { log.push_back(0); };
  auto peer = UdpSocket::bind(SocketAddress{IpAddress::v4(127, 0, 0, 1), 0});
  ASSERT_TRUE(peer);
  run_on(*loop, [&] {
    g = std::make_unique<IceGatherer>(*loop, loopback_only(), callbacks, random);
    ASSERT_TRUE(g->gather(pc::now()));
  });
  ASSERT_EQ(rec.candidates.size(), 1u);
  const SocketAddress to = rec.candidates[0].base;
  const std::vector<uint8_t> bytes(100, 0x80);
  auto send_three = [&] {
    // From inside a loop task: all three wait in the socket when the loop next reads.
    run_on(*loop, [&] {
      const OutgoingDatagram d[] = {{to, std::span(bytes).first(10)}, {to, std::span(bytes).first(20)},
                                    {to, std::span(bytes).first(30)}};
      ASSERT_EQ(peer->send(d).value_or(0), 3u);
    });
  };
  send_three();
  ASSERT_TRUE(wait_until(*loop, [&] { return log.size() == 4; }));
  run_on(*loop, [&] { EXPECT_EQ(log, (std::vector<size_t>{10, 20, 30, 0})); });

  run_on(*loop, [&] {
    log.clear();
    close_on_packet = true;
  });
  send_three();
  ASSERT_TRUE(wait_until(*loop, [&] { return g->state() == GatheringState::kClosed; }));
  run_on(*loop, [&] { EXPECT_EQ(log, (std::vector<size_t>{10})); });
}

TEST(IceGathererHost, TwoAgentsConnectOverTheirGatheredSocketsAndExchangeData) {
  auto loop = make_loop();
  SeededRandom random(7);
  std::unique_ptr<AgentDriver> a, b;
  ice::AgentSettings controlling, controlled;
  controlled.controlling = false;
  run_on(*loop, [&] {
    a = std::make_unique<AgentDriver>(*loop, loopback_only(), controlling, random);
    b = std::make_unique<AgentDriver>(*loop, loopback_only(), controlled, random);
    a->start();
    b->start();
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return a->complete() && b->complete(); }));
  run_on(*loop, [&] {
    a->signal_to(*b);
    b->signal_to(*a);
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return a->connected() && b->connected(); }));
  const std::vector<uint8_t> hello = {0x80, 1, 2, 3};  // not STUN: delivered as application data
  run_on(*loop, [&] { a->send_app_data(hello); });
  ASSERT_TRUE(wait_until(*loop, [&] { return !b->app_data().empty(); }));
  run_on(*loop, [&] {
    EXPECT_EQ(b->app_data()[0], hello);
    a.reset();
    b.reset();
  });
}

}  // namespace
}  // namespace purertc::pc
