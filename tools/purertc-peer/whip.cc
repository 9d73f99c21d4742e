// `purertc-peer whip`: publishes VP8 / Opus files to a WHIP endpoint (RFC 9725): POST the complete offer
// as application/sdp, expect 201 Created with a Location and the answer, send the media paced by the file
// timestamps, and DELETE the resource at the end.
#include <condition_variable>
#include <mutex>
#include <optional>

#include "commands.h"
#include "media.h"
#include "net.h"
#include "output.h"
#include "purertc/purertc.h"

namespace purertc::peer {
namespace {

// The session resource from the Location header: an absolute http:// URL, or a path on the endpoint's
// server (RFC 9725 section 4.2 allows both).
std::optional<Url> resource_url(const Url& endpoint, std::string_view location, std::string& error) {
  if (location.starts_with("http://")) return parse_url(location, error);
  if (!location.starts_with("/")) {
    error = "the WHIP endpoint's Location \"" + std::string(location) + "\" is neither a path nor an http URL";
    return std::nullopt;
  }
  Url url = endpoint;
  url.target = std::string(location);
  return url;
}

uint64_t packets_sent(const PeerConnection& pc) {
  uint64_t total = 0;
  // The report must outlive the loop: of_type points into it.
  const StatsReport report = pc.get_stats();
  for (const Stats* s : report.of_type("outbound-rtp")) total += s->get<uint64_t>("packetsSent").value_or(0);
  return total;
}

}  // namespace

int run_whip(const WhipOptions& options) {
  const auto start = Clock::now();
  std::shared_ptr<PeerConnection> pc;
  int64_t connected_ms = -1;
  uint64_t frames = 0;
  auto finish = [&](const std::string& error) {
    bool ok = error.empty();
    uint64_t packets = pc ? packets_sent(*pc) : 0;
    if (pc) pc->close();
    print_line(json_object({{"ok", ok},
                            {"connected_ms", connected_ms},
                            {"frames", static_cast<int64_t>(frames)},
                            {"packets_sent", static_cast<int64_t>(packets)},
                            {"error", ok ? JsonValue{} : JsonValue{error}}}));
    if (!ok) print_error(error);
    return ok ? 0 : 1;
  };

  std::string error;
  auto url = parse_url(options.url, error);
  if (!url) return finish(error);
  std::vector<MediaPacer::Source> sources;
  std::chrono::microseconds length{0};
  if (!options.video_file.empty()) {
    auto stream = load_ivf_vp8(options.video_file, error);
    if (!stream) return finish(error);
    length = std::max(length, stream->length());
    sources.push_back({TrackLocal::create(vp8_codec(), "whip-video", "purertc-whip"), std::move(*stream)});
  }
  if (!options.audio_file.empty()) {
    auto stream = load_ogg_opus(options.audio_file, error);
    if (!stream) return finish(error);
    length = std::max(length, stream->length());
    sources.push_back({TrackLocal::create(opus_codec(), "whip-audio", "purertc-whip"), std::move(*stream)});
  }
  if (sources.empty()) return finish("nothing to publish: give --video FILE.ivf and/or --audio FILE.ogg");

  auto api = Api::create(Api::default_media_engine(), peer_settings(is_loopback_host(url->host)));
  if (!api) return finish("cannot start purertc: " + to_string(api.error()));
  auto created = api->new_peer_connection();
  if (!created) return finish("cannot create a PeerConnection: " + to_string(created.error()));
  pc = *created;
  for (const auto& s : sources) {
    // WHIP publishes: send-only transceivers (RFC 9725 section 4.2).
    auto added = pc->add_transceiver(s.track, RtpTransceiverInit{.direction = RtpTransceiverDirection::kSendOnly, .stream_ids = {"purertc-whip"}});
    if (!added) return finish("cannot add the track: " + to_string(added.error()));
  }
  struct Shared {
    std::mutex mutex;
    std::condition_variable cv;
    std::optional<PeerConnectionState> state;
  };
  auto shared = std::make_shared<Shared>();
  pc->on_connection_state_change([shared](PeerConnectionState s) {
    std::lock_guard lock(shared->mutex);
    shared->state = s;
    shared->cv.notify_all();
  });

  const auto connect_deadline = start + std::chrono::seconds(options.timeout_s);
  const auto offer_sdp = complete_offer(*pc, error);
  if (!offer_sdp) return finish(error);
  auto response = http_exchange(
      *url, format_request("POST", url->target, url->host_header, {{"Content-Type", "application/sdp"}}, *offer_sdp),
      connect_deadline, HttpLimits{}, error);
  if (!response) return finish(error);
  if (response->status != 201) {
    std::string body = response->body.substr(0, response->body.find('\n'));
    return finish("the WHIP endpoint replied " + std::to_string(response->status) + " " + response->reason +
                  (body.empty() ? "" : ": " + body) + " (expected 201 Created)");
  }
  auto location = response->header("Location");
  if (!location) return finish("the WHIP endpoint's 201 has no Location header");
  auto resource = resource_url(*url, *location, error);
  if (!resource) return finish(error);
  auto remove_resource = [&] {
    std::string ignored;
    auto r = http_exchange(*resource, format_request("DELETE", resource->target, resource->host_header, {}, ""),
                           Clock::now() + std::chrono::seconds(5), HttpLimits{}, ignored);
    return r && r->status / 100 == 2 ? std::string() : "DELETE " + resource->target + " failed" +
                                                           (r ? ": " + std::to_string(r->status) : ": " + ignored);
  };
  if (auto set = pc->set_remote_description({SdpType::kAnswer, response->body}); !set) {
    remove_resource();
    return finish("the answer was rejected: " + to_string(set.error()));
  }
  {
    std::unique_lock lock(shared->mutex);
    shared->cv.wait_until(lock, connect_deadline, [&] {
      return shared->state == PeerConnectionState::kConnected || shared->state == PeerConnectionState::kFailed ||
             shared->state == PeerConnectionState::kClosed;
    });
    if (shared->state != PeerConnectionState::kConnected) {
      lock.unlock();
      remove_resource();
      return finish("not connected within " + std::to_string(options.timeout_s) + " s (connection state " +
                    std::string(to_string(pc->connection_state())) + ")");
    }
  }
  connected_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  print_line(json_object({{"event", std::string("connected")}, {"resource", resource->target}}));

  auto duration = options.duration_s > 0 ? std::chrono::microseconds(std::chrono::seconds(options.duration_s)) : length;
  std::string outcome;
  {
    MediaPacer pacer(std::move(sources), Clock::now() + duration);
    std::unique_lock lock(shared->mutex);
    // Only the end of the connection stops publishing early; "disconnected" may recover.
    shared->cv.wait_until(lock, Clock::now() + duration, [&] {
      return shared->state == PeerConnectionState::kFailed || shared->state == PeerConnectionState::kClosed;
    });
    if (shared->state == PeerConnectionState::kFailed || shared->state == PeerConnectionState::kClosed) {
      outcome = "the connection ended while publishing";
    }
    lock.unlock();
    pacer.stop();
    frames = pacer.frames_sent();
    if (outcome.empty()) outcome = pacer.error();
  }
  if (std::string e = remove_resource(); outcome.empty()) outcome = e;
  return finish(outcome);
}

}  // namespace purertc::peer
