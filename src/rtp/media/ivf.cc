#include "rtp/media/ivf.h"

#include <cstring>

#include "rtp/media/little_endian.h"

namespace purertc::rtp {

Result<IvfReader> IvfReader::open(std::span<const uint8_t> file) {
  if (file.size() < 32) return unexpected(Error{Errc::kTruncated, "IVF: shorter than file header"});
  if (std::memcmp(file.data(), "DKIF", 4) != 0) return unexpected(Error{Errc::kMalformed, "IVF: no DKIF signature"});
  size_t header_size = load_le16(&file[6]);
  if (header_size < 32 || header_size > file.size()) return unexpected(Error{Errc::kMalformed, "IVF: bad header size"});
  IvfReader r;
  std::memcpy(r.header_.fourcc.data(), &file[8], 4);
  r.header_.width = load_le16(&file[12]);
  r.header_.height = load_le16(&file[14]);
  r.header_.timebase_denominator = load_le32(&file[16]);
  r.header_.timebase_numerator = load_le32(&file[20]);
  r.header_.frame_count = load_le32(&file[24]);
  r.file_ = file;
  r.pos_ = header_size;
  return r;
}

Result<std::optional<IvfFrame>> IvfReader::next() {
  if (pos_ == file_.size()) return std::optional<IvfFrame>();
  if (file_.size() - pos_ < 12) return unexpected(Error{Errc::kTruncated, "IVF: frame header cut"});
  size_t size = load_le32(&file_[pos_]);
  uint64_t pts = load_le64(&file_[pos_ + 4]);
  if (size > kMaxFrameSize) return unexpected(Error{Errc::kLimitExceeded, "IVF: frame larger than limit"});
  if (size > file_.size() - pos_ - 12) return unexpected(Error{Errc::kTruncated, "IVF: frame data cut"});
  IvfFrame f{pts, file_.subspan(pos_ + 12, size)};
  pos_ += 12 + size;
  return std::optional<IvfFrame>(f);
}

IvfWriter::IvfWriter(const IvfHeader& h) : out_(32) {
  std::memcpy(out_.data(), "DKIF", 4);
  store_le16(&out_[4], 0);
  store_le16(&out_[6], 32);
  std::memcpy(&out_[8], h.fourcc.data(), 4);
  store_le16(&out_[12], h.width);
  store_le16(&out_[14], h.height);
  store_le32(&out_[16], h.timebase_denominator);
  store_le32(&out_[20], h.timebase_numerator);
}

void IvfWriter::write_frame(uint64_t pts, std::span<const uint8_t> data) {
  size_t at = out_.size();
  out_.resize(at + 12);
  store_le32(&out_[at], static_cast<uint32_t>(data.size()));
  store_le64(&out_[at + 4], pts);
  out_.insert(out_.end(), data.begin(), data.end());
  ++frames_;
}

const std::vector<uint8_t>& IvfWriter::bytes() {
  store_le32(&out_[24], frames_);
  return out_;
}

}  // namespace purertc::rtp
