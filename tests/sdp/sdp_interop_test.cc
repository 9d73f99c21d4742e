// Interop with headless Chromium (scripts/browser-sdp-check): Chromium must accept the answer our JSEP
// helper builds for its offer, and must answer the offer our helper builds, accepting every m-line.
// Chromium is started by the script with a timeout and stopped by PID if the test gives up.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "sdp/jsep.h"
#include "sdp/sdp.h"
#include "tests/sdp/sdp_test_util.h"

extern char** environ;

namespace purertc::sdp {
namespace {

namespace fs = std::filesystem;

bool chromium_available() { return access("/usr/bin/chromium", X_OK) == 0 || std::getenv("CHROMIUM") != nullptr; }

#define REQUIRE_CHROMIUM()                                                        \
  do {                                                                            \
    if (!chromium_available()) {                                                  \
      if (std::getenv("CI") != nullptr) FAIL() << "chromium missing in CI";       \
      GTEST_SKIP() << "install chromium (apt-get install -y chromium) and npm";   \
    }                                                                             \
  } while (0)

class BrowserCheck {
 public:
  BrowserCheck(const std::string& mode, const fs::path& dir) : dir_(dir) {
    std::string script = std::string(PURERTC_SOURCE_ROOT) + "/scripts/browser-sdp-check";
    std::string out = (dir / "out.json").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::string dir_s = dir.string();
    const char* argv[] = {"timeout", "120", script.c_str(), mode.c_str(), dir_s.c_str(), nullptr};
    if (posix_spawnp(&pid_, "timeout", &actions, nullptr, const_cast<char* const*>(argv), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~BrowserCheck() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  bool started() const { return pid_ > 0; }
  // Waits for the script to finish and returns its JSON line.
  std::string result(std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return read_file(dir_ / "out.json");
  }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
};

fs::path fresh_dir(const char* name) {
  fs::path dir = fs::temp_directory_path() / (std::string("purertc-sdp-") + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_atomically(const fs::path& path, const std::string& text) {
  fs::path tmp = path;
  tmp += ".tmp";
  std::ofstream(tmp, std::ios::binary) << text;
  fs::rename(tmp, path);
}

TransportDescription transport() {
  TransportDescription t;
  t.ice_ufrag = "pUrE";
  t.ice_pwd = "purertcpurertcpurertc01";
  Fingerprint fp;
  fp.hash_name = "sha-256";
  fp.digest.assign(32, 0x5a);
  t.fingerprints.push_back(fp);
  Candidate c;
  c.foundation = "1";
  c.priority = 2130706431;
  c.address = "127.0.0.1";
  c.port = 50000;
  t.candidates.push_back(c);
  return t;
}

std::vector<CodecCapability> audio_codecs() {
  return {CodecCapability{111, "opus", 48000, 2, {{"minptime", "10"}, {"useinbandfec", "1"}}, {{"transport-cc", ""}}}};
}

std::vector<CodecCapability> video_codecs() {
  std::vector<RtcpFeedback> fb{{"transport-cc", ""}, {"ccm", "fir"}, {"nack", ""}, {"nack", "pli"}};
  return {CodecCapability{96, "VP8", 90000, 0, {}, fb}, CodecCapability{97, "rtx", 90000, 0, {{"apt", "96"}}, {}},
          CodecCapability{102, "H264", 90000, 0,
                          {{"level-asymmetry-allowed", "1"}, {"packetization-mode", "1"}, {"profile-level-id", "42e01f"}}, fb},
          CodecCapability{103, "rtx", 90000, 0, {{"apt", "102"}}, {}}};
}

std::vector<HeaderExtensionCapability> extensions() {
  return {{1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", Direction::kSendRecv},
          {3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", Direction::kSendRecv},
          {4, "urn:ietf:params:rtp-hdrext:sdes:mid", Direction::kSendRecv}};
}

LocalTransceiver transceiver(MediaKind kind, uint32_t ssrc) {
  LocalTransceiver t;
  t.kind = kind;
  t.codecs = kind == MediaKind::kAudio ? audio_codecs() : video_codecs();
  t.header_extensions = extensions();
  t.stream_ids = {"purertc-stream"};
  t.track_id = kind == MediaKind::kAudio ? "purertc-audio" : "purertc-video";
  t.cname = "purertc";
  t.streams = {{ssrc, kind == MediaKind::kVideo ? std::optional<uint32_t>(ssrc + 1) : std::nullopt}};
  return t;
}

TEST(SdpChromiumInterop, ChromiumAcceptsOurAnswerToItsOffer) {
  REQUIRE_CHROMIUM();
  fs::path dir = fresh_dir("answer");
  BrowserCheck check("accept-our-answer", dir);
  ASSERT_TRUE(check.started());
  fs::path offer_path = dir / "chrome-offer.sdp";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (!fs::exists(offer_path) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(fs::exists(offer_path)) << check.result(std::chrono::seconds(5));
  auto offer = parse(read_file(offer_path));
  ASSERT_TRUE(offer) << to_string(offer.error());
  AnswerOptions a;
  a.origin = {"1234567890", 1};
  a.transport = transport();
  a.transceivers = {transceiver(MediaKind::kAudio, 1000), transceiver(MediaKind::kVideo, 2000)};
  a.data_channel = DataChannelSettings{};
  auto answer = create_answer(*offer, a);
  ASSERT_TRUE(answer) << to_string(answer.error());
  for (const auto& m : answer->description.media) EXPECT_NE(m.port, 0) << m.media << " rejected";
  write_atomically(dir / "our-answer.sdp", serialize(answer->description));
  std::string result = check.result(std::chrono::seconds(60));
  EXPECT_NE(result.find("\"ok\":true"), std::string::npos) << result << "\n" << serialize(answer->description);
  EXPECT_NE(result.find("\"sendrecv\""), std::string::npos) << result;
  fs::remove_all(dir);
}

TEST(SdpChromiumInterop, ChromiumAnswersOurOffer) {
  REQUIRE_CHROMIUM();
  fs::path dir = fresh_dir("offer");
  OfferOptions o;
  o.origin = {"4611731400430051336", 1};
  o.transport = transport();
  o.transceivers = {transceiver(MediaKind::kAudio, 1000), transceiver(MediaKind::kVideo, 2000)};
  o.data_channel = DataChannelSettings{};
  auto offer = create_offer(o);
  ASSERT_TRUE(offer) << to_string(offer.error());
  write_atomically(dir / "our-offer.sdp", serialize(offer->description));
  BrowserCheck check("answer-our-offer", dir);
  ASSERT_TRUE(check.started());
  std::string result = check.result(std::chrono::seconds(90));
  ASSERT_NE(result.find("\"ok\":true"), std::string::npos) << result << "\n" << serialize(offer->description);
  auto answer = parse(read_file(dir / "chrome-answer.sdp"));
  ASSERT_TRUE(answer) << to_string(answer.error());
  EXPECT_FALSE(validate_bundle(*answer));
  ASSERT_EQ(answer->media.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_NE(answer->media[i].port, 0) << i;
    EXPECT_EQ(answer->media[i].mid(), offer->description.media[i].mid());
  }
  EXPECT_EQ(answer->attributes.first<Group>()->mids, (std::vector<std::string>{"0", "1", "2"}));
  // Chromium kept our payload types: opus 111, VP8 96 (+ rtx 97), H.264 102.
  EXPECT_EQ(answer->media[0].formats[0], "111");
  bool vp8 = false;
  for (const auto& r : answer->media[1].attributes.all<Rtpmap>()) vp8 |= r.payload_type == 96 && r.encoding_name == "VP8";
  EXPECT_TRUE(vp8);
  EXPECT_EQ(answer->media[1].direction(), Direction::kSendRecv);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace purertc::sdp
