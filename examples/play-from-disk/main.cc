// play-from-disk: one PeerConnection sends a VP8 IVF file and an Opus Ogg file as two tracks, in real
// time; a second PeerConnection in this process receives them and counts the frames it assembles.
//   play-from-disk [VIDEO.ivf [AUDIO.ogg]]   (default: the fixtures in examples/media)
#include <atomic>
#include <cstdio>

#include "common/player.h"

using namespace purertc;

int main(int argc, char** argv) {
  const example::Ivf ivf = example::read_ivf(argc > 1 ? argv[1] : example::default_video());
  const std::vector<example::Bytes> opus = example::read_ogg_opus(argc > 2 ? argv[2] : example::default_audio());

  std::atomic<size_t> video_received{0}, audio_received{0};
  Api api = example::loopback_api();
  auto sender = example::must(api.new_peer_connection(), "new_peer_connection");
  auto receiver = example::must(api.new_peer_connection(), "new_peer_connection");
  receiver->on_track([&](std::shared_ptr<RtpTransceiver> transceiver, const TrackRemoteInfo& info) {
    auto& counter = info.kind == MediaKind::kVideo ? video_received : audio_received;
    transceiver->on_sample([&counter](const MediaSample&) { ++counter; });
  });

  auto video = TrackLocal::create(example::kVp8, "video", "disk");
  auto audio = TrackLocal::create(example::kOpus, "audio", "disk");
  example::must(sender->add_track(video), "add_track(video)");
  example::must(sender->add_track(audio), "add_track(audio)");
  example::negotiate(*sender, *receiver);
  example::wait_connected(*sender, *receiver);
  std::printf("connected; playing %zu video frames at %.0f fps and %zu Opus packets\n", ivf.frames.size(),
              ivf.frame_rate, opus.size());

  const example::PlayCounts sent = example::play(video, ivf, audio, opus);
  // A receiver assembles a frame once the next one begins, so the last frame of each file stays pending.
  example::wait_until([&] { return video_received + 1 >= sent.video_frames && audio_received + 1 >= sent.audio_packets; },
                      std::chrono::seconds(2));
  std::printf("video: sent %zu frames, received %zu\naudio: sent %zu packets, received %zu\n", sent.video_frames,
              video_received.load(), sent.audio_packets, audio_received.load());
  sender->close();
  receiver->close();
  return video_received > 0 && audio_received > 0 ? 0 : 1;
}
