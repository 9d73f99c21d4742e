// One-way SCTP throughput in one process, no DTLS: a sans-IO purertc association pair next to two
// usrsctp endpoints over AF_CONN, same message sizes, same loss model (a seeded 0% / 1% drop of packets
// in both directions). Reported as bytes per process CPU-second (MeasureProcessCPUTime, since usrsctp
// runs a timer thread of its own).
#include <benchmark/benchmark.h>

#include <deque>
#include <thread>
#include <vector>

#include "common/random.h"
#include "sctp/association.h"

#ifdef PURERTC_BENCH_HAVE_USRSCTP
#include "tests/sctp/usrsctp_peer.h"
#endif

namespace {

using namespace purertc;
using namespace purertc::sctp;

constexpr size_t kTransfer = 32 * 1024 * 1024;

void BM_Purertc(benchmark::State& state) {
  const size_t message = static_cast<size_t>(state.range(0));
  const double loss = static_cast<double>(state.range(1)) / 100.0;
  SctpSettings settings;
  settings.enable_zero_checksum = state.range(2) != 0;
  for (auto _ : state) {
    SeededRandom ra(1), rb(2), drop(3);
    Association a(settings, ra), b(settings, rb);
    Timestamp now = Timestamp::from_millis(1000);
    std::deque<std::vector<uint8_t>> ab, ba;
    size_t received = 0;
    const std::vector<uint8_t> payload(message, 0x42);
    auto pump = [&](Association& from, std::deque<std::vector<uint8_t>>& q, bool count) {
      while (auto o = from.poll_output()) {
        if (auto* t = std::get_if<Transmit>(&*o)) {
          // Packets go back to their sender once consumed (as pc::Transport does), so the steady state
          // reuses packet buffers.
          if (loss == 0 || drop.next_double() >= loss) q.push_back(std::move(t->packet));
          else from.recycle(std::move(t->packet));
        } else if (count) {
          if (auto* m = std::get_if<MessageReceived>(&std::get<Event>(*o))) received += m->payload.size();
        }
      }
    };
    a.connect(now);
    while (received < kTransfer) {
      if (a.state() == AssociationState::kEstablished) {
        while (a.buffered_amount(0) < 8 * message + 65536) (void)a.send(0, 53, payload, SendOptions{}, now);
      }
      pump(a, ab, false);
      pump(b, ba, true);
      if (ab.empty() && ba.empty()) {
        // Idle: jump logical time to the next timer (delayed ack, retransmission).
        now = earliest(a.next_timeout(), b.next_timeout());
        a.handle_timeout(now);
        b.handle_timeout(now);
        continue;
      }
      while (!ab.empty()) {
        b.handle_input(ab.front(), now);
        a.recycle(std::move(ab.front()));
        ab.pop_front();
      }
      while (!ba.empty()) {
        a.handle_input(ba.front(), now);
        b.recycle(std::move(ba.front()));
        ba.pop_front();
      }
    }
    benchmark::DoNotOptimize(received);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(kTransfer));
}
BENCHMARK(BM_Purertc)
    ->ArgNames({"msg", "loss%", "zerocsum"})
    ->Args({1200, 0, 0})
    ->Args({65536, 0, 0})
    ->Args({1200, 1, 0})
    ->Args({65536, 1, 0})
    ->Args({65536, 0, 1})
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

#ifdef PURERTC_BENCH_HAVE_USRSCTP
void BM_Usrsctp(benchmark::State& state) {
  using purertc::sctp::testing::UsrsctpPeer;
  const size_t message = static_cast<size_t>(state.range(0));
  const double loss = static_cast<double>(state.range(1)) / 100.0;
  // With loss usrsctp recovers some losses by its own (real-time) retransmission timer, so a smaller
  // transfer keeps the run short; CPU time is what is measured.
  const size_t transfer = loss > 0 ? kTransfer / 8 : kTransfer;
  for (auto _ : state) {
    SeededRandom drop(3);
    UsrsctpPeer server(true), client(false);
    const std::vector<uint8_t> payload(message, 0x42);
    size_t sent = 0;
    auto deliver = [&](UsrsctpPeer& from, UsrsctpPeer& to) {
      bool any = false;
      while (auto p = from.take_packet()) {
        any = true;
        if (loss == 0 || drop.next_double() >= loss) to.input(*p);
      }
      return any;
    };
    size_t received = 0;
    while (received < transfer) {
      while (sent < transfer + message && client.send(0, 53, payload.data(), payload.size())) sent += message;
      bool any = deliver(client, server);
      any = deliver(server, client) || any;
      server.poll();
      for (auto& m : server.messages) received += m.data.size();
      server.messages.clear();
      if (!any) std::this_thread::yield();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(loss > 0 ? kTransfer / 8 : kTransfer));
}
BENCHMARK(BM_Usrsctp)
    ->ArgNames({"msg", "loss%"})
    ->Args({1200, 0})
    ->Args({65536, 0})
    ->Args({1200, 1})
    ->Args({65536, 1})
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);
#endif

}  // namespace

BENCHMARK_MAIN();
