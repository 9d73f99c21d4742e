#include "ice/agent.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>

#include "crypto/hmac.h"
#include "stun/packet/message_builder.h"
#include "tests/sim/sim_link.h"

namespace purertc::ice {
namespace {

Candidate host(const std::string& addr, uint32_t local_pref = 65535) {
  Candidate c;
  c.type = CandidateType::kHost;
  c.address = *SocketAddress::parse(addr);
  c.base = c.address;
  c.priority = candidate_priority(c.type, local_pref, 1);
  c.foundation = candidate_foundation(c.type, c.address.ip, std::nullopt, c.transport);
  return c;
}

// Two agents on a simulated network. Every datagram goes through one SimLink per direction; the
// destination address picks the receiving agent (and the base it arrives on).
class Pair {
 public:
  explicit Pair(sim::Impairment imp = {}, uint64_t seed = 1, AgentSettings a_settings = {},
                AgentSettings b_settings = {})
      : rng_(seed), a_to_b_(imp, seed + 1), b_to_a_(imp, seed + 2) {
    a_settings.controlling = a_settings.controlling;
    b_settings.controlling = false;
    if (b_controlling_override_) b_settings.controlling = true;
    a = std::make_unique<Agent>(a_settings, Credentials::generate(rng_), rng_);
    b = std::make_unique<Agent>(b_settings, Credentials::generate(rng_), rng_);
  }

  void exchange_credentials() {
    a->set_remote_credentials(b->local_credentials(), now);
    b->set_remote_credentials(a->local_credentials(), now);
  }
  void add_a(const std::string& addr, bool signal = true) {
    auto c = host(addr);
    a->add_local_candidate(c, now);
    owner_[c.address] = 'a';
    if (signal) (void)b->add_remote_candidate(c, now);
  }
  void add_b(const std::string& addr, bool signal = true) {
    auto c = host(addr);
    b->add_local_candidate(c, now);
    owner_[c.address] = 'b';
    if (signal) (void)a->add_remote_candidate(c, now);
  }

  // Runs the simulation until `until` (or until both agents are idle, when stop_when_connected).
  void run_for(Duration d, bool stop_when_connected = false) {
    Timestamp end = now + d;
    while (now < end) {
      // Outputs produced by a delivery go out at the same instant, as a real event loop would do.
      do {
        drain(*a, 'a');
        drain(*b, 'b');
      } while (deliver());
      if (stop_when_connected && connected(*a) && connected(*b)) return;
      Timestamp next = earliest(earliest(a->next_timeout(), b->next_timeout()),
                                earliest(a_to_b_.next_delivery(), b_to_a_.next_delivery()));
      if (next > end) next = end;
      if (next < now) next = now;
      now = next;
      a->handle_timeout(now);
      b->handle_timeout(now);
      if (++steps_ > 2000000) FAIL() << "simulation did not settle";
    }
  }

  static bool connected(const Agent& x) {
    return x.state() == ConnectionState::kConnected || x.state() == ConnectionState::kCompleted;
  }

  std::vector<ConnectionState> states_a, states_b;
  int selected_changes_a = 0, selected_changes_b = 0, role_changes = 0;
  bool drop_all = false;
  bool b_controlling_override_ = false;

  SeededRandom rng_;
  Timestamp now = Timestamp::from_millis(1000);
  std::unique_ptr<Agent> a, b;

 private:
  void drain(Agent& x, char who) {
    while (auto out = x.poll_output()) {
      if (auto* t = std::get_if<Transmit>(&*out)) {
        if (drop_all) continue;
        // Encode the route in front of the payload: the link carries whole datagrams.
        std::vector<uint8_t> framed;
        auto put = [&](const SocketAddress& s) {
          auto str = s.to_string();
          framed.push_back(static_cast<uint8_t>(str.size()));
          framed.insert(framed.end(), str.begin(), str.end());
        };
        put(t->from);
        put(t->to);
        framed.insert(framed.end(), t->data.begin(), t->data.end());
        (who == 'a' ? a_to_b_ : b_to_a_).send(std::move(framed), now);
      } else if (auto* s = std::get_if<StateChanged>(&*out)) {
        (who == 'a' ? states_a : states_b).push_back(s->state);
      } else if (std::holds_alternative<SelectedPairChanged>(*out)) {
        ++(who == 'a' ? selected_changes_a : selected_changes_b);
      } else if (std::holds_alternative<RoleChanged>(*out)) {
        ++role_changes;
      }
    }
  }
  bool deliver() {
    bool any = false;
    for (auto* link : {&a_to_b_, &b_to_a_}) {
      while (auto d = link->receive(now)) {
        any = true;
        size_t pos = 0;
        auto get = [&]() {
          size_t n = (*d)[pos];
          std::string s(d->begin() + static_cast<long>(pos) + 1, d->begin() + static_cast<long>(pos + 1 + n));
          pos += 1 + n;
          return *SocketAddress::parse(s);
        };
        SocketAddress from = get();
        SocketAddress to = get();
        auto it = owner_.find(to);
        if (it == owner_.end()) continue;
        std::span<const uint8_t> payload(d->data() + pos, d->size() - pos);
        (it->second == 'a' ? *a : *b).handle_stun(payload, to, from, now);
      }
    }
    return any;
  }

  sim::SimLink a_to_b_, b_to_a_;
  std::map<SocketAddress, char> owner_;
  uint64_t steps_ = 0;
};

TEST(Agent, ConnectsAndAgreesOnThePair) {
  Pair p;
  p.add_a("192.0.2.1:1000");
  p.add_b("192.0.2.2:2000");
  p.exchange_credentials();
  p.run_for(Duration::seconds(5), true);
  ASSERT_TRUE(Pair::connected(*p.a));
  ASSERT_TRUE(Pair::connected(*p.b));
  ASSERT_NE(p.a->selected_pair(), nullptr);
  ASSERT_NE(p.b->selected_pair(), nullptr);
  EXPECT_EQ(p.a->selected_pair()->remote.address, p.b->selected_pair()->local.address);
  EXPECT_EQ(p.b->selected_pair()->remote.address, p.a->selected_pair()->local.address);
  EXPECT_EQ(p.states_a.front(), ConnectionState::kChecking);
  EXPECT_EQ(p.selected_changes_a, 1);
  EXPECT_EQ(p.selected_changes_b, 1);
  // Connected within a few pacing intervals and round trips (10 ms one way).
  EXPECT_LT(p.now - Timestamp::from_millis(1000), Duration::millis(400));
}

TEST(Agent, PicksTheBestOfSeveralCandidatesAndCompletes) {
  Pair p;
  p.add_a("192.0.2.1:1000");
  p.add_a("198.51.100.1:1000");
  p.add_a("[2001:db8::1]:1000");
  p.add_b("192.0.2.2:2000");
  p.add_b("198.51.100.2:2000");
  p.add_b("[2001:db8::2]:2000");
  p.exchange_credentials();
  p.a->set_remote_end_of_candidates(p.now);
  p.b->set_remote_end_of_candidates(p.now);
  p.run_for(Duration::seconds(10));
  EXPECT_EQ(p.a->state(), ConnectionState::kCompleted);
  ASSERT_NE(p.a->selected_pair(), nullptr);
  EXPECT_EQ(p.a->selected_pair()->priority, p.a->check_list().pairs().front().priority);
}

TEST(Agent, ConnectsUnderHeavyLossAndReordering) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Pair p({.loss = 0.2, .duplicate = 0.1, .reorder = 0.2}, seed);
    p.add_a("192.0.2.1:1000");
    p.add_b("192.0.2.2:2000");
    p.exchange_credentials();
    p.run_for(Duration::seconds(30), true);
    EXPECT_TRUE(Pair::connected(*p.a)) << "seed " << seed << " " << to_string(p.a->state());
    EXPECT_TRUE(Pair::connected(*p.b)) << "seed " << seed << " " << to_string(p.b->state()) << " "
                                       << (p.b->check_list().pairs().empty() ? "" : to_string(p.b->check_list().pairs()[0].state));
  }
}

TEST(Agent, ResolvesRoleConflictWhenBothAreControlling) {
  AgentSettings controlling;
  controlling.controlling = true;
  Pair p({}, 7, controlling, controlling);
  // Pair's constructor makes b controlled; re-create it controlling for the conflict.
  p.b = std::make_unique<Agent>(controlling, Credentials::generate(p.rng_), p.rng_);
  p.add_a("192.0.2.1:1000");
  p.add_b("192.0.2.2:2000");
  p.exchange_credentials();
  p.run_for(Duration::seconds(5), true);
  EXPECT_TRUE(Pair::connected(*p.a));
  EXPECT_TRUE(Pair::connected(*p.b));
  EXPECT_NE(p.a->controlling(), p.b->controlling());
  EXPECT_GE(p.role_changes, 1);
  EXPECT_GE(p.a->stats().role_conflicts + p.b->stats().role_conflicts, 1u);
}

TEST(Agent, WrongPasswordNeverConnectsAndFails) {
  Pair p;
  p.add_a("192.0.2.1:1000");
  p.add_b("192.0.2.2:2000");
  Credentials wrong = p.b->local_credentials();
  wrong.pwd = "this-is-not-the-password";
  p.a->set_remote_credentials(wrong, p.now);
  p.b->set_remote_credentials(p.a->local_credentials(), p.now);
  p.a->set_remote_end_of_candidates(p.now);
  p.b->set_remote_end_of_candidates(p.now);
  p.run_for(Duration::seconds(60));
  EXPECT_EQ(p.a->state(), ConnectionState::kFailed);
  EXPECT_EQ(p.b->state(), ConnectionState::kFailed);
  EXPECT_GT(p.b->stats().dropped_bad_integrity, 0u);
}

TEST(Agent, TrickleLearnsPeerReflexiveCandidates) {
  Pair p;
  p.add_a("192.0.2.1:1000", /*signal=*/false);  // b never hears of a's candidate
  p.add_b("192.0.2.2:2000");
  p.exchange_credentials();
  p.run_for(Duration::seconds(5), true);
  ASSERT_TRUE(Pair::connected(*p.b));
  ASSERT_NE(p.b->selected_pair(), nullptr);
  EXPECT_EQ(p.b->selected_pair()->remote.type, CandidateType::kPeerReflexive);
  EXPECT_EQ(p.b->selected_pair()->remote.address.to_string(), "192.0.2.1:1000");
}

TEST(Agent, ChecksStartBeforeRemoteCandidatesArrive) {
  Pair p;
  p.add_a("192.0.2.1:1000", /*signal=*/false);
  p.add_b("192.0.2.2:2000", /*signal=*/false);
  p.exchange_credentials();
  p.run_for(Duration::millis(500));
  EXPECT_FALSE(Pair::connected(*p.a));
  EXPECT_FALSE(Pair::connected(*p.b));
  // The candidate trickles in late.
  (void)p.a->add_remote_candidate(host("192.0.2.2:2000"), p.now);
  p.run_for(Duration::seconds(5), true);
  EXPECT_TRUE(Pair::connected(*p.a));
  EXPECT_TRUE(Pair::connected(*p.b));
}

TEST(Agent, ConsentLossDisconnectsThenFails) {
  Pair p;
  p.add_a("192.0.2.1:1000");
  p.add_b("192.0.2.2:2000");
  p.exchange_credentials();
  p.run_for(Duration::seconds(2), true);
  ASSERT_TRUE(Pair::connected(*p.a));
  p.run_for(Duration::seconds(20));
  EXPECT_TRUE(Pair::connected(*p.a)) << "consent checks keep a live path up";
  p.drop_all = true;
  p.run_for(Duration::seconds(10));
  EXPECT_EQ(p.a->state(), ConnectionState::kDisconnected);
  p.run_for(Duration::seconds(25));
  EXPECT_EQ(p.a->state(), ConnectionState::kFailed);
}

TEST(Agent, DisconnectedRecoversWhenTrafficReturns) {
  Pair p;
  p.add_a("192.0.2.1:1000");
  p.add_b("192.0.2.2:2000");
  p.exchange_credentials();
  p.run_for(Duration::seconds(2), true);
  p.drop_all = true;
  p.run_for(Duration::seconds(12));
  ASSERT_EQ(p.a->state(), ConnectionState::kDisconnected);
  p.drop_all = false;
  p.run_for(Duration::seconds(12));
  EXPECT_TRUE(Pair::connected(*p.a));
}

TEST(Agent, RestartKeepsThePairUntilANewOneIsSelected) {
  Pair p;
  p.add_a("192.0.2.1:1000");
  p.add_b("192.0.2.2:2000");
  p.exchange_credentials();
  p.run_for(Duration::seconds(2), true);
  ASSERT_TRUE(Pair::connected(*p.a));
  p.a->restart(Credentials::generate(p.rng_), p.now);
  p.b->restart(Credentials::generate(p.rng_), p.now);
  EXPECT_NE(p.a->selected_pair(), nullptr) << "old pair still carries traffic";
  EXPECT_TRUE(Pair::connected(*p.a));
  p.add_a("192.0.2.1:1001");
  p.add_b("192.0.2.2:2001");
  p.exchange_credentials();
  p.run_for(Duration::seconds(3));
  ASSERT_NE(p.a->selected_pair(), nullptr);
  EXPECT_EQ(p.a->selected_pair()->local.address.to_string(), "192.0.2.1:1001");
  EXPECT_EQ(p.selected_changes_a, 2);
}

size_t count(const std::vector<ConnectionState>& states, ConnectionState s) {
  return static_cast<size_t>(std::count(states.begin(), states.end(), s));
}

// Connects a and b on one pair each and clears the recorded states.
void connect_idle(Pair& p) {
  p.add_a("192.0.2.1:1000");
  p.add_b("192.0.2.2:2000");
  p.exchange_credentials();
  p.run_for(Duration::seconds(2), true);
  ASSERT_TRUE(Pair::connected(*p.a));
  ASSERT_TRUE(Pair::connected(*p.b));
  p.states_a.clear();
  p.states_b.clear();
}

// With the default settings (consent every 4-6 s, disconnected after 5 s) a healthy idle path never
// reports disconnected: the silence only counts once a consent check went unanswered. Before
// consent_response_grace, every interval drawn above 5 s flapped the state.
TEST(Agent, IdleHealthyPathNeverDisconnectsWithDefaultSettings) {
  Pair p;
  ASSERT_NO_FATAL_FAILURE(connect_idle(p));
  p.run_for(Duration::seconds(120));
  EXPECT_EQ(count(p.states_a, ConnectionState::kDisconnected), 0u);
  EXPECT_EQ(count(p.states_b, ConnectionState::kDisconnected), 0u);
  EXPECT_TRUE(Pair::connected(*p.a));
  EXPECT_GE(p.a->stats().responses_received, 20u);
}

// An owner whose timer runs late (a busy event loop) sends the consent check long after it was due;
// the agent does not judge the silence in the same instant, before the answer could come back.
TEST(Agent, LateTimerDoesNotDisconnectBeforeTheConsentCheckIsAnswered) {
  SeededRandom rng(9);
  AgentSettings settings;
  settings.consent_interval = Duration::seconds(2);
  Agent a(settings, Credentials::generate(rng), rng);
  AgentSettings controlled = settings;
  controlled.controlling = false;
  Agent b(controlled, Credentials::generate(rng), rng);
  auto ca = host("192.0.2.1:1000"), cb = host("192.0.2.2:2000");
  Timestamp now = Timestamp::from_millis(0);
  a.add_local_candidate(ca, now);
  b.add_local_candidate(cb, now);
  (void)a.add_remote_candidate(cb, now);
  (void)b.add_remote_candidate(ca, now);
  a.set_remote_credentials(b.local_credentials(), now);
  b.set_remote_credentials(a.local_credentials(), now);
  std::vector<ConnectionState> states;
  // Instant delivery, each agent's datagrams to the other.
  auto pump = [&] {
    for (bool any = true; any;) {
      any = false;
      while (auto out = a.poll_output()) {
        any = true;
        if (auto* t = std::get_if<Transmit>(&*out)) b.handle_stun(t->data, cb.address, ca.address, now);
        if (auto* st = std::get_if<StateChanged>(&*out)) states.push_back(st->state);
      }
      while (auto out = b.poll_output()) {
        any = true;
        if (auto* t = std::get_if<Transmit>(&*out)) a.handle_stun(t->data, ca.address, cb.address, now);
      }
    }
  };
  for (int i = 0; i < 100 && !(a.selected_pair() && b.selected_pair()); ++i) {
    now = earliest(a.next_timeout(), b.next_timeout());
    a.handle_timeout(now);
    b.handle_timeout(now);
    pump();
  }
  ASSERT_EQ(a.state(), ConnectionState::kConnected);
  // The loop stalls for 8 s: the consent check due after ~2 s goes out only now.
  const uint64_t sent = a.stats().checks_sent;
  now = now + Duration::seconds(8);
  a.handle_timeout(now);
  EXPECT_EQ(a.stats().checks_sent, sent + 1);
  EXPECT_EQ(a.state(), ConnectionState::kConnected) << "judged before the check could be answered";
  pump();
  EXPECT_EQ(a.state(), ConnectionState::kConnected);
  EXPECT_EQ(count(states, ConnectionState::kDisconnected), 0u);
}

// ICE restart on an idle connection, with the signaling taking 4 s each way: a restarts at once, b
// only when the offer arrives, a learns b's new credentials 4 s later. Consent on the old pair runs
// under the old credentials all along (a still answers its previous ufrag, b's checks keep theirs),
// so neither side ever reports disconnected; then the new generation takes over.
TEST(Agent, RestartKeepsConsentOnTheOldPairBothWays) {
  AgentSettings settings;
  settings.consent_interval = Duration::millis(2500);  // as src/pc sets it: half the disconnected timeout
  Pair p({}, 1, settings, settings);
  ASSERT_NO_FATAL_FAILURE(connect_idle(p));
  const Credentials a_old = p.a->local_credentials();
  p.a->restart(Credentials::generate(p.rng_), p.now);
  EXPECT_TRUE(p.a->restart_pending());
  const uint64_t a_answered = p.a->stats().responses_received, b_answered = p.b->stats().responses_received;
  p.run_for(Duration::seconds(4));
  EXPECT_GT(p.b->stats().responses_received, b_answered) << "a answers b's consent checks under its old ufrag";
  EXPECT_GT(p.a->stats().responses_received, a_answered) << "a's consent checks go on under the old credentials";
  p.b->restart(Credentials::generate(p.rng_), p.now);
  p.b->set_remote_credentials(p.a->local_credentials(), p.now);
  p.add_a("192.0.2.1:1000", false);
  p.add_b("192.0.2.2:2000");
  p.run_for(Duration::seconds(4));
  p.a->set_remote_credentials(p.b->local_credentials(), p.now);
  (void)p.a->add_remote_candidate(host("192.0.2.2:2000"), p.now);
  p.run_for(Duration::seconds(12));
  EXPECT_EQ(p.states_a, std::vector<ConnectionState>{}) << "a: " << p.states_a.size() << " changes";
  for (auto s : p.states_b) EXPECT_EQ(s, ConnectionState::kConnected) << "b: " << to_string(s);
  EXPECT_EQ(count(p.states_b, ConnectionState::kDisconnected), 0u);
  EXPECT_FALSE(p.a->restart_pending()) << "the new generation was selected";
  EXPECT_FALSE(p.b->restart_pending());
  EXPECT_NE(p.a->local_credentials(), a_old);
  EXPECT_TRUE(Pair::connected(*p.a));
  EXPECT_TRUE(Pair::connected(*p.b));
}

// During a restart the old pair is still watched: when it dies, the state says so.
TEST(Agent, OldPairLossDuringARestartIsDetected) {
  Pair p;
  ASSERT_NO_FATAL_FAILURE(connect_idle(p));
  p.a->restart(Credentials::generate(p.rng_), p.now);
  p.drop_all = true;
  p.run_for(Duration::seconds(15));
  EXPECT_EQ(p.a->state(), ConnectionState::kDisconnected);
}

// Rollback of a restart (a's restart offer rolled back): the old credentials come back, b (which never
// saw the restart) keeps answering and being answered, and a later restart works.
TEST(Agent, RollbackRestartRestoresTheOldGeneration) {
  Pair p;
  ASSERT_NO_FATAL_FAILURE(connect_idle(p));
  const Credentials a_old = p.a->local_credentials();
  EXPECT_FALSE(p.a->rollback_restart(p.now)) << "nothing to roll back";
  p.a->restart(Credentials::generate(p.rng_), p.now);
  EXPECT_NE(p.a->local_credentials(), a_old);
  p.run_for(Duration::seconds(1));
  EXPECT_TRUE(p.a->rollback_restart(p.now));
  EXPECT_EQ(p.a->local_credentials(), a_old);
  EXPECT_FALSE(p.a->restart_pending());
  ASSERT_NE(p.a->selected_pair(), nullptr);
  // The owner re-adds its candidates and the old generation's remote ones.
  p.add_a("192.0.2.1:1000", false);
  (void)p.a->add_remote_candidate(host("192.0.2.2:2000"), p.now);
  const uint64_t a_answered = p.a->stats().responses_received, b_answered = p.b->stats().responses_received;
  p.run_for(Duration::seconds(20));
  EXPECT_GT(p.a->stats().responses_received, a_answered + 3);
  EXPECT_GT(p.b->stats().responses_received, b_answered + 3);
  EXPECT_EQ(p.a->stats().dropped_bad_integrity + p.b->stats().dropped_bad_integrity, 0u);
  EXPECT_EQ(count(p.states_a, ConnectionState::kDisconnected), 0u);
  EXPECT_EQ(count(p.states_b, ConnectionState::kDisconnected), 0u);
  EXPECT_EQ(p.selected_changes_a, 1);

  // The restart is attempted again, this time all the way.
  p.a->restart(Credentials::generate(p.rng_), p.now);
  p.b->restart(Credentials::generate(p.rng_), p.now);
  p.add_a("192.0.2.1:1001");
  p.add_b("192.0.2.2:2001");
  p.exchange_credentials();
  p.run_for(Duration::seconds(3));
  ASSERT_NE(p.a->selected_pair(), nullptr);
  EXPECT_EQ(p.a->selected_pair()->local.address.to_string(), "192.0.2.1:1001");
  EXPECT_FALSE(p.a->rollback_restart(p.now)) << "the new generation is in use";
}

// Once the new generation is selected, the previous ufrag is no longer ours: 401.
TEST(Agent, PreviousUfragIsRejectedOnceTheNewGenerationIsSelected) {
  Pair p;
  ASSERT_NO_FATAL_FAILURE(connect_idle(p));
  const Credentials a_old = p.a->local_credentials();
  const Credentials b_old = p.b->local_credentials();
  p.a->restart(Credentials::generate(p.rng_), p.now);
  p.b->restart(Credentials::generate(p.rng_), p.now);
  p.add_a("192.0.2.1:1000");
  p.add_b("192.0.2.2:2000");
  p.exchange_credentials();
  p.run_for(Duration::seconds(3));
  ASSERT_FALSE(p.a->restart_pending());
  std::vector<uint8_t> buf(256);
  stun::TransactionId tid{};
  tid[0] = 7;
  stun::MessageBuilder b(buf, stun::MessageType(stun::Method::kBinding, stun::MessageClass::kRequest), tid);
  b.add_string(stun::AttributeType::kUsername, a_old.ufrag + ":" + b_old.ufrag);
  b.add_u64(stun::AttributeType::kIceControlled, 1);
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1,
                      {reinterpret_cast<const uint8_t*>(a_old.pwd.data()), a_old.pwd.size()});
  b.add_message_integrity(key);
  b.add_fingerprint();
  auto done = b.finish();
  ASSERT_TRUE(done);
  while (p.a->poll_output()) {
  }
  p.a->handle_stun(*done, *SocketAddress::parse("192.0.2.1:1000"), *SocketAddress::parse("192.0.2.2:2000"), p.now);
  auto out = p.a->poll_output();
  ASSERT_TRUE(out);
  auto* tx = std::get_if<Transmit>(&*out);
  ASSERT_NE(tx, nullptr);
  auto reply = stun::MessageView::parse(tx->data);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->type().cls, stun::MessageClass::kErrorResponse);
  EXPECT_EQ(reply->error_code()->code, 401);
}

TEST(Agent, LiteAgentIsSelectedByTheFullPeer) {
  AgentSettings lite;
  lite.lite = true;
  Pair p({}, 3, AgentSettings{}, lite);
  p.b = std::make_unique<Agent>(lite, Credentials::generate(p.rng_), p.rng_);
  p.add_a("192.0.2.1:1000");
  p.add_b("192.0.2.2:2000");
  p.a->set_remote_lite(true);
  p.exchange_credentials();
  p.run_for(Duration::seconds(5), true);
  EXPECT_TRUE(Pair::connected(*p.a));
  EXPECT_TRUE(Pair::connected(*p.b));
  EXPECT_EQ(p.b->stats().checks_sent, 0u);
}

TEST(Agent, DropsGarbageAndForgedMessages) {
  SeededRandom rng(5);
  Agent agent({}, Credentials::generate(rng), rng);
  auto base = host("192.0.2.1:1000");
  agent.add_local_candidate(base, Timestamp::from_millis(0));
  const uint8_t garbage[] = {0x00, 0x01, 0x00, 0x04, 0x21, 0x12, 0xa4, 0x42};
  agent.handle_stun(garbage, base.address, *SocketAddress::parse("192.0.2.9:9"), Timestamp::from_millis(1));
  EXPECT_EQ(agent.stats().dropped_malformed, 1u);

  // A binding request with a wrong MESSAGE-INTEGRITY is answered 401 and forms no pair.
  std::vector<uint8_t> buf(256);
  stun::TransactionId tid{};
  stun::MessageBuilder b(buf, stun::MessageType(stun::Method::kBinding, stun::MessageClass::kRequest), tid);
  b.add_string(stun::AttributeType::kUsername, agent.local_credentials().ufrag + ":peer");
  const uint8_t wrong_pwd[] = {'x'};
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, wrong_pwd);
  b.add_message_integrity(key);
  b.add_fingerprint();
  auto msg = b.finish();
  ASSERT_TRUE(msg);
  agent.handle_stun(*msg, base.address, *SocketAddress::parse("192.0.2.9:9"), Timestamp::from_millis(2));
  EXPECT_EQ(agent.stats().dropped_bad_integrity, 1u);
  EXPECT_TRUE(agent.check_list().pairs().empty());
  auto out = agent.poll_output();
  ASSERT_TRUE(out);
  auto* t = std::get_if<Transmit>(&*out);
  ASSERT_NE(t, nullptr);
  auto reply = stun::MessageView::parse(t->data);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->error_code()->code, 401);
}

}  // namespace
}  // namespace purertc::ice
