// purertc-peer as a child process for the tests in tests/tools: the binary meson built, an answerer on a
// free port, one offer run, and short real VP8 / Opus files encoded by ffmpeg at test time.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "tests/interop/process.h"
#include "tests/rtp/ffmpeg_fixture.h"

namespace purertc::peer::testing {

using interop::Process;
using interop::ProcessOptions;

// meson passes the built binary's path (tools/purertc-peer/meson.build).
inline std::string peer_binary() {
  const char* path = std::getenv("PURERTC_PEER");
  EXPECT_NE(path, nullptr) << "set PURERTC_PEER to the purertc-peer binary (meson test does)";
  return path ? path : "purertc-peer-path-not-set";
}

inline ProcessOptions with_timeout(int seconds) {
  ProcessOptions o;
  o.timeout = Duration::seconds(seconds);
  return o;
}

// A purertc-peer command that prints {"event":"listening","port":P} first (answer, serve), on a free port,
// waited for until it did.
struct Listening {
  Listening(const std::string& command, int timeout_s, std::vector<std::string> extra = {})
      : port(interop::free_tcp_port()), process(argv(command, timeout_s, extra), with_timeout(timeout_s + 15)) {
    EXPECT_TRUE(process.started()) << process.error();
    EXPECT_TRUE(process.wait_for_output("{\"event\":\"listening\",\"port\":" + std::to_string(port) + "}",
                                        Duration::seconds(10)))
        << process.output();
  }
  std::vector<std::string> argv(const std::string& command, int timeout_s, const std::vector<std::string>& extra) const {
    std::vector<std::string> a = {peer_binary(), command, "--port", std::to_string(port), "--timeout",
                                  std::to_string(timeout_s)};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port); }
  int port;
  Process process;
};

struct Answerer : Listening {
  explicit Answerer(int timeout_s = 30) : Listening("answer", timeout_s) {}
  std::string url() const { return base() + "/offer"; }
};

// Runs `purertc-peer <command> extra...` to its end; returns the exit status and sets `output`.
inline int run_peer(const std::string& command, const std::vector<std::string>& extra, int timeout_s,
                    std::string& output) {
  std::vector<std::string> argv = {peer_binary(), command};
  argv.insert(argv.end(), extra.begin(), extra.end());
  Process p(argv, with_timeout(timeout_s + 15));
  EXPECT_TRUE(p.started()) << p.error();
  int status = p.wait_exit(Duration::seconds(timeout_s + 10));
  output = p.output();
  return status;
}

inline int run_offer(const std::vector<std::string>& extra, int timeout_s, std::string& output) {
  return run_peer("offer", extra, timeout_s, output);
}

// A few seconds of real media: VP8 in IVF (a keyframe each second, so a decoder that joins late starts
// soon) and Opus in Ogg.
struct MediaFiles {
  bool make() {
    bool video = rtp::testing::encode_video(video_path(), "-c:v libvpx -g 15 -b:v 300k -f ivf", 45);
    std::string cmd = "timeout 120 ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "
                      "sine=frequency=440:duration=3 -c:a libopus -b:a 32k '" + audio_path() + "'";
    return video && rtp::testing::run(cmd) == 0;
  }
  std::string video_path() const { return dir.file("video.ivf"); }
  std::string audio_path() const { return dir.file("audio.ogg"); }
  rtp::testing::TempDir dir;
};

// The integer after "name": in a JSON line (-1 when absent).
inline int64_t json_int(const std::string& text, const std::string& name) {
  size_t at = text.find("\"" + name + "\":");
  if (at == std::string::npos) return -1;
  return std::strtoll(text.c_str() + at + name.size() + 3, nullptr, 10);
}

}  // namespace purertc::peer::testing
