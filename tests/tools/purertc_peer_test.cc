// purertc-peer as two processes on 127.0.0.1: answer + offer echo every message, and bad input (malformed
// SDP, a closed port, a server that never answers) fails with a clear message and a non-zero exit.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "http.h"
#include "net.h"
#include "tests/interop/process.h"
#include "tests/tools/peer_process.h"
#include "purertc/purertc.h"
#include "rtp/media/ogg.h"

namespace purertc::peer {
namespace {

using namespace testing;
using rtp::testing::TempDir;

// 1 + 100 + 1200 + 16000 + 65536 bytes per cycle of five messages.
constexpr int64_t kCycleBytes = 82837;

TEST(PurertcPeer, OfferAndAnswerEchoEveryMessageAndReport) {
  Answerer answerer;
  std::string out;
  int status = run_offer({"--url", answerer.url(), "--messages", "20", "--timeout", "30"}, 30, out);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("{\"ok\":true,\"connected_ms\":"), std::string::npos) << out;
  EXPECT_NE(out.find("\"echoed\":20,\"expected\":20,\"media_packets_back\":0,\"error\":null}"), std::string::npos) << out;
  // The offerer ends the session (DELETE), so the answerer exits long before its timeout.
  EXPECT_EQ(answerer.process.wait_exit(Duration::seconds(10)), 0) << answerer.process.output();
  const std::string log = answerer.process.output();
  EXPECT_NE(log.find("{\"event\":\"connected\"}"), std::string::npos) << log;
  EXPECT_NE(log.find("{\"event\":\"datachannel\",\"label\":\"interop\"}"), std::string::npos) << log;
  EXPECT_NE(log.find("{\"event\":\"summary\",\"messages\":20,\"bytes\":" + std::to_string(4 * kCycleBytes) +
                     ",\"rtp_packets\":0}"),
            std::string::npos)
      << log;
}

// Media: the offerer sends VP8 and Opus, the answerer reflects every RTP packet on the same transceivers.
void expect_media_reflected(const std::string& media, const std::vector<std::string>& files, bool video, bool audio) {
  Answerer answerer;
  std::vector<std::string> args = {"--url", answerer.url(), "--messages", "5", "--media", media, "--timeout", "30"};
  args.insert(args.end(), files.begin(), files.end());
  std::string out;
  EXPECT_EQ(run_offer(args, 30, out), 0) << out;
  EXPECT_NE(out.find("\"ok\":true"), std::string::npos) << out;
  const int64_t back = json_int(out, "media_packets_back");
  EXPECT_GE(back, 10) << out;
  EXPECT_EQ(answerer.process.wait_exit(Duration::seconds(10)), 0) << answerer.process.output();
  const std::string log = answerer.process.output();
  EXPECT_EQ(log.find("{\"event\":\"track\",\"kind\":\"video\",\"codec\":\"video/VP8\"}") != std::string::npos, video) << log;
  EXPECT_EQ(log.find("{\"event\":\"track\",\"kind\":\"audio\",\"codec\":\"audio/opus\"}") != std::string::npos, audio) << log;
  // Everything reflected was received first; the offerer stops counting once enough came back.
  EXPECT_GE(json_int(log.substr(log.find("\"summary\"")), "rtp_packets"), back) << log;
}

TEST(PurertcPeer, MediaBothIsReflectedBack) { expect_media_reflected("both", {}, true, true); }
TEST(PurertcPeer, MediaVideoOnlyIsReflectedBack) { expect_media_reflected("video", {}, true, false); }
TEST(PurertcPeer, MediaAudioOnlyIsReflectedBack) { expect_media_reflected("audio", {}, false, true); }

TEST(PurertcPeer, RealVp8AndOpusFilesAreReflectedBack) {
  PURERTC_REQUIRE_ENCODER("libvpx");
  PURERTC_REQUIRE_ENCODER("libopus");
  MediaFiles files;
  ASSERT_TRUE(files.make());
  expect_media_reflected("both", {"--video", files.video_path(), "--audio", files.audio_path()}, true, true);
}

TEST(PurertcPeer, BadMediaFilesAreRefusedBeforeConnecting) {
  TempDir dir;
  const std::string junk = dir.file("junk.ivf");
  rtp::testing::write_file(junk, {'n', 'o', 't', ' ', 'I', 'V', 'F'});
  std::string out;
  EXPECT_EQ(run_offer({"--url", "http://127.0.0.1:1/", "--media", "video", "--video", junk}, 5, out), 1) << out;
  EXPECT_NE(out.find("is not an IVF file"), std::string::npos) << out;
  EXPECT_EQ(run_offer({"--url", "http://127.0.0.1:1/", "--media", "audio", "--audio", dir.file("missing.ogg")}, 5, out), 1)
      << out;
  EXPECT_NE(out.find("cannot open"), std::string::npos) << out;
  EXPECT_EQ(run_offer({"--url", "http://127.0.0.1:1/", "--media", "audio", "--audio", junk}, 5, out), 1) << out;
  EXPECT_NE(out.find("is not an Ogg Opus file"), std::string::npos) << out;
}

// A WHEP viewer in this process: receive-only video and audio, counting the RTP packets that arrive.
struct WhepViewer {
  explicit WhepViewer(const std::string& url) {
    SettingEngine settings;
    settings.mdns_mode = MulticastDnsMode::kDisabled;
    settings.include_loopback_candidate = true;
    settings.ip_filter = [](std::string_view ip) { return ip == "127.0.0.1"; };
    auto api = Api::create(Api::default_media_engine(), settings);
    EXPECT_TRUE(api);
    if (!api) return;
    auto created = api->new_peer_connection();
    EXPECT_TRUE(created);
    if (!created) return;
    pc = *created;
    auto counter = packets;
    pc->on_track([counter](std::shared_ptr<RtpTransceiver> t, const TrackRemoteInfo&) {
      t->on_rtp([counter](std::span<const uint8_t>) { *counter += 1; });
    });
    for (MediaKind kind : {MediaKind::kVideo, MediaKind::kAudio}) {
      EXPECT_TRUE(pc->add_transceiver(kind, RtpTransceiverInit{.direction = RtpTransceiverDirection::kRecvOnly}));
    }
    EXPECT_TRUE(pc->set_local_description({SdpType::kOffer, ""}));
    EXPECT_TRUE(pc->wait_for_gathering_complete(std::chrono::seconds(10)));
    std::string error;
    auto u = parse_url(url, error);
    EXPECT_TRUE(u) << error;
    if (!u) return;
    auto response = http_exchange(*u, format_request("POST", u->target, u->host_header, {{"Content-Type", "application/sdp"}},
                                                     pc->local_description()->sdp),
                                  Clock::now() + std::chrono::seconds(15), HttpLimits{}, error);
    EXPECT_TRUE(response) << error;
    if (!response) return;
    status = response->status;
    location = std::string(response->header("Location").value_or(""));
    if (status == 201) {
      EXPECT_TRUE(pc->set_remote_description({SdpType::kAnswer, response->body}));
    }
  }
  ~WhepViewer() {
    if (pc) pc->close();
  }
  std::shared_ptr<PeerConnection> pc;
  std::shared_ptr<std::atomic<uint64_t>> packets = std::make_shared<std::atomic<uint64_t>>(0);
  int status = 0;
  std::string location;
};

TEST(PurertcPeer, WhipPublisherThroughServeReachesAWhepViewer) {
  PURERTC_REQUIRE_ENCODER("libvpx");
  PURERTC_REQUIRE_ENCODER("libopus");
  MediaFiles files;
  ASSERT_TRUE(files.make());
  Listening serve("serve", 40);
  WhepViewer viewer(serve.base() + "/whep");
  ASSERT_EQ(viewer.status, 201);
  EXPECT_EQ(viewer.location, "/whep/1");
  std::string out;
  EXPECT_EQ(run_peer("whip", {"--url", serve.base() + "/whip", "--video", files.video_path(), "--audio",
                              files.audio_path(), "--duration", "3"},
                     30, out),
            0)
      << out << serve.process.output();
  EXPECT_NE(out.find("{\"event\":\"connected\",\"resource\":\"/whip/2\"}"), std::string::npos) << out;
  EXPECT_NE(out.find("{\"ok\":true,"), std::string::npos) << out;
  EXPECT_GT(json_int(out, "packets_sent"), 100) << out;
  // The viewer got the publisher's packets through the relay (loopback loses next to nothing).
  EXPECT_GT(viewer.packets->load(), 100u) << out;
  // The publisher's DELETE ended its session on the server.
  EXPECT_TRUE(serve.process.wait_for_output("{\"event\":\"ended\",\"path\":\"/whip/2\",\"reason\":\"deleted\"}",
                                            Duration::seconds(5)))
      << serve.process.output();
}

TEST(PurertcPeer, ServeServesItsPageAndRefusesWhatItDoesNotDo) {
  Listening serve("serve", 20);
  std::string error;
  auto exchange = [&](const std::string& method, const std::string& target, const std::string& body,
                      const HttpHeaders& headers) {
    auto u = parse_url(serve.base() + target, error);
    EXPECT_TRUE(u) << error;
    auto r = http_exchange(*u, format_request(method, u->target, u->host_header, headers, body),
                           Clock::now() + std::chrono::seconds(10), HttpLimits{1 << 14, 64, 1 << 20}, error);
    EXPECT_TRUE(r) << error;
    return r.value_or(HttpMessage{});
  };
  HttpMessage page = exchange("GET", "/", "", {});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("createDataChannel('chat')"), std::string::npos);
  EXPECT_NE(page.body.find("'/whep'"), std::string::npos);
  EXPECT_EQ(exchange("GET", "/nothing", "", {}).status, 404);
  EXPECT_EQ(exchange("GET", "/whip", "", {}).status, 405);
  EXPECT_EQ(exchange("POST", "/whip", "v=0\r\n", {{"Content-Type", "text/plain"}}).status, 415);
  HttpMessage bad = exchange("POST", "/whip", "not sdp", {{"Content-Type", "application/sdp"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("the offer was rejected"), std::string::npos) << bad.body;
  EXPECT_EQ(exchange("DELETE", "/whip/9", "", {}).status, 404);
  // A WHEP viewer before any publisher is accepted (it gets media once one publishes).
  WhepViewer viewer(serve.base() + "/whep");
  EXPECT_EQ(viewer.status, 201);
  // The page's own route: purertc-peer offer works against serve's /offer as against answer.
  std::string out;
  EXPECT_EQ(run_offer({"--url", serve.base() + "/offer", "--messages", "5", "--media", "both"}, 30, out), 0) << out;
  EXPECT_GT(json_int(out, "media_packets_back"), 0) << out;
}

TEST(PurertcPeer, WhipToAClosedPortOrWithoutFilesFailsClearly) {
  std::string out;
  const std::string url = "http://127.0.0.1:" + std::to_string(interop::free_tcp_port()) + "/whip";
  EXPECT_EQ(run_peer("whip", {"--url", url}, 5, out), 2) << out;
  EXPECT_NE(out.find("whip needs --video and/or --audio"), std::string::npos) << out;
  TempDir dir;
  EXPECT_EQ(run_peer("whip", {"--url", url, "--audio", dir.file("none.ogg")}, 5, out), 1) << out;
  EXPECT_NE(out.find("cannot open"), std::string::npos) << out;
  // A valid file (ten 20 ms Opus packets) to a port nobody listens on.
  rtp::OggOpusWriter writer(1, rtp::OpusHead{});
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(writer.write_packet(std::vector<uint8_t>{15 << 3, 1, 2, 3}));
  rtp::testing::write_file(dir.file("a.ogg"), writer.finish());
  EXPECT_EQ(run_peer("whip", {"--url", url, "--audio", dir.file("a.ogg")}, 10, out), 1) << out;
  EXPECT_NE(out.find("Connection refused"), std::string::npos) << out;
  EXPECT_NE(out.find("\"ok\":false"), std::string::npos) << out;
}

TEST(PurertcPeer, AnswerEndsSoonAfterItsOffererVanishes) {
  Answerer answerer(60);
  // Many messages so the offerer is still running when it is killed (no DELETE, no SCTP shutdown).
  Process offer({peer_binary(), "offer", "--url", answerer.url(), "--messages", "1000000", "--timeout", "60"},
                with_timeout(70));
  ASSERT_TRUE(answerer.process.wait_for_output("\"label\":\"interop\"", Duration::seconds(20)))
      << answerer.process.output();
  offer.stop();
  // Well before its 60 s timeout: ICE disconnected plus a few seconds of grace.
  EXPECT_EQ(answerer.process.wait_exit(Duration::seconds(20)), 0) << answerer.process.output();
  EXPECT_NE(answerer.process.output().find("{\"event\":\"summary\""), std::string::npos);
}

TEST(PurertcPeer, ZeroMessagesStillConnects) {
  Answerer answerer;
  std::string out;
  EXPECT_EQ(run_offer({"--url", answerer.url(), "--messages", "0"}, 30, out), 0) << out;
  EXPECT_NE(out.find("\"ok\":true"), std::string::npos) << out;
}

// Sends one raw request to the answerer and returns the parsed response.
std::optional<HttpMessage> post(int port, const std::string& body, const HttpHeaders& headers = {{"Content-Type", "application/sdp"}}) {
  std::string error;
  auto url = parse_url("http://127.0.0.1:" + std::to_string(port) + "/", error);
  EXPECT_TRUE(url) << error;
  auto response = http_exchange(*url, format_request("POST", "/", url->host_header, headers, body),
                                Clock::now() + std::chrono::seconds(15), HttpLimits{}, error);
  EXPECT_TRUE(response) << error;
  return response;
}

TEST(PurertcPeer, MalformedOfferGets400WithTheReason) {
  Answerer answerer;
  auto response = post(answerer.port, "this is not SDP\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("the offer was rejected: SyntaxError"), std::string::npos) << response->body;
  // A wrong media type and an empty body are refused too; the answerer keeps serving.
  response = post(answerer.port, "v=0\r\n", {{"Content-Type", "text/plain"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 415);
  response = post(answerer.port, "");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  // After the bad requests a real offer still works.
  std::string out;
  EXPECT_EQ(run_offer({"--url", answerer.url(), "--messages", "2"}, 30, out), 0) << out;
}

TEST(PurertcPeer, OfferToAClosedPortFailsClearly) {
  std::string out;
  int port = interop::free_tcp_port();
  EXPECT_EQ(run_offer({"--url", "http://127.0.0.1:" + std::to_string(port) + "/"}, 10, out), 1) << out;
  EXPECT_NE(out.find("\"ok\":false"), std::string::npos) << out;
  EXPECT_NE(out.find("Connection refused"), std::string::npos) << out;
}

TEST(PurertcPeer, OfferTimesOutWhenTheServerNeverAnswers) {
  // A listening socket nobody accepts on: the kernel completes the TCP handshake, no response follows.
  std::string error;
  auto listener = listen_tcp("127.0.0.1", 0, error);
  ASSERT_TRUE(listener) << error;
  std::string out;
  EXPECT_EQ(run_offer({"--url", "http://127.0.0.1:" + std::to_string(listener->port) + "/", "--timeout", "2"}, 2, out), 1)
      << out;
  EXPECT_NE(out.find("timed out waiting for the HTTP response"), std::string::npos) << out;
}

TEST(PurertcPeer, AnswerExitsAfterItsTimeoutWithASummary) {
  Answerer answerer(1);
  EXPECT_EQ(answerer.process.wait_exit(Duration::seconds(10)), 0);
  EXPECT_NE(answerer.process.output().find("{\"event\":\"summary\",\"messages\":0,\"bytes\":0,\"rtp_packets\":0}"),
            std::string::npos)
      << answerer.process.output();
}

TEST(PurertcPeer, BadArgumentsAreRefused) {
  std::string out;
  EXPECT_EQ(run_offer({"--url", "ftp://x/"}, 5, out), 1) << out;
  EXPECT_NE(out.find("URL must start with http://"), std::string::npos) << out;
  EXPECT_EQ(run_offer({"--url", "http://127.0.0.1:1/", "--media", "movies"}, 5, out), 2) << out;
  EXPECT_NE(out.find("--media must be none, video, audio or both"), std::string::npos) << out;
  EXPECT_EQ(run_offer({"--messages", "many"}, 5, out), 2) << out;
  EXPECT_EQ(run_offer({}, 5, out), 2) << out;
}

}  // namespace
}  // namespace purertc::peer
