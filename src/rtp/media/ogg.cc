#include "rtp/media/ogg.h"

#include <array>
#include <cstring>

#include "rtp/codec/audio.h"
#include "rtp/media/little_endian.h"

namespace purertc::rtp {
namespace {

constexpr std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t r = i << 24;
    for (int k = 0; k < 8; ++k) r = (r & 0x80000000u) ? (r << 1) ^ 0x04c11db7u : r << 1;
    t[i] = r;
  }
  return t;
}
constexpr auto kCrcTable = make_crc_table();
constexpr size_t kPageHeader = 27;

}  // namespace

uint32_t ogg_crc(std::span<const uint8_t> data) {
  uint32_t crc = 0;
  for (uint8_t b : data) crc = (crc << 8) ^ kCrcTable[((crc >> 24) ^ b) & 0xff];
  return crc;
}

Result<OpusHead> OpusHead::parse(std::span<const uint8_t> p) {
  if (p.size() < 19 || std::memcmp(p.data(), "OpusHead", 8) != 0) {
    return unexpected(Error{Errc::kMalformed, "Ogg Opus: first packet is not OpusHead"});
  }
  // RFC 7845 5.1: "a version number ... MUST be 1 ... Implementations SHOULD treat streams where the upper
  // four bits of the version number match that of a recognized specification as backwards compatible."
  if ((p[8] >> 4) != 0) return unexpected(Error{Errc::kUnsupported, "Ogg Opus: unknown major version"});
  OpusHead h;
  h.channels = p[9];
  h.pre_skip = load_le16(&p[10]);
  h.input_sample_rate = load_le32(&p[12]);
  h.output_gain = static_cast<int16_t>(load_le16(&p[16]));
  h.mapping_family = p[18];
  if (h.channels == 0) return unexpected(Error{Errc::kMalformed, "Ogg Opus: zero channels"});
  return h;
}

std::vector<uint8_t> OpusHead::serialize() const {
  std::vector<uint8_t> p(19);
  std::memcpy(p.data(), "OpusHead", 8);
  p[8] = 1;
  p[9] = channels;
  store_le16(&p[10], pre_skip);
  store_le32(&p[12], input_sample_rate);
  store_le16(&p[16], static_cast<uint16_t>(output_gain));
  p[18] = 0;  // mapping family 0: mono or stereo, no mapping table
  return p;
}

Result<OggOpusReader> OggOpusReader::open(std::span<const uint8_t> file) {
  OggOpusReader r;
  r.file_ = file;
  auto head = r.read_packet();
  if (!head) return unexpected(head.error());
  if (!*head) return unexpected(Error{Errc::kTruncated, "Ogg Opus: no OpusHead"});
  auto h = OpusHead::parse((*head)->data);
  if (!h) return unexpected(h.error());
  r.head_ = *h;
  auto tags = r.read_packet();
  if (!tags) return unexpected(tags.error());
  if (!*tags || (*tags)->data.size() < 8 || std::memcmp((*tags)->data.data(), "OpusTags", 8) != 0) {
    return unexpected(Error{Errc::kMalformed, "Ogg Opus: second packet is not OpusTags"});
  }
  r.tags_ = std::move((*tags)->data);
  return r;
}

Result<std::optional<OggPacket>> OggOpusReader::next_packet() { return read_packet(); }

Result<std::optional<OggPacket>> OggOpusReader::read_packet() {
  OggPacket packet;
  for (;;) {
    if (seg_ == lacing_.size()) {
      // Load the next page.
      if (pos_ == file_.size()) {
        if (!packet.data.empty()) return unexpected(Error{Errc::kTruncated, "Ogg: packet continues past the last page"});
        return std::optional<OggPacket>();
      }
      if (file_.size() - pos_ < kPageHeader) return unexpected(Error{Errc::kTruncated, "Ogg: page header cut"});
      const uint8_t* h = &file_[pos_];
      if (std::memcmp(h, "OggS", 4) != 0 || h[4] != 0) return unexpected(Error{Errc::kMalformed, "Ogg: bad capture pattern or version"});
      size_t segments = h[26];
      if (file_.size() - pos_ - kPageHeader < segments) return unexpected(Error{Errc::kTruncated, "Ogg: lacing cut"});
      size_t body = 0;
      for (size_t i = 0; i < segments; ++i) body += h[kPageHeader + i];
      size_t page_size = kPageHeader + segments + body;
      if (file_.size() - pos_ < page_size) return unexpected(Error{Errc::kTruncated, "Ogg: page data cut"});
      // The CRC covers the page with its CRC field read as zero.
      uint8_t head_copy[kPageHeader];
      std::memcpy(head_copy, h, kPageHeader);
      std::memset(head_copy + 22, 0, 4);
      uint32_t crc = ogg_crc(std::span<const uint8_t>(head_copy, kPageHeader));
      for (size_t i = kPageHeader; i < page_size; ++i) crc = (crc << 8) ^ kCrcTable[((crc >> 24) ^ h[i]) & 0xff];
      if (crc != load_le32(h + 22)) return unexpected(Error{Errc::kAuthFailed, "Ogg: page CRC mismatch"});
      uint32_t serial = load_le32(h + 14);
      if (!have_serial_) {
        serial_ = serial;
        have_serial_ = true;
      } else if (serial != serial_) {
        return unexpected(Error{Errc::kUnsupported, "Ogg: multiplexed streams"});
      }
      granule_ = load_le64(h + 6);
      lacing_ = file_.subspan(pos_ + kPageHeader, segments);
      data_ = file_.subspan(pos_ + kPageHeader + segments, body);
      seg_ = 0;
      data_pos_ = 0;
      pos_ += page_size;
      continue;
    }
    size_t n = lacing_[seg_++];
    if (packet.data.size() + n > kMaxPacketSize) return unexpected(Error{Errc::kLimitExceeded, "Ogg: packet larger than limit"});
    packet.data.insert(packet.data.end(), data_.begin() + static_cast<ptrdiff_t>(data_pos_),
                       data_.begin() + static_cast<ptrdiff_t>(data_pos_ + n));
    data_pos_ += n;
    if (n < 255) {
      packet.granule_position = granule_;
      return std::optional<OggPacket>(std::move(packet));
    }
  }
}

OggOpusWriter::OggOpusWriter(uint32_t serial, const OpusHead& head, std::string_view vendor)
    : serial_(serial), granule_(head.pre_skip) {
  write_page(head.serialize(), 0x02, 0);
  std::vector<uint8_t> tags(8 + 4 + vendor.size() + 4);
  std::memcpy(tags.data(), "OpusTags", 8);
  store_le32(&tags[8], static_cast<uint32_t>(vendor.size()));
  std::memcpy(&tags[12], vendor.data(), vendor.size());
  store_le32(&tags[12 + vendor.size()], 0);
  write_page(tags, 0, 0);
}

void OggOpusWriter::write_page(std::span<const uint8_t> packet, uint8_t flags, uint64_t granule) {
  size_t segments = packet.size() / 255 + 1;
  size_t at = out_.size();
  out_.resize(at + kPageHeader + segments);
  uint8_t* h = &out_[at];
  std::memcpy(h, "OggS", 4);
  h[4] = 0;
  h[5] = flags;
  store_le64(h + 6, granule);
  store_le32(h + 14, serial_);
  store_le32(h + 18, sequence_++);
  store_le32(h + 22, 0);
  h[26] = static_cast<uint8_t>(segments);
  for (size_t i = 0; i + 1 < segments; ++i) h[kPageHeader + i] = 255;
  h[kPageHeader + segments - 1] = static_cast<uint8_t>(packet.size() % 255);
  out_.insert(out_.end(), packet.begin(), packet.end());
  uint32_t crc = ogg_crc(std::span<const uint8_t>(out_).subspan(at));
  store_le32(&out_[at + 22], crc);
}

void OggOpusWriter::flush_pending(bool last) {
  if (!has_pending_) return;
  write_page(pending_, last ? 0x04 : 0, pending_granule_);
  has_pending_ = false;
}

Status OggOpusWriter::write_packet(std::span<const uint8_t> packet) {
  if (finished_) return unexpected(Error{Errc::kWrongState, "Ogg: stream already finished"});
  // One packet per page keeps every page under 255 * 255 bytes only for packets that small.
  if (packet.size() >= 255 * 255) return unexpected(Error{Errc::kInvalidArgument, "Ogg: packet too large for one page"});
  auto samples = opus_packet_samples(packet);
  if (!samples) return unexpected(samples.error());
  // The previous page is written once we know it is not the last (the last one carries EOS).
  flush_pending(false);
  granule_ += *samples;
  pending_.assign(packet.begin(), packet.end());
  pending_granule_ = granule_;
  has_pending_ = true;
  return {};
}

const std::vector<uint8_t>& OggOpusWriter::finish() {
  if (!finished_) {
    flush_pending(true);
    finished_ = true;
  }
  return out_;
}

}  // namespace purertc::rtp
