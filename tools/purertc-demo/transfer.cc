// The main demo: two PeerConnections exchange complete descriptions, connect over 127.0.0.1 (ICE, DTLS
// 1.2, SCTP, SRTP) and move a generated file over a reliable data channel with flow control
// (buffered_amount_low), verified by SHA-256; then stream a few seconds of VP8 video on the same
// connection (video.cc); then both get_stats reports are printed as tables.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "common/hex.h"
#include "common/random.h"
#include "crypto/hash.h"
#include "demo.h"
#include "purertc/purertc.h"

namespace purertc::demo {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kChunk = 64 * 1024;
// The sender keeps at most this much queued in the SCTP send buffer, refilling when it drains to
// the low threshold.
constexpr size_t kHighWater = 4 * 1024 * 1024;
constexpr size_t kLowWater = 1024 * 1024;
constexpr auto kStepTimeout = std::chrono::seconds(20);

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
double mib(size_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// What the receiving side's callbacks report to the main thread.
struct Receiver {
  std::mutex mutex;
  std::condition_variable cv;
  size_t bytes = 0;
  bool opened = false;
  bool low = false;  // the sender's buffered amount fell to the low threshold
  crypto::Hasher hasher{crypto::HashAlgorithm::kSha256};
};

void progress(size_t done, size_t total, double seconds, bool tty, bool final_line) {
  constexpr int kWidth = 40;
  int filled = static_cast<int>(kWidth * static_cast<double>(done) / static_cast<double>(total));
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, '.');
  double rate = seconds > 0 ? mib(done) / seconds : 0;
  std::printf("%s  [%s] %5.1f%%  %7.1f / %.1f MiB  %7.1f MiB/s%s", tty ? "\r" : "", bar.c_str(),
              100.0 * static_cast<double>(done) / static_cast<double>(total), mib(done), mib(total), rate,
              tty && !final_line ? "" : "\n");
  std::fflush(stdout);
}

std::string value_text(const StatsValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return x;
        } else if constexpr (std::is_same_v<T, double>) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.3f", x);
          return buf;
        } else {
          return std::to_string(x);
        }
      },
      v);
}

// One table per stats entry of the types a reader cares about, members in two aligned columns.
void print_stats(const char* who, const StatsReport& report) {
  std::printf("\nget_stats() of the %s:\n", who);
  for (const char* type : {"peer-connection", "transport", "candidate-pair", "local-candidate", "remote-candidate",
                           "data-channel", "outbound-rtp", "inbound-rtp", "certificate"}) {
    for (const Stats* s : report.of_type(type)) {
      if (std::string(type) == "candidate-pair" && !s->get<bool>("nominated").value_or(true)) continue;
      std::printf("  +-- %s (%s)\n", type, s->id.c_str());
      for (const auto& [name, value] : s->members) {
        std::string text = value_text(value);
        if (text.size() > 60) text = text.substr(0, 57) + "...";
        std::printf("  |   %-32s %s\n", name.c_str(), text.c_str());
      }
    }
  }
}

bool wait_connected(const std::shared_ptr<PeerConnection>& a, const std::shared_ptr<PeerConnection>& b) {
  const auto deadline = Clock::now() + kStepTimeout;
  while (Clock::now() < deadline) {
    if (a->connection_state() == PeerConnectionState::kConnected &&
        b->connection_state() == PeerConnectionState::kConnected) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

int fail(const std::string& what) {
  std::printf("\nFAILED: %s\n", what.c_str());
  return 1;
}

}  // namespace

int run_transfer(size_t total, int video_seconds) {
  const bool tty = ::isatty(STDOUT_FILENO) == 1;
  std::printf("purertc %s demo: two peers, one process, real UDP sockets on 127.0.0.1\n\n",
              std::string(version()).c_str());

  double frame_rate = 30;
  const auto video_frames = load_video_frames(PURERTC_DEMO_VIDEO, frame_rate);
  if (video_seconds > 0 && video_frames.empty()) return fail("cannot read the video " PURERTC_DEMO_VIDEO);

  std::vector<uint8_t> file(total);
  SeededRandom(20261202).fill(file);
  std::string file_sha = to_hex(crypto::hash(crypto::HashAlgorithm::kSha256, file).view());

  SettingEngine settings;
  settings.include_loopback_candidate = true;
  settings.ip_filter = [](std::string_view ip) { return ip == "127.0.0.1"; };
  settings.mdns_mode = MulticastDnsMode::kDisabled;
  auto api = Api::create(Api::default_media_engine(), settings);
  if (!api) return fail("cannot start purertc: " + to_string(api.error()));
  auto offerer_r = api->new_peer_connection();
  auto answerer_r = api->new_peer_connection();
  if (!offerer_r || !answerer_r) return fail("cannot create the PeerConnections");
  std::shared_ptr<PeerConnection> offerer = *offerer_r, answerer = *answerer_r;

  auto rx = std::make_shared<Receiver>();
  answerer->on_data_channel([rx](std::shared_ptr<DataChannel> dc) {
    // The handle is kept by the callback itself, so the channel lives as long as the PeerConnection.
    dc->on_message([rx, dc](const DataChannelMessage& m) {
      std::lock_guard lock(rx->mutex);
      rx->hasher.update(m.data);
      rx->bytes += m.data.size();
      rx->cv.notify_all();
    });
  });
  // The video track is negotiated with the data channel, so one offer/answer sets up both.
  auto frames_received = std::make_shared<std::atomic<uint64_t>>(0);
  answerer->on_track([frames_received](std::shared_ptr<RtpTransceiver> transceiver, const TrackRemoteInfo&) {
    transceiver->on_sample([frames_received](const MediaSample&) { ++*frames_received; });
  });
  auto video = TrackLocal::create({"video/VP8", 90000, 0, "", {}, 96}, "video", "demo");
  if (video_seconds > 0) {
    if (auto r = offerer->add_track(video); !r) return fail("cannot add the video track: " + to_string(r.error()));
  }
  auto dc_r = offerer->create_data_channel("file");
  if (!dc_r) return fail("cannot create the data channel: " + to_string(dc_r.error()));
  std::shared_ptr<DataChannel> dc = *dc_r;
  dc->set_buffered_amount_low_threshold(kLowWater);
  dc->on_open([rx] {
    std::lock_guard lock(rx->mutex);
    rx->opened = true;
    rx->cv.notify_all();
  });
  dc->on_buffered_amount_low([rx] {
    std::lock_guard lock(rx->mutex);
    rx->low = true;
    rx->cv.notify_all();
  });

  // Signaling: one complete description each way (what purertc-peer does over HTTP).
  const auto t0 = Clock::now();
  if (auto r = offerer->set_local_description({SdpType::kOffer, ""}); !r) return fail(to_string(r.error()));
  if (auto r = offerer->wait_for_gathering_complete(); !r) return fail(to_string(r.error()));
  if (auto r = answerer->set_remote_description(*offerer->local_description()); !r) return fail(to_string(r.error()));
  if (auto r = answerer->set_local_description({SdpType::kAnswer, ""}); !r) return fail(to_string(r.error()));
  if (auto r = answerer->wait_for_gathering_complete(); !r) return fail(to_string(r.error()));
  if (auto r = offerer->set_remote_description(*answerer->local_description()); !r) return fail(to_string(r.error()));
  std::printf("  offer/answer exchanged and ICE gathered   %7.1f ms\n", seconds_since(t0) * 1000);
  if (!wait_connected(offerer, answerer)) {
    return fail("not connected after 20 s (state " + std::string(to_string(offerer->connection_state())) + ")");
  }
  std::printf("  ICE connected, DTLS handshake done        %7.1f ms\n", seconds_since(t0) * 1000);
  {
    std::unique_lock lock(rx->mutex);
    if (!rx->cv.wait_for(lock, kStepTimeout, [&] { return rx->opened; })) return fail("the data channel did not open");
  }
  std::printf("  SCTP association up, data channel open    %7.1f ms\n\n", seconds_since(t0) * 1000);

  std::printf("Sending %.1f MiB (sha-256 %s...) over data channel \"file\" in %zu KiB messages:\n", mib(total),
              file_sha.substr(0, 16).c_str(), kChunk / 1024);
  const auto start = Clock::now();
  auto last_print = start;
  int printed_quarters = 0;
  auto maybe_progress = [&](size_t received) {
    if (tty ? Clock::now() - last_print >= std::chrono::milliseconds(100)
            : received * 4 >= total * static_cast<size_t>(printed_quarters + 1)) {
      last_print = Clock::now();
      printed_quarters = static_cast<int>(received * 4 / total);
      progress(received, total, seconds_since(start), tty, false);
    }
  };
  size_t sent = 0;
  while (sent < total) {
    if (dc->buffered_amount() > kHighWater) {
      std::unique_lock lock(rx->mutex);
      rx->low = false;
      // Rechecked under the lock the callback takes, so a drain just before cannot be missed for long.
      rx->cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return rx->low; });
      size_t received = rx->bytes;
      lock.unlock();
      maybe_progress(received);
      continue;
    }
    size_t n = std::min(kChunk, total - sent);
    if (auto r = dc->send(std::span<const uint8_t>(file.data() + sent, n)); !r) {
      return fail("send failed at " + std::to_string(sent) + " bytes: " + to_string(r.error()));
    }
    sent += n;
  }
  const auto send_deadline = Clock::now() + kStepTimeout;
  for (;;) {
    std::unique_lock lock(rx->mutex);
    rx->cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return rx->bytes >= total; });
    size_t received = rx->bytes;
    lock.unlock();
    if (received >= total) break;
    maybe_progress(received);
    if (Clock::now() > send_deadline) return fail("the receiver stopped at " + std::to_string(received) + " bytes");
  }
  const double seconds = seconds_since(start);
  progress(total, total, seconds, tty, true);
  std::string received_sha;
  {
    std::lock_guard lock(rx->mutex);
    received_sha = to_hex(rx->hasher.current().view());
  }
  std::printf("\n  %.1f MiB in %.2f s = %.1f MiB/s (%.0f Mbit/s), sha-256 %s\n", mib(total), seconds,
              mib(total) / seconds, 8 * mib(total) * 1.048576 / seconds, received_sha == file_sha ? "matches" : "DIFFERS");

  if (video_seconds > 0 &&
      !stream_video(*video, video_frames, frame_rate, video_seconds, *offerer, *answerer, *frames_received)) {
    return fail("the video did not arrive whole");
  }

  print_stats("sender", offerer->get_stats());
  print_stats("receiver", answerer->get_stats());
  offerer->close();
  answerer->close();
  if (received_sha != file_sha) return fail("the received file differs from the sent one");
  std::printf("\ndemo passed\n");
  return 0;
}

}  // namespace purertc::demo
