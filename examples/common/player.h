// Sends an IVF (VP8) file and an Ogg Opus file on two local tracks in real time, as a camera and a
// microphone would: each frame at its due time, interleaved. What the media examples use as a source.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "common/media_files.h"

namespace example {

inline const purertc::RtpCodec kVp8{"video/VP8", 90000, 0, "", {}, 96};
inline const purertc::RtpCodec kOpus{"audio/opus", 48000, 2, "minptime=10;useinbandfec=1", {}, 111};

// The fixtures in examples/media (the build passes their directory).
inline std::string default_video() { return std::string(EXAMPLES_MEDIA_DIR) + "/video.ivf"; }
inline std::string default_audio() { return std::string(EXAMPLES_MEDIA_DIR) + "/audio.ogg"; }

struct PlayCounts {
  size_t video_frames = 0, audio_packets = 0;
};

// Either track may be null (that file is not played). Returns what was written.
inline PlayCounts play(const std::shared_ptr<purertc::TrackLocal>& video, const Ivf& ivf,
                       const std::shared_ptr<purertc::TrackLocal>& audio, const std::vector<Bytes>& opus) {
  using namespace std::chrono;
  const auto frame_time = duration_cast<microseconds>(duration<double>(1.0 / ivf.frame_rate));
  const auto packet_time = microseconds(20000);  // the Opus frame duration of the fixtures and of browsers
  const auto start = steady_clock::now();
  PlayCounts n;
  const size_t video_total = video ? ivf.frames.size() : 0, audio_total = audio ? opus.size() : 0;
  while (n.video_frames < video_total || n.audio_packets < audio_total) {
    const auto video_due = start + frame_time * static_cast<int64_t>(n.video_frames);
    const auto audio_due = start + packet_time * static_cast<int64_t>(n.audio_packets);
    const bool next_is_video =
        n.video_frames < video_total && (n.audio_packets == audio_total || video_due <= audio_due);
    std::this_thread::sleep_until(next_is_video ? video_due : audio_due);
    if (next_is_video) {
      must(video->write_sample(ivf.frames[n.video_frames++], frame_time), "write video sample");
    } else {
      must(audio->write_sample(opus[n.audio_packets++], packet_time), "write audio sample");
    }
  }
  return n;
}

}  // namespace example
