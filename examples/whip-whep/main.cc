// whip-whep: publish video to a WHIP endpoint (RFC 9725) and watch it back through a WHEP endpoint
// (draft-ietf-wish-whep), like Pion's whip-whep example seen from the client side. Both are one HTTP POST
// of a complete SDP offer (application/sdp) answered by 201 Created with the SDP answer and a Location
// for the session, which a DELETE ends. The server is `purertc-peer serve` (tools/purertc-peer), which
// relays the last WHIP publisher's RTP to every WHEP viewer; the smoke test starts it.
//
// The HTTP client is purertc-peer's (tools/purertc-peer/net.h, http.h), compiled into this example:
// purertc itself has no HTTP.
//   whip-whep --server http://127.0.0.1:PORT
#include <atomic>
#include <cstdio>
#include <string>
#include <string_view>

#include "common/player.h"
#include "net.h"

using namespace purertc;

namespace {

struct Session {
  std::shared_ptr<PeerConnection> pc;
  std::string location;  // the session resource, for the DELETE
};

// POSTs the PeerConnection's complete offer to `endpoint` and applies the answer.
Session publish_offer(const peer::Url& server, const std::string& path, std::shared_ptr<PeerConnection> pc) {
  example::must(pc->set_local_description({SdpType::kOffer, ""}), "set_local_description");
  example::must(pc->wait_for_gathering_complete(), "gathering");
  std::string error;
  const auto deadline = peer::Clock::now() + std::chrono::seconds(10);
  auto response = peer::http_exchange(
      server,
      peer::format_request("POST", path, server.host_header, {{"Content-Type", "application/sdp"}},
                           pc->local_description()->sdp),
      deadline, peer::HttpLimits{}, error);
  if (!response) example::fail("POST " + path + ": " + error);
  if (response->status != 201) {
    example::fail("POST " + path + ": HTTP " + std::to_string(response->status) + " " + response->body);
  }
  example::must(pc->set_remote_description({SdpType::kAnswer, response->body}), "set_remote_description");
  return Session{std::move(pc), std::string(response->header("Location").value_or(""))};
}

// Ends the session on the server (RFC 9725 section 4.2: DELETE of the resource).
void end_session(const peer::Url& server, const Session& session) {
  session.pc->close();
  if (session.location.empty()) return;
  std::string error;
  const auto deadline = peer::Clock::now() + std::chrono::seconds(5);
  auto response = peer::http_exchange(server, peer::format_request("DELETE", session.location, server.host_header, {}, ""),
                                      deadline, peer::HttpLimits{}, error);
  if (!response) std::fprintf(stderr, "DELETE %s: %s\n", session.location.c_str(), error.c_str());
}

bool connected(const PeerConnection& pc) { return pc.connection_state() == PeerConnectionState::kConnected; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::string_view(argv[1]) != "--server") example::fail("usage: whip-whep --server http://HOST:PORT");
  std::string error;
  auto server = peer::parse_url(argv[2], error);
  if (!server) example::fail(error);

  Api api = example::loopback_api();
  // The publisher: one send-only VP8 track (WHIP publishes, RFC 9725 section 4.2).
  auto camera = TrackLocal::create(example::kVp8, "camera", "whip-whep");
  auto publisher_pc = example::must(api.new_peer_connection(), "new_peer_connection");
  example::must(publisher_pc->add_transceiver(camera, {RtpTransceiverDirection::kSendOnly, {"whip-whep"}}),
                "add_transceiver(camera)");
  const Session publisher = publish_offer(*server, "/whip", publisher_pc);
  if (!example::wait_until([&] { return connected(*publisher.pc); })) example::fail("WHIP session not connected");
  std::printf("published to %s/whip, session %s\n", argv[2], publisher.location.c_str());

  // The viewer: one receive-only video transceiver, counting the frames it reassembles.
  std::atomic<size_t> frames{0};
  auto viewer_pc = example::must(api.new_peer_connection(), "new_peer_connection");
  example::must(viewer_pc->add_transceiver(MediaKind::kVideo, {RtpTransceiverDirection::kRecvOnly, {}}),
                "add_transceiver(video)");
  viewer_pc->on_track([&frames](std::shared_ptr<RtpTransceiver> transceiver, const TrackRemoteInfo&) {
    transceiver->on_sample([&frames](const MediaSample&) { ++frames; });
  });
  const Session viewer = publish_offer(*server, "/whep", viewer_pc);
  if (!example::wait_until([&] { return connected(*viewer.pc); })) example::fail("WHEP session not connected");
  std::printf("watching through %s/whep, session %s\n", argv[2], viewer.location.c_str());

  // Two seconds of video, paced in real time; the first frame is a keyframe, so the viewer can decode
  // from the start (the relay forwards no keyframe requests).
  const example::Ivf ivf = example::read_ivf(example::default_video());
  const auto sent = example::play(camera, ivf, nullptr, {});
  example::wait_until([&] { return frames + 1 >= sent.video_frames; }, std::chrono::seconds(2));
  std::printf("WHEP viewer received %zu of %zu frames published over WHIP\n", frames.load(), sent.video_frames);
  end_session(*server, viewer);
  end_session(*server, publisher);
  return frames > 0 ? 0 : 1;
}
