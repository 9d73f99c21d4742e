// broadcast: one publisher sends video to a server, which forwards it to many viewers (an SFU in
// miniature). The server receives on one PeerConnection and writes every RTP packet to one TrackLocal
// that all the viewers' PeerConnections send: a TrackLocal may be added to many PeerConnections.
// Publisher, server and viewers all live in this process here.
//   broadcast [--viewers N]   (default 3)
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "common/player.h"

using namespace purertc;

int main(int argc, char** argv) {
  int viewer_count = 3;
  if (argc == 3 && std::string_view(argv[1]) == "--viewers") viewer_count = std::atoi(argv[2]);
  if (viewer_count <= 0 || viewer_count > 50) example::fail("usage: broadcast [--viewers N] (1..50)");

  std::vector<std::atomic<size_t>> frames_seen(static_cast<size_t>(viewer_count));
  Api api = example::loopback_api();
  // The publisher and the server's PeerConnection for it.
  auto publisher = example::must(api.new_peer_connection(), "new_peer_connection");
  auto ingest = example::must(api.new_peer_connection(), "new_peer_connection");
  auto broadcast = TrackLocal::create(example::kVp8, "broadcast", "server");
  ingest->on_track([broadcast](std::shared_ptr<RtpTransceiver> transceiver, const TrackRemoteInfo&) {
    transceiver->on_rtp([broadcast](std::span<const uint8_t> packet) { (void)broadcast->write_rtp(packet); });
  });
  auto camera = TrackLocal::create(example::kVp8, "camera", "publisher");
  example::must(publisher->add_track(camera), "add_track(camera)");
  example::negotiate(*publisher, *ingest);
  example::wait_connected(*publisher, *ingest);

  // Each viewer: a server-side PeerConnection that sends the broadcast track, and the viewer's own.
  std::vector<std::shared_ptr<PeerConnection>> peers;
  for (size_t i = 0; i < frames_seen.size(); ++i) {
    auto server_side = example::must(api.new_peer_connection(), "new_peer_connection");
    auto viewer = example::must(api.new_peer_connection(), "new_peer_connection");
    example::must(server_side->add_track(broadcast), "add_track(broadcast)");
    viewer->on_track([&counter = frames_seen[i]](std::shared_ptr<RtpTransceiver> transceiver, const TrackRemoteInfo&) {
      transceiver->on_sample([&counter](const MediaSample&) { ++counter; });
    });
    example::negotiate(*server_side, *viewer);
    example::wait_connected(*server_side, *viewer);
    peers.push_back(server_side);
    peers.push_back(viewer);
  }
  std::printf("publisher and %d viewers connected\n", viewer_count);

  const example::Ivf ivf = example::read_ivf(example::default_video());
  example::play(camera, ivf, nullptr, {});
  example::wait_until([&] {
    for (const auto& seen : frames_seen) if (seen + 1 < ivf.frames.size()) return false;
    return true;
  }, std::chrono::seconds(2));
  size_t viewers_served = 0;
  for (size_t i = 0; i < frames_seen.size(); ++i) {
    std::printf("viewer %zu received %zu of %zu frames\n", i + 1, frames_seen[i].load(), ivf.frames.size());
    viewers_served += frames_seen[i] > 0;
  }
  std::printf("%zu of %d viewers received the broadcast\n", viewers_served, viewer_count);
  for (const auto& pc : peers) pc->close();
  publisher->close();
  ingest->close();
  return viewers_served == frames_seen.size() ? 0 : 1;
}
