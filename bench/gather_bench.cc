// Gathering on real sockets: how long from gather() to on_gathering_complete for host candidates on
// loopback; how long two relay-only agents take from gather() to a connected pair through a real coturn
// on 127.0.0.1 (allocation, permissions/channels, checks); and the CPU cost of parsing an mDNS answer.
// Wall times of socket work are measured with manual time (the loop thread does the work).
#include <benchmark/benchmark.h>

#include <chrono>
#include <thread>

#include "crypto/csprng.h"
#include "ice/mdns_message.h"
#include "pc/gather/ice_gatherer.h"
#include "tests/pc/gather/agent_driver.h"
#include "tests/pc/gather/coturn.h"

using namespace purertc;
using namespace purertc::pc;

namespace {

GatherSettings loopback_only() {
  GatherSettings s;
  s.include_loopback = true;
  s.udp6 = false;
  s.interface_filter = [](const NetworkInterface& i) { return i.loopback; };
  s.mdns_mode = MdnsMode::kDisabled;
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void BM_GatherHostCandidatesOnLoopback(benchmark::State& state) {
  auto loop = testing::make_loop();
  auto rng = crypto::Csprng::create();
  for (auto _ : state) {
    Notification done;
    std::unique_ptr<IceGatherer> g;
    const auto start = std::chrono::steady_clock::now();
    loop->post([&] {
      GatherCallbacks cb;
      cb.on_gathering_complete = [&] { done.notify(); };
      g = std::make_unique<IceGatherer>(*loop, loopback_only(), cb, **rng);
      (void)g->gather(pc::now());
    });
    done.wait();
    state.SetIterationTime(seconds_since(start));
    testing::run_on(*loop, [&] { g.reset(); });
  }
}
BENCHMARK(BM_GatherHostCandidatesOnLoopback)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(200);

void BM_RelayOnlyConnectThroughCoturn(benchmark::State& state) {
  testing::Coturn coturn;
  if (!coturn.start()) {
    state.SkipWithError(coturn.error().c_str());
    return;
  }
  auto loop = testing::make_loop();
  auto rng = crypto::Csprng::create();
  auto settings = loopback_only();
  settings.relay_only = true;
  settings.turn_servers = {TurnServer{coturn.address(), testing::Coturn::kUser, testing::Coturn::kPassword,
                                      TurnTransport::kUdp}};
  ice::AgentSettings controlled;
  controlled.controlling = false;
  for (auto _ : state) {
    std::unique_ptr<testing::AgentDriver> a, b;
    const auto start = std::chrono::steady_clock::now();
    testing::run_on(*loop, [&] {
      a = std::make_unique<testing::AgentDriver>(*loop, settings, ice::AgentSettings{}, **rng);
      b = std::make_unique<testing::AgentDriver>(*loop, settings, controlled, **rng);
      a->start();
      b->start();
    });
    // Signaling happens once both have their relayed candidate, as a non-trickle exchange would.
    if (!testing::wait_until(*loop, [&] { return a->complete() && b->complete(); })) {
      state.SkipWithError("gathering did not complete");
      break;
    }
    testing::run_on(*loop, [&] {
      a->signal_to(*b);
      b->signal_to(*a);
    });
    if (!testing::wait_until(*loop, [&] { return a->connected() && b->connected(); })) {
      state.SkipWithError("agents did not connect");
      break;
    }
    state.SetIterationTime(seconds_since(start));
    testing::run_on(*loop, [&] {
      a.reset();
      b.reset();
    });
  }
}
BENCHMARK(BM_RelayOnlyConnectThroughCoturn)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_MdnsParseAnswer(benchmark::State& state) {
  const auto bytes =
      *ice::make_mdns_answer("1f2e3d4c-5b6a-4798-80ab-cdef01234567.local", IpAddress::v4(192, 0, 2, 10), 120).serialize();
  for (auto _ : state) {
    auto m = ice::MdnsMessage::parse(bytes);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_MdnsParseAnswer);

}  // namespace

BENCHMARK_MAIN();
