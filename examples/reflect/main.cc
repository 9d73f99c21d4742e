// reflect: a PeerConnection sends back every RTP packet of the video it receives, on a track of its
// own (Pion's reflect, what a media server's loopback test does). Here the other side is a second
// PeerConnection in this process that plays examples/media/video.ivf and counts the frames that come
// back.
#include <atomic>
#include <cstdio>

#include "common/player.h"

using namespace purertc;

int main() {
  std::atomic<size_t> packets_reflected{0}, frames_back{0};
  Api api = example::loopback_api();
  auto browser = example::must(api.new_peer_connection(), "new_peer_connection");
  auto reflector = example::must(api.new_peer_connection(), "new_peer_connection");

  // The reflector answers with a track of the same codec; every received packet is written to it
  // (write_rtp rewrites SSRC, payload type and sequence number for the outgoing stream).
  auto echo = TrackLocal::create(example::kVp8, "echo", "reflect");
  reflector->on_track([&](std::shared_ptr<RtpTransceiver> transceiver, const TrackRemoteInfo&) {
    transceiver->on_rtp([&, echo](std::span<const uint8_t> packet) {
      if (echo->write_rtp(packet)) ++packets_reflected;
    });
  });
  browser->on_track([&](std::shared_ptr<RtpTransceiver> transceiver, const TrackRemoteInfo&) {
    transceiver->on_sample([&](const MediaSample&) { ++frames_back; });
  });

  auto camera = TrackLocal::create(example::kVp8, "camera", "browser");
  example::must(browser->add_track(camera), "add_track");
  example::negotiate(*browser, *reflector, [&] { example::must(reflector->add_track(echo), "add_track(echo)"); });
  example::wait_connected(*browser, *reflector);

  const example::Ivf ivf = example::read_ivf(example::default_video());
  example::play(camera, ivf, nullptr, {});
  example::wait_until([&] { return frames_back + 1 >= ivf.frames.size(); }, std::chrono::seconds(2));
  std::printf("sent %zu frames, reflector sent back %zu RTP packets, %zu frames came back\n", ivf.frames.size(),
              packets_reflected.load(), frames_back.load());
  browser->close();
  reflector->close();
  return frames_back > 0 ? 0 : 1;
}
