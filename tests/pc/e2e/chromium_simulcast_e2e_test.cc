// Headless Chromium sends RID simulcast (RFC 8853) to a purertc answerer, as a browser publishes to an
// SFU: its fake camera at 1280x720 with three encodings, q (1/4), h (1/2) and f (full size). purertc must
// answer the simulcast (a=simulcast:recv, a=rid recv, the rtp-stream-id extensions), fire on_track once
// per rid, route every layer to its own receiver (by the rid extension, then by the learned SSRC), and
// assemble valid VP8 whose keyframes have a different resolution per layer. A keyframe request for one
// layer must raise Chromium's pliCount on that layer's outbound-rtp only, and purertc's inbound-rtp
// stats carry one entry per rid.
//
// Chromium decides how many layers it actually sends from its bandwidth estimate and CPU; the test reads
// its outbound-rtp stats and checks every layer Chromium reports as sending (all three on an idle machine,
// at least two, and a missing one only with a qualityLimitationReason).
//
// The LoopbackOnlyNetwork environment is registered by chromium_e2e_test.cc (same test program).
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "tests/interop/chromium_gtest.h"
#include "tests/interop/chromium_peer.h"
#include "tests/pc/e2e/peer_pair.h"
#include "tests/pc/e2e/vp8_frames.h"

namespace purertc::e2e {
namespace {

using interop::ChromiumPeer;
using interop::Json;

constexpr Duration kWait = Duration::seconds(20);
const std::vector<std::string> kRids = {"q", "h", "f"};

// Frames per layer, as the per-rid on_sample callbacks delivered them.
struct Layers {
  std::mutex mutex;
  std::map<std::string, std::vector<MediaSample>> frames;
  std::map<std::string, size_t> packets;
  std::vector<std::string> wrong_rid;  // a sample whose MediaSample::rid is not the layer's
  void add(const std::string& rid, const MediaSample& s) {
    std::lock_guard lock(mutex);
    if (s.rid != rid) wrong_rid.push_back(s.rid);
    frames[rid].push_back(s);
  }
  std::vector<MediaSample> of(const std::string& rid) {
    std::lock_guard lock(mutex);
    return frames[rid];
  }
  size_t packets_of(const std::string& rid) {
    std::lock_guard lock(mutex);
    return packets[rid];
  }
};

// Lines of `sdp` that start with `prefix`.
std::vector<std::string> lines_with(const std::string& sdp, std::string_view prefix) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < sdp.size()) {
    size_t end = sdp.find("\r\n", pos);
    if (end == std::string::npos) end = sdp.size();
    std::string line = sdp.substr(pos, end - pos);
    if (line.starts_with(prefix)) out.push_back(line);
    pos = end + 2;
  }
  return out;
}

// Chromium's bandwidth estimate starts at 300 kbps and only grows with REMB or transport-cc feedback, which
// purertc does not send: at that rate Chromium keeps the 1280x720 layer off ("qualityLimitationReason":
// "bandwidth"). An application that wants every layer at once tells Chromium a higher floor with the
// libwebrtc fmtp parameters x-google-min-bitrate / x-google-start-bitrate (kbps) on the VP8 payload type of
// the answer, as SFUs do; the test does the same to the answer it hands Chromium.
std::string with_start_bitrate(const std::string& sdp) {
  const size_t at = sdp.find(" VP8/90000\r\n");
  if (at == std::string::npos) return sdp;
  const size_t start = sdp.rfind("a=rtpmap:", at) + 9;
  const std::string pt = sdp.substr(start, at - start);
  std::string out = sdp;
  const std::string fmtp = "a=fmtp:" + pt + " ";
  if (size_t f = out.find(fmtp); f != std::string::npos) {
    out.insert(f + fmtp.size(), "x-google-min-bitrate=2500;x-google-start-bitrate=3000;");
  } else {
    out.insert(at + 12, fmtp + "x-google-min-bitrate=2500;x-google-start-bitrate=3000\r\n");
  }
  return out;
}

class ChromiumSimulcastE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    PURERTC_REQUIRE_CHROMIUM();
    chromium_ = std::make_unique<ChromiumPeer>();
    ASSERT_TRUE(chromium_->wait_ready()) << chromium_->error() << "\n" << chromium_->diagnostics();
    api_.emplace(make_api());
    auto pc = api_->new_peer_connection();
    ASSERT_TRUE(pc) << to_string(pc.error());
    pc_ = *pc;
  }

  void TearDown() override {
    if (HasFailure() && chromium_ && chromium_->alive()) {
      std::printf("--- Chromium driver\n%s\n", chromium_->diagnostics().c_str());
      Json d = chromium_->call("descriptions");
      std::printf("--- Chromium local SDP\n%s\n--- Chromium remote SDP\n%s\n", d["local"].string().c_str(),
                  d["remote"].string().c_str());
    }
    if (pc_) pc_->close();
    if (chromium_ && chromium_->alive()) chromium_->call("close");
    chromium_.reset();
  }

  static Json ok(Json response) {
    EXPECT_TRUE(response["ok"].boolean()) << response.dump();
    return response;
  }

  // Chromium's outbound-rtp per rid.
  std::map<std::string, Json> chromium_layers() {
    std::map<std::string, Json> out;
    Json s = ok(chromium_->call("stats"));
    for (const Json& l : s["outbound_layers"].items()) out[l["rid"].string()] = l;
    return out;
  }

  std::unique_ptr<ChromiumPeer> chromium_;
  std::optional<Api> api_;
  std::shared_ptr<PeerConnection> pc_;
};

TEST_F(ChromiumSimulcastE2e, ChromiumSendsThreeLayersEachIsARemoteTrack) {
  ok(chromium_->call("create_pc"));
  Json encodings = Json::array({Json::object({{"rid", "q"}, {"scaleResolutionDownBy", 4}}),
                                Json::object({{"rid", "h"}, {"scaleResolutionDownBy", 2}}),
                                Json::object({{"rid", "f"}, {"scaleResolutionDownBy", 1}})});
  ok(chromium_->call("add_media", Json::object({{"video", true}, {"width", 1280}, {"height", 720}, {"fps", 30},
                                                {"direction", "sendonly"}, {"send_encodings", encodings}})));

  auto layers = std::make_shared<Layers>();
  auto tracks = std::make_shared<EventLog<TrackRemoteInfo>>();
  auto transceivers = std::make_shared<EventLog<std::shared_ptr<RtpTransceiver>>>();
  pc_->on_track([layers, tracks, transceivers](std::shared_ptr<RtpTransceiver> t, const TrackRemoteInfo& info) {
    const std::string rid = info.rid;
    EXPECT_TRUE(t->on_sample(rid, [layers, rid](const MediaSample& s) { layers->add(rid, s); }));
    EXPECT_TRUE(t->on_rtp(rid, [layers, rid](std::span<const uint8_t>) {
      std::lock_guard lock(layers->mutex);
      ++layers->packets[rid];
    }));
    tracks->push(info);
    transceivers->push(std::move(t));
  });

  Json offer = ok(chromium_->call("create_offer"));
  const std::string offer_sdp = offer["sdp"].string();
  ASSERT_NE(offer_sdp.find("a=simulcast:send q;h;f"), std::string::npos) << offer_sdp;
  auto r = pc_->set_remote_description(SessionDescription{SdpType::kOffer, offer_sdp});
  ASSERT_TRUE(r) << to_string(r.error()) << "\n" << offer_sdp;
  ASSERT_TRUE(pc_->set_local_description(SessionDescription{SdpType::kAnswer, ""}));
  ASSERT_TRUE(pc_->wait_for_gathering_complete());
  const std::string answer = pc_->local_description()->sdp;
  // The answer receives every layer and keeps the extensions that name them.
  EXPECT_EQ(lines_with(answer, "a=simulcast:"), std::vector<std::string>{"a=simulcast:recv q;h;f"}) << answer;
  EXPECT_EQ(lines_with(answer, "a=rid:"),
            (std::vector<std::string>{"a=rid:q recv", "a=rid:h recv", "a=rid:f recv"})) << answer;
  EXPECT_EQ(lines_with(answer, "a=recvonly").size(), 1u) << answer;
  EXPECT_EQ(lines_with(answer, "a=extmap:").size() >= 3, true) << answer;
  EXPECT_NE(answer.find("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"), std::string::npos) << answer;
  EXPECT_NE(answer.find("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"), std::string::npos) << answer;
  ok(chromium_->call("set_answer", Json::object({{"sdp", with_start_bitrate(answer)}})));
  ASSERT_TRUE(eventually([&] { return pc_->connection_state() == PeerConnectionState::kConnected; },
                         std::chrono::milliseconds(kWait.ms())));
  ASSERT_TRUE(chromium_->wait_connection_state("connected", kWait));

  // on_track once per rid, in a=simulcast order, all on the one video transceiver.
  ASSERT_TRUE(tracks->wait_for_size(3));
  std::vector<std::string> rids;
  for (const auto& info : tracks->items()) {
    rids.push_back(info.rid);
    EXPECT_EQ(info.kind, MediaKind::kVideo);
    EXPECT_EQ(info.mid, tracks->items()[0].mid);
  }
  EXPECT_EQ(rids, kRids);
  EXPECT_EQ(pc_->get_transceivers().size(), 1u);
  EXPECT_EQ(transceivers->items()[0]->receiver_tracks().size(), 3u);

  // The layers Chromium sends (from its bandwidth estimate and the camera size), once they flow.
  std::map<std::string, Json> sent;
  std::set<std::string> active;
  eventually([&] {
    sent = chromium_layers();
    active.clear();
    for (const auto& [rid, l] : sent) {
      if (l["packets"].integer() > 50 && l["keyFramesEncoded"].integer() > 0) active.insert(rid);
    }
    return active.size() == 3;
  }, std::chrono::milliseconds(10000));
  for (const auto& [rid, l] : sent) std::printf("[chromium] layer %s: %s\n", rid.c_str(), l.dump().c_str());
  ASSERT_GE(active.size(), 2u) << "Chromium sends fewer than two layers";
  // A layer Chromium holds back must be one its own adaptation turned off, not one purertc lost.
  for (const std::string& rid : kRids) {
    if (!active.count(rid)) {
      EXPECT_NE(sent[rid]["qualityLimitationReason"].string(), "none") << rid;
    }
  }

  // Every active layer arrives on its own track with valid VP8, a keyframe, and its own resolution.
  std::map<std::string, std::pair<int, int>> size_of;
  for (const std::string& rid : active) {
    ASSERT_TRUE(eventually([&] {
      for (const auto& s : layers->of(rid)) {
        if (s.keyframe) return layers->of(rid).size() >= 10;
      }
      return false;
    }, std::chrono::milliseconds(kWait.ms()))) << "layer " << rid << ": " << layers->of(rid).size() << " frames";
    for (const auto& s : layers->of(rid)) {
      ASSERT_TRUE(valid_vp8(s)) << "layer " << rid;
      if (auto size = vp8_keyframe_size(s.data)) size_of[rid] = *size;
    }
    EXPECT_GT(layers->packets_of(rid), 0u);
    std::printf("[purertc] layer %s: %zu frames, %zu packets, keyframe %dx%d\n", rid.c_str(), layers->of(rid).size(),
                layers->packets_of(rid), size_of[rid].first, size_of[rid].second);
  }
  {
    std::lock_guard lock(layers->mutex);
    EXPECT_TRUE(layers->wrong_rid.empty());
  }
  // Resolutions follow scaleResolutionDownBy: q < h < f, each the one Chromium reports for the layer.
  for (const std::string& rid : active) {
    EXPECT_EQ(size_of[rid].first, sent[rid]["frameWidth"].integer()) << rid;
    EXPECT_EQ(size_of[rid].second, sent[rid]["frameHeight"].integer()) << rid;
  }
  std::vector<int> widths;
  for (const std::string& rid : kRids) {
    if (active.count(rid)) widths.push_back(size_of[rid].first);
  }
  for (size_t i = 1; i < widths.size(); ++i) EXPECT_LT(widths[i - 1], widths[i]);

  // purertc's inbound-rtp: one per rid, counting the packets of each layer.
  {
    const StatsReport report = pc_->get_stats();
    std::map<std::string, uint64_t> received;
    for (const Stats* s : report.of_type("inbound-rtp")) {
      received[s->get<std::string>("rid").value_or("")] = s->get<uint64_t>("packetsReceived").value_or(0);
    }
    EXPECT_EQ(received.count(""), 0u) << "an inbound-rtp without rid";
    for (const std::string& rid : active) {
      EXPECT_GT(received[rid], 0u) << rid;
      // Chromium caches a getStats report for a short while: wait for its counters to catch up.
      int64_t chromium_sent = 0;
      eventually([&] {
        chromium_sent = chromium_layers()[rid]["packets"].integer();
        return chromium_sent >= static_cast<int64_t>(received[rid]);
      }, std::chrono::milliseconds(3000));
      EXPECT_LE(static_cast<int64_t>(received[rid]), chromium_sent) << rid;
      std::printf("[purertc] inbound-rtp rid %s: %llu packets (Chromium sent %lld)\n", rid.c_str(),
                  static_cast<unsigned long long>(received[rid]), static_cast<long long>(chromium_sent));
    }
  }

  // A keyframe request for one layer reaches that layer's sender only.
  const std::string target = active.count("h") ? "h" : *active.begin();
  auto before = chromium_layers();
  const size_t frames_before = layers->of(target).size();
  auto kr = transceivers->items()[0]->request_keyframe(target);
  ASSERT_TRUE(kr) << to_string(kr.error());
  std::map<std::string, Json> after;
  EXPECT_TRUE(eventually([&] {
    after = chromium_layers();
    return after[target]["pliCount"].integer() > before[target]["pliCount"].integer();
  }, std::chrono::milliseconds(kWait.ms()))) << "pliCount of " << target << " did not grow";
  for (const std::string& rid : active) {
    std::printf("[chromium] pliCount %s: %lld -> %lld\n", rid.c_str(),
                static_cast<long long>(before[rid]["pliCount"].integer()),
                static_cast<long long>(after[rid]["pliCount"].integer()));
    if (rid != target) {
      EXPECT_EQ(after[rid]["pliCount"].integer(), before[rid]["pliCount"].integer()) << rid;
    }
  }
  EXPECT_TRUE(eventually([&] {
    auto frames = layers->of(target);
    for (size_t i = frames_before; i < frames.size(); ++i) {
      if (frames[i].keyframe) return true;
    }
    return false;
  })) << "no keyframe on " << target << " after request_keyframe";
  // An unknown rid is refused.
  auto bad = transceivers->items()[0]->request_keyframe("nope");
  EXPECT_TRUE(!bad && bad.error().code == RtcErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace purertc::e2e
