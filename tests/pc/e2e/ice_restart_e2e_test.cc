// ICE restart (RFC 8445 section 9, RFC 9429 section 3.5.1) between two purertc PeerConnections on a
// live connection: new credentials in a new offer and answer, new connectivity checks, and nothing
// above ICE noticing — no new DTLS handshake, the SCTP association and its channels carry on, every
// data channel message sent before, during and after the restart arrives in order, and media keeps
// flowing.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/pc/e2e/live_pair.h"

namespace purertc::e2e {
namespace {

// The ICE states after `from` (an index into the log) never left connected/completed/checking.
void expect_ice_stayed_up(const std::vector<IceConnectionState>& states, size_t from) {
  for (size_t i = from; i < states.size(); ++i) {
    EXPECT_TRUE(states[i] == IceConnectionState::kConnected || states[i] == IceConnectionState::kCompleted ||
                states[i] == IceConnectionState::kChecking)
        << "ICE state " << to_string(states[i]) << " at " << i;
  }
}

// Connectivity / consent checks of this side's ICE agent that the remote side answered (cumulative).
uint64_t responses_received(const PeerConnection& pc) {
  const StatsReport report = pc.get_stats();
  for (const Stats* s : report.of_type("candidate-pair")) return s->get<uint64_t>("responsesReceived").value_or(0);
  return 0;
}

// restart_ice() on `from`, offer/answer with new credentials on both sides, and new connectivity checks
// that complete: while a restart is pending the agents send no consent checks, so answered checks grow
// only once new checks under the new credentials succeed (and consent resumes on the new pair).
void restart(LivePair& live, PeerConnection& from, PeerConnection& to) {
  const uint64_t from_checks = responses_received(from), to_checks = responses_received(to);
  const std::string old_from = ice_ufrag(*from.local_description());
  const std::string old_to = ice_ufrag(*to.local_description());
  const size_t needed = &from == live.pair.offerer.get() ? live.needed_a.size() : live.needed_b.size();
  from.restart_ice();
  ASSERT_TRUE((&from == live.pair.offerer.get() ? live.needed_a : live.needed_b).wait_for_size(needed + 1));
  auto offer = from.create_offer();
  ASSERT_TRUE(offer);
  EXPECT_NE(ice_ufrag(*offer), old_from);
  ASSERT_TRUE(from.set_local_description(*offer));
  ASSERT_TRUE(to.set_remote_description(*offer));
  auto answer = to.create_answer();
  ASSERT_TRUE(answer);
  EXPECT_NE(ice_ufrag(*answer), old_to);  // the answerer restarts too
  ASSERT_TRUE(to.set_local_description(*answer));
  ASSERT_TRUE(from.set_remote_description(*answer));
  EXPECT_EQ(ice_ufrag(*from.local_description()), ice_ufrag(*offer));
  EXPECT_EQ(ice_ufrag(*to.remote_description()), ice_ufrag(*offer));
  EXPECT_EQ(ice_ufrag(*to.local_description()), ice_ufrag(*answer));
  EXPECT_TRUE(eventually([&] {
    return responses_received(from) > from_checks && responses_received(to) > to_checks;
  })) << "answered checks: " << from_checks << " -> " << responses_received(from) << ", " << to_checks << " -> "
      << responses_received(to);
}

TEST(IceRestartE2e, RestartKeepsDtlsSctpAndEveryMessage) {
  LivePair live;
  PeerPair& pair = live.pair;
  ASSERT_NO_FATAL_FAILURE(live.connect());
  const size_t ice_a_before = live.ice_a.size(), ice_b_before = live.ice_b.size();

  // A sender thread keeps the channel busy across the whole restart.
  std::atomic<bool> stop{false};
  std::atomic<int> sent{0};
  std::thread sender([&] {
    while (!stop) {
      if (!live.chat->send("m" + std::to_string(sent.load()))) break;
      sent++;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  ASSERT_TRUE(eventually([&] { return sent.load() >= 20; }));
  ASSERT_NO_FATAL_FAILURE(restart(live, *pair.offerer, *pair.answerer));
  const int at_restart = sent.load();
  ASSERT_TRUE(eventually([&] { return sent.load() >= at_restart + 50; }));
  // And again, restarted by the other side.
  ASSERT_NO_FATAL_FAILURE(restart(live, *pair.answerer, *pair.offerer));
  const int at_second = sent.load();
  ASSERT_TRUE(eventually([&] { return sent.load() >= at_second + 50; }));
  stop = true;
  sender.join();

  // Every message arrived, in order (the channel is reliable and ordered), at the echoing side.
  const int total = sent.load();
  ASSERT_TRUE(live.received_b.wait_for_size(static_cast<size_t>(total) + 1));  // + "connected"
  auto got = live.received_b.items();
  for (int i = 0; i < total; ++i) ASSERT_EQ(got[static_cast<size_t>(i) + 1], "m" + std::to_string(i));
  live.ping("after restarts");

  expect_ice_stayed_up(live.ice_a.items(), ice_a_before);
  expect_ice_stayed_up(live.ice_b.items(), ice_b_before);
  EXPECT_TRUE(pair.offerer->ice_connection_state() == IceConnectionState::kConnected ||
              pair.offerer->ice_connection_state() == IceConnectionState::kCompleted);
  live.expect_one_association();
  pair.close();
}

TEST(IceRestartE2e, RestartWhileMediaFlows) {
  LivePair live;
  PeerPair& pair = live.pair;
  auto video_a = TrackLocal::create(kVp8, "cam-a", "a");
  auto audio_b = TrackLocal::create(kOpus, "mic-b", "b");
  ASSERT_TRUE(pair.offerer->add_track(video_a));
  RtpTransceiverInit recvonly;
  recvonly.direction = RtpTransceiverDirection::kRecvOnly;
  ASSERT_TRUE(pair.offerer->add_transceiver(MediaKind::kAudio, recvonly));
  ASSERT_NO_FATAL_FAILURE(live.connect([&] { ASSERT_TRUE(pair.answerer->add_track(audio_b)); }));
  ASSERT_TRUE(live.at_b.tracks.wait_for("cam-a"));
  ASSERT_TRUE(live.at_a.tracks.wait_for("mic-b"));

  // Media both ways on a thread while the restart runs; every frame arrives (loopback loses nothing,
  // and the selected pair keeps carrying media until the new one is chosen).
  std::vector<std::vector<uint8_t>> video_sent, audio_sent;
  std::atomic<bool> stop{false};
  std::thread sender([&] {
    for (uint8_t i = 0; !stop; ++i) {
      video_sent.push_back(vp8_frame(1200, i, true));
      EXPECT_TRUE(video_a->write_sample(video_sent.back(), std::chrono::microseconds(33333)));
      audio_sent.push_back(opus_frame(90, i));
      EXPECT_TRUE(audio_b->write_sample(audio_sent.back(), std::chrono::milliseconds(20)));
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  ASSERT_TRUE(live.at_b.video_samples.wait_for_size(10));
  ASSERT_NO_FATAL_FAILURE(restart(live, *pair.offerer, *pair.answerer));
  const size_t at_restart = live.at_b.video_samples.size();
  ASSERT_TRUE(live.at_b.video_samples.wait_for_size(at_restart + 30));
  ASSERT_TRUE(live.at_a.audio_samples.wait_for_size(at_restart + 30));
  stop = true;
  sender.join();
  // The last frame of each is emitted only once a next one begins: all but it arrive, byte-identical.
  ASSERT_TRUE(live.at_b.video_samples.wait_for_size(video_sent.size() - 1));
  ASSERT_TRUE(live.at_a.audio_samples.wait_for_size(audio_sent.size() - 1));
  auto video = live.at_b.video_samples.items();
  auto audio = live.at_a.audio_samples.items();
  for (size_t i = 0; i + 1 < video_sent.size(); ++i) ASSERT_EQ(video[i], video_sent[i]) << "video frame " << i;
  for (size_t i = 0; i + 1 < audio_sent.size(); ++i) ASSERT_EQ(audio[i], audio_sent[i]) << "audio frame " << i;

  live.ping("after restart");
  live.expect_one_association();
  pair.close();
}

// An idle connection (channel open, nothing sent) restarts ICE, with the signaling taking its time as
// between two hosts (3 s each way, longer than the disconnected timeout of 2 s used here), and then
// stays idle: consent keeps being answered across the credential switch on both sides, so neither the
// ICE nor the peer connection state ever leaves connected (every change is recorded). Before, an agent
// that had restarted answered the peer's consent checks (old ufrag) with 401 and sent none itself, so
// the peer went disconnected during the window.
TEST(IceRestartE2e, IdleRestartNeverLeavesConnected) {
  SettingEngine settings = loopback_settings();
  settings.ice_disconnected_timeout = std::chrono::seconds(2);
  LivePair live(settings);
  PeerPair& pair = live.pair;
  ASSERT_NO_FATAL_FAILURE(live.connect());
  const size_t ice_a_before = live.ice_a.size(), ice_b_before = live.ice_b.size();
  const size_t pc_a_before = live.states_a.size(), pc_b_before = live.states_b.size();
  const uint64_t a_checks = responses_received(*pair.offerer), b_checks = responses_received(*pair.answerer);
  pair.offerer->restart_ice();
  auto offer = pair.offerer->create_offer();
  ASSERT_TRUE(offer);
  ASSERT_TRUE(pair.offerer->set_local_description(*offer));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  ASSERT_TRUE(pair.answerer->set_remote_description(*offer));
  auto answer = pair.answerer->create_answer();
  ASSERT_TRUE(answer);
  ASSERT_TRUE(pair.answerer->set_local_description(*answer));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  ASSERT_TRUE(pair.offerer->set_remote_description(*answer));
  std::this_thread::sleep_for(std::chrono::seconds(5));

  auto only_connected = [](const auto& log, size_t from, auto connected, auto completed, const char* who) {
    auto items = log.items();
    for (size_t i = from; i < items.size(); ++i) {
      EXPECT_TRUE(items[i] == connected || items[i] == completed) << who << ": " << to_string(items[i]);
    }
  };
  only_connected(live.ice_a, ice_a_before, IceConnectionState::kConnected, IceConnectionState::kCompleted, "ice a");
  only_connected(live.ice_b, ice_b_before, IceConnectionState::kConnected, IceConnectionState::kCompleted, "ice b");
  only_connected(live.states_a, pc_a_before, PeerConnectionState::kConnected, PeerConnectionState::kConnected, "a");
  only_connected(live.states_b, pc_b_before, PeerConnectionState::kConnected, PeerConnectionState::kConnected, "b");
  // Consent ran all along (about one check a second on each side).
  EXPECT_GE(responses_received(*pair.offerer), a_checks + 6);
  EXPECT_GE(responses_received(*pair.answerer), b_checks + 6);
  live.ping("after idle restart");
  live.expect_one_association();
  pair.close();
}

// Keeps "chat" busy on a thread (one message a millisecond) until stop(), then checks that every
// message arrived at the echoing side, in order.
class ChatSender {
 public:
  explicit ChatSender(LivePair& live) : live_(live), thread_([this] {
    while (!stop_) {
      if (!live_.chat->send("m" + std::to_string(sent_.load()))) break;
      sent_++;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }) {}
  ~ChatSender() { stop(); }
  // Waits until `more` further messages went out (the channel is still accepting them).
  bool advance(int more) {
    const int target = sent_.load() + more;
    return eventually([&] { return sent_.load() >= target; });
  }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  void expect_all_arrived() {
    stop();
    const int total = sent_.load();
    ASSERT_TRUE(live_.received_b.wait_for_size(static_cast<size_t>(total) + 1));  // + "connected"
    auto got = live_.received_b.items();
    for (int i = 0; i < total; ++i) ASSERT_EQ(got[static_cast<size_t>(i) + 1], "m" + std::to_string(i));
  }

 private:
  LivePair& live_;
  std::atomic<bool> stop_{false};
  std::atomic<int> sent_{0};
  std::thread thread_;
};

SettingEngine short_disconnected_timeout() {
  SettingEngine settings = loopback_settings();
  settings.ice_disconnected_timeout = std::chrono::seconds(2);  // consent checks about once a second
  return settings;
}

// ICE and peer connection states after the given log positions were only connected (or completed).
void expect_always_connected(LivePair& live, size_t ice_a, size_t ice_b, size_t pc_a, size_t pc_b) {
  auto up = [](IceConnectionState s) { return s == IceConnectionState::kConnected || s == IceConnectionState::kCompleted; };
  auto ia = live.ice_a.items(), ib = live.ice_b.items();
  for (size_t i = ice_a; i < ia.size(); ++i) EXPECT_TRUE(up(ia[i])) << "ice a: " << to_string(ia[i]);
  for (size_t i = ice_b; i < ib.size(); ++i) EXPECT_TRUE(up(ib[i])) << "ice b: " << to_string(ib[i]);
  auto sa = live.states_a.items(), sb = live.states_b.items();
  for (size_t i = pc_a; i < sa.size(); ++i) EXPECT_EQ(sa[i], PeerConnectionState::kConnected) << "a: " << to_string(sa[i]);
  for (size_t i = pc_b; i < sb.size(); ++i) EXPECT_EQ(sb[i], PeerConnectionState::kConnected) << "b: " << to_string(sb[i]);
}

// A restart offer rolled back (W3C setLocalDescription({type: "rollback"})): the previous local
// description and ICE credentials come back and keep working — consent under them is answered for
// longer than the disconnected timeout and messages flow — and the restart stays pending
// ([[LocalIceCredentialsToReplace]]): negotiationneeded fires again and the next offer restarts.
TEST(IceRestartE2e, RolledBackRestartOfferKeepsTheOldCredentialsWorking) {
  LivePair live(short_disconnected_timeout());
  PeerPair& pair = live.pair;
  ASSERT_NO_FATAL_FAILURE(live.connect());
  const size_t ice_a = live.ice_a.size(), ice_b = live.ice_b.size();
  const size_t pc_a = live.states_a.size(), pc_b = live.states_b.size();
  const std::string old_a = ice_ufrag(*pair.offerer->local_description());
  const std::string old_b = ice_ufrag(*pair.answerer->local_description());
  ChatSender sender(live);
  ASSERT_TRUE(sender.advance(20));

  const size_t needed = live.needed_a.size();
  pair.offerer->restart_ice();
  ASSERT_TRUE(live.needed_a.wait_for_size(needed + 1));
  auto offer = pair.offerer->create_offer();
  ASSERT_TRUE(offer);
  ASSERT_NE(ice_ufrag(*offer), old_a);
  ASSERT_TRUE(pair.offerer->set_local_description(*offer));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto r = pair.offerer->set_local_description(SessionDescription{SdpType::kRollback, ""});
  ASSERT_TRUE(r) << to_string(r.error());
  EXPECT_EQ(pair.offerer->signaling_state(), SignalingState::kStable);
  EXPECT_EQ(ice_ufrag(*pair.offerer->local_description()), old_a);
  EXPECT_TRUE(live.needed_a.wait_for_size(needed + 2)) << "the restart is still pending";

  // The old credentials carry on: consent answered both ways for longer than the disconnected timeout.
  const uint64_t a_checks = responses_received(*pair.offerer), b_checks = responses_received(*pair.answerer);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_GE(responses_received(*pair.offerer), a_checks + 2);
  EXPECT_GE(responses_received(*pair.answerer), b_checks + 2);
  ASSERT_TRUE(sender.advance(50));

  // The restart again, this time to the end.
  auto again = pair.offerer->create_offer();
  ASSERT_TRUE(again);
  EXPECT_NE(ice_ufrag(*again), old_a);
  EXPECT_NE(ice_ufrag(*again), ice_ufrag(*offer)) << "a rolled-back offer's credentials are not reused";
  ASSERT_TRUE(pair.offerer->set_local_description(*again));
  ASSERT_TRUE(pair.answerer->set_remote_description(*again));
  auto answer = pair.answerer->create_answer();
  ASSERT_TRUE(answer);
  EXPECT_NE(ice_ufrag(*answer), old_b);
  ASSERT_TRUE(pair.answerer->set_local_description(*answer));
  ASSERT_TRUE(pair.offerer->set_remote_description(*answer));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  ASSERT_TRUE(sender.advance(50));
  ASSERT_NO_FATAL_FAILURE(sender.expect_all_arrived());
  live.ping("after the restart");
  expect_always_connected(live, ice_a, ice_b, pc_a, pc_b);
  live.expect_one_association();
  pair.close();
}

// The other side rolls back a restart offer it had applied (setRemoteDescription({type: "rollback"})):
// its remote description and the remote ICE credentials are the old ones again, and its own
// negotiation is unaffected (no restart of its own is left pending). The offerer rolls back its refused
// offer; the connection carries on under the old credentials, and each side's next offer behaves: the
// answerer's keeps every credential, the offerer's restarts.
TEST(IceRestartE2e, RolledBackRemoteRestartOfferRestoresTheRemoteCredentials) {
  LivePair live(short_disconnected_timeout());
  PeerPair& pair = live.pair;
  ASSERT_NO_FATAL_FAILURE(live.connect());
  const size_t ice_a = live.ice_a.size(), ice_b = live.ice_b.size();
  const size_t pc_a = live.states_a.size(), pc_b = live.states_b.size();
  const std::string old_a = ice_ufrag(*pair.offerer->local_description());
  const std::string old_b = ice_ufrag(*pair.answerer->local_description());

  pair.offerer->restart_ice();
  auto offer = pair.offerer->create_offer();
  ASSERT_TRUE(offer);
  ASSERT_TRUE(pair.offerer->set_local_description(*offer));
  ASSERT_TRUE(pair.answerer->set_remote_description(*offer));
  EXPECT_EQ(ice_ufrag(*pair.answerer->remote_description()), ice_ufrag(*offer));
  auto r = pair.answerer->set_remote_description(SessionDescription{SdpType::kRollback, ""});
  ASSERT_TRUE(r) << to_string(r.error());
  EXPECT_EQ(pair.answerer->signaling_state(), SignalingState::kStable);
  EXPECT_EQ(ice_ufrag(*pair.answerer->remote_description()), old_a);
  EXPECT_EQ(ice_ufrag(*pair.answerer->local_description()), old_b);
  ASSERT_TRUE(pair.offerer->set_local_description(SessionDescription{SdpType::kRollback, ""}));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  live.ping("after both rollbacks");

  // The answerer offers: nothing restarts (neither its offer nor the answer to a non-restarting offer).
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.answerer, *pair.offerer));
  EXPECT_EQ(ice_ufrag(*pair.answerer->local_description()), old_b);
  EXPECT_EQ(ice_ufrag(*pair.offerer->local_description()), old_a);
  EXPECT_EQ(ice_ufrag(*pair.offerer->remote_description()), old_b);
  live.ping("after a renegotiation");
  // The offerer's restart was still pending: its next offer restarts, and the answer too.
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.offerer, *pair.answerer));
  EXPECT_NE(ice_ufrag(*pair.offerer->local_description()), old_a);
  EXPECT_NE(ice_ufrag(*pair.answerer->local_description()), old_b);
  EXPECT_EQ(ice_ufrag(*pair.answerer->remote_description()), ice_ufrag(*pair.offerer->local_description()));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  live.ping("after the restart");
  expect_always_connected(live, ice_a, ice_b, pc_a, pc_b);
  live.expect_one_association();
  pair.close();
}

// Perfect negotiation (W3C example) with both sides restarting ICE at once: the offers collide, the
// impolite answerer ignores the offerer's, the polite offerer rolls its own back and answers. Both end up
// on new credentials (the polite side's from its answer), the connection never leaves connected, and
// every data channel message sent during and after arrives in order.
TEST(IceRestartE2e, PerfectNegotiationGlareDuringRestart) {
  LivePair live(short_disconnected_timeout());
  PeerPair& pair = live.pair;
  PeerConnection& polite = *pair.offerer;
  PeerConnection& impolite = *pair.answerer;
  ASSERT_NO_FATAL_FAILURE(live.connect());
  const size_t ice_a = live.ice_a.size(), ice_b = live.ice_b.size();
  const size_t pc_a = live.states_a.size(), pc_b = live.states_b.size();
  const std::string old_polite = ice_ufrag(*polite.local_description());
  const std::string old_impolite = ice_ufrag(*impolite.local_description());
  ChatSender sender(live);
  ASSERT_TRUE(sender.advance(20));

  polite.restart_ice();
  impolite.restart_ice();
  auto polite_offer = polite.create_offer();
  auto impolite_offer = impolite.create_offer();
  ASSERT_TRUE(polite_offer && impolite_offer);
  ASSERT_TRUE(polite.set_local_description(*polite_offer));
  ASSERT_TRUE(impolite.set_local_description(*impolite_offer));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // both offers in flight

  // The polite side gets the colliding offer: rollback, apply it, answer.
  ASSERT_EQ(polite.signaling_state(), SignalingState::kHaveLocalOffer);
  ASSERT_TRUE(polite.set_local_description(SessionDescription{SdpType::kRollback, ""}));
  EXPECT_EQ(ice_ufrag(*polite.local_description()), old_polite);
  ASSERT_TRUE(polite.set_remote_description(*impolite_offer));
  auto answer = polite.create_answer();
  ASSERT_TRUE(answer);
  ASSERT_TRUE(polite.set_local_description(*answer));
  // The impolite side ignores the polite offer (it is not stable) and gets the answer a little later.
  ASSERT_EQ(impolite.signaling_state(), SignalingState::kHaveLocalOffer);
  ASSERT_TRUE(sender.advance(50));
  ASSERT_TRUE(impolite.set_remote_description(*answer));
  EXPECT_EQ(polite.signaling_state(), SignalingState::kStable);
  EXPECT_EQ(impolite.signaling_state(), SignalingState::kStable);

  // New credentials on both sides, and each knows the other's.
  const std::string new_polite = ice_ufrag(*polite.local_description());
  const std::string new_impolite = ice_ufrag(*impolite.local_description());
  EXPECT_NE(new_polite, old_polite);
  EXPECT_EQ(new_polite, ice_ufrag(*answer));
  EXPECT_EQ(new_impolite, ice_ufrag(*impolite_offer));
  EXPECT_NE(new_impolite, old_impolite);
  EXPECT_EQ(ice_ufrag(*polite.remote_description()), new_impolite);
  EXPECT_EQ(ice_ufrag(*impolite.remote_description()), new_polite);

  std::this_thread::sleep_for(std::chrono::seconds(3));
  ASSERT_TRUE(sender.advance(50));
  ASSERT_NO_FATAL_FAILURE(sender.expect_all_arrived());
  live.ping("after the glare");
  // Neither side is left with a restart to do: a renegotiation keeps the new credentials.
  ASSERT_NO_FATAL_FAILURE(renegotiate(polite, impolite));
  EXPECT_EQ(ice_ufrag(*polite.local_description()), new_polite);
  EXPECT_EQ(ice_ufrag(*impolite.local_description()), new_impolite);
  live.ping("after a renegotiation");
  expect_always_connected(live, ice_a, ice_b, pc_a, pc_b);
  live.expect_one_association();
  pair.close();
}

}  // namespace
}  // namespace purertc::e2e
