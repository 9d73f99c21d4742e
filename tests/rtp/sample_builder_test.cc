#include "rtp/sample_builder.h"

#include <gtest/gtest.h>

#include <vector>

#include "common/random.h"
#include "rtp/codec/audio.h"
#include "rtp/codec/h264.h"
#include "rtp/codec/vp8.h"
#include "rtp/rtx.h"
#include "tests/sim/sim_link.h"

namespace purertc::rtp {
namespace {

using Packet = std::vector<uint8_t>;

std::vector<uint8_t> random_frame(size_t n, uint64_t seed, bool key) {
  SeededRandom rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng.next_u32());
  v[0] = key ? 0x10 : 0x11;  // VP8 frame tag P bit
  return v;
}

// RTP packets for `frames`, starting near the sequence and timestamp wrap.
std::vector<Packet> packetize(Packetizer& pk, const std::vector<std::vector<uint8_t>>& frames, uint16_t seq0,
                              uint32_t ts0, size_t mtu = 1200) {
  std::vector<Packet> out;
  uint16_t seq = seq0;
  for (size_t f = 0; f < frames.size(); ++f) {
    PayloadList list;
    EXPECT_TRUE(pk.packetize(frames[f], mtu - 12, list));
    for (size_t i = 0; i < list.size(); ++i) {
      RtpHeader h;
      h.payload_type = 96;
      h.sequence_number = seq++;
      h.timestamp = ts0 + static_cast<uint32_t>(f * 3000);
      h.ssrc = 42;
      h.marker = i + 1 == list.size();
      Packet p(h.serialized_size(list[i].size()));
      EXPECT_TRUE(h.write_to(p, list[i]));
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::vector<AssembledFrame> drain(SampleBuilder& sb) {
  std::vector<AssembledFrame> out;
  while (auto f = sb.pop()) out.push_back(std::move(*f));
  return out;
}

void push(SampleBuilder& sb, const Packet& p) {
  auto v = RtpPacketView::parse(p);
  ASSERT_TRUE(v);
  sb.push(*v);
}

std::vector<std::vector<uint8_t>> test_frames(size_t n) {
  std::vector<std::vector<uint8_t>> frames;
  for (size_t i = 0; i < n; ++i) frames.push_back(random_frame(500 + 700 * (i % 5), i, i % 10 == 0));
  return frames;
}

TEST(SampleBuilder, InOrderAcrossSequenceAndTimestampWrap) {
  Vp8Packetizer pk;
  Vp8Depacketizer dp;
  SampleBuilder sb(dp);
  auto frames = test_frames(30);
  auto packets = packetize(pk, frames, 65500, 0xffff0000u);
  std::vector<AssembledFrame> got;
  for (const auto& p : packets) {
    push(sb, p);
    for (auto& f : drain(sb)) got.push_back(std::move(f));
  }
  ASSERT_EQ(got.size(), frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(got[i].data, frames[i]) << i;
    EXPECT_EQ(got[i].keyframe, i % 10 == 0);
    EXPECT_EQ(got[i].packets_lost_before, 0u);
    if (i > 0) {
      EXPECT_EQ(got[i].unwrapped_timestamp - got[i - 1].unwrapped_timestamp, 3000);
    }
  }
  EXPECT_EQ(sb.stats().frames_emitted, 30u);
}

TEST(SampleBuilder, ReorderedAndDuplicatedThroughSimLink) {
  Vp8Packetizer pk;
  Vp8Depacketizer dp;
  SampleBuilder sb(dp);
  auto frames = test_frames(60);
  auto packets = packetize(pk, frames, 65000, 4000000000u);
  sim::Impairment imp;
  imp.reorder = 0.3;
  imp.duplicate = 0.1;
  imp.jitter = Duration::millis(5);
  sim::SimLink link(imp, 11);
  Timestamp now;
  for (const auto& p : packets) {
    link.send(p, now);
    now += Duration::millis(1);
  }
  std::vector<AssembledFrame> got;
  while (!link.idle()) {
    now = link.next_delivery();
    while (auto p = link.receive(now)) {
      push(sb, *p);
      for (auto& f : drain(sb)) got.push_back(std::move(f));
    }
  }
  EXPECT_GT(link.stats().reordered, 0u);
  ASSERT_EQ(got.size(), frames.size());
  for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(got[i].data, frames[i]) << i;
  EXPECT_GT(sb.stats().packets_duplicate_or_late, 0u);
}

TEST(SampleBuilder, LossDropsFrameAndIsReported) {
  Vp8Packetizer pk;
  Vp8Depacketizer dp;
  SampleBuilder sb(dp, {.max_packets = 64, .max_reorder_packets = 5});
  auto frames = test_frames(20);
  auto packets = packetize(pk, frames, 100, 0);
  // Frame 3 (index) is 500 + 700*3 = 2600 bytes: 3 packets. Drop its middle packet.
  size_t idx = 0;
  for (size_t f = 0; f < 3; ++f) idx += (frames[f].size() + 1183) / 1184;
  std::vector<AssembledFrame> got;
  for (size_t i = 0; i < packets.size(); ++i) {
    if (i == idx + 1) continue;
    push(sb, packets[i]);
    for (auto& f : drain(sb)) got.push_back(std::move(f));
  }
  ASSERT_EQ(got.size(), frames.size() - 1);
  EXPECT_EQ(got[2].data, frames[2]);
  EXPECT_EQ(got[3].data, frames[4]);
  EXPECT_EQ(got[3].packets_lost_before, 3u);  // the lost packet and the two around it
  EXPECT_EQ(sb.stats().frames_dropped, 1u);
}

TEST(SampleBuilder, LostFrameHeadDropsTail) {
  Vp8Packetizer pk;
  Vp8Depacketizer dp;
  SampleBuilder sb(dp, {.max_packets = 64, .max_reorder_packets = 4});
  auto frames = test_frames(10);
  auto packets = packetize(pk, frames, 0, 0);
  size_t idx = 0;
  for (size_t f = 0; f < 4; ++f) idx += (frames[f].size() + 1183) / 1184;  // frame 4: 3300 bytes, 3 packets
  std::vector<AssembledFrame> got;
  for (size_t i = 0; i < packets.size(); ++i) {
    if (i == idx) continue;
    push(sb, packets[i]);
    for (auto& f : drain(sb)) got.push_back(std::move(f));
  }
  ASSERT_EQ(got.size(), frames.size() - 1);
  EXPECT_EQ(got[4].data, frames[5]);
  EXPECT_EQ(got[4].packets_lost_before, 3u);
}

TEST(SampleBuilder, H264MultiNalFrameNeedsTimestampChangeAfterLoss) {
  // Two slices per frame, each in its own packet. After losing the first slice, the second one is not an
  // access unit start (first_mb_in_slice != 0), so it is dropped rather than emitted as a frame.
  H264Packetizer pk;
  H264Depacketizer dp;
  SampleBuilder sb(dp, {.max_packets = 64, .max_reorder_packets = 3});
  std::vector<std::vector<uint8_t>> frames;
  for (int i = 0; i < 8; ++i) {
    std::vector<uint8_t> au = {0, 0, 0, 1, 0x41};
    au.insert(au.end(), 900, static_cast<uint8_t>(0x90 + i));  // first_mb_in_slice = 0
    au.insert(au.end(), {0, 0, 0, 1, 0x41});
    au.insert(au.end(), 900, static_cast<uint8_t>(0x20 + i));  // a later slice
    frames.push_back(au);
  }
  auto packets = packetize(pk, frames, 10, 0);
  ASSERT_EQ(packets.size(), 16u);
  std::vector<AssembledFrame> got;
  for (size_t i = 0; i < packets.size(); ++i) {
    if (i == 6) continue;  // the first packet of frame 3
    push(sb, packets[i]);
    for (auto& f : drain(sb)) got.push_back(std::move(f));
  }
  ASSERT_EQ(got.size(), 7u);
  EXPECT_EQ(got[2].data, frames[2]);
  EXPECT_EQ(got[3].data, frames[4]);
  EXPECT_EQ(got[3].packets_lost_before, 2u);
}

TEST(SampleBuilder, AudioEveryPacketIsAFrame) {
  OpusPacketizer pk;
  AudioDepacketizer dp;
  SampleBuilder sb(dp, {.max_packets = 16, .max_reorder_packets = 2});
  std::vector<std::vector<uint8_t>> frames;
  for (int i = 0; i < 10; ++i) frames.push_back(std::vector<uint8_t>(60, static_cast<uint8_t>(i)));
  auto packets = packetize(pk, frames, 65533, 0);
  std::vector<AssembledFrame> got;
  for (size_t i = 0; i < packets.size(); ++i) {
    if (i == 4) continue;
    push(sb, packets[i]);
    for (auto& f : drain(sb)) got.push_back(std::move(f));
  }
  ASSERT_EQ(got.size(), 9u);
  EXPECT_EQ(got[4].data, frames[5]);
  EXPECT_EQ(got[4].packets_lost_before, 1u);
}

TEST(SampleBuilder, LimitsAndWindow) {
  Vp8Depacketizer dp;
  SampleBuilder sb(dp, {.max_packets = 8, .max_reorder_packets = 2, .max_payload_size = 100});
  RtpHeader h;
  h.marker = true;
  Packet big(h.serialized_size(200));
  std::vector<uint8_t> payload(200, 0x10);
  ASSERT_TRUE(h.write_to(big, payload));
  push(sb, big);
  EXPECT_EQ(sb.stats().packets_rejected, 1u);
  // A jump past the window gives up on everything before it.
  Vp8Packetizer pk;
  auto frames = test_frames(3);
  for (auto& f : frames) f.resize(50);
  auto packets = packetize(pk, frames, 0, 0);
  push(sb, packets[0]);
  Packet far = packets[2];
  rewrite_sequence_number(far, 40);
  push(sb, far);
  EXPECT_TRUE(drain(sb).empty());  // 39 may still come
  Packet next = packets[1];
  rewrite_sequence_number(next, 41);
  rewrite_timestamp(next, 9000);
  push(sb, next);
  auto got = drain(sb);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].first_sequence, 40);
  EXPECT_EQ(got[0].packets_lost_before, 39u);  // 1..39: seq 0 arrived, everything up to 39 did not
  EXPECT_EQ(got[1].first_sequence, 41);
}

TEST(Rtx, EncapsulateAndRestore) {
  RtpHeader h;
  h.payload_type = 96;
  h.sequence_number = 1234;
  h.timestamp = 99;
  h.ssrc = 0x1111;
  h.marker = true;
  const uint8_t mid[] = {'v'};
  ASSERT_TRUE(h.add_extension(1, mid));
  h.padding = 4;
  std::vector<uint8_t> payload = {1, 2, 3, 4, 5};
  Packet original(h.serialized_size(payload.size()));
  ASSERT_TRUE(h.write_to(original, payload));
  auto ov = RtpPacketView::parse(original);
  ASSERT_TRUE(ov);
  Packet rtx(original.size() + 2);
  auto n = rtx_encapsulate(*ov, 97, 0x2222, 7, rtx);
  ASSERT_TRUE(n);
  rtx.resize(*n);
  auto rv = RtpPacketView::parse(rtx);
  ASSERT_TRUE(rv);
  EXPECT_EQ(rv->payload_type(), 97);
  EXPECT_EQ(rv->ssrc(), 0x2222u);
  EXPECT_EQ(rv->sequence_number(), 7);
  EXPECT_TRUE(rv->marker());
  EXPECT_EQ(rv->padding_size(), 0u);
  EXPECT_EQ(rv->payload().size(), 7u);
  EXPECT_EQ(rv->payload()[0], 1234 >> 8);
  EXPECT_EQ((*rv->extension(1))[0], 'v');
  Packet back(rtx.size());
  auto m = rtx_decapsulate(*rv, 96, 0x1111, back);
  ASSERT_TRUE(m);
  back.resize(*m);
  auto bv = RtpPacketView::parse(back);
  ASSERT_TRUE(bv);
  EXPECT_EQ(bv->sequence_number(), 1234);
  EXPECT_EQ(bv->ssrc(), 0x1111u);
  EXPECT_EQ(bv->payload_type(), 96);
  EXPECT_EQ(std::vector<uint8_t>(bv->payload().begin(), bv->payload().end()), payload);
  Packet small(5);
  EXPECT_EQ(rtx_encapsulate(*ov, 97, 1, 1, small).error().code, Errc::kBufferTooSmall);
  EXPECT_EQ(rtx_decapsulate(*ov, 97, 1, small).error().code, Errc::kBufferTooSmall);
  // A padding-only RTX probe carries no packet.
  RtpHeader probe;
  probe.padding = 8;
  Packet pp(probe.serialized_size(0));
  ASSERT_TRUE(probe.write_to(pp, {}));
  EXPECT_EQ(rtx_decapsulate(*RtpPacketView::parse(pp), 96, 1, back).error().code, Errc::kTruncated);
}

}  // namespace
}  // namespace purertc::rtp
