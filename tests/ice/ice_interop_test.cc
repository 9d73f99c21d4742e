// ICE over real sockets on 127.0.0.1: two purertc agents, and purertc against libnice (an independent
// RFC 8445/5245 implementation, Debian libnice-dev, driven in-process on its own GLib main context) in
// both roles, with trickled candidates.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <string>

#include "common/random.h"
#include "crypto/csprng.h"
#include "tests/ice/loopback_agents.h"
#include "tests/interop/process.h"

#if PURERTC_HAVE_LIBNICE
#include <agent.h>
#endif

namespace purertc::ice {
namespace {

using testing::LoopbackAgent;

TEST(IceLoopback, TwoPurertcAgentsConnectAndCarryData) {
  auto rng = crypto::Csprng::create();
  ASSERT_TRUE(rng);
  AgentSettings controlling, controlled;
  controlled.controlling = false;
  LoopbackAgent a(controlling, **rng), b(controlled, **rng);
  ASSERT_TRUE(a.ok() && b.ok());
  Timestamp start = interop::wall_now();
  a.agent().set_remote_credentials(b.agent().local_credentials(), start);
  b.agent().set_remote_credentials(a.agent().local_credentials(), start);
  ASSERT_TRUE(a.agent().add_remote_candidate(b.candidate(), start));
  ASSERT_TRUE(b.agent().add_remote_candidate(a.candidate(), start));
  while (!(a.connected() && b.connected()) && interop::wall_now() - start < Duration::seconds(10)) {
    a.step(Duration::millis(1));
    b.step(Duration::millis(1));
  }
  ASSERT_TRUE(a.connected());
  ASSERT_TRUE(b.connected());
  Duration took = interop::wall_now() - start;
  std::printf("two purertc agents on loopback: nominated pair after %s\n", to_string(took).c_str());

  const uint8_t payload[] = {0x80, 1, 2, 3};  // an RTP-looking first byte: not STUN
  a.send_app_data(payload);
  for (int i = 0; i < 100 && b.app_data().empty(); ++i) b.step(Duration::millis(10));
  ASSERT_EQ(b.app_data().size(), 1u);
  EXPECT_EQ(b.app_data()[0], std::vector<uint8_t>(std::begin(payload), std::end(payload)));
}

#if PURERTC_HAVE_LIBNICE

// A libnice agent on 127.0.0.1 with one stream and one component.
class NicePeer {
 public:
  explicit NicePeer(bool controlling) {
    ctx_ = g_main_context_new();
    agent_ = nice_agent_new(ctx_, NICE_COMPATIBILITY_RFC5245);
    g_object_set(agent_, "controlling-mode", controlling ? TRUE : FALSE, "ice-tcp", FALSE, "upnp", FALSE, nullptr);
    NiceAddress addr;
    nice_address_init(&addr);
    nice_address_set_from_string(&addr, "127.0.0.1");
    nice_agent_add_local_address(agent_, &addr);
    stream_ = nice_agent_add_stream(agent_, 1);
    g_signal_connect(agent_, "component-state-changed", G_CALLBACK(+[](NiceAgent*, guint, guint, guint state, gpointer self) {
                       static_cast<NicePeer*>(self)->state_ = state;
                     }),
                     this);
    g_signal_connect(agent_, "candidate-gathering-done", G_CALLBACK(+[](NiceAgent*, guint, gpointer self) {
                       static_cast<NicePeer*>(self)->gathered_ = true;
                     }),
                     this);
    nice_agent_attach_recv(agent_, stream_, 1, ctx_,
                           +[](NiceAgent*, guint, guint, guint len, gchar* buf, gpointer self) {
                             static_cast<NicePeer*>(self)->received_.emplace_back(buf, buf + len);
                           },
                           this);
    nice_agent_gather_candidates(agent_, stream_);
  }
  ~NicePeer() {
    g_object_unref(agent_);
    g_main_context_unref(ctx_);
  }

  void pump() {
    while (g_main_context_iteration(ctx_, FALSE)) {
    }
  }
  bool gathered() const { return gathered_; }
  bool ready() const { return state_ == NICE_COMPONENT_STATE_READY; }
  bool failed() const { return state_ == NICE_COMPONENT_STATE_FAILED; }

  Credentials credentials() {
    gchar *ufrag = nullptr, *pwd = nullptr;
    nice_agent_get_local_credentials(agent_, stream_, &ufrag, &pwd);
    Credentials c{ufrag, pwd};
    g_free(ufrag);
    g_free(pwd);
    return c;
  }

  std::vector<Candidate> candidates() {
    std::vector<Candidate> out;
    GSList* list = nice_agent_get_local_candidates(agent_, stream_, 1);
    for (GSList* i = list; i != nullptr; i = i->next) {
      auto* nc = static_cast<NiceCandidate*>(i->data);
      char ip[NICE_ADDRESS_STRING_LEN];
      nice_address_to_string(&nc->addr, ip);
      Candidate c;
      c.type = CandidateType::kHost;
      c.address = SocketAddress{*IpAddress::parse(ip), static_cast<uint16_t>(nice_address_get_port(&nc->addr))};
      c.priority = nc->priority;
      c.foundation = nc->foundation;
      out.push_back(c);
    }
    g_slist_free_full(list, reinterpret_cast<GDestroyNotify>(nice_candidate_free));
    return out;
  }

  void set_remote(const Credentials& creds, const Candidate& c) {
    nice_agent_set_remote_credentials(agent_, stream_, creds.ufrag.c_str(), creds.pwd.c_str());
    NiceCandidate* nc = nice_candidate_new(NICE_CANDIDATE_TYPE_HOST);
    nc->stream_id = stream_;
    nc->component_id = 1;
    nc->transport = NICE_CANDIDATE_TRANSPORT_UDP;
    nc->priority = c.priority;
    std::snprintf(nc->foundation, NICE_CANDIDATE_MAX_FOUNDATION, "%s", c.foundation.c_str());
    nice_address_set_from_string(&nc->addr, c.address.ip.to_string().c_str());
    nice_address_set_port(&nc->addr, c.address.port);
    GSList* list = g_slist_append(nullptr, nc);
    nice_agent_set_remote_candidates(agent_, stream_, 1, list);
    g_slist_free_full(list, reinterpret_cast<GDestroyNotify>(nice_candidate_free));
  }

  void send(std::span<const uint8_t> data) {
    nice_agent_send(agent_, stream_, 1, static_cast<guint>(data.size()), reinterpret_cast<const gchar*>(data.data()));
  }
  std::vector<std::vector<uint8_t>>& received() { return received_; }

 private:
  GMainContext* ctx_;
  NiceAgent* agent_;
  guint stream_;
  guint state_ = NICE_COMPONENT_STATE_DISCONNECTED;
  bool gathered_ = false;
  std::vector<std::vector<uint8_t>> received_;
};

void run_against_libnice(bool purertc_controlling) {
  auto rng = crypto::Csprng::create();
  ASSERT_TRUE(rng);
  AgentSettings settings;
  settings.controlling = purertc_controlling;
  LoopbackAgent ours(settings, **rng);
  NicePeer nice(!purertc_controlling);
  Timestamp start = interop::wall_now();
  while (!nice.gathered() && interop::wall_now() - start < Duration::seconds(5)) {
    nice.pump();
    ours.step(Duration::millis(5));
  }
  ASSERT_TRUE(nice.gathered());
  auto nice_candidates = nice.candidates();
  std::erase_if(nice_candidates, [](const Candidate& c) { return !c.address.ip.is_loopback(); });
  ASSERT_FALSE(nice_candidates.empty()) << "libnice gathered no 127.0.0.1 candidate";

  // Trickle: credentials first, libnice's candidate only after our checks have started.
  ours.agent().set_remote_credentials(nice.credentials(), interop::wall_now());
  nice.set_remote(ours.agent().local_credentials(), ours.candidate());
  for (int i = 0; i < 20; ++i) {
    nice.pump();
    ours.step(Duration::millis(5));
  }
  for (const auto& c : nice_candidates) ASSERT_TRUE(ours.agent().add_remote_candidate(c, interop::wall_now()));

  while (!(ours.connected() && nice.ready()) && !nice.failed() && interop::wall_now() - start < Duration::seconds(15)) {
    nice.pump();
    ours.step(Duration::millis(2));
  }
  ASSERT_TRUE(ours.connected()) << "purertc state " << to_string(ours.agent().state());
  ASSERT_TRUE(nice.ready()) << "libnice did not reach READY";
  EXPECT_EQ(ours.agent().controlling(), purertc_controlling);

  // Data both ways over the selected pair.
  const uint8_t to_nice[] = {0x80, 0xaa, 0xbb};
  const uint8_t to_us[] = {0x81, 0xcc};
  ours.send_app_data(to_nice);
  nice.send(to_us);
  for (int i = 0; i < 200 && (nice.received().empty() || ours.app_data().empty()); ++i) {
    nice.pump();
    ours.step(Duration::millis(5));
  }
  ASSERT_EQ(nice.received().size(), 1u);
  EXPECT_EQ(nice.received()[0], std::vector<uint8_t>(std::begin(to_nice), std::end(to_nice)));
  ASSERT_EQ(ours.app_data().size(), 1u);
  EXPECT_EQ(ours.app_data()[0], std::vector<uint8_t>(std::begin(to_us), std::end(to_us)));
}

TEST(IceLibnice, PurertcControllingWithTrickle) { run_against_libnice(true); }
TEST(IceLibnice, PurertcControlledWithTrickle) { run_against_libnice(false); }

#else

TEST(IceLibnice, PeerAvailable) {
  if (interop::peers_required()) FAIL() << "libnice-dev is missing: ./scripts/test installs it";
  GTEST_SKIP() << "libnice-dev not installed: apt-get install libnice-dev";
}

#endif

}  // namespace
}  // namespace purertc::ice
