// The demo's second act: a few seconds of real VP8 video (examples/media/video.ivf, looped) from the
// offerer to the answerer on the connection the file went over, with a table of per-second counters:
// frames written and assembled, and the outbound-rtp / inbound-rtp statistics of both ends.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <thread>

#include "demo.h"
#include "rtp/media/ivf.h"

namespace purertc::demo {
namespace {

struct RtpCounters {
  uint64_t packets = 0, bytes = 0, lost = 0;
  double jitter_ms = 0;
};

RtpCounters rtp_counters(const PeerConnection& pc, const std::string& type) {
  RtpCounters c;
  const bool out = type == "outbound-rtp";
  const StatsReport report = pc.get_stats();
  for (const Stats* s : report.of_type(type)) {
    c.packets += s->get<uint64_t>(out ? "packetsSent" : "packetsReceived").value_or(0);
    c.bytes += s->get<uint64_t>(out ? "bytesSent" : "bytesReceived").value_or(0);
    c.lost += s->get<uint64_t>("packetsLost").value_or(0);
    c.jitter_ms = std::max(c.jitter_ms, 1000 * s->get<double>("jitter").value_or(0));
  }
  return c;
}

}  // namespace

std::vector<std::vector<uint8_t>> load_video_frames(const std::string& path, double& frame_rate) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::vector<uint8_t>> frames;
  auto reader = rtp::IvfReader::open(file);
  if (!reader) return frames;
  const rtp::IvfHeader& h = reader->header();
  frame_rate = h.timebase_numerator ? static_cast<double>(h.timebase_denominator) / h.timebase_numerator : 30;
  for (;;) {
    auto frame = reader->next();
    if (!frame || !*frame) break;
    frames.emplace_back((*frame)->data.begin(), (*frame)->data.end());
  }
  return frames;
}

bool stream_video(TrackLocal& track, const std::vector<std::vector<uint8_t>>& frames, double frame_rate, int duration_s,
                  const PeerConnection& sender, const PeerConnection& receiver, const std::atomic<uint64_t>& received) {
  using namespace std::chrono;
  const auto frame_time = duration_cast<microseconds>(duration<double>(1.0 / frame_rate));
  const auto per_second = static_cast<size_t>(frame_rate + 0.5);
  std::printf("\nStreaming %d s of %.0f fps VP8 video (%zu frames looped) on the same connection:\n\n", duration_s,
              frame_rate, frames.size());
  std::printf("  %4s %8s %8s %10s %10s %11s %11s %6s %10s\n", "sec", "frames", "frames", "packets", "packets",
              "bytes", "bytes", "lost", "jitter");
  std::printf("  %4s %8s %8s %10s %10s %11s %11s %6s %10s\n", "", "sent", "recv", "sent", "recv", "sent", "recv",
              "", "(ms)");
  const auto start = steady_clock::now();
  size_t sent = 0;
  for (int s = 1; s <= duration_s; ++s) {
    for (size_t i = 0; i < per_second; ++i, ++sent) {
      std::this_thread::sleep_until(start + frame_time * static_cast<int64_t>(sent));
      if (auto r = track.write_sample(frames[sent % frames.size()], frame_time); !r) {
        std::printf("\n  write_sample failed: %s\n", to_string(r.error()).c_str());
        return false;
      }
    }
    const RtpCounters out = rtp_counters(sender, "outbound-rtp"), in = rtp_counters(receiver, "inbound-rtp");
    std::printf("  %4d %8zu %8llu %10llu %10llu %11llu %11llu %6llu %10.3f\n", s, sent,
                static_cast<unsigned long long>(received.load()), static_cast<unsigned long long>(out.packets),
                static_cast<unsigned long long>(in.packets), static_cast<unsigned long long>(out.bytes),
                static_cast<unsigned long long>(in.bytes), static_cast<unsigned long long>(in.lost), in.jitter_ms);
    std::fflush(stdout);
  }
  // A receiver assembles a frame once the next one starts: all but the last must have arrived.
  const auto deadline = steady_clock::now() + seconds(2);
  while (received + 1 < sent && steady_clock::now() < deadline) std::this_thread::sleep_for(milliseconds(10));
  std::printf("\n  %zu frames sent, %llu assembled by the receiver\n", sent, static_cast<unsigned long long>(received.load()));
  return received + 1 >= sent;
}

}  // namespace purertc::demo
