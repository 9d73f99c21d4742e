// Ogg pages (RFC 3533 6) carrying Opus (RFC 7845):
//
//   "OggS" | version (8) = 0 | header type (8: 1 continued, 2 BOS, 4 EOS) | granule position (64 LE) |
//   bitstream serial (32 LE) | page sequence (32 LE) | CRC (32 LE) | page segments (8) | lacing values |
//   data
//
// The CRC is CRC-32 with polynomial 0x04C11DB7, not reflected, initial value 0, over the page with its CRC
// field zeroed. A packet is the concatenation of lacing values up to one below 255; it may span pages.
// Ogg Opus: the first packet is OpusHead (RFC 7845 5.1), the second OpusTags (5.2), then one Opus packet
// each; granule positions count 48 kHz samples including the pre-skip.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace purertc::rtp {

uint32_t ogg_crc(std::span<const uint8_t> data);

struct OpusHead {
  uint8_t channels = 2;
  uint16_t pre_skip = 312;
  uint32_t input_sample_rate = 48000;
  int16_t output_gain = 0;
  uint8_t mapping_family = 0;
  static Result<OpusHead> parse(std::span<const uint8_t> packet);
  std::vector<uint8_t> serialize() const;
};

struct OggPacket {
  std::vector<uint8_t> data;
  uint64_t granule_position = 0;  // of the page on which the packet ends
};

class OggOpusReader {
 public:
  static constexpr size_t kMaxPacketSize = 1024 * 1024;
  // Reads the OpusHead and OpusTags packets of a whole file in memory.
  static Result<OggOpusReader> open(std::span<const uint8_t> file);
  const OpusHead& head() const { return head_; }
  const std::vector<uint8_t>& tags() const { return tags_; }
  // The next Opus packet, nullopt at the end; errors for a bad page or CRC.
  Result<std::optional<OggPacket>> next_packet();

 private:
  Result<std::optional<OggPacket>> read_packet();
  std::span<const uint8_t> file_;
  size_t pos_ = 0;
  uint32_t serial_ = 0;
  bool have_serial_ = false;
  // The page being consumed: its lacing values and data.
  std::span<const uint8_t> lacing_, data_;
  size_t seg_ = 0, data_pos_ = 0;
  uint64_t granule_ = 0;
  OpusHead head_;
  std::vector<uint8_t> tags_;
};

class OggOpusWriter {
 public:
  OggOpusWriter(uint32_t serial, const OpusHead& head, std::string_view vendor = "purertc");
  // Writes one Opus packet on its own page; kMalformed when its TOC is invalid.
  Status write_packet(std::span<const uint8_t> packet);
  // Writes the last page with the end-of-stream flag; nothing may be written afterwards.
  const std::vector<uint8_t>& finish();

 private:
  void write_page(std::span<const uint8_t> packet, uint8_t flags, uint64_t granule);
  void flush_pending(bool last);
  std::vector<uint8_t> out_;
  uint32_t serial_;
  uint32_t sequence_ = 0;
  uint64_t granule_;
  std::vector<uint8_t> pending_;
  uint64_t pending_granule_ = 0;
  bool has_pending_ = false;
  bool finished_ = false;
};

}  // namespace purertc::rtp
