// mDNS over real multicast on the loopback interface (224.0.0.251 joined on 127.0.0.1, multicast loop on):
// one gatherer hides its host address behind a generated name and answers for it, another resolves it.
// The tests use a port of their own instead of 5353 so a system responder cannot interfere.
#include <gtest/gtest.h>

#include "pc/gather/ice_gatherer.h"
#include "tests/interop/process.h"
#include "tests/pc/gather/agent_driver.h"

namespace purertc::pc {
namespace {

using testing::AgentDriver;
using testing::make_loop;
using testing::run_on;
using testing::wait_until;

GatherSettings loopback_mdns(MdnsMode mode, uint16_t port) {
  GatherSettings s;
  s.include_loopback = true;
  s.udp6 = false;
  s.interface_filter = [](const NetworkInterface& i) { return i.loopback; };
  s.mdns_mode = mode;
  s.mdns_port = port;
  s.mdns_timeout = Duration::millis(1500);
  return s;
}

struct Recorder {
  std::vector<ice::Candidate> candidates;
  std::vector<std::string> names;
  bool complete = false;
  GatherCallbacks callbacks() {
    GatherCallbacks c;
    c.on_candidate = [this](const ice::Candidate& cand, const std::string& name) {
      candidates.push_back(cand);
      names.push_back(name);
    };
    c.on_gathering_complete = [this] { complete = true; };
    return c;
  }
};

TEST(IceGathererMdns, HiddenHostNameIsResolvedByAnotherGatherer) {
  auto loop = make_loop();
  SeededRandom random(31);
  const uint16_t port = static_cast<uint16_t>(interop::free_udp_port());
  Recorder owner, asker;
  std::unique_ptr<IceGatherer> a, b;
  run_on(*loop, [&] {
    a = std::make_unique<IceGatherer>(*loop, loopback_mdns(MdnsMode::kQueryAndGather, port), owner.callbacks(), random);
    b = std::make_unique<IceGatherer>(*loop, loopback_mdns(MdnsMode::kQueryOnly, port), asker.callbacks(), random);
    ASSERT_TRUE(a->gather(pc::now()));
    ASSERT_TRUE(b->gather(pc::now()));
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return owner.complete && asker.complete; }));
  std::string name;
  run_on(*loop, [&] {
    ASSERT_EQ(owner.candidates.size(), 1u);
    name = owner.names[0];
    EXPECT_EQ(asker.names[0], "");  // query-only does not hide
  });
  ASSERT_EQ(name.size(), 36u + 6u) << name;
  EXPECT_EQ(name.substr(36), ".local");
  std::optional<IpAddress> resolved;
  bool answered = false;
  run_on(*loop, [&] {
    b->resolve_mdns(name, [&](std::optional<IpAddress> ip) {
      resolved = ip;
      answered = true;
    });
    EXPECT_FALSE(answered);  // never inside the call
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return answered; }));
  run_on(*loop, [&] {
    ASSERT_TRUE(resolved.has_value()) << "no answer over multicast on lo";
    EXPECT_EQ(*resolved, IpAddress::v4(127, 0, 0, 1));
    EXPECT_GE(a->stats().mdns_answers_sent, 1u);
    EXPECT_GE(b->stats().mdns_queries_sent, 1u);
    // Upper case resolves the same name (DNS names are case-insensitive) - now from b's cache.
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    answered = false;
    b->resolve_mdns(upper, [&](std::optional<IpAddress> ip) {
      resolved = ip;
      answered = true;
    });
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return answered; }));
  run_on(*loop, [&] {
    EXPECT_EQ(resolved, IpAddress::v4(127, 0, 0, 1));
    a->close();
    b->close();
  });
}

TEST(IceGathererMdns, UnknownNameTimesOutAndDisabledModeAnswersNullopt) {
  auto loop = make_loop();
  SeededRandom random(32);
  const uint16_t port = static_cast<uint16_t>(interop::free_udp_port());
  Recorder r1, r2;
  std::unique_ptr<IceGatherer> on, off;
  int answers = 0;
  std::optional<IpAddress> unknown = IpAddress::v4(1, 2, 3, 4), disabled = IpAddress::v4(1, 2, 3, 4);
  auto settings = loopback_mdns(MdnsMode::kQueryOnly, port);
  settings.mdns_timeout = Duration::millis(300);
  run_on(*loop, [&] {
    on = std::make_unique<IceGatherer>(*loop, settings, r1.callbacks(), random);
    off = std::make_unique<IceGatherer>(*loop, loopback_mdns(MdnsMode::kDisabled, port), r2.callbacks(), random);
    on->resolve_mdns("00000000-0000-4000-8000-000000000000.local", [&](std::optional<IpAddress> ip) {
      unknown = ip;
      ++answers;
    });
    off->resolve_mdns("00000000-0000-4000-8000-000000000000.local", [&](std::optional<IpAddress> ip) {
      disabled = ip;
      ++answers;
    });
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return answers == 2; }));
  run_on(*loop, [&] {
    EXPECT_EQ(unknown, std::nullopt);
    EXPECT_EQ(disabled, std::nullopt);
    on.reset();
    off.reset();
  });
}

TEST(IceGathererMdns, AgentsConnectWhenOneHidesItsAddress) {
  auto loop = make_loop();
  SeededRandom random(33);
  const uint16_t port = static_cast<uint16_t>(interop::free_udp_port());
  ice::AgentSettings controlling, controlled;
  controlled.controlling = false;
  std::unique_ptr<AgentDriver> hidden, plain;
  run_on(*loop, [&] {
    hidden = std::make_unique<AgentDriver>(*loop, loopback_mdns(MdnsMode::kQueryAndGather, port), controlling, random);
    plain = std::make_unique<AgentDriver>(*loop, loopback_mdns(MdnsMode::kQueryOnly, port), controlled, random);
    hidden->start();
    plain->start();
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return hidden->complete() && plain->complete(); }));
  // The signaling carries only the name: the plain side must resolve it before it has a candidate.
  bool added = false;
  run_on(*loop, [&] {
    plain->signal_to(*hidden);
    plain->agent().set_remote_credentials(hidden->agent().local_credentials(), pc::now());
    ice::Candidate remote = hidden->candidates()[0];
    const std::string name = hidden->mdns_names()[0];
    ASSERT_FALSE(name.empty());
    remote.address.ip = IpAddress();  // what the SDP gave: a name, no address
    plain->gatherer().resolve_mdns(name, [&, remote](std::optional<IpAddress> ip) mutable {
      ASSERT_TRUE(ip.has_value());
      remote.address.ip = *ip;
      (void)plain->agent().add_remote_candidate(remote, pc::now());
      plain->agent().set_remote_end_of_candidates(pc::now());
      plain->flush();
      added = true;
    });
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return added && hidden->connected() && plain->connected(); }));
  run_on(*loop, [&] {
    hidden.reset();
    plain.reset();
  });
}

}  // namespace
}  // namespace purertc::pc
