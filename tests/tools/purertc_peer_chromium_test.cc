// purertc-peer against headless Chromium in both roles, with and without media, over HTTP on 127.0.0.1:
//  - Chromium offers (data channel, fake camera and microphone) and the test POSTs its offer to
//    `purertc-peer answer`, which echoes the messages and reflects the media back to Chromium;
//  - `purertc-peer offer` POSTs to a small answer endpoint run by the test and backed by Chromium (echo and
//    reflect on), sending real VP8 / Opus that Chromium decodes, re-encodes and sends back.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http.h"
#include "net.h"
#include "tests/interop/chromium_gtest.h"
#include "tests/interop/chromium_peer.h"
#include "tests/tools/peer_process.h"

namespace purertc::peer {
namespace {

using namespace testing;
using interop::ChromiumPeer;
using interop::Json;

const ::testing::Environment* const kNetwork =
    ::testing::AddGlobalTestEnvironment(new interop::LoopbackOnlyNetwork);

constexpr Duration kWait = Duration::seconds(30);

Json ok(const Json& response) {
  EXPECT_TRUE(response["ok"].boolean()) << response.dump();
  return response;
}

class PurertcPeerChromium : public ::testing::Test {
 protected:
  void SetUp() override {
    PURERTC_REQUIRE_CHROMIUM();
    chromium_ = std::make_unique<ChromiumPeer>();
    ASSERT_TRUE(chromium_->wait_ready()) << chromium_->error() << "\n" << chromium_->diagnostics();
  }
  std::unique_ptr<ChromiumPeer> chromium_;
};

// Chromium offers to `purertc-peer answer`; the test carries the offer and the answer.
void chromium_offers(ChromiumPeer& chromium, bool media) {
  Answerer answerer(60);
  ok(chromium.call("create_pc", Json::object({{"trickle", false}})));
  if (media) ok(chromium.call("add_media", Json::object({{"audio", true}, {"video", true}})));
  const Json ch = ok(chromium.call("create_channel", Json::object({{"label", "chat"}})))["ch"];
  Json offer = ok(chromium.call("create_offer"));
  std::string error;
  auto url = parse_url(answerer.url(), error);
  ASSERT_TRUE(url) << error;
  auto response = http_exchange(
      *url, format_request("POST", url->target, url->host_header, {{"Content-Type", "application/sdp"}}, offer["sdp"].string()),
      Clock::now() + std::chrono::seconds(20), HttpLimits{}, error);
  ASSERT_TRUE(response) << error;
  ASSERT_EQ(response->status, 201) << response->body;
  const std::string location(response->header("Location").value_or(""));
  EXPECT_FALSE(location.empty());
  ok(chromium.call("set_answer", Json::object({{"sdp", response->body}})));
  ASSERT_TRUE(chromium.wait_connection_state("connected", kWait)) << chromium.diagnostics();
  ASSERT_TRUE(chromium.wait_event("open", kWait)) << chromium.diagnostics();

  ok(chromium.call("send", Json::object({{"ch", ch}, {"text", "hello purertc"}})));
  ok(chromium.call("send", Json::object({{"ch", ch}, {"gen", Json::object({{"kind", "binary"}, {"size", 20000}, {"seed", 7}, {"count", 3}})}})));
  EXPECT_TRUE(chromium.wait_count("message", [](const Json&) { return true; }, 4, kWait)) << chromium.diagnostics();
  auto echoed = chromium.events("message");
  ASSERT_GE(echoed.size(), 4u);
  EXPECT_EQ(echoed[0]["text"].string(), "hello purertc");
  EXPECT_EQ(echoed[1]["sha256"].string(), interop::sha256_hex(std::span<const uint8_t>(interop::pattern_bytes(20000, 7))))
      << echoed[1].dump();

  if (media) {
    // The reflected tracks arrive in Chromium and decode.
    bool back = false;
    Json stats;
    for (int i = 0; i < 60 && !back; ++i) {
      stats = ok(chromium.call("stats"));
      back = stats["inbound"]["video"]["framesDecoded"].integer() > 0 && stats["inbound"]["audio"]["packets"].integer() > 0;
      if (!back) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    EXPECT_TRUE(back) << stats.dump();
    EXPECT_EQ(stats["inbound"]["video"]["codecs"][0].string(), "video/VP8") << stats.dump();
  }

  // DELETE ends the session; the answerer prints its summary and exits.
  auto deleted = http_exchange(*url, format_request("DELETE", location, url->host_header, {}, ""),
                               Clock::now() + std::chrono::seconds(5), HttpLimits{}, error);
  ASSERT_TRUE(deleted) << error;
  EXPECT_EQ(deleted->status, 200);
  EXPECT_EQ(answerer.process.wait_exit(Duration::seconds(15)), 0) << answerer.process.output();
  const std::string log = answerer.process.output();
  EXPECT_NE(log.find("{\"event\":\"connected\"}"), std::string::npos) << log;
  EXPECT_NE(log.find("{\"event\":\"datachannel\",\"label\":\"chat\"}"), std::string::npos) << log;
  EXPECT_EQ(log.find("{\"event\":\"track\",\"kind\":\"video\",\"codec\":\"video/VP8\"}") != std::string::npos, media) << log;
  EXPECT_EQ(log.find("{\"event\":\"track\",\"kind\":\"audio\",\"codec\":\"audio/opus\"}") != std::string::npos, media) << log;
  const std::string summary = log.substr(std::min(log.size(), log.find("{\"event\":\"summary\"")));
  EXPECT_EQ(json_int(summary, "messages"), 4) << log;
  EXPECT_EQ(json_int(summary, "bytes"), 13 + 3 * 20000) << log;
  if (media) {
    EXPECT_GT(json_int(summary, "rtp_packets"), 0) << log;
  } else {
    EXPECT_EQ(json_int(summary, "rtp_packets"), 0) << log;
  }
}

TEST_F(PurertcPeerChromium, ChromiumOffersToPurertcPeerAnswerDataOnly) { chromium_offers(*chromium_, false); }
TEST_F(PurertcPeerChromium, ChromiumOffersToPurertcPeerAnswerWithMedia) { chromium_offers(*chromium_, true); }

// An answer endpoint backed by Chromium: each POSTed offer goes to set_offer, the answer comes back as 201.
class ChromiumAnswerEndpoint {
 public:
  explicit ChromiumAnswerEndpoint(ChromiumPeer& chromium) : chromium_(chromium) {
    std::string error;
    auto l = listen_tcp("127.0.0.1", 0, error);
    EXPECT_TRUE(l) << error;
    if (l) listener_ = std::move(*l);
    thread_ = std::thread([this] { serve(); });
  }
  ~ChromiumAnswerEndpoint() {
    stop_ = true;
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(listener_.port) + "/whatever"; }
  int offers() const { return offers_; }

 private:
  void serve() {
    while (!stop_) {
      Fd conn = accept_tcp(listener_, std::chrono::milliseconds(100));
      if (!conn) continue;
      HttpMessage request;
      std::string error;
      auto r = read_request(conn.get(), Clock::now() + std::chrono::seconds(5), HttpLimits{}, request, error);
      if (r.state != ParseState::kComplete) continue;
      std::string reply;
      if (request.method == "POST") {
        offers_ += 1;
        Json answer = chromium_.call("set_offer", Json::object({{"sdp", request.body}}));
        reply = answer["ok"].boolean()
                    ? format_response(201, "Created", {{"Content-Type", "application/sdp"}, {"Location", "/session"}},
                                      answer["sdp"].string())
                    : format_response(400, "Bad Request", {}, answer["error"].string() + "\n");
      } else {
        reply = format_response(200, "OK", {}, "");  // the offerer's DELETE at the end
      }
      write_all(conn.get(), reply, Clock::now() + std::chrono::seconds(5));
    }
  }

  ChromiumPeer& chromium_;
  Listener listener_;
  std::atomic<bool> stop_{false};
  std::atomic<int> offers_{0};
  std::thread thread_;
};

void purertc_offers(ChromiumPeer& chromium, const std::string& media, const std::vector<std::string>& files) {
  ok(chromium.call("create_pc", Json::object({{"echo", true}, {"reflect", true}, {"trickle", false}})));
  ChromiumAnswerEndpoint endpoint(chromium);
  std::vector<std::string> args = {"--url", endpoint.url(), "--messages", "10", "--media", media, "--timeout", "40"};
  args.insert(args.end(), files.begin(), files.end());
  std::string out;
  EXPECT_EQ(run_offer(args, 40, out), 0) << out << "\n" << chromium.diagnostics();
  EXPECT_NE(out.find("{\"ok\":true,"), std::string::npos) << out;
  EXPECT_NE(out.find("\"echoed\":10,\"expected\":10,"), std::string::npos) << out;
  EXPECT_EQ(endpoint.offers(), 1);
  if (media == "none") {
    EXPECT_EQ(json_int(out, "media_packets_back"), 0) << out;
  } else {
    EXPECT_GT(json_int(out, "media_packets_back"), 0) << out;
    EXPECT_TRUE(chromium.wait_event("track", kWait)) << chromium.diagnostics();
  }
}

TEST_F(PurertcPeerChromium, PurertcPeerOffersToChromiumDataOnly) { purertc_offers(*chromium_, "none", {}); }

TEST_F(PurertcPeerChromium, PurertcPeerOffersToChromiumWithMedia) {
  PURERTC_REQUIRE_ENCODER("libvpx");
  PURERTC_REQUIRE_ENCODER("libopus");
  MediaFiles files;
  ASSERT_TRUE(files.make());
  purertc_offers(*chromium_, "both", {"--video", files.video_path(), "--audio", files.audio_path()});
}

// Chromium as a WHEP viewer of `purertc-peer serve` while `purertc-peer whip` publishes real VP8 / Opus:
// the relayed RTP decodes in the browser.
TEST_F(PurertcPeerChromium, ChromiumWatchesWhatWhipPublishesThroughServe) {
  PURERTC_REQUIRE_ENCODER("libvpx");
  PURERTC_REQUIRE_ENCODER("libopus");
  MediaFiles files;
  ASSERT_TRUE(files.make());
  Listening serve("serve", 60);
  ok(chromium_->call("create_pc", Json::object({{"trickle", false}})));
  ok(chromium_->call("add_recv_transceivers", Json::object({{"kinds", Json::array({"video", "audio"})}})));
  Json offer = ok(chromium_->call("create_offer"));
  std::string error;
  auto url = parse_url(serve.base() + "/whep", error);
  ASSERT_TRUE(url) << error;
  auto response = http_exchange(
      *url, format_request("POST", url->target, url->host_header, {{"Content-Type", "application/sdp"}}, offer["sdp"].string()),
      Clock::now() + std::chrono::seconds(20), HttpLimits{}, error);
  ASSERT_TRUE(response) << error;
  ASSERT_EQ(response->status, 201) << response->body;
  ok(chromium_->call("set_answer", Json::object({{"sdp", response->body}})));
  ASSERT_TRUE(chromium_->wait_connection_state("connected", kWait)) << chromium_->diagnostics();

  Process whip({peer_binary(), "whip", "--url", serve.base() + "/whip", "--video", files.video_path(), "--audio",
                files.audio_path(), "--duration", "20"},
               with_timeout(40));
  ASSERT_TRUE(whip.wait_for_output("\"event\":\"connected\"", Duration::seconds(20))) << whip.output();
  bool decoded = false;
  Json stats;
  for (int i = 0; i < 60 && !decoded; ++i) {
    stats = ok(chromium_->call("stats"));
    decoded = stats["inbound"]["video"]["framesDecoded"].integer() > 0 && stats["inbound"]["audio"]["packets"].integer() > 0;
    if (!decoded) std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_TRUE(decoded) << stats.dump() << "\n" << serve.process.output();
  whip.stop();
}

}  // namespace
}  // namespace purertc::peer
