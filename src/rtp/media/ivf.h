// IVF, the libvpx container for VP8/VP9/AV1 (no formal spec; layout as libvpx and ffmpeg write it):
//
//   file header (32 bytes, little endian):
//     "DKIF" | version (16) = 0 | header size (16) = 32 | FourCC ("VP80", "VP90", "AV01") |
//     width (16) | height (16) | timebase denominator (32) | timebase numerator (32) | frame count (32) |
//     unused (32)
//   frame: size (32) | presentation timestamp (64, in timebase units) | frame data
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/result.h"

namespace purertc::rtp {

struct IvfHeader {
  std::array<uint8_t, 4> fourcc{};
  uint16_t width = 0, height = 0;
  uint32_t timebase_denominator = 0, timebase_numerator = 0;
  uint32_t frame_count = 0;
};

struct IvfFrame {
  uint64_t pts = 0;
  std::span<const uint8_t> data;  // a view into the file
};

// Reads frames from a whole file in memory.
class IvfReader {
 public:
  static constexpr size_t kMaxFrameSize = 64 * 1024 * 1024;
  static Result<IvfReader> open(std::span<const uint8_t> file);
  const IvfHeader& header() const { return header_; }
  // The next frame, nullopt at the end of the file; kTruncated for a frame cut short.
  Result<std::optional<IvfFrame>> next();

 private:
  IvfHeader header_;
  std::span<const uint8_t> file_;
  size_t pos_ = 0;
};

class IvfWriter {
 public:
  explicit IvfWriter(const IvfHeader& header);
  void write_frame(uint64_t pts, std::span<const uint8_t> data);
  // The file so far, with the frame count in the header patched to the frames written.
  const std::vector<uint8_t>& bytes();

 private:
  std::vector<uint8_t> out_;
  uint32_t frames_ = 0;
};

}  // namespace purertc::rtp
