// ICE: time from start to a nominated pair for two agents on loopback (3 host candidates each, real
// sockets; dominated by pacing and round trips, not CPU), and the CPU cost of one connectivity check on
// each side (building and signing a request; verifying it and building the signed response).
#include <benchmark/benchmark.h>

#include <array>
#include <memory>

#include "crypto/csprng.h"
#include "ice/agent.h"
#include "stun/packet/message_builder.h"
#include "tests/interop/udp_socket.h"

namespace purertc::ice {
namespace {

struct Endpoint {
  std::unique_ptr<interop::UdpSocket> socket;
  Candidate candidate;
};

// One agent with three host candidates on 127.0.0.1..3 and a poll loop over its sockets.
class LoopbackNode {
 public:
  LoopbackNode(bool controlling, Random& random) : agent_(make_settings(controlling), Credentials::generate(random), random) {}

  void gather(Timestamp now) {
    for (int i = 1; i <= 3; ++i) {
      Endpoint e;
      std::string ip = "127.0.0." + std::to_string(i);
      e.socket = std::make_unique<interop::UdpSocket>(0);
      // UdpSocket binds 127.0.0.1; the other loopback addresses are reached through it as well, so the
      // three candidates differ by port, which is what pairing and pacing care about.
      e.candidate.address = SocketAddress{*IpAddress::parse("127.0.0.1"), e.socket->local().port};
      e.candidate.base = e.candidate.address;
      e.candidate.priority = candidate_priority(CandidateType::kHost, static_cast<uint32_t>(65535 - i), 1);
      e.candidate.foundation = candidate_foundation(CandidateType::kHost, e.candidate.address.ip, std::nullopt,
                                                    TransportProtocol::kUdp);
      agent_.add_local_candidate(e.candidate, now);
      endpoints_.push_back(std::move(e));
    }
  }

  void step() {
    flush();
    for (auto& e : endpoints_) {
      while (auto d = e.socket->receive(Duration::zero())) {
        SocketAddress from{*IpAddress::parse(d->from.ip), d->from.port};
        agent_.handle_stun(d->data, e.candidate.base, from, interop::wall_now());
      }
    }
    agent_.handle_timeout(interop::wall_now());
    flush();
  }

  Agent& agent() { return agent_; }
  const std::vector<Endpoint>& endpoints() const { return endpoints_; }
  bool connected() const {
    return agent_.state() == ConnectionState::kConnected || agent_.state() == ConnectionState::kCompleted;
  }

 private:
  static AgentSettings make_settings(bool controlling) {
    AgentSettings s;
    s.controlling = controlling;
    return s;
  }
  void flush() {
    while (auto out = agent_.poll_output()) {
      auto* t = std::get_if<Transmit>(&*out);
      if (t == nullptr) continue;
      for (auto& e : endpoints_) {
        if (e.candidate.base == t->from) e.socket->send_to(t->data, {t->to.ip.to_string(), t->to.port});
      }
    }
  }

  Agent agent_;
  std::vector<Endpoint> endpoints_;
};

void BM_ConnectTwoAgentsOnLoopback(benchmark::State& state) {
  auto rng = crypto::Csprng::create();
  for (auto _ : state) {
    LoopbackNode a(true, **rng), b(false, **rng);
    Timestamp start = interop::wall_now();
    a.gather(start);
    b.gather(start);
    a.agent().set_remote_credentials(b.agent().local_credentials(), start);
    b.agent().set_remote_credentials(a.agent().local_credentials(), start);
    for (const auto& e : b.endpoints()) (void)a.agent().add_remote_candidate(e.candidate, start);
    for (const auto& e : a.endpoints()) (void)b.agent().add_remote_candidate(e.candidate, start);
    while (!(a.connected() && b.connected()) && interop::wall_now() - start < Duration::seconds(5)) {
      a.step();
      b.step();
    }
    state.SetIterationTime(static_cast<double>((interop::wall_now() - start).us()) / 1e6);
    if (!a.connected()) state.SkipWithError("agents did not connect");
  }
}
BENCHMARK(BM_ConnectTwoAgentsOnLoopback)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(30);

// The controlled side's work per incoming check: parse, verify FINGERPRINT and MESSAGE-INTEGRITY, look up
// the pair, build and sign the response.
void BM_AnswerOneCheck(benchmark::State& state) {
  SeededRandom rng(1);
  AgentSettings settings;
  settings.controlling = false;
  Agent agent(settings, Credentials{"localufrag", "localpassword0123456789"}, rng);
  Candidate local;
  local.address = local.base = *SocketAddress::parse("192.0.2.1:5000");
  local.priority = candidate_priority(CandidateType::kHost, 65535, 1);
  local.foundation = "1";
  agent.add_local_candidate(local, Timestamp());
  Candidate remote = local;
  remote.address = remote.base = *SocketAddress::parse("192.0.2.2:6000");
  (void)agent.add_remote_candidate(remote, Timestamp());

  std::array<uint8_t, 256> buf{};
  stun::TransactionId tid{};
  stun::MessageBuilder b(buf, stun::MessageType(stun::Method::kBinding, stun::MessageClass::kRequest), tid);
  b.add_string(stun::AttributeType::kUsername, "localufrag:remoteufrag");
  b.add_u32(stun::AttributeType::kPriority, 1845501695);
  b.add_u64(stun::AttributeType::kIceControlling, 0x1234567890abcdefull);
  const std::string pwd = "localpassword0123456789";
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, {reinterpret_cast<const uint8_t*>(pwd.data()), pwd.size()});
  b.add_message_integrity(key);
  b.add_fingerprint();
  auto request = *b.finish();
  Timestamp now;
  for (auto _ : state) {
    agent.handle_stun(request, local.address, remote.address, now);
    while (auto out = agent.poll_output()) benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_AnswerOneCheck);

}  // namespace
}  // namespace purertc::ice

BENCHMARK_MAIN();
