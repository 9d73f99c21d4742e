// Two purertc peers in two processes: the test's PeerConnection and tests/pc/e2e/two_process_peer.cc in
// a child process (tests/interop Process: hard timeout, killed by PID), signaling over the child's
// stdin/stdout (line_signaling.h), media and data over 127.0.0.1. The child echoes everything, so each
// check covers both directions: data channels of every type (reliable, unordered, partially reliable by
// retransmissions and by lifetime, with a protocol, negotiated out of band) and VP8 + Opus frames.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "tests/interop/process.h"
#include "tests/pc/e2e/line_signaling.h"
#include "tests/pc/e2e/media_helpers.h"

namespace purertc::e2e {
namespace {

// The payload of the first "<verb> <hex>" line the child printed, once it did.
std::optional<std::string> child_line(const interop::Process& child, const std::string& verb) {
  std::optional<std::string> found;
  eventually([&] {
    std::istringstream lines(child.output());
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind(verb + " ", 0) == 0) {
        found = from_hex(line.substr(verb.size() + 1));
        return true;
      }
    }
    return false;
  });
  return found;
}

struct Channel {
  std::string label;
  DataChannelInit init;
  std::shared_ptr<DataChannel> dc;
  EventLog<std::string> text;
  EventLog<std::vector<uint8_t>> binary;
};

TEST(TwoProcessE2e, DataChannelsOfEveryTypeAndMediaBothWays) {
  interop::ProcessOptions options;
  options.timeout = Duration::seconds(25);
  options.keep_stdin_open = true;
  interop::Process child({PURERTC_E2E_PEER}, options);
  ASSERT_TRUE(child.started()) << child.error();

  Api api = make_api();
  auto created = api.new_peer_connection();
  ASSERT_TRUE(created);
  std::shared_ptr<PeerConnection> pc = std::move(*created);
  Receiver received;
  received.attach(*pc);

  std::vector<std::unique_ptr<Channel>> channels;
  auto add = [&](std::string label, auto&& configure) {
    auto c = std::make_unique<Channel>();
    c->label = std::move(label);
    configure(c->init);
    channels.push_back(std::move(c));
  };
  add("reliable", [](DataChannelInit&) {});
  add("unordered", [](DataChannelInit& i) { i.ordered = false; });
  add("rexmit0", [](DataChannelInit& i) { i.max_retransmits = 0; });
  add("unordered-rexmit2", [](DataChannelInit& i) { i.ordered = false; i.max_retransmits = 2; });
  add("lifetime", [](DataChannelInit& i) { i.max_packet_life_time_ms = 500; i.protocol = "chat"; });
  add("negotiated", [](DataChannelInit& i) { i.negotiated = true; i.id = 40; });
  for (auto& c : channels) {
    auto dc = pc->create_data_channel(c->label, c->init);
    ASSERT_TRUE(dc) << c->label;
    c->dc = *dc;
    Channel* raw = c.get();
    c->dc->on_message([raw](const DataChannelMessage& m) {
      if (m.binary) raw->binary.push(m.data);
      else raw->text.push(std::string(m.text()));
    });
  }
  auto video = TrackLocal::create(kVp8, "parent-cam", "parent");
  auto audio = TrackLocal::create(kOpus, "parent-mic", "parent");
  ASSERT_TRUE(pc->add_track(video));
  ASSERT_TRUE(pc->add_track(audio));

  // Complete descriptions each way (no trickle over the pipe).
  ASSERT_TRUE(pc->set_local_description({SdpType::kOffer, ""}));
  ASSERT_TRUE(pc->wait_for_gathering_complete());
  ASSERT_TRUE(child.write_stdin(signal_line("offer", pc->local_description()->sdp)));
  auto answer = child_line(child, "answer");
  ASSERT_TRUE(answer) << child.output();
  auto r = pc->set_remote_description({SdpType::kAnswer, *answer});
  ASSERT_TRUE(r) << to_string(r.error());
  ASSERT_TRUE(eventually([&] { return pc->connection_state() == PeerConnectionState::kConnected; }))
      << child.output();
  ASSERT_TRUE(child.wait_for_output("state " + to_hex("connected"), Duration::seconds(20)));
  ASSERT_TRUE(received.transceivers.wait_for_size(2));

  for (auto& c : channels) {
    ASSERT_TRUE(eventually([&] { return c->dc->ready_state() == DataChannelState::kOpen; })) << c->label;
    EXPECT_EQ(c->dc->ordered(), c->init.ordered) << c->label;
    EXPECT_EQ(c->dc->protocol(), c->init.protocol) << c->label;
  }
  EXPECT_EQ(*channels.back()->dc->id(), 40);
  for (auto& c : channels) {
    ASSERT_TRUE(c->dc->send("hello " + c->label));
    std::vector<uint8_t> bytes(1000 + c->label.size());
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7 + c->label.size());
    ASSERT_TRUE(c->dc->send(std::span<const uint8_t>(bytes)));
    ASSERT_TRUE(c->text.wait_for("echo:hello " + c->label)) << c->label;
    ASSERT_TRUE(c->binary.wait_for(bytes)) << c->label;
  }

  // Frames go to the child, which sends each one back on its own track: the echoes arrive identical.
  // A sample builder emits a frame once the next begins, so of N + 2 frames sent N come back for sure.
  std::vector<std::vector<uint8_t>> video_sent, audio_sent;
  for (int i = 0; i < 12; ++i) {
    video_sent.push_back(vp8_frame(900 + 211 * static_cast<size_t>(i), static_cast<uint8_t>(i), true));
    ASSERT_TRUE(video->write_sample(video_sent.back(), std::chrono::microseconds(33333)));
    audio_sent.push_back(opus_frame(70 + static_cast<size_t>(i), static_cast<uint8_t>(i)));
    ASSERT_TRUE(audio->write_sample(audio_sent.back(), std::chrono::milliseconds(20)));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_TRUE(received.video_samples.wait_for_size(video_sent.size() - 2)) << received.video_samples.size();
  ASSERT_TRUE(received.audio_samples.wait_for_size(audio_sent.size() - 2)) << received.audio_samples.size();
  auto video_back = received.video_samples.items();
  auto audio_back = received.audio_samples.items();
  for (size_t i = 0; i + 2 < video_sent.size(); ++i) EXPECT_EQ(video_back[i], video_sent[i]) << "video " << i;
  for (size_t i = 0; i + 2 < audio_sent.size(); ++i) EXPECT_EQ(audio_back[i], audio_sent[i]) << "audio " << i;
  EXPECT_EQ(received.tracks.items().size(), 2u);

  // The child closes on request and exits cleanly; our side sees the DTLS close.
  ASSERT_TRUE(child.write_stdin("bye\n"));
  EXPECT_EQ(child.wait_exit(Duration::seconds(10)), 0) << child.output();
  EXPECT_NE(child.output().find("closed"), std::string::npos);
  EXPECT_TRUE(eventually([&] { return pc->connection_state() == PeerConnectionState::kClosed; }))
      << to_string(pc->connection_state());
  pc->close();
}

}  // namespace
}  // namespace purertc::e2e
