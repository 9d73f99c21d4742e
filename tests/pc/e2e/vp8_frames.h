// Checks on VP8 frames purertc assembled from a browser's RTP (RFC 6386 section 9.1): the 3-byte frame
// tag (P bit 0 = keyframe, version 0..3, show_frame, first partition size) and, for keyframes, the start
// code 9d 01 2a followed by the 14-bit width and height.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <utility>

#include "purertc/rtp_transceiver.h"

namespace purertc::e2e {

// {width, height} of a VP8 keyframe; nullopt for a delta frame or a frame too short to say.
inline std::optional<std::pair<int, int>> vp8_keyframe_size(const std::vector<uint8_t>& f) {
  if (f.size() < 10 || (f[0] & 1) != 0 || f[3] != 0x9d || f[4] != 0x01 || f[5] != 0x2a) return std::nullopt;
  return std::pair<int, int>{(f[6] | (f[7] << 8)) & 0x3fff, (f[8] | (f[9] << 8)) & 0x3fff};
}

inline ::testing::AssertionResult valid_vp8(const MediaSample& s) {
  const auto& f = s.data;
  if (f.size() < 3) return ::testing::AssertionFailure() << "VP8 frame of " << f.size() << " bytes";
  const uint32_t tag = f[0] | (f[1] << 8) | (f[2] << 16);
  const bool key = (tag & 1) == 0;
  const uint32_t version = (tag >> 1) & 7;
  const uint32_t first_partition = tag >> 5;
  if (version > 3) return ::testing::AssertionFailure() << "VP8 version " << version;
  if (key != s.keyframe) return ::testing::AssertionFailure() << "keyframe flag disagrees with the P bit";
  if (first_partition > f.size()) {
    return ::testing::AssertionFailure() << "first partition " << first_partition << " > frame " << f.size();
  }
  if (key) {
    auto size = vp8_keyframe_size(f);
    if (!size) return ::testing::AssertionFailure() << "keyframe without the 9d 01 2a start code";
    if (size->first == 0 || size->second == 0) {
      return ::testing::AssertionFailure() << "keyframe of " << size->first << "x" << size->second;
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace purertc::e2e
