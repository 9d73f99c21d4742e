// Minimal IVF (VP8) and Ogg Opus file reading and writing for the examples that play or save media
// (like Pion's pkg/media/ivfreader, oggreader, ivfwriter, oggwriter). Whole files in memory; an
// example fails loudly on a file it cannot read.
#pragma once

#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "common/example.h"

namespace example {

using Bytes = std::vector<uint8_t>;

inline Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot open " + path);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_file(const std::string& path, const Bytes& data) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (!out) fail("cannot write " + path);
}

inline uint64_t get_le(const Bytes& b, size_t pos, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = v << 8 | b[pos + static_cast<size_t>(i)];
  return v;
}

inline void put_le(Bytes& b, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// An IVF file: a 32-byte header ("DKIF", FourCC, size, timebase), then frames of (size, pts, data).
struct Ivf {
  double frame_rate = 30;
  std::vector<Bytes> frames;
};

inline Ivf read_ivf(const std::string& path) {
  Bytes b = read_file(path);
  if (b.size() < 32 || std::string(b.begin(), b.begin() + 4) != "DKIF") fail(path + " is not an IVF file");
  if (std::string(b.begin() + 8, b.begin() + 12) != "VP80") fail(path + " is not VP8");
  Ivf ivf;
  const uint64_t rate = get_le(b, 16, 4), scale = get_le(b, 20, 4);
  if (rate != 0 && scale != 0) ivf.frame_rate = static_cast<double>(rate) / static_cast<double>(scale);
  for (size_t pos = get_le(b, 6, 2); pos + 12 <= b.size();) {
    const size_t size = get_le(b, pos, 4);
    if (size > b.size() - pos - 12) fail(path + ": truncated frame");
    ivf.frames.emplace_back(b.begin() + static_cast<long>(pos + 12), b.begin() + static_cast<long>(pos + 12 + size));
    pos += 12 + size;
  }
  return ivf;
}

class IvfWriter {
 public:
  // The frame size goes into the header; set_size() corrects it once the first keyframe tells.
  IvfWriter(uint16_t width, uint16_t height) {
    for (char c : std::string("DKIF")) out_.push_back(static_cast<uint8_t>(c));
    put_le(out_, 0, 2);   // version
    put_le(out_, 32, 2);  // header size
    for (char c : std::string("VP80")) out_.push_back(static_cast<uint8_t>(c));
    put_le(out_, width, 2);
    put_le(out_, height, 2);
    put_le(out_, 90000, 4);  // timebase 1/90000: the RTP clock, so pts are RTP timestamps
    put_le(out_, 1, 4);
    put_le(out_, 0, 8);  // frame count (patched in bytes()) and unused
  }
  void write_frame(uint64_t pts, const Bytes& frame) {
    put_le(out_, frame.size(), 4);
    put_le(out_, pts, 8);
    out_.insert(out_.end(), frame.begin(), frame.end());
    ++frames_;
  }
  void set_size(uint16_t width, uint16_t height) {
    out_[12] = static_cast<uint8_t>(width);
    out_[13] = static_cast<uint8_t>(width >> 8);
    out_[14] = static_cast<uint8_t>(height);
    out_[15] = static_cast<uint8_t>(height >> 8);
  }
  const Bytes& bytes() {
    for (int i = 0; i < 4; ++i) out_[24 + static_cast<size_t>(i)] = static_cast<uint8_t>(frames_ >> (8 * i));
    return out_;
  }

 private:
  Bytes out_;
  uint32_t frames_ = 0;
};

// The frame size a VP8 keyframe announces (RFC 6386 section 9.1: 3-byte frame tag, start code 9d 01 2a,
// then 14-bit width and height, each with a 2-bit scale above).
inline bool vp8_keyframe_size(const Bytes& frame, uint16_t& width, uint16_t& height) {
  if (frame.size() < 10 || (frame[0] & 1) != 0 || frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a) {
    return false;
  }
  width = static_cast<uint16_t>(get_le(frame, 6, 2) & 0x3fff);
  height = static_cast<uint16_t>(get_le(frame, 8, 2) & 0x3fff);
  return true;
}

// The Opus packets of an Ogg Opus file (RFC 7845): pages of "OggS", 27 header bytes, a lacing table; a
// packet ends at a lacing value below 255. The first two packets are OpusHead and OpusTags.
inline std::vector<Bytes> read_ogg_opus(const std::string& path) {
  Bytes b = read_file(path);
  std::vector<Bytes> packets;
  Bytes packet;
  for (size_t pos = 0; pos + 27 <= b.size();) {
    if (std::string(b.begin() + static_cast<long>(pos), b.begin() + static_cast<long>(pos + 4)) != "OggS") {
      fail(path + " is not an Ogg file");
    }
    const size_t segments = b[pos + 26];
    size_t data = pos + 27 + segments;
    if (data > b.size()) fail(path + ": truncated page");
    for (size_t i = 0; i < segments; ++i) {
      const size_t len = b[pos + 27 + i];
      if (data + len > b.size()) fail(path + ": truncated page");
      packet.insert(packet.end(), b.begin() + static_cast<long>(data), b.begin() + static_cast<long>(data + len));
      data += len;
      if (len < 255) {
        packets.push_back(std::move(packet));
        packet.clear();
      }
    }
    pos = data;
  }
  if (packets.size() < 2 || std::string(packets[0].begin(), packets[0].begin() + 8) != "OpusHead") {
    fail(path + " is not Ogg Opus");
  }
  packets.erase(packets.begin(), packets.begin() + 2);
  return packets;
}

// Writes an Ogg Opus file with one packet per page; every packet is taken to be 20 ms (960 samples at
// 48 kHz), what browsers and purertc's examples send.
class OggOpusWriter {
 public:
  OggOpusWriter() {
    Bytes head = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 2};  // version 1, 2 channels
    put_le(head, 312, 2);                                            // pre-skip
    put_le(head, 48000, 4);                                          // input sample rate
    put_le(head, 0, 3);                                              // output gain, mapping family 0
    page(head, 2, 0);
    Bytes tags = {'O', 'p', 'u', 's', 'T', 'a', 'g', 's'};
    put_le(tags, 7, 4);
    for (char c : std::string("purertc")) tags.push_back(static_cast<uint8_t>(c));
    put_le(tags, 0, 4);  // no user comments
    page(tags, 0, 0);
  }
  void write_packet(const Bytes& packet) {
    granule_ += 960;
    page(packet, 0, granule_);
  }
  const Bytes& bytes() const { return out_; }

 private:
  // CRC-32, polynomial 0x04C11DB7, not reflected, initial value 0 (RFC 3533 section 6).
  static uint32_t crc(const Bytes& data, size_t from) {
    uint32_t c = 0;
    for (size_t i = from; i < data.size(); ++i) {
      c ^= static_cast<uint32_t>(data[i]) << 24;
      for (int k = 0; k < 8; ++k) c = (c & 0x80000000u) ? (c << 1) ^ 0x04C11DB7u : c << 1;
    }
    return c;
  }
  void page(const Bytes& packet, uint8_t flags, uint64_t granule) {
    if (packet.size() >= 255 * 255) fail("Opus packet too large for one Ogg page");
    const size_t start = out_.size();
    for (char c : std::string("OggS")) out_.push_back(static_cast<uint8_t>(c));
    out_.push_back(0);
    out_.push_back(flags);
    put_le(out_, granule, 8);
    put_le(out_, 0x70757265, 4);  // bitstream serial
    put_le(out_, sequence_++, 4);
    put_le(out_, 0, 4);  // CRC, filled below
    out_.push_back(static_cast<uint8_t>(packet.size() / 255 + 1));
    for (size_t i = 0; i < packet.size() / 255; ++i) out_.push_back(255);
    out_.push_back(static_cast<uint8_t>(packet.size() % 255));
    out_.insert(out_.end(), packet.begin(), packet.end());
    const uint32_t c = crc(out_, start);
    for (int i = 0; i < 4; ++i) out_[start + 22 + static_cast<size_t>(i)] = static_cast<uint8_t>(c >> (8 * i));
  }
  Bytes out_;
  uint32_t sequence_ = 0;
  uint64_t granule_ = 312;  // granule positions include the pre-skip
};

}  // namespace example
