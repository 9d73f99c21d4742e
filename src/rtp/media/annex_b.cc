#include "rtp/media/annex_b.h"

#include "rtp/codec/nal_unit.h"

namespace purertc::rtp {
namespace {
constexpr uint8_t kStartCode[4] = {0, 0, 0, 1};
}

const char* to_string(VideoCodec codec) { return codec == VideoCodec::kH264 ? "H.264" : "H.265"; }

AnnexBReader::AnnexBReader(std::span<const uint8_t> stream, VideoCodec codec)
    : stream_(stream), codec_(codec), pos_(find_start_code(stream, 0)) {}

std::span<const uint8_t> AnnexBReader::next_nal() {
  while (pos_ < stream_.size()) {
    size_t begin = pos_ + 3;
    size_t next = find_start_code(stream_, begin);
    size_t end = next;
    while (end > begin && stream_[end - 1] == 0) --end;
    pos_ = next;
    if (end > begin) return stream_.subspan(begin, end - begin);
  }
  return {};
}

bool AnnexBReader::is_vcl(std::span<const uint8_t> nal) const {
  if (codec_ == VideoCodec::kH264) {
    uint8_t t = h264_nal_type(nal[0]);
    return t >= 1 && t <= 5;
  }
  return h265_nal_type(nal[0]) < 32;
}

bool AnnexBReader::first_in_picture(std::span<const uint8_t> nal) const {
  size_t at = codec_ == VideoCodec::kH264 ? 1 : 2;
  return nal.size() > at && (nal[at] & 0x80);
}

bool AnnexBReader::is_prefix(std::span<const uint8_t> nal) const {
  if (codec_ == VideoCodec::kH264) {
    uint8_t t = h264_nal_type(nal[0]);
    return (t >= 6 && t <= 9) || (t >= 14 && t <= 18);
  }
  uint8_t t = h265_nal_type(nal[0]);
  return (t >= 32 && t <= 35) || t == 39 || (t >= 41 && t <= 44) || (t >= 48 && t <= 55);
}

std::optional<std::vector<uint8_t>> AnnexBReader::next_access_unit() {
  std::vector<uint8_t> au;
  bool seen_vcl = false;
  for (;;) {
    std::span<const uint8_t> nal = pending_.empty() ? next_nal() : pending_;
    pending_ = {};
    if (nal.empty()) break;
    bool vcl = is_vcl(nal);
    if (seen_vcl && ((vcl && first_in_picture(nal)) || (!vcl && is_prefix(nal)))) {
      pending_ = nal;
      break;
    }
    seen_vcl = seen_vcl || vcl;
    au.insert(au.end(), std::begin(kStartCode), std::end(kStartCode));
    au.insert(au.end(), nal.begin(), nal.end());
  }
  if (au.empty()) return std::nullopt;
  return au;
}

void AnnexBWriter::write_nal(std::span<const uint8_t> nal) {
  out_.insert(out_.end(), std::begin(kStartCode), std::end(kStartCode));
  out_.insert(out_.end(), nal.begin(), nal.end());
}

}  // namespace purertc::rtp
