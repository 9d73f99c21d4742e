// purertc-demo: what ./scripts/demo runs. By default two purertc PeerConnections in this process connect
// over 127.0.0.1 through the whole stack (ICE, DTLS, SCTP, SRTP), transfer a generated file over a data
// channel and stream a few seconds of VP8 video; --crypto-self-test runs the crypto known-answer tests
// instead.
#include <charconv>
#include <cstdio>
#include <string_view>

#include "demo.h"

namespace {

constexpr const char* kUsage =
    "usage: purertc-demo [--size-mib N] [--video-seconds S]\n"
    "                                        transfer N MiB (default 32, 1..4096) between two peers,\n"
    "                                        then stream S s of video (default 4, 0..60)\n"
    "       purertc-demo --crypto-self-test  crypto known-answer tests and DTLS identity timings\n";

}  // namespace

int main(int argc, char** argv) {
  size_t mib = 32;
  int video_seconds = 4;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--crypto-self-test") return purertc::demo::run_crypto_self_test();
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--size-mib" && i + 1 < argc) {
      std::string_view value = argv[++i];
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), mib);
      if (ec == std::errc() && end == value.data() + value.size() && mib >= 1 && mib <= 4096) continue;
    }
    if (arg == "--video-seconds" && i + 1 < argc) {
      std::string_view value = argv[++i];
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), video_seconds);
      if (ec == std::errc() && end == value.data() + value.size() && video_seconds >= 0 && video_seconds <= 60) continue;
    }
    std::fprintf(stderr, "purertc-demo: bad argument \"%s\"\n%s", argv[i], kUsage);
    return 2;
  }
  return purertc::demo::run_transfer(mib * 1024 * 1024, video_seconds);
}
