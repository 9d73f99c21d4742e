#include "media.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "rtp/codec/audio.h"
#include "rtp/media/ivf.h"
#include "rtp/media/ogg.h"

namespace purertc::peer {
namespace {

constexpr size_t kMaxFileBytes = 256 * 1024 * 1024;
constexpr size_t kMaxFrames = 1000000;

std::optional<std::vector<uint8_t>> read_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    error = "cannot open " + path;
    return std::nullopt;
  }
  auto size = static_cast<size_t>(in.tellg());
  if (size > kMaxFileBytes) {
    error = path + " is larger than " + std::to_string(kMaxFileBytes) + " bytes";
    return std::nullopt;
  }
  in.seekg(0);
  std::vector<uint8_t> data(size);
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(size));
  if (!in) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  return data;
}

}  // namespace

std::chrono::microseconds MediaStream::length() const {
  std::chrono::microseconds total{0};
  for (const auto& f : frames) total += f.duration;
  return total;
}

std::optional<MediaStream> load_ivf_vp8(const std::string& path, std::string& error) {
  auto file = read_file(path, error);
  if (!file) return std::nullopt;
  auto reader = rtp::IvfReader::open(*file);
  if (!reader) {
    error = path + " is not an IVF file: " + to_string(reader.error());
    return std::nullopt;
  }
  const rtp::IvfHeader& h = reader->header();
  if (std::string(h.fourcc.begin(), h.fourcc.end()) != "VP80") {
    error = path + " is not VP8 (IVF FourCC " + std::string(h.fourcc.begin(), h.fourcc.end()) + ")";
    return std::nullopt;
  }
  if (h.timebase_denominator == 0 || h.timebase_numerator == 0) {
    error = path + " has a zero IVF timebase";
    return std::nullopt;
  }
  // pts * numerator / denominator seconds.
  auto to_us = [&](uint64_t pts) {
    return std::chrono::microseconds(static_cast<int64_t>(static_cast<double>(pts) * h.timebase_numerator * 1e6 /
                                                          h.timebase_denominator));
  };
  MediaStream stream;
  std::vector<uint64_t> pts;
  for (;;) {
    auto frame = reader->next();
    if (!frame) {
      error = path + ": " + to_string(frame.error());
      return std::nullopt;
    }
    if (!*frame) break;
    if (stream.frames.size() >= kMaxFrames) break;
    stream.frames.push_back({std::vector<uint8_t>((*frame)->data.begin(), (*frame)->data.end()), {}});
    pts.push_back((*frame)->pts);
  }
  if (stream.frames.empty()) {
    error = path + " has no frames";
    return std::nullopt;
  }
  const auto fallback = std::chrono::microseconds(33333);
  for (size_t i = 0; i < stream.frames.size(); ++i) {
    auto d = i + 1 < pts.size() && pts[i + 1] > pts[i] ? to_us(pts[i + 1] - pts[i])
                                                        : (i > 0 ? stream.frames[i - 1].duration : fallback);
    // A bogus timebase must not stall or flood the sender.
    stream.frames[i].duration = std::clamp(d, std::chrono::microseconds(1000), std::chrono::microseconds(1000000));
  }
  return stream;
}

std::optional<MediaStream> load_ogg_opus(const std::string& path, std::string& error) {
  auto file = read_file(path, error);
  if (!file) return std::nullopt;
  auto reader = rtp::OggOpusReader::open(*file);
  if (!reader) {
    error = path + " is not an Ogg Opus file: " + to_string(reader.error());
    return std::nullopt;
  }
  MediaStream stream;
  for (;;) {
    auto packet = reader->next_packet();
    if (!packet) {
      error = path + ": " + to_string(packet.error());
      return std::nullopt;
    }
    if (!*packet) break;
    if (stream.frames.size() >= kMaxFrames) break;
    auto samples = rtp::opus_packet_samples((*packet)->data);
    if (!samples || *samples == 0) {
      error = path + ": an Opus packet with invalid framing";
      return std::nullopt;
    }
    stream.frames.push_back({std::move((*packet)->data), std::chrono::microseconds(int64_t{*samples} * 1000 / 48)});
  }
  if (stream.frames.empty()) {
    error = path + " has no Opus packets";
    return std::nullopt;
  }
  return stream;
}

MediaStream synthetic_vp8() {
  MediaStream s;
  for (int i = 0; i < 30; ++i) {
    MediaFrame f;
    f.data.resize(i == 0 ? 4000 : 600 + 40 * static_cast<size_t>(i));
    for (size_t j = 0; j < f.data.size(); ++j) f.data[j] = static_cast<uint8_t>(i * 31 + j * 7 + (j >> 8));
    // RFC 6386 9.1: bit 0 of the first byte is 0 for a keyframe.
    f.data[0] = static_cast<uint8_t>((f.data[0] & 0xfe) | (i == 0 ? 0 : 1));
    f.duration = std::chrono::microseconds(33333);
    s.frames.push_back(std::move(f));
  }
  return s;
}

MediaStream synthetic_opus() {
  MediaStream s;
  for (int i = 0; i < 50; ++i) {
    MediaFrame f;
    f.data.resize(80);
    // TOC (RFC 6716 3.1): config 15 (Hybrid FB 20 ms), mono, one frame; then a pattern.
    f.data[0] = 15 << 3;
    for (size_t j = 1; j < f.data.size(); ++j) f.data[j] = static_cast<uint8_t>(i * 13 + j * 3);
    f.duration = std::chrono::milliseconds(20);
    s.frames.push_back(std::move(f));
  }
  return s;
}

RtpCodec vp8_codec() { return RtpCodec{"video/VP8", 90000, 0, "", {}, 96}; }
RtpCodec opus_codec() { return RtpCodec{"audio/opus", 48000, 2, "minptime=10;useinbandfec=1", {}, 111}; }

MediaPacer::MediaPacer(std::vector<Source> sources, std::chrono::steady_clock::time_point until)
    : sources_(std::move(sources)) {
  thread_ = std::thread([this, until] { run(until); });
}

MediaPacer::~MediaPacer() { stop(); }

void MediaPacer::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::string MediaPacer::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void MediaPacer::run(std::chrono::steady_clock::time_point until) {
  using Clock = std::chrono::steady_clock;
  struct Cursor {
    size_t next = 0;
    Clock::time_point due;
  };
  std::vector<Cursor> cursors(sources_.size(), Cursor{0, Clock::now()});
  while (!stop_ && !sources_.empty()) {
    size_t which = 0;
    for (size_t i = 1; i < cursors.size(); ++i) {
      if (cursors[i].due < cursors[which].due) which = i;
    }
    Cursor& c = cursors[which];
    if (c.due >= until) return;
    // After a stall (a loaded machine) catch up by skipping time, not by sending a burst.
    if (Clock::now() - c.due > std::chrono::milliseconds(200)) c.due = Clock::now();
    // Sleep in short steps so stop() is prompt.
    while (!stop_ && Clock::now() < c.due) {
      std::this_thread::sleep_for(std::min<Clock::duration>(c.due - Clock::now(), std::chrono::milliseconds(20)));
    }
    if (stop_) return;
    Source& s = sources_[which];
    const MediaFrame& f = s.stream.frames[c.next];
    if (auto r = s.track->write_sample(f.data, f.duration); !r) {
      std::lock_guard lock(mutex_);
      if (error_.empty()) error_ = std::string(to_string(s.track->kind())) + " frame refused: " + to_string(r.error());
    }
    frames_sent_ += 1;
    c.due += f.duration;
    c.next = (c.next + 1) % s.stream.frames.size();
  }
}

}  // namespace purertc::peer
