// purertc against headless Chromium with VP8 + Opus media, in both roles, and keyframe requests both ways.
//
// - purertc offers: it sends real bitstreams (ffmpeg-encoded VP8 IVF and Ogg Opus, read by src/rtp/media)
//   and Chromium reflects every track it receives (decodes, re-encodes, sends back). The video starts on a
//   delta frame, so Chromium's decoder must ask for a keyframe (PLI): purertc surfaces it through
//   RtpTransceiver::on_keyframe_request and the test's sender answers with the file's keyframe.
// - Chromium offers: its fake camera and microphone arrive at purertc, which reflects the received RTP
//   packets (TrackLocal::write_rtp) back; Chromium decodes them (getStats framesDecoded).
// In both, purertc's request_keyframe() makes Chromium's sender count a PLI and send a new keyframe, and
// the outbound-rtp / inbound-rtp counters of the two ends agree.
//
// The LoopbackOnlyNetwork environment is registered by chromium_e2e_test.cc (same test program).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "rtp/media/ivf.h"
#include "rtp/media/ogg.h"
#include "tests/interop/chromium_gtest.h"
#include "tests/interop/chromium_peer.h"
#include "tests/pc/e2e/peer_pair.h"
#include "tests/pc/e2e/vp8_frames.h"
#include "tests/rtp/ffmpeg_fixture.h"

namespace purertc::e2e {
namespace {

using interop::ChromiumPeer;
using interop::Json;

constexpr Duration kWait = Duration::seconds(20);
const RtpCodec kVp8{"video/VP8", 90000, 0, "", {}, 96};
const RtpCodec kOpus{"audio/opus", 48000, 2, "minptime=10;useinbandfec=1", {}, 111};

// The ffmpeg-encoded fixtures, made once per test program.
struct Bitstreams {
  std::vector<std::vector<uint8_t>> video;  // VP8 frames, 15 fps, a keyframe every 15 frames
  std::vector<std::vector<uint8_t>> audio;  // Opus packets, 20 ms
  std::string error;
};

Bitstreams encode_bitstreams() {
  namespace t = rtp::testing;
  Bitstreams b;
  t::TempDir dir;
  if (!t::encode_video(dir.file("v.ivf"), "-c:v libvpx -g 15 -b:v 300k -deadline realtime -cpu-used 8", 45)) {
    b.error = "ffmpeg could not encode VP8";
    return b;
  }
  if (t::run("timeout 60 ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i sine=frequency=440:duration=2 "
             "-c:a libopus -b:a 32k '" + dir.file("a.opus") + "'") != 0) {
    b.error = "ffmpeg could not encode Opus";
    return b;
  }
  auto ivf_file = t::read_file(dir.file("v.ivf"));
  auto ivf = rtp::IvfReader::open(ivf_file);
  if (!ivf) {
    b.error = "IVF: " + to_string(ivf.error());
    return b;
  }
  while (auto f = ivf->next()) {
    if (!*f) break;
    b.video.emplace_back((*f)->data.begin(), (*f)->data.end());
  }
  auto ogg_file = t::read_file(dir.file("a.opus"));
  auto ogg = rtp::OggOpusReader::open(ogg_file);
  if (!ogg) {
    b.error = "Ogg: " + to_string(ogg.error());
    return b;
  }
  while (auto p = ogg->next_packet()) {
    if (!*p) break;
    b.audio.push_back(std::move((*p)->data));
  }
  if (b.video.size() < 30 || b.audio.size() < 50) b.error = "short fixtures";
  return b;
}

// Sends the fixtures in a loop at real-time pace (audio every 20 ms, video every 60 ms) from its own
// thread until destroyed. The video starts on frame 1, a delta frame; after a keyframe request it goes on
// from frame 0, the keyframe (what an encoder does when asked for one).
class MediaPump {
 public:
  MediaPump(const Bitstreams& b, std::shared_ptr<TrackLocal> video, std::shared_ptr<TrackLocal> audio)
      : b_(b), video_(std::move(video)), audio_(std::move(audio)), thread_([this] { run(); }) {}
  ~MediaPump() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  void keyframe_requested() { keyframe_ = true; }
  size_t keyframes_sent() const { return keyframes_sent_; }
  bool ok() const { return ok_; }

 private:
  void run() {
    size_t v = 1, a = 0;
    for (uint64_t tick = 0; !stop_; ++tick) {
      if (!audio_->write_sample(b_.audio[a++ % b_.audio.size()], std::chrono::milliseconds(20))) ok_ = false;
      if (tick % 3 == 0) {
        if (keyframe_.exchange(false)) v = 0;
        if (v % b_.video.size() % 15 == 0) ++keyframes_sent_;
        if (!video_->write_sample(b_.video[v++ % b_.video.size()], std::chrono::milliseconds(60))) ok_ = false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  const Bitstreams& b_;
  std::shared_ptr<TrackLocal> video_, audio_;
  std::atomic<bool> stop_{false}, keyframe_{false}, ok_{true};
  std::atomic<size_t> keyframes_sent_{0};
  std::thread thread_;
};

// What purertc received on the remote tracks.
struct Received {
  EventLog<std::shared_ptr<RtpTransceiver>> transceivers;
  EventLog<TrackRemoteInfo> infos;
  EventLog<MediaSample> video;
  EventLog<MediaSample> audio;
  EventLog<int> audio_packets;
  size_t keyframes() const {
    size_t n = 0;
    for (const auto& s : video.items()) n += s.keyframe ? 1 : 0;
    return n;
  }
  std::shared_ptr<RtpTransceiver> of_kind(MediaKind kind) const {
    for (const auto& t : transceivers.items()) {
      if (t->kind() == kind) return t;
    }
    return nullptr;
  }
};

struct Counts {
  int64_t packets = 0;
  int64_t bytes = 0;
};

Counts purertc_counts(const PeerConnection& pc, const std::string& type, const std::string& kind) {
  Counts c;
  const bool out = type == "outbound-rtp";
  const StatsReport report = pc.get_stats();  // of_type points into it
  for (const Stats* s : report.of_type(type)) {
    if (s->get<std::string>("kind").value_or("") != kind) continue;
    c.packets += static_cast<int64_t>(s->get<uint64_t>(out ? "packetsSent" : "packetsReceived").value_or(0));
    c.bytes += static_cast<int64_t>(s->get<uint64_t>(out ? "bytesSent" : "bytesReceived").value_or(0));
  }
  return c;
}

class ChromiumMediaE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { bitstreams_ = std::make_unique<Bitstreams>(encode_bitstreams()); }
  static void TearDownTestSuite() {
    chromium_.reset();
    bitstreams_.reset();
  }

  void SetUp() override {
    PURERTC_REQUIRE_CHROMIUM();
    PURERTC_REQUIRE_ENCODER("libvpx");
    PURERTC_REQUIRE_ENCODER("libopus");
    ASSERT_TRUE(bitstreams_->error.empty()) << bitstreams_->error;
    if (!chromium_ || !chromium_->alive()) {
      chromium_ = std::make_unique<ChromiumPeer>();
      ASSERT_TRUE(chromium_->wait_ready()) << chromium_->error() << "\n" << chromium_->diagnostics();
    }
    api_.emplace(make_api());
    auto pc = api_->new_peer_connection();
    ASSERT_TRUE(pc) << to_string(pc.error());
    pc_ = *pc;
  }

  void TearDown() override {
    pump_.reset();
    if (HasFailure() && chromium_) {
      std::printf("--- Chromium driver\n%s\n", chromium_->diagnostics().c_str());
      Json d = chromium_->call("descriptions");
      std::printf("--- Chromium local SDP\n%s\n--- Chromium remote SDP\n%s\n", d["local"].string().c_str(),
                  d["remote"].string().c_str());
    }
    if (pc_) pc_->close();
    if (chromium_) {
      chromium_->call("close");
      chromium_->clear_events();
    }
  }

  static Json ok(Json response) {
    EXPECT_TRUE(response["ok"].boolean()) << response.dump();
    return response;
  }

  // Collects what purertc receives; `reflect` sends every received RTP packet back on the local track of
  // the same kind.
  void receive(bool reflect) {
    auto rx = received_;
    std::shared_ptr<TrackLocal> video = reflect ? local_video_ : nullptr;
    std::shared_ptr<TrackLocal> audio = reflect ? local_audio_ : nullptr;
    pc_->on_track([rx, video, audio](std::shared_ptr<RtpTransceiver> t, const TrackRemoteInfo& info) {
      const bool is_video = info.kind == MediaKind::kVideo;
      t->on_sample([rx, is_video](const MediaSample& s) { (is_video ? rx->video : rx->audio).push(s); });
      std::shared_ptr<TrackLocal> back = is_video ? video : audio;
      t->on_rtp([rx, is_video, back](std::span<const uint8_t> packet) {
        if (!is_video) rx->audio_packets.push(1);
        if (back) {
          auto r = back->write_rtp(packet);
          EXPECT_TRUE(r) << to_string(r.error());
        }
      });
      rx->infos.push(info);
      rx->transceivers.push(std::move(t));
    });
  }

  bool connected() {
    return eventually([&] { return pc_->connection_state() == PeerConnectionState::kConnected; },
                      std::chrono::milliseconds(kWait.ms())) &&
           chromium_->wait_connection_state("connected", kWait);
  }

  Json chromium_stats() { return ok(chromium_->call("stats")); }

  // Polls Chromium's getStats until `pred` holds (or kWait passes); returns the last report.
  Json chromium_stats_until(const std::function<bool(const Json&)>& pred) {
    Json last;
    eventually([&] {
      last = chromium_stats();
      return pred(last);
    }, std::chrono::milliseconds(kWait.ms()));
    return last;
  }

  // The remote video keeps flowing; request_keyframe() must make Chromium's sender count one more PLI
  // and send a keyframe after it.
  void expect_request_keyframe_answered() {
    auto remote_video = received_->of_kind(MediaKind::kVideo);
    ASSERT_NE(remote_video, nullptr);
    const int64_t plis_before = chromium_stats()["outbound"]["video"]["pliCount"].integer();
    const size_t frames_before = received_->video.size();
    auto r = remote_video->request_keyframe();
    ASSERT_TRUE(r) << to_string(r.error());
    Json after = chromium_stats_until(
        [&](const Json& s) { return s["outbound"]["video"]["pliCount"].integer() > plis_before; });
    EXPECT_GT(after["outbound"]["video"]["pliCount"].integer(), plis_before) << after.dump();
    ASSERT_TRUE(eventually([&] {
      auto items = received_->video.items();
      for (size_t i = frames_before; i < items.size(); ++i) {
        if (items[i].keyframe) return true;
      }
      return false;
    })) << "no keyframe after request_keyframe";
  }

  // Every received VP8 frame is well formed, at least one is a keyframe; Opus packets came.
  void expect_valid_media(size_t min_frames) {
    ASSERT_TRUE(received_->video.wait_for_size(min_frames)) << received_->video.size() << " VP8 frames";
    ASSERT_TRUE(received_->audio.wait_for_size(25)) << received_->audio.size() << " Opus packets";
    for (const auto& s : received_->video.items()) ASSERT_TRUE(valid_vp8(s));
    for (const auto& s : received_->audio.items()) ASSERT_FALSE(s.data.empty());
    EXPECT_GE(received_->keyframes(), 1u);
  }

  // Sender and receiver counters agree: what one side received is positive and at most what the other
  // sent. Chromium caches a getStats report for a short while, so its counters may lag purertc's report
  // taken just before: wait for them to catch up (they only grow).
  void expect_counters_agree() {
    for (const char* kind : {"audio", "video"}) {
      Counts in = purertc_counts(*pc_, "inbound-rtp", kind);
      Json s;
      eventually([&] {
        s = chromium_stats();
        return s["outbound"][kind]["packets"].integer() >= in.packets;
      }, std::chrono::milliseconds(3000));
      EXPECT_GT(in.packets, 0) << kind;
      EXPECT_LE(in.packets, s["outbound"][kind]["packets"].integer()) << kind << " " << s.dump();
      Counts out = purertc_counts(*pc_, "outbound-rtp", kind);
      EXPECT_GT(out.packets, 0) << kind;
      EXPECT_GT(s["inbound"][kind]["packets"].integer(), 0) << kind << " " << s.dump();
      EXPECT_LE(s["inbound"][kind]["packets"].integer(), out.packets) << kind << " " << s.dump();
      std::printf("[chromium] %s: purertc sent %lld packets, Chromium received %lld; Chromium sent %lld, purertc "
                  "received %lld\n",
                  kind, static_cast<long long>(out.packets),
                  static_cast<long long>(s["inbound"][kind]["packets"].integer()),
                  static_cast<long long>(s["outbound"][kind]["packets"].integer()),
                  static_cast<long long>(in.packets));
    }
  }

  void chromium_offers_reflected(bool strip_ssrcs);

  static std::unique_ptr<ChromiumPeer> chromium_;
  static std::unique_ptr<Bitstreams> bitstreams_;
  std::optional<Api> api_;
  std::shared_ptr<PeerConnection> pc_;
  std::shared_ptr<Received> received_ = std::make_shared<Received>();
  std::shared_ptr<TrackLocal> local_video_ = TrackLocal::create(kVp8, "purertc-video", "purertc");
  std::shared_ptr<TrackLocal> local_audio_ = TrackLocal::create(kOpus, "purertc-audio", "purertc");
  std::unique_ptr<MediaPump> pump_;
};

std::unique_ptr<ChromiumPeer> ChromiumMediaE2e::chromium_;
std::unique_ptr<Bitstreams> ChromiumMediaE2e::bitstreams_;

TEST_F(ChromiumMediaE2e, PurertcOffersVp8AndOpusReflectedByChromium) {
  ok(chromium_->call("create_pc", Json::object({{"reflect", true}})));
  auto video_tx = pc_->add_track(local_video_);
  auto audio_tx = pc_->add_track(local_audio_);
  ASSERT_TRUE(video_tx && audio_tx);
  auto plis = std::make_shared<EventLog<KeyframeRequestKind>>();
  auto audio_requests = std::make_shared<EventLog<KeyframeRequestKind>>();
  MediaPump* pump = nullptr;
  auto pump_ptr = std::make_shared<std::atomic<MediaPump*>>(nullptr);
  (*video_tx)->on_keyframe_request([plis, pump_ptr](const KeyframeRequest& r) {
    if (MediaPump* p = pump_ptr->load()) p->keyframe_requested();
    plis->push(r.kind);
  });
  (*audio_tx)->on_keyframe_request([audio_requests](const KeyframeRequest& r) { audio_requests->push(r.kind); });
  receive(false);

  ASSERT_TRUE(pc_->set_local_description(SessionDescription{SdpType::kOffer, ""}));
  ASSERT_TRUE(pc_->wait_for_gathering_complete());
  Json answer = ok(chromium_->call("set_offer", Json::object({{"sdp", pc_->local_description()->sdp}})));
  auto r = pc_->set_remote_description(SessionDescription{SdpType::kAnswer, answer["sdp"].string()});
  ASSERT_TRUE(r) << to_string(r.error()) << "\n" << answer["sdp"].string();
  ASSERT_TRUE(connected());

  pump_ = std::make_unique<MediaPump>(*bitstreams_, local_video_, local_audio_);
  pump = pump_.get();
  pump_ptr->store(pump);
  // The stream began with a delta frame: Chromium's decoder cannot start and asks for a keyframe.
  ASSERT_TRUE(plis->wait_for_size(1)) << "Chromium's PLI did not surface";
  // Chromium decodes purertc's media and reflects it.
  Json s = chromium_stats_until([](const Json& st) {
    return st["inbound"]["video"]["framesDecoded"].integer() > 10 && st["inbound"]["audio"]["packets"].integer() > 25;
  });
  EXPECT_GT(s["inbound"]["video"]["framesDecoded"].integer(), 10) << s.dump();
  EXPECT_GE(s["inbound"]["video"]["pliCount"].integer() + s["inbound"]["video"]["firCount"].integer(), 1)
      << s.dump();
  EXPECT_GT(s["inbound"]["audio"]["packets"].integer(), 25) << s.dump();
  EXPECT_GE(pump->keyframes_sent(), 1u);

  ASSERT_TRUE(received_->transceivers.wait_for_size(2)) << "on_track did not fire for both reflected tracks";
  ASSERT_NE(received_->of_kind(MediaKind::kVideo), nullptr);
  ASSERT_NE(received_->of_kind(MediaKind::kAudio), nullptr);
  expect_valid_media(10);
  expect_request_keyframe_answered();

  pump_->stop();
  EXPECT_TRUE(pump->ok()) << "a write_sample failed";
  for (auto kind : plis->items()) EXPECT_TRUE(kind == KeyframeRequestKind::kPli || kind == KeyframeRequestKind::kFir);
  EXPECT_EQ(audio_requests->size(), 0u);
  // Chromium has received all purertc sent once its counters stop moving (loopback loses nothing).
  eventually([&] {
    Json st = chromium_stats();
    return st["inbound"]["video"]["packets"].integer() == purertc_counts(*pc_, "outbound-rtp", "video").packets;
  }, std::chrono::milliseconds(3000));
  expect_counters_agree();
}

// The offer without its a=ssrc and a=ssrc-group lines, as some endpoints send it (and Chromium itself
// for simulcast): purertc must route Chromium's RTP by the mid header extension alone, and find the RTX
// stream by its payload type.
std::string without_ssrc_lines(const std::string& sdp) {
  std::string out;
  size_t pos = 0;
  while (pos < sdp.size()) {
    size_t end = sdp.find("\r\n", pos);
    end = end == std::string::npos ? sdp.size() : end + 2;
    std::string_view line(sdp.data() + pos, end - pos);
    if (!line.starts_with("a=ssrc:") && !line.starts_with("a=ssrc-group:")) out.append(line);
    pos = end;
  }
  return out;
}

// Chromium offers camera + microphone; purertc answers and reflects what arrives.
void ChromiumMediaE2e::chromium_offers_reflected(bool strip_ssrcs) {
  ok(chromium_->call("create_pc"));
  ok(chromium_->call("add_media", Json::object({{"audio", true}, {"video", true}})));
  receive(true);
  Json offer = ok(chromium_->call("create_offer"));
  std::string sdp = offer["sdp"].string();
  if (strip_ssrcs) {
    sdp = without_ssrc_lines(sdp);
    ASSERT_EQ(sdp.find("a=ssrc"), std::string::npos);
  }
  auto r = pc_->set_remote_description(SessionDescription{SdpType::kOffer, sdp});
  ASSERT_TRUE(r) << to_string(r.error()) << "\n" << sdp;
  // Our tracks take the transceivers Chromium's offer created, which become sendrecv.
  auto video_tx = pc_->add_track(local_video_);
  auto audio_tx = pc_->add_track(local_audio_);
  ASSERT_TRUE(video_tx && audio_tx);
  EXPECT_EQ(pc_->get_transceivers().size(), 2u);
  auto plis = std::make_shared<EventLog<KeyframeRequestKind>>();
  // As a forwarding server does: a keyframe request for the reflected video goes on to its source.
  auto rx = received_;
  (*video_tx)->on_keyframe_request([plis, rx](const KeyframeRequest& k) {
    plis->push(k.kind);
    if (auto source = rx->of_kind(MediaKind::kVideo)) (void)source->request_keyframe();
  });
  ASSERT_TRUE(pc_->set_local_description(SessionDescription{SdpType::kAnswer, ""}));
  ASSERT_TRUE(pc_->wait_for_gathering_complete());
  ok(chromium_->call("set_answer", Json::object({{"sdp", pc_->local_description()->sdp}})));
  ASSERT_TRUE(connected());

  ASSERT_TRUE(received_->transceivers.wait_for_size(2)) << "on_track did not fire for Chromium's tracks";
  for (const auto& info : received_->infos.items()) EXPECT_FALSE(info.id.empty());
  expect_valid_media(10);
  // Chromium decodes what purertc reflected.
  Json s = chromium_stats_until([](const Json& st) {
    return st["inbound"]["video"]["framesDecoded"].integer() > 10 && st["inbound"]["audio"]["packets"].integer() > 25;
  });
  EXPECT_GT(s["inbound"]["video"]["framesDecoded"].integer(), 10) << s.dump();
  EXPECT_GT(s["inbound"]["audio"]["packets"].integer(), 25) << s.dump();
  EXPECT_EQ(chromium_->events("track").size(), 2u);
  expect_request_keyframe_answered();
  std::printf("[chromium] keyframe requests from Chromium on the reflected video: %zu\n", plis->size());
  expect_counters_agree();
}

TEST_F(ChromiumMediaE2e, ChromiumOffersFakeMediaReflectedByPurertc) { chromium_offers_reflected(false); }

TEST_F(ChromiumMediaE2e, ChromiumOffersWithoutSsrcLinesRoutedByMid) { chromium_offers_reflected(true); }

}  // namespace
}  // namespace purertc::e2e
