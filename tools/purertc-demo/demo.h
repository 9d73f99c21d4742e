// purertc-demo's parts: the main demo (a file transfer and a video stream between two PeerConnections)
// and the crypto self-test. Each returns the process exit code.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "purertc/purertc.h"

namespace purertc::demo {

// A file transfer, then `video_seconds` of video (none when 0) on the same connection.
int run_transfer(size_t bytes, int video_seconds);
// The frames of a VP8 IVF file and its frame rate; empty when the file cannot be read.
std::vector<std::vector<uint8_t>> load_video_frames(const std::string& path, double& frame_rate);
// Writes `duration_s` seconds of `frames` (looped) to `track` in real time, printing per-second counters
// of both ends; true when the receiver assembled every frame but the last (still pending).
bool stream_video(TrackLocal& track, const std::vector<std::vector<uint8_t>>& frames, double frame_rate,
                  int duration_s, const PeerConnection& sender, const PeerConnection& receiver,
                  const std::atomic<uint64_t>& received);
int run_crypto_self_test();

}  // namespace purertc::demo
