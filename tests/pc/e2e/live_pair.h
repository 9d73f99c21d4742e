// A live connection for the e2e tests that change it: a PeerPair connected with one echoed data
// channel and every state / negotiationneeded event recorded, offer/answer on it, and media sent and
// checked frame by frame.
#pragma once

#include <string>
#include <vector>

#include "tests/pc/e2e/media_helpers.h"

namespace purertc::e2e {

// One offer/answer from `from` to `to` over the live connection. `before_answer` runs on `to` after
// it applied the offer.
inline void renegotiate(PeerConnection& from, PeerConnection& to, const std::function<void()>& before_answer = {}) {
  auto offer = from.create_offer();
  ASSERT_TRUE(offer) << to_string(offer.error());
  auto r = from.set_local_description(*offer);
  ASSERT_TRUE(r) << to_string(r.error());
  r = to.set_remote_description(*offer);
  ASSERT_TRUE(r) << to_string(r.error());
  if (before_answer) before_answer();
  auto answer = to.create_answer();
  ASSERT_TRUE(answer) << to_string(answer.error());
  r = to.set_local_description(*answer);
  ASSERT_TRUE(r) << to_string(r.error());
  r = from.set_remote_description(*answer);
  ASSERT_TRUE(r) << to_string(r.error());
  EXPECT_EQ(from.signaling_state(), SignalingState::kStable);
  EXPECT_EQ(to.signaling_state(), SignalingState::kStable);
}

// Sends `count` VP8 keyframes (each several packets) and one more that closes the last (a sample
// builder emits a frame once the next begins); returns the `count` frames the receiver must get.
inline std::vector<std::vector<uint8_t>> send_video(TrackLocal& track, int count, uint8_t seed) {
  std::vector<std::vector<uint8_t>> sent;
  for (int i = 0; i < count; ++i) {
    sent.push_back(vp8_frame(1500 + 100 * static_cast<size_t>(i), static_cast<uint8_t>(seed + i), true));
    EXPECT_TRUE(track.write_sample(sent.back(), std::chrono::microseconds(33333)));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(track.write_sample(vp8_frame(200, seed, true), std::chrono::microseconds(33333)));
  return sent;
}

inline std::vector<std::vector<uint8_t>> send_audio(TrackLocal& track, int count, uint8_t seed) {
  std::vector<std::vector<uint8_t>> sent;
  for (int i = 0; i < count; ++i) {
    sent.push_back(opus_frame(80 + static_cast<size_t>(i), static_cast<uint8_t>(seed + i)));
    EXPECT_TRUE(track.write_sample(sent.back(), std::chrono::milliseconds(20)));
  }
  EXPECT_TRUE(track.write_sample(opus_frame(50, seed), std::chrono::milliseconds(20)));
  return sent;
}

// The frames arrive byte-identical, after the `already` samples the log had before (and the frame
// that closed the previous batch, which the receiver emits only once this batch begins).
inline void expect_frames(EventLog<std::vector<uint8_t>>& log, size_t already,
                   const std::vector<std::vector<uint8_t>>& sent) {
  ASSERT_TRUE(log.wait_for_size(already + sent.size())) << log.size() << " of " << already + sent.size();
  size_t start = already;
  if (log.items()[start] != sent[0]) start++;
  ASSERT_TRUE(log.wait_for_size(start + sent.size())) << log.size() << " of " << start + sent.size();
  auto got = log.items();
  for (size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(got[start + i], sent[i]) << "frame " << i;
}

// A connected pair with one data channel ("chat", echoed by the answerer), states and negotiationneeded
// events recorded, and what each side receives.
struct LivePair {
  explicit LivePair(SettingEngine settings = loopback_settings()) : pair(std::move(settings)) {
    pair.offerer->on_connection_state_change([this](PeerConnectionState s) { states_a.push(s); });
    pair.answerer->on_connection_state_change([this](PeerConnectionState s) { states_b.push(s); });
    pair.offerer->on_ice_connection_state_change([this](IceConnectionState s) { ice_a.push(s); });
    pair.answerer->on_ice_connection_state_change([this](IceConnectionState s) { ice_b.push(s); });
    pair.offerer->on_negotiation_needed([this] { needed_a.push(1); });
    pair.answerer->on_negotiation_needed([this] { needed_b.push(1); });
    at_a.attach(*pair.offerer);
    at_b.attach(*pair.answerer);
    remote.on_new = [this](const std::shared_ptr<DataChannel>& dc) {
      std::weak_ptr<DataChannel> weak = dc;
      dc->on_message([weak, this](const DataChannelMessage& m) {
        received_b.push(std::string(m.text()));
        if (auto self = weak.lock()) {
          EXPECT_TRUE(self->send("echo:" + std::string(m.text())));
        }
      });
    };
    remote.attach(*pair.answerer);
  }
  // The callbacks above write into the members declared after `pair`, which are destroyed before it:
  // close the peers first (no callback runs after close() returns), also when an assertion failed.
  ~LivePair() { pair.close(); }
  LivePair(const LivePair&) = delete;
  LivePair& operator=(const LivePair&) = delete;

  // Creates "chat", negotiates (with `before_answer` as in PeerPair) and waits for the channel.
  void connect(const std::function<void()>& before_answer = {}) {
    auto dc = pair.offerer->create_data_channel("chat");
    ASSERT_TRUE(dc);
    chat = *dc;
    chat->on_message([this](const DataChannelMessage& m) { received_a.push(std::string(m.text())); });
    chat->on_close([this] { chat_closed.push(1); });
    pair.negotiate_trickle(before_answer);
    ASSERT_TRUE(pair.wait_connected());
    ASSERT_TRUE(remote.channels.wait_for_size(1));
    ASSERT_TRUE(eventually([&] { return chat->ready_state() == DataChannelState::kOpen; }));
    ping("connected");
  }

  // A message on "chat" and its echo arrive.
  void ping(const std::string& text) {
    ASSERT_TRUE(chat->send(text));
    ASSERT_TRUE(received_a.wait_for("echo:" + text)) << text;
  }

  // One DTLS handshake, one SCTP association: connected once, never anything after, "chat" never closed.
  void expect_one_association() {
    EXPECT_EQ(states_a.items(), (std::vector{PeerConnectionState::kConnecting, PeerConnectionState::kConnected}));
    EXPECT_EQ(states_b.items(), (std::vector{PeerConnectionState::kConnecting, PeerConnectionState::kConnected}));
    EXPECT_EQ(chat_closed.size(), 0u);
    EXPECT_EQ(chat->ready_state(), DataChannelState::kOpen);
    EXPECT_EQ(remote.channels.size(), 1u + extra_channels);
  }

  PeerPair pair;
  Receiver at_a, at_b;
  RemoteChannels remote;
  std::shared_ptr<DataChannel> chat;
  EventLog<std::string> received_a, received_b;
  EventLog<int> chat_closed, needed_a, needed_b;
  EventLog<PeerConnectionState> states_a, states_b;
  EventLog<IceConnectionState> ice_a, ice_b;
  size_t extra_channels = 0;
};

inline std::shared_ptr<RtpTransceiver> transceiver_of(PeerConnection& pc, MediaKind kind, size_t nth = 0) {
  for (auto& t : pc.get_transceivers()) {
    if (t->kind() == kind && nth-- == 0) return t;
  }
  return nullptr;
}

}  // namespace purertc::e2e

namespace purertc::e2e {

// The a=ice-ufrag of a description (the first one: BUNDLE shares it).
inline std::string ice_ufrag(const SessionDescription& d) {
  const auto at = d.sdp.find("a=ice-ufrag:");
  if (at == std::string::npos) return "";
  const auto start = at + 12;
  return d.sdp.substr(start, d.sdp.find_first_of("\r\n", start) - start);
}

}  // namespace purertc::e2e
