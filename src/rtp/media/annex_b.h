// H.264 / H.265 Annex B elementary streams split into access units (H.264 7.4.1.2.3, H.265 7.4.2.4.4).
//
// A new access unit begins at an access unit delimiter, at a parameter set / SEI / prefix NAL unit that
// follows a VCL NAL unit, or at a VCL NAL unit that starts a picture (H.264: first_mb_in_slice = 0;
// H.265: first_slice_segment_in_pic_flag = 1) after another VCL NAL unit. Access units come out with every
// NAL unit behind a 4-byte start code, the form the depacketizers produce, so comparisons are byte exact.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/result.h"

namespace purertc::rtp {

enum class VideoCodec : uint8_t { kH264, kH265 };
const char* to_string(VideoCodec codec);

class AnnexBReader {
 public:
  AnnexBReader(std::span<const uint8_t> stream, VideoCodec codec);
  // The next access unit, or nullopt at the end of the stream.
  std::optional<std::vector<uint8_t>> next_access_unit();

 private:
  bool is_vcl(std::span<const uint8_t> nal) const;
  bool first_in_picture(std::span<const uint8_t> nal) const;
  bool is_prefix(std::span<const uint8_t> nal) const;
  std::span<const uint8_t> next_nal();

  std::span<const uint8_t> stream_;
  VideoCodec codec_;
  size_t pos_;
  std::span<const uint8_t> pending_;  // a NAL unit read past the end of the previous access unit
};

// Appends NAL units or whole access units behind 4-byte start codes.
class AnnexBWriter {
 public:
  void write_nal(std::span<const uint8_t> nal);
  // An access unit already in Annex B form is appended as is.
  void write_access_unit(std::span<const uint8_t> au) { out_.insert(out_.end(), au.begin(), au.end()); }
  const std::vector<uint8_t>& bytes() const { return out_; }

 private:
  std::vector<uint8_t> out_;
};

}  // namespace purertc::rtp
