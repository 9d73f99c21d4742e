// save-to-disk: a PeerConnection receives a VP8 video track and an Opus audio track and writes them to
// an IVF and an Ogg file. Here the sender is a second PeerConnection in this process playing the
// fixtures of examples/media (what a browser's camera and microphone would send).
//   save-to-disk OUT.ivf OUT.ogg
#include <cstdio>
#include <mutex>

#include "common/player.h"

using namespace purertc;

int main(int argc, char** argv) {
  if (argc != 3) example::fail("usage: save-to-disk OUT.ivf OUT.ogg");
  std::mutex mutex;  // the callbacks run on the library's thread, the files are written from main
  example::IvfWriter ivf_out(640, 480);  // until the first keyframe gives the real size
  example::OggOpusWriter ogg_out;
  size_t video_frames = 0, audio_packets = 0, keyframes = 0;

  Api api = example::loopback_api();
  auto sender = example::must(api.new_peer_connection(), "new_peer_connection");
  auto saver = example::must(api.new_peer_connection(), "new_peer_connection");
  saver->on_track([&](std::shared_ptr<RtpTransceiver> transceiver, const TrackRemoteInfo& info) {
    if (info.kind == MediaKind::kVideo) {
      transceiver->on_sample([&](const MediaSample& s) {
        std::lock_guard lock(mutex);
        // A decoder needs a keyframe first: drop what comes before it.
        if (video_frames == 0 && !s.keyframe) return;
        if (uint16_t width, height; video_frames == 0 && example::vp8_keyframe_size(s.data, width, height)) {
          ivf_out.set_size(width, height);
        }
        ivf_out.write_frame(s.rtp_timestamp, s.data);
        ++video_frames;
        keyframes += s.keyframe;
      });
    } else {
      transceiver->on_sample([&](const MediaSample& s) {
        std::lock_guard lock(mutex);
        ogg_out.write_packet(s.data);
        ++audio_packets;
      });
    }
  });

  auto video = TrackLocal::create(example::kVp8, "video", "camera");
  auto audio = TrackLocal::create(example::kOpus, "audio", "camera");
  example::must(sender->add_track(video), "add_track(video)");
  example::must(sender->add_track(audio), "add_track(audio)");
  example::negotiate(*sender, *saver);
  example::wait_connected(*sender, *saver);
  example::play(video, example::read_ivf(example::default_video()), audio, example::read_ogg_opus(example::default_audio()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the last packets in flight
  saver->close();
  sender->close();

  std::lock_guard lock(mutex);
  example::write_file(argv[1], ivf_out.bytes());
  example::write_file(argv[2], ogg_out.bytes());
  std::printf("saved %zu video frames (%zu keyframes) to %s\nsaved %zu Opus packets to %s\n", video_frames, keyframes,
              argv[1], audio_packets, argv[2]);
  return video_frames > 0 && audio_packets > 0 ? 0 : 1;
}
