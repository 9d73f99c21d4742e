// Real bitstreams for the rtp tests: ffmpeg (Debian) encodes a short test pattern at test time into a
// fresh temporary directory. A missing ffmpeg or encoder fails under CI and skips otherwise (see BRIEF).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace purertc::rtp::testing {

inline std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_file(const std::string& path, const std::vector<uint8_t>& data) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

inline int run(const std::string& cmd) { return std::system(cmd.c_str()); }

inline bool ci() { return std::getenv("CI") != nullptr; }

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/purertc_rtp_XXXXXX";
    path_ = mkdtemp(tmpl) ? tmpl : "/tmp";
  }
  ~TempDir() { run("rm -rf '" + path_ + "'"); }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// True when ffmpeg lists `encoder`.
inline bool has_encoder(const std::string& encoder) {
  return run("ffmpeg -hide_banner -encoders 2>/dev/null | grep -qw '" + encoder + "'") == 0;
}

// Encodes `frames` frames of a 320x240 test pattern at 15 fps with `codec_args` into `out`. A keyframe
// every 10 frames so that the tests see several.
inline bool encode_video(const std::string& out, const std::string& codec_args, int frames = 24) {
  std::string cmd = "timeout 120 ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "
                    "testsrc2=size=320x240:rate=15 -frames:v " + std::to_string(frames) + " -pix_fmt yuv420p " +
                    codec_args + " '" + out + "'";
  return run(cmd) == 0;
}

}  // namespace purertc::rtp::testing

// Skips (locally) or fails (CI) when ffmpeg cannot produce the stream.
#define PURERTC_REQUIRE_ENCODER(enc)                                                        \
  do {                                                                                      \
    if (!::purertc::rtp::testing::has_encoder(enc)) {                                       \
      if (::purertc::rtp::testing::ci()) FAIL() << "ffmpeg encoder " << (enc) << " missing"; \
      GTEST_SKIP() << "install ffmpeg with " << (enc) << " (Debian: ffmpeg)";                \
    }                                                                                       \
  } while (0)
