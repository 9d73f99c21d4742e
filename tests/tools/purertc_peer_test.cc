// purertc-peer as two processes on 127.0.0.1: answer + offer echo every message, and bad input (malformed
// SDP, a closed port, a server that never answers) fails with a clear message and a non-zero exit.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "http.h"
#include "net.h"
#include "tests/interop/process.h"
#include "tests/tools/peer_process.h"

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
