// RID simulcast between two purertc peers in one process (RFC 8853, RFC 8851, RFC 8852): the offerer's
// transceiver has three send encodings (q, h, f) and writes a different bitstream per layer; the
// answerer's answer accepts every layer, on_track fires once per rid, and each layer's frames arrive
// byte for byte on its own track. A keyframe request for one layer reaches the sender's application with
// that rid, and both peers' stats have one outbound-rtp / inbound-rtp per rid.
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "tests/pc/e2e/media_helpers.h"

namespace purertc::e2e {
namespace {

const std::vector<std::string> kRids = {"q", "h", "f"};

struct LayerFrames {
  std::mutex mutex;
  std::map<std::string, std::vector<std::vector<uint8_t>>> frames;
  std::vector<std::vector<uint8_t>> of(const std::string& rid) {
    std::lock_guard lock(mutex);
    return frames[rid];
  }
};

std::string describe(const std::map<std::string, uint64_t>& m) {
  std::string out;
  for (const auto& [rid, n] : m) out += "[" + rid + "]=" + std::to_string(n) + " ";
  return out;
}

RtpTransceiverInit simulcast_init() {
  RtpTransceiverInit init;
  init.direction = RtpTransceiverDirection::kSendOnly;
  for (const auto& rid : kRids) init.send_encodings.push_back({rid});
  return init;
}

TEST(SimulcastE2e, ThreeLayersArriveAsThreeTracks) {
  PeerPair pair;
  auto video = TrackLocal::create(kVp8, "cam", "s");
  auto tx = pair.offerer->add_transceiver(video, simulcast_init());
  ASSERT_TRUE(tx) << to_string(tx.error());
  auto requests = std::make_shared<EventLog<std::string>>();
  (*tx)->on_keyframe_request([requests](const KeyframeRequest& r) { requests->push(r.rid); });

  auto frames = std::make_shared<LayerFrames>();
  auto tracks = std::make_shared<EventLog<TrackRemoteInfo>>();
  auto remote = std::make_shared<EventLog<std::shared_ptr<RtpTransceiver>>>();
  pair.answerer->on_track([frames, tracks, remote](std::shared_ptr<RtpTransceiver> t, const TrackRemoteInfo& info) {
    const std::string rid = info.rid;
    EXPECT_TRUE(t->on_sample(rid, [frames, rid](const MediaSample& s) {
      EXPECT_EQ(s.rid, rid);
      std::lock_guard lock(frames->mutex);
      frames->frames[rid].push_back(s.data);
    }));
    tracks->push(info);
    remote->push(std::move(t));
  });

  pair.negotiate_trickle();
  const std::string offer = pair.offerer->local_description()->sdp;
  EXPECT_NE(offer.find("a=simulcast:send q;h;f"), std::string::npos) << offer;
  EXPECT_NE(offer.find("a=rid:h send"), std::string::npos) << offer;
  const std::string answer = pair.answerer->local_description()->sdp;
  EXPECT_NE(answer.find("a=simulcast:recv q;h;f"), std::string::npos) << answer;
  ASSERT_TRUE(pair.wait_connected());
  ASSERT_TRUE(tracks->wait_for_size(3));
  std::vector<std::string> rids;
  for (const auto& info : tracks->items()) rids.push_back(info.rid);
  EXPECT_EQ(rids, kRids);

  // Each layer gets its own frames: sizes and contents differ per layer.
  std::map<std::string, std::vector<std::vector<uint8_t>>> sent;
  for (int i = 0; i < 10; ++i) {
    for (size_t l = 0; l < kRids.size(); ++l) {
      auto f = vp8_frame(200 * (l + 1) + static_cast<size_t>(i), static_cast<uint8_t>(10 * l + i), i == 0);
      ASSERT_TRUE(video->write_sample(kRids[l], f, std::chrono::microseconds(33333)));
      sent[kRids[l]].push_back(std::move(f));
    }
  }
  for (const auto& rid : kRids) {
    ASSERT_TRUE(eventually([&] { return frames->of(rid).size() >= sent[rid].size(); })) << rid;
    EXPECT_EQ(frames->of(rid), sent[rid]) << rid;
  }
  // An unknown rid goes nowhere and is no error (as a write before the transport connected).
  EXPECT_TRUE(video->write_sample("x", vp8_frame(100, 1, true), std::chrono::microseconds(33333)));

  // A keyframe request for layer h reaches the sender with that rid.
  auto t = remote->items()[0];
  ASSERT_TRUE(t->request_keyframe("h"));
  ASSERT_TRUE(requests->wait_for_size(1));
  EXPECT_EQ(requests->items()[0], "h");

  // Stats: one outbound-rtp and one inbound-rtp per rid, and they agree.
  std::map<std::string, uint64_t> out, in;
  const StatsReport sent_report = pair.offerer->get_stats();  // of_type points into it
  for (const Stats* s : sent_report.of_type("outbound-rtp")) {
    out[s->get<std::string>("rid").value_or("")] = s->get<uint64_t>("packetsSent").value_or(0);
  }
  ASSERT_TRUE(eventually([&] {
    in.clear();
    const StatsReport report = pair.answerer->get_stats();
    for (const Stats* s : report.of_type("inbound-rtp")) {
      in[s->get<std::string>("rid").value_or("")] = s->get<uint64_t>("packetsReceived").value_or(0);
    }
    return in == out;
  })) << "inbound-rtp per rid does not match outbound-rtp: " << describe(in) << " vs " << describe(out);
  EXPECT_EQ(out.size(), 3u);
  for (const auto& rid : kRids) EXPECT_GT(out[rid], 0u) << rid;
  pair.close();
}

// set_remote_description refuses simulcast lines it cannot honour, naming the line and the rule.
TEST(SimulcastE2e, InvalidSimulcastOfferIsRefused) {
  PeerPair pair;
  auto video = TrackLocal::create(kVp8, "cam", "s");
  ASSERT_TRUE(pair.offerer->add_transceiver(video, simulcast_init()));
  auto offer = pair.offerer->create_offer();
  ASSERT_TRUE(offer);
  SessionDescription broken = *offer;
  const size_t at = broken.sdp.find("a=rid:h send\r\n");
  ASSERT_NE(at, std::string::npos) << broken.sdp;
  broken.sdp.erase(at, 14);
  auto r = pair.answerer->set_remote_description(broken);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, RtcErrorCode::kInvalidAccessError);
  EXPECT_NE(r.error().message.find("a=simulcast"), std::string::npos) << r.error().message;
  EXPECT_EQ(pair.answerer->signaling_state(), SignalingState::kStable);
  // The intact offer is accepted.
  EXPECT_TRUE(pair.answerer->set_remote_description(*offer));
  pair.close();
}

TEST(SimulcastE2e, SendEncodingsAreValidated) {
  PeerPair pair;
  auto video = TrackLocal::create(kVp8, "cam", "s");
  RtpTransceiverInit init;
  init.send_encodings = {{"a"}, {"a"}};
  auto r = pair.offerer->add_transceiver(video, init);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, RtcErrorCode::kInvalidArgument);
  init.send_encodings = {{"a"}, {"b c"}};
  r = pair.offerer->add_transceiver(video, init);
  ASSERT_FALSE(r);
  init.send_encodings = {{"a"}, {"abcdefghijklmnopq"}};
  r = pair.offerer->add_transceiver(video, init);
  ASSERT_FALSE(r);
  init.send_encodings.clear();
  for (int i = 0; i < 9; ++i) init.send_encodings.push_back({"r" + std::to_string(i)});
  r = pair.offerer->add_transceiver(video, init);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, RtcErrorCode::kInvalidArgument);
  // One encoding is a plain stream: no simulcast lines, a=ssrc as usual.
  init.send_encodings = {{"only"}};
  r = pair.offerer->add_transceiver(video, init);
  ASSERT_TRUE(r) << to_string(r.error());
  auto offer = pair.offerer->create_offer();
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->sdp.find("a=simulcast"), std::string::npos);
  EXPECT_NE(offer->sdp.find("a=ssrc:"), std::string::npos);
  pair.close();
}

}  // namespace
}  // namespace purertc::e2e
