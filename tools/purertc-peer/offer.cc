// `purertc-peer offer`: POSTs a complete offer with a data channel "interop" and checks the echoes.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

#include "commands.h"
#include "media.h"
#include "net.h"
#include "output.h"
#include "purertc/purertc.h"

namespace purertc::peer {
namespace {

constexpr size_t kSizes[] = {1, 100, 1200, 16000, 65536};
// Unechoed bytes allowed in flight, so a large --messages count does not fill the send buffer.
constexpr uint64_t kWindowBytes = 1024 * 1024;

// Message i: its size cycles through kSizes; even ones are text (ASCII letters), odd ones binary.
DataChannelMessage expected_message(int i) {
  DataChannelMessage m;
  m.binary = i % 2 == 1;
  size_t n = kSizes[static_cast<size_t>(i) % std::size(kSizes)];
  m.data.resize(n);
  for (size_t j = 0; j < n; ++j) {
    m.data[j] = m.binary ? static_cast<uint8_t>(i * 31 + j * 7 + (j >> 8)) : static_cast<uint8_t>('a' + (i + j) % 26);
  }
  return m;
}

// Shared between the library thread's callbacks and the main thread.
struct OfferState {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  bool failed = false;  // connection failed or closed
  int64_t connected_ms = -1;
  int echoed = 0;
  uint64_t echoed_bytes = 0;
  std::string error;  // the first mismatch
  uint64_t video_back = 0;  // RTP packets the answerer reflected, by kind
  uint64_t audio_back = 0;
};

// Reflected packets wanted per kind before the offerer stops waiting (one is enough for ok).
constexpr uint64_t kWantedBack = 10;

}  // namespace

int run_offer(const OfferOptions& options) {
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::seconds(options.timeout_s);
  auto state = std::make_shared<OfferState>();
  std::shared_ptr<PeerConnection> pc;
  std::unique_ptr<MediaPacer> pacer;

  auto finish = [&](const std::string& error) {
    std::unique_lock lock(state->mutex);
    bool ok = error.empty();
    std::string line = json_object({{"ok", ok},
                                    {"connected_ms", state->connected_ms},
                                    {"echoed", int64_t{state->echoed}},
                                    {"expected", int64_t{options.messages}},
                                    {"media_packets_back", static_cast<int64_t>(state->video_back + state->audio_back)},
                                    {"error", ok ? JsonValue{} : JsonValue{error}}});
    lock.unlock();
    if (pacer) pacer->stop();
    if (pc) pc->close();
    print_line(line);
    if (!ok) print_error(error);
    return ok ? 0 : 1;
  };
  auto seconds_text = [&] { return std::to_string(options.timeout_s) + " s"; };

  std::string error;
  std::vector<MediaPacer::Source> sources;
  if (options.video) {
    std::optional<MediaStream> stream = synthetic_vp8();
    if (!options.video_file.empty()) stream = load_ivf_vp8(options.video_file, error);
    if (!stream) return finish(error);
    sources.push_back({TrackLocal::create(vp8_codec(), "purertc-video", "purertc-peer"), std::move(*stream)});
  }
  if (options.audio) {
    std::optional<MediaStream> stream = synthetic_opus();
    if (!options.audio_file.empty()) stream = load_ogg_opus(options.audio_file, error);
    if (!stream) return finish(error);
    sources.push_back({TrackLocal::create(opus_codec(), "purertc-audio", "purertc-peer"), std::move(*stream)});
  }
  auto url = parse_url(options.url, error);
  if (!url) return finish(error);
  auto api = Api::create(Api::default_media_engine(), peer_settings(is_loopback_host(url->host)));
  if (!api) return finish("cannot start purertc: " + to_string(api.error()));
  auto created = api->new_peer_connection();
  if (!created) return finish("cannot create a PeerConnection: " + to_string(created.error()));
  pc = *created;
  auto dc_result = pc->create_data_channel("interop");
  if (!dc_result) return finish("cannot create the data channel: " + to_string(dc_result.error()));
  std::shared_ptr<DataChannel> dc = *dc_result;
  for (const auto& source : sources) {
    if (auto added = pc->add_track(source.track); !added) {
      return finish("cannot add the " + std::string(to_string(source.track->kind())) + " track: " +
                    to_string(added.error()));
    }
  }
  pc->on_track([state](std::shared_ptr<RtpTransceiver> t, const TrackRemoteInfo& info) {
    const bool video = info.kind == MediaKind::kVideo;
    t->on_rtp([state, video](std::span<const uint8_t>) {
      std::lock_guard lock(state->mutex);
      (video ? state->video_back : state->audio_back) += 1;
      state->cv.notify_all();
    });
  });

  pc->on_connection_state_change([state, start](PeerConnectionState s) {
    std::lock_guard lock(state->mutex);
    if (s == PeerConnectionState::kConnected && state->connected_ms < 0) {
      state->connected_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    }
    if (s == PeerConnectionState::kFailed || s == PeerConnectionState::kClosed) state->failed = true;
    state->cv.notify_all();
  });
  dc->on_open([state] {
    std::lock_guard lock(state->mutex);
    state->open = true;
    state->cv.notify_all();
  });
  dc->on_message([state](const DataChannelMessage& m) {
    std::lock_guard lock(state->mutex);
    if (!state->error.empty()) return;
    DataChannelMessage want = expected_message(state->echoed);
    if (m.binary != want.binary || m.data != want.data) {
      state->error = "echo " + std::to_string(state->echoed) + " differs: got " + std::to_string(m.data.size()) +
                     (m.binary ? " binary" : " text") + " bytes, expected " + std::to_string(want.data.size()) +
                     (want.binary ? " binary" : " text");
    } else {
      state->echoed += 1;
      state->echoed_bytes += m.data.size();
    }
    state->cv.notify_all();
  });

  const auto offer_sdp = complete_offer(*pc, error);
  if (!offer_sdp) return finish(error);

  std::string request = format_request("POST", url->target, url->host_header, {{"Content-Type", "application/sdp"}}, *offer_sdp);
  auto response = http_exchange(*url, request, deadline, HttpLimits{}, error);
  if (!response) return finish(error);
  if (response->status != 201 && response->status != 200) {
    std::string body = response->body.substr(0, response->body.find('\n'));
    return finish("the answerer replied " + std::to_string(response->status) + " " + response->reason +
                  (body.empty() ? "" : ": " + body));
  }
  if (auto set = pc->set_remote_description({SdpType::kAnswer, response->body}); !set) {
    return finish("the answer was rejected: " + to_string(set.error()));
  }

  {
    std::unique_lock lock(state->mutex);
    if (!state->cv.wait_until(lock, deadline, [&] { return state->open || state->failed; })) {
      lock.unlock();
      return finish("timeout: the data channel did not open within " + seconds_text() + " (connection state " +
                    std::string(to_string(pc->connection_state())) + ")");
    }
    if (!state->open) {
      lock.unlock();
      return finish("the connection failed before the data channel opened");
    }
  }

  // Media starts once connected, so the first video frame (a keyframe) is not dropped.
  if (!sources.empty()) pacer = std::make_unique<MediaPacer>(std::move(sources), deadline);
  uint64_t sent_bytes = 0;
  for (int i = 0; i < options.messages; ++i) {
    DataChannelMessage m = expected_message(i);
    {
      std::unique_lock lock(state->mutex);
      bool ready = state->cv.wait_until(lock, deadline, [&] {
        return sent_bytes - state->echoed_bytes < kWindowBytes || !state->error.empty() || state->failed;
      });
      if (!state->error.empty() || state->failed || !ready) break;
    }
    auto r = m.binary ? dc->send(std::span<const uint8_t>(m.data)) : dc->send(m.text());
    if (!r) return finish("send of message " + std::to_string(i) + " failed: " + to_string(r.error()));
    sent_bytes += m.data.size();
  }
  std::string outcome;
  {
    std::unique_lock lock(state->mutex);
    state->cv.wait_until(lock, deadline,
                         [&] { return state->echoed == options.messages || !state->error.empty() || state->failed; });
    if (!state->error.empty()) {
      outcome = state->error;
    } else if (state->echoed != options.messages) {
      outcome = (state->failed ? "the connection failed" : "timeout after " + seconds_text()) + ": " +
                std::to_string(state->echoed) + " of " + std::to_string(options.messages) + " messages echoed";
    }
  }
  if (outcome.empty() && pacer) {
    std::unique_lock lock(state->mutex);
    auto enough = [&] {
      return (!options.video || state->video_back >= kWantedBack) && (!options.audio || state->audio_back >= kWantedBack);
    };
    state->cv.wait_until(lock, deadline, [&] { return enough() || state->failed; });
    if (options.video && state->video_back == 0) outcome = "no video came back";
    if (options.audio && state->audio_back == 0) outcome += std::string(outcome.empty() ? "" : "; ") + "no audio came back";
    if (!outcome.empty()) outcome += state->failed ? " (the connection failed)" : " within " + seconds_text();
    lock.unlock();
    if (std::string e = pacer->error(); outcome.empty() && !e.empty()) outcome = e;
  }
  // End the session on the answerer too (it would otherwise notice by ICE consent loss).
  std::string location(response->header("Location").value_or(""));
  if (location.starts_with("/")) {
    std::string ignored;
    http_exchange(*url, format_request("DELETE", location, url->host_header, {}, ""),
                  std::min(deadline, Clock::now() + std::chrono::seconds(2)), HttpLimits{}, ignored);
  }
  return finish(outcome);
}

}  // namespace purertc::peer
