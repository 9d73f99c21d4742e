// Real bitstreams end to end: ffmpeg encodes a test pattern; our readers split it into frames; each frame
// is packetized into RTP, the packets are reordered (and duplicated) by the seeded link model, and the
// sample builder with the codec's depacketizer must give back every frame byte for byte, in order, with the
// codec's keyframes flagged. The writers are checked by ffmpeg decoding what they wrote.
#include <gtest/gtest.h>

#include <memory>

#include "rtp/codec/audio.h"
#include "rtp/codec/av1.h"
#include "rtp/codec/h264.h"
#include "rtp/codec/h265.h"
#include "rtp/codec/nal_unit.h"
#include "rtp/codec/vp8.h"
#include "rtp/codec/vp9.h"
#include "rtp/media/annex_b.h"
#include "rtp/media/ivf.h"
#include "rtp/media/ogg.h"
#include "rtp/sample_builder.h"
#include "tests/rtp/ffmpeg_fixture.h"
#include "tests/sim/sim_link.h"

namespace purertc::rtp {
namespace {

using namespace purertc::rtp::testing;
using Frames = std::vector<std::vector<uint8_t>>;

constexpr size_t kMtu = 1200;
constexpr size_t kRtpHeader = 12;

struct RunResult {
  std::vector<AssembledFrame> frames;
  size_t packets = 0;
  size_t max_payload = 0;
};

RunResult send_through(Packetizer& pk, Depacketizer& dp, const Frames& frames, uint32_t ts_step, uint64_t seed) {
  sim::Impairment imp;
  imp.reorder = 0.25;
  imp.duplicate = 0.05;
  imp.jitter = Duration::millis(3);
  sim::SimLink link(imp, seed);
  Timestamp now;
  uint16_t seq = static_cast<uint16_t>(65536 - 50);  // wrap inside the run
  RunResult r;
  std::vector<std::vector<uint8_t>> first;
  for (size_t f = 0; f < frames.size(); ++f) {
    PayloadList list;
    auto st = pk.packetize(frames[f], kMtu - kRtpHeader, list);
    EXPECT_TRUE(st) << "frame " << f << ": " << to_string(st.error());
    for (size_t i = 0; i < list.size(); ++i) {
      RtpHeader h;
      h.payload_type = 96;
      h.sequence_number = seq++;
      h.timestamp = 0xffff0000u + static_cast<uint32_t>(f) * ts_step;
      h.ssrc = 0x5eed;
      h.marker = i + 1 == list.size();
      std::vector<uint8_t> p(h.serialized_size(list[i].size()));
      EXPECT_TRUE(h.write_to(p, list[i]));
      EXPECT_LE(p.size(), kMtu);
      r.max_payload = std::max(r.max_payload, list[i].size());
      // The first frame goes straight in: a receiver emits audio as soon as it arrives, so a packet sent
      // before the very first one delivered is late by definition and the comparison would lose it.
      if (f == 0) {
        first.push_back(std::move(p));
      } else {
        link.send(std::move(p), now);
      }
      ++r.packets;
    }
    now += Duration::micros(500);
  }
  SampleBuilder sb(dp);
  for (const auto& p : first) sb.push(*RtpPacketView::parse(p));
  while (!link.idle()) {
    now = link.next_delivery();
    while (auto p = link.receive(now)) {
      auto v = RtpPacketView::parse(*p);
      EXPECT_TRUE(v);
      sb.push(*v);
      while (auto f = sb.pop()) r.frames.push_back(std::move(*f));
    }
  }
  EXPECT_EQ(sb.stats().packets_lost, 0u);
  EXPECT_EQ(sb.stats().frames_dropped, 0u);
  return r;
}

void expect_same(const RunResult& r, const Frames& frames, const std::vector<bool>& keyframes) {
  ASSERT_EQ(r.frames.size(), frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(r.frames[i].data, frames[i]) << "frame " << i;
    EXPECT_EQ(r.frames[i].keyframe, keyframes[i]) << "frame " << i;
  }
  EXPECT_LE(r.max_payload, kMtu - kRtpHeader);
}

Frames read_ivf(const std::vector<uint8_t>& file, IvfHeader* header = nullptr) {
  Frames frames;
  auto r = IvfReader::open(file);
  EXPECT_TRUE(r);
  if (!r) return frames;
  if (header) *header = r->header();
  for (;;) {
    auto f = r->next();
    EXPECT_TRUE(f);
    if (!f || !*f) break;
    frames.emplace_back((*f)->data.begin(), (*f)->data.end());
  }
  return frames;
}

// Rewrites `frames` through IvfWriter and checks that ffmpeg decodes the file.
void check_ivf_writer(const TempDir& dir, const IvfHeader& header, const Frames& frames) {
  IvfWriter w(header);
  for (size_t i = 0; i < frames.size(); ++i) w.write_frame(i, frames[i]);
  write_file(dir.file("ours.ivf"), w.bytes());
  EXPECT_EQ(read_ivf(w.bytes()), frames);
  EXPECT_EQ(run("timeout 60 ffmpeg -hide_banner -loglevel error -nostdin -i '" + dir.file("ours.ivf") + "' -f null -"), 0);
}

TEST(MediaRoundTrip, Vp8FromLibvpx) {
  PURERTC_REQUIRE_ENCODER("libvpx");
  TempDir dir;
  ASSERT_TRUE(encode_video(dir.file("in.ivf"), "-c:v libvpx -g 10 -b:v 2M"));
  IvfHeader header;
  auto frames = read_ivf(read_file(dir.file("in.ivf")), &header);
  ASSERT_EQ(frames.size(), 24u);
  EXPECT_EQ(header.width, 320);
  std::vector<bool> key;
  for (const auto& f : frames) key.push_back((f[0] & 1) == 0);
  EXPECT_TRUE(key[0]);
  EXPECT_TRUE(key[10]);
  Vp8Packetizer pk(1000);
  Vp8Depacketizer dp;
  auto r = send_through(pk, dp, frames, 6000, 1);
  expect_same(r, frames, key);
  EXPECT_GT(r.packets, frames.size());  // some frames needed several packets
  check_ivf_writer(dir, header, frames);
}

void vp9_round_trip(bool flexible) {
  TempDir dir;
  ASSERT_TRUE(encode_video(dir.file("in.ivf"), "-c:v libvpx-vp9 -g 10 -b:v 2M -deadline realtime -cpu-used 8"));
  IvfHeader header;
  auto frames = read_ivf(read_file(dir.file("in.ivf")), &header);
  ASSERT_EQ(frames.size(), 24u);
  std::vector<bool> key;
  for (const auto& f : frames) {
    auto info = Vp9FrameInfo::parse(f);
    ASSERT_TRUE(info);
    key.push_back(info->keyframe);
  }
  EXPECT_TRUE(key[0]);
  Vp9Packetizer pk(flexible, 77);
  Vp9Depacketizer dp;
  auto r = send_through(pk, dp, frames, 6000, flexible ? 2 : 3);
  expect_same(r, frames, key);
  if (!flexible) check_ivf_writer(dir, header, frames);
}

TEST(MediaRoundTrip, Vp9NonFlexibleFromLibvpx) {
  PURERTC_REQUIRE_ENCODER("libvpx-vp9");
  vp9_round_trip(false);
}

TEST(MediaRoundTrip, Vp9FlexibleFromLibvpx) {
  PURERTC_REQUIRE_ENCODER("libvpx-vp9");
  vp9_round_trip(true);
}

template <class Pk, class Dp>
void annex_b_round_trip(VideoCodec codec, const std::string& args, const std::string& ext) {
  TempDir dir;
  ASSERT_TRUE(encode_video(dir.file("in." + ext), args));
  auto stream = read_file(dir.file("in." + ext));
  AnnexBReader reader(stream, codec);
  Frames frames;
  while (auto au = reader.next_access_unit()) frames.push_back(std::move(*au));
  ASSERT_EQ(frames.size(), 24u);
  Dp probe;
  std::vector<bool> key;
  for (const auto& au : frames) {
    // A keyframe access unit holds an IDR/IRAP slice or a parameter set.
    bool k = false;
    for_each_annex_b_nal(au, [&](std::span<const uint8_t> nal) { k = k || probe.is_keyframe(nal); });
    key.push_back(k);
  }
  EXPECT_TRUE(key[0]);
  EXPECT_TRUE(key[10]);
  EXPECT_FALSE(key[1]);
  Pk pk;
  Dp dp;
  auto r = send_through(pk, dp, frames, 6000, 4);
  expect_same(r, frames, key);
  // The writer's output, decoded by ffmpeg.
  AnnexBWriter w;
  for (const auto& au : frames) w.write_access_unit(au);
  write_file(dir.file("ours." + ext), w.bytes());
  EXPECT_EQ(run("timeout 60 ffmpeg -hide_banner -loglevel error -nostdin -i '" + dir.file("ours." + ext) + "' -f null -"), 0);
}

TEST(MediaRoundTrip, H264FromLibx264) {
  PURERTC_REQUIRE_ENCODER("libx264");
  annex_b_round_trip<H264Packetizer, H264Depacketizer>(
      VideoCodec::kH264, "-c:v libx264 -profile:v baseline -g 10 -keyint_min 10 -sc_threshold 0 -crf 12 -f h264", "h264");
}

TEST(MediaRoundTrip, H265FromLibx265) {
  PURERTC_REQUIRE_ENCODER("libx265");
  annex_b_round_trip<H265Packetizer, H265Depacketizer>(
      VideoCodec::kH265, "-c:v libx265 -x265-params log-level=error:keyint=10:min-keyint=10:scenecut=0:bframes=0 -crf 12 -f hevc",
      "h265");
}

TEST(MediaRoundTrip, Av1FromLibaom) {
  PURERTC_REQUIRE_ENCODER("libaom-av1");
  TempDir dir;
  ASSERT_TRUE(encode_video(dir.file("in.ivf"),
                           "-c:v libaom-av1 -cpu-used 8 -usage realtime -g 10 -keyint_min 10 -b:v 1M -threads 1"));
  IvfHeader header;
  auto frames = read_ivf(read_file(dir.file("in.ivf")), &header);
  ASSERT_EQ(frames.size(), 24u);
  std::vector<bool> key;
  for (const auto& f : frames) {
    // A temporal unit with a sequence header starts a coded video sequence (our keyframe signal).
    bool k = false;
    for (size_t pos = 0; pos < f.size();) {
      uint8_t type = (f[pos] >> 3) & 0x0f;
      size_t hs = (f[pos] & 0x04) ? 2 : 1;
      auto len = Leb128::parse(std::span(f).subspan(pos + hs));
      ASSERT_TRUE(len);
      if (type == kObuSequenceHeader) k = true;
      pos += hs + len->size + len->value;
    }
    key.push_back(k);
  }
  EXPECT_TRUE(key[0]);
  Av1Packetizer pk;
  Av1Depacketizer dp;
  auto r = send_through(pk, dp, frames, 6000, 5);
  expect_same(r, frames, key);
  check_ivf_writer(dir, header, frames);
}

TEST(MediaRoundTrip, OpusFromLibopus) {
  PURERTC_REQUIRE_ENCODER("libopus");
  TempDir dir;
  ASSERT_EQ(run("timeout 60 ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i sine=frequency=440:duration=2 "
                "-c:a libopus -b:a 48k '" + dir.file("in.opus") + "'"),
            0);
  auto file = read_file(dir.file("in.opus"));
  auto reader = OggOpusReader::open(file);
  ASSERT_TRUE(reader) << to_string(reader.error());
  EXPECT_EQ(reader->head().channels, 1);
  Frames packets;
  uint64_t last_granule = 0;
  for (;;) {
    auto p = reader->next_packet();
    ASSERT_TRUE(p) << to_string(p.error());
    if (!*p) break;
    last_granule = (*p)->granule_position;
    packets.push_back(std::move((*p)->data));
  }
  ASSERT_GE(packets.size(), 100u);  // 2 s of 20 ms packets, plus one for the encoder delay
  EXPECT_GE(last_granule, 96000u);
  OpusPacketizer pk;
  AudioDepacketizer dp;
  auto r = send_through(pk, dp, packets, 960, 6);
  expect_same(r, packets, std::vector<bool>(packets.size(), true));
  // Our writer: read back the same packets, and ffmpeg decodes it.
  OggOpusWriter w(1234, reader->head());
  for (const auto& p : packets) ASSERT_TRUE(w.write_packet(p));
  const auto& ours = w.finish();
  write_file(dir.file("ours.opus"), ours);
  auto back = OggOpusReader::open(ours);
  ASSERT_TRUE(back);
  Frames again;
  while (true) {
    auto p = back->next_packet();
    ASSERT_TRUE(p);
    if (!*p) break;
    again.push_back(std::move((*p)->data));
  }
  EXPECT_EQ(again, packets);
  EXPECT_EQ(run("timeout 60 ffmpeg -hide_banner -loglevel error -nostdin -i '" + dir.file("ours.opus") + "' -f null -"), 0);
}

TEST(MediaRoundTrip, G711AndG722FromFfmpeg) {
  PURERTC_REQUIRE_ENCODER("pcm_mulaw");
  PURERTC_REQUIRE_ENCODER("g722");
  TempDir dir;
  // PCMU: 8000 one-byte samples per second; G.722: 16 kHz audio as 8000 bytes per second (4-bit codewords).
  for (const char* fmt : {"-ar 8000 -c:a pcm_mulaw -f mulaw", "-ar 16000 -c:a g722 -f g722"}) {
    ASSERT_EQ(run(std::string("timeout 60 ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "
                              "sine=frequency=440:duration=1 ") + fmt + " '" + dir.file("in.raw") + "'"),
              0);
    auto pcm = read_file(dir.file("in.raw"));
    ASSERT_EQ(pcm.size(), 8000u) << fmt;
    // 20 ms frames of 160 bytes, as RTP/AVP sends them.
    Frames frames;
    for (size_t i = 0; i < pcm.size(); i += 160) {
      frames.emplace_back(pcm.begin() + static_cast<ptrdiff_t>(i), pcm.begin() + static_cast<ptrdiff_t>(i + 160));
    }
    SampleBytePacketizer pk;
    AudioDepacketizer dp;
    auto r = send_through(pk, dp, frames, 160, 7);
    expect_same(r, frames, std::vector<bool>(frames.size(), true));
  }
}

}  // namespace
}  // namespace purertc::rtp
