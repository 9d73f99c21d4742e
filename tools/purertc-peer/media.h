// purertc-peer's media: the frames it sends (read from an IVF / Ogg Opus file, or built-in synthetic frames)
// and a pacer thread that writes them to local tracks at their own rate, looping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "purertc/purertc.h"

namespace purertc::peer {

struct MediaFrame {
  std::vector<uint8_t> data;
  std::chrono::microseconds duration{0};
};

// A whole stream in memory, replayed from the start when it ends.
struct MediaStream {
  std::vector<MediaFrame> frames;
  std::chrono::microseconds length() const;
};

// VP8 frames of an IVF file (timestamps from its timebase). nullopt with `error` for a missing, malformed
// or non-VP8 file.
std::optional<MediaStream> load_ivf_vp8(const std::string& path, std::string& error);
// Opus packets of an Ogg Opus file (durations from their TOC bytes).
std::optional<MediaStream> load_ogg_opus(const std::string& path, std::string& error);
// Synthetic streams for when no file is given: 30 fps VP8-framed pattern frames (a keyframe each second)
// and 20 ms Opus-framed packets. They packetize like the real thing; a decoder would reject them.
MediaStream synthetic_vp8();
MediaStream synthetic_opus();

// The codecs purertc-peer sends with (Pion's default payload types).
RtpCodec vp8_codec();
RtpCodec opus_codec();

// Writes each stream's frames to its track, paced by the frame durations, until stop() or `until`.
class MediaPacer {
 public:
  struct Source {
    std::shared_ptr<TrackLocal> track;
    MediaStream stream;
  };
  MediaPacer(std::vector<Source> sources, std::chrono::steady_clock::time_point until);
  ~MediaPacer();
  MediaPacer(const MediaPacer&) = delete;
  MediaPacer& operator=(const MediaPacer&) = delete;
  void stop();
  // The first write error ("" while none), e.g. the packetizer refused a frame.
  std::string error() const;
  uint64_t frames_sent() const { return frames_sent_; }

 private:
  void run(std::chrono::steady_clock::time_point until);
  std::vector<Source> sources_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> frames_sent_{0};
  mutable std::mutex mutex_;
  std::string error_;
  std::thread thread_;
};

}  // namespace purertc::peer
