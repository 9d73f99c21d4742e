#include <gtest/gtest.h>

#include <vector>

#include "common/hex.h"
#include "common/random.h"
#include "rtp/codec/audio.h"
#include "rtp/codec/av1.h"
#include "rtp/codec/h264.h"
#include "rtp/codec/h265.h"
#include "rtp/codec/nal_unit.h"
#include "rtp/codec/vp8.h"
#include "rtp/codec/vp9.h"

namespace purertc::rtp {
namespace {

std::vector<uint8_t> hex(const char* s) { return *from_hex(s); }

std::vector<uint8_t> random_bytes(size_t n, uint64_t seed) {
  SeededRandom rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng.next_u32());
  return v;
}

void append(std::vector<uint8_t>& v, std::initializer_list<uint8_t> bytes) { v.insert(v.end(), bytes); }
void append(std::vector<uint8_t>& v, const std::vector<uint8_t>& bytes) { v.insert(v.end(), bytes.begin(), bytes.end()); }

// Packetizes, checks the MTU, then depacketizes in order into one frame.
std::vector<uint8_t> round_trip(Packetizer& pk, Depacketizer& dp, std::span<const uint8_t> frame, size_t mtu,
                                size_t* packets = nullptr, bool* key = nullptr) {
  PayloadList list;
  auto st = pk.packetize(frame, mtu, list);
  EXPECT_TRUE(st) << to_string(st.error());
  std::vector<uint8_t> out;
  dp.begin_frame(out);
  for (size_t i = 0; i < list.size(); ++i) {
    EXPECT_LE(list[i].size(), mtu);
    if (i == 0) {
      EXPECT_TRUE(dp.is_partition_head(list[i]));
    }
    if (key && i == 0) *key = dp.is_keyframe(list[i]);
    auto s = dp.depacketize(list[i], out);
    EXPECT_TRUE(s) << to_string(s.error());
  }
  if (packets) *packets = list.size();
  return out;
}

TEST(Audio, OpusPassThroughAndDuration) {
  OpusPacketizer pk;
  AudioDepacketizer dp;
  auto frame = hex("fc ff fe");
  EXPECT_EQ(round_trip(pk, dp, frame, 1200), frame);
  PayloadList list;
  EXPECT_FALSE(pk.packetize(random_bytes(1300, 1), 1200, list));
  EXPECT_EQ(*opus_packet_samples(hex("fc")), 960u);    // CELT FB 20 ms, one frame
  EXPECT_EQ(*opus_packet_samples(hex("79")), 1920u);   // hybrid FB 20 ms, code 1: two frames
  EXPECT_EQ(*opus_packet_samples(hex("0b 03")), 2880u);  // SILK NB 20 ms, code 3 with three frames
  EXPECT_FALSE(opus_packet_samples(hex("03")));
  EXPECT_FALSE(opus_packet_samples(hex("1b 3f")));  // 63 x 60 ms
}

TEST(Audio, G711SplitsAtMtu) {
  SampleBytePacketizer pk;
  AudioDepacketizer dp;
  auto pcm = random_bytes(500, 2);
  PayloadList list;
  ASSERT_TRUE(pk.packetize(pcm, 160, list));
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[3].size(), 20u);
  std::vector<uint8_t> out;
  for (size_t i = 0; i < list.size(); ++i) ASSERT_TRUE(dp.depacketize(list[i], out));
  EXPECT_EQ(out, pcm);
  EXPECT_TRUE(dp.one_frame_per_packet());
}

TEST(Vp8, DescriptorForms) {
  // X=1 S=1 PID=0; I L T K all set; 15-bit picture id 0x1234; TL0PICIDX 7; TID 2 Y KEYIDX 5.
  auto d = Vp8Descriptor::parse(hex("90 f0 9234 07 a5 00"));
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->start_of_partition);
  EXPECT_EQ(*d->picture_id, 0x1234);
  EXPECT_EQ(*d->tl0_pic_idx, 7);
  EXPECT_EQ(*d->temporal_id, 2);
  EXPECT_TRUE(d->layer_sync);
  EXPECT_EQ(*d->key_idx, 5);
  EXPECT_EQ(d->size, 6u);
  auto s = Vp8Descriptor::parse(hex("80 80 12 00"));  // 7-bit picture id
  ASSERT_TRUE(s);
  EXPECT_EQ(*s->picture_id, 0x12);
  EXPECT_EQ(Vp8Descriptor::parse(hex("10"))->size, 1u);
  EXPECT_FALSE(Vp8Descriptor::parse(hex("90 80 92")));
  EXPECT_FALSE(Vp8Descriptor::parse(hex("90")));
  EXPECT_FALSE(Vp8Descriptor::parse(hex("90 40")));
  EXPECT_FALSE(Vp8Descriptor::parse(hex("90 20")));
  Vp8Depacketizer dp;
  std::vector<uint8_t> out;
  EXPECT_FALSE(dp.depacketize(hex("90 80 92 34"), out));  // descriptor only
}

TEST(Vp8, PacketizeRoundTripAndKeyframe) {
  Vp8Packetizer pk(0x7ffe);
  Vp8Depacketizer dp;
  auto frame = random_bytes(3000, 3);
  frame[0] = 0x10;  // P bit clear: keyframe
  size_t n = 0;
  bool key = false;
  EXPECT_EQ(round_trip(pk, dp, frame, 1200, &n, &key), frame);
  EXPECT_EQ(n, 3u);
  EXPECT_TRUE(key);
  frame[0] = 0x11;
  EXPECT_EQ(round_trip(pk, dp, frame, 1200, &n, &key), frame);
  EXPECT_FALSE(key);
  // Picture ids continue across frames and wrap at 15 bits.
  PayloadList list;
  ASSERT_TRUE(pk.packetize(frame, 1200, list));
  EXPECT_EQ(*Vp8Descriptor::parse(list[0])->picture_id, 0);
  EXPECT_FALSE(pk.packetize(frame, 4, list));
}

// A VP9 profile-0 keyframe header for 320x240 followed by filler (see Vp9FrameInfo).
std::vector<uint8_t> vp9_keyframe(size_t size) {
  auto f = hex("82 498342 00 13 f0 0e f0");
  auto rest = random_bytes(size - f.size(), 4);
  append(f, rest);
  return f;
}

TEST(Vp9, FrameInfo) {
  auto info = Vp9FrameInfo::parse(vp9_keyframe(100));
  ASSERT_TRUE(info) << to_string(info.error());
  EXPECT_TRUE(info->keyframe);
  EXPECT_EQ(info->width, 320);
  EXPECT_EQ(info->height, 240);
  auto inter = Vp9FrameInfo::parse(hex("86 00"));
  ASSERT_TRUE(inter);
  EXPECT_FALSE(inter->keyframe);
  EXPECT_TRUE(Vp9FrameInfo::parse(hex("88"))->show_existing_frame);
  EXPECT_FALSE(Vp9FrameInfo::parse(hex("02")));
  EXPECT_FALSE(Vp9FrameInfo::parse(hex("82 498300")));
}

TEST(Vp9, NonFlexibleRoundTripCarriesScalabilityStructure) {
  Vp9Packetizer pk(false, 5);
  Vp9Depacketizer dp;
  auto key = vp9_keyframe(2500);
  size_t n = 0;
  bool is_key = false;
  EXPECT_EQ(round_trip(pk, dp, key, 1000, &n, &is_key), key);
  EXPECT_TRUE(is_key);
  EXPECT_EQ(n, 3u);
  PayloadList list;
  ASSERT_TRUE(pk.packetize(key, 1000, list));
  auto d = Vp9Descriptor::parse(list[0]);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->has_scalability_structure);
  EXPECT_EQ(d->width[0], 320);
  EXPECT_EQ(d->height[0], 240);
  EXPECT_EQ(*d->picture_id, 6);
  EXPECT_TRUE(Vp9Descriptor::parse(list[list.size() - 1])->end_of_frame);
  auto inter = hex("86");
  append(inter, random_bytes(1500, 5));
  EXPECT_EQ(round_trip(pk, dp, inter, 1000, &n, &is_key), inter);
  EXPECT_FALSE(is_key);
}

TEST(Vp9, FlexibleRoundTripListsReference) {
  Vp9Packetizer pk(true);
  Vp9Depacketizer dp;
  auto inter = hex("86");
  append(inter, random_bytes(2000, 6));
  EXPECT_EQ(round_trip(pk, dp, inter, 700), inter);
  PayloadList list;
  ASSERT_TRUE(pk.packetize(inter, 700, list));
  auto d = Vp9Descriptor::parse(list[0]);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->flexible);
  ASSERT_EQ(d->p_diff_count, 1);
  EXPECT_EQ(d->p_diff[0], 1);
}

TEST(Vp9, DescriptorWithLayersAndGroups) {
  // I P L F=0 B E V: pid 0x05, TID 1 U SID 1 D, TL0PICIDX 9, SS: N_S=1 (2 layers) Y G, sizes, N_G=1 with
  // one reference (TID 0 U R=1) P_DIFF 1.
  auto d = Vp9Descriptor::parse(hex("ee 05 33 09 38 0140 00f0 0280 01e0 01 14 01 aa"));
  ASSERT_TRUE(d) << to_string(d.error());
  EXPECT_EQ(d->temporal_id, 1);
  EXPECT_EQ(d->spatial_id, 1);
  EXPECT_TRUE(d->switching_up);
  EXPECT_TRUE(d->inter_layer_dependency);
  EXPECT_EQ(*d->tl0_pic_idx, 9);
  EXPECT_EQ(d->spatial_layers, 2);
  EXPECT_EQ(d->width[1], 640);
  EXPECT_EQ(d->height[1], 480);
  EXPECT_EQ(d->size, 16u);
  // Flexible with three P_DIFFs.
  auto f = Vp9Descriptor::parse(hex("d8 8001 03 05 06 aa"));
  ASSERT_TRUE(f) << to_string(f.error());
  EXPECT_EQ(f->p_diff_count, 3);
  EXPECT_EQ(f->p_diff[2], 3);
  EXPECT_FALSE(Vp9Descriptor::parse(hex("d8 8001 03 05 07 09 aa")));  // fourth P_DIFF
  EXPECT_FALSE(Vp9Descriptor::parse(hex("58 aa")));                   // F without I
  EXPECT_FALSE(Vp9Descriptor::parse(hex("a0 05")));                   // L without byte
  EXPECT_FALSE(Vp9Descriptor::parse(hex("8a 05 18 0140")));           // SS sizes cut
}

// Random bytes without start-code emulation (00 00 becomes 00 01), ending in a non-zero byte, so the test
// controls where NAL units begin.
std::vector<uint8_t> slice_body(size_t n, uint64_t seed) {
  auto body = random_bytes(n, seed);
  for (size_t i = 0; i + 1 < body.size(); ++i) {
    if (body[i] == 0 && body[i + 1] == 0) body[i + 1] = 1;
  }
  body.back() = 0x80;
  return body;
}

std::vector<uint8_t> h264_access_unit() {
  std::vector<uint8_t> au;
  append(au, {0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1f, 0xda, 0x01});  // SPS
  append(au, {0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80});              // PPS
  append(au, {0, 0, 0, 1, 0x06, 0x05, 0x01, 0x80});              // SEI
  append(au, {0, 0, 0, 1, 0x65});                                // IDR slice
  append(au, slice_body(4000, 7));
  return au;
}

TEST(H264, StapAAndFuARoundTrip) {
  H264Packetizer pk;
  H264Depacketizer dp;
  auto au = h264_access_unit();
  size_t n = 0;
  bool key = false;
  EXPECT_EQ(round_trip(pk, dp, au, 1200, &n, &key), au);
  EXPECT_TRUE(key);  // the STAP-A carries the SPS
  PayloadList list;
  ASSERT_TRUE(pk.packetize(au, 1200, list));
  EXPECT_EQ(h264_nal_type(list[0][0]), kH264StapA);
  EXPECT_EQ(h264_nal_type(list[1][0]), kH264FuA);
  EXPECT_EQ(list.size(), 5u);  // STAP-A + 4 FU-A for a 4001-byte slice
  // 3-byte start codes come back as 4-byte ones.
  auto short_sc = hex("000001 41 aabb 000001 41 ccdd");
  EXPECT_EQ(round_trip(pk, dp, short_sc, 1200), hex("00000001 41 aabb 00000001 41 ccdd"));
  // Small MTU: single NAL units only.
  EXPECT_EQ(round_trip(pk, dp, au, 12), au);
}

TEST(H264, DepacketizerRejectsMalformed) {
  H264Depacketizer dp;
  std::vector<uint8_t> out;
  EXPECT_FALSE(dp.depacketize({}, out));
  EXPECT_FALSE(dp.depacketize(hex("18"), out));             // empty STAP-A
  EXPECT_FALSE(dp.depacketize(hex("18 0005 6742"), out));   // size past end
  EXPECT_FALSE(dp.depacketize(hex("18 00"), out));          // size cut
  EXPECT_FALSE(dp.depacketize(hex("7c 05 aa"), out));       // FU-A continuation without start
  EXPECT_FALSE(dp.depacketize(hex("7c c5 aa"), out));       // S and E
  EXPECT_FALSE(dp.depacketize(hex("7c 85"), out));          // no data
  EXPECT_FALSE(dp.depacketize(hex("19 00"), out));          // STAP-B
  EXPECT_FALSE(dp.depacketize(hex("1d 85 00"), out));       // FU-B
  EXPECT_TRUE(dp.is_keyframe(hex("7c 85 00")));
  EXPECT_FALSE(dp.is_keyframe(hex("7c 05 00")));
  EXPECT_FALSE(dp.is_partition_head(hex("7c 05 00")));
}

std::vector<uint8_t> h265_access_unit() {
  std::vector<uint8_t> au;
  append(au, {0, 0, 0, 1, 0x40, 0x01, 0x0c, 0x01});  // VPS
  append(au, {0, 0, 0, 1, 0x42, 0x01, 0x01, 0x01});  // SPS
  append(au, {0, 0, 0, 1, 0x44, 0x01, 0xc1, 0x72});  // PPS
  append(au, {0, 0, 0, 1, 0x26, 0x01});              // IDR_W_RADL
  append(au, slice_body(3000, 8));
  return au;
}

TEST(H265, ApAndFuRoundTrip) {
  H265Packetizer pk;
  H265Depacketizer dp;
  auto au = h265_access_unit();
  size_t n = 0;
  bool key = false;
  EXPECT_EQ(round_trip(pk, dp, au, 1200, &n, &key), au);
  EXPECT_TRUE(key);
  PayloadList list;
  ASSERT_TRUE(pk.packetize(au, 1200, list));
  EXPECT_EQ(h265_nal_type(list[0][0]), kH265Ap);
  EXPECT_EQ(h265_nal_type(list[1][0]), kH265Fu);
  EXPECT_TRUE(dp.is_keyframe(list[1])) << to_hex(list[1].first(4));
  EXPECT_EQ(round_trip(pk, dp, au, 9), au);
}

TEST(H265, DepacketizerRejectsMalformed) {
  H265Depacketizer dp;
  std::vector<uint8_t> out;
  EXPECT_FALSE(dp.depacketize(hex("4001"), out));
  EXPECT_FALSE(dp.depacketize(hex("6001 0009 4001"), out));  // AP size past end
  EXPECT_FALSE(dp.depacketize(hex("6001 0001 40"), out));    // AP NAL shorter than a header
  EXPECT_FALSE(dp.depacketize(hex("6201 13 aa"), out));      // FU continuation without start
  EXPECT_FALSE(dp.depacketize(hex("6201 d3 aa"), out));      // S and E
  EXPECT_FALSE(dp.depacketize(hex("6401 00 00"), out));      // PACI
}

std::vector<uint8_t> av1_temporal_unit(size_t frame_size, bool with_extension) {
  std::vector<uint8_t> tu = {0x12, 0x00};                                   // temporal delimiter
  append(tu, {0x0a, 0x0b, 0, 0, 0, 0x42, 0xab, 0xbf, 0xc3, 0x71, 0xab, 0xe6, 0x01});  // sequence header
  auto payload = random_bytes(frame_size, 9);
  uint8_t len[8];
  size_t n = Leb128::write(static_cast<uint32_t>(payload.size()), len);
  if (with_extension) {
    append(tu, {0x36, 0x28});  // OBU_FRAME with extension (temporal 1, spatial 1)
  } else {
    append(tu, {0x32});        // OBU_FRAME
  }
  tu.insert(tu.end(), len, len + n);
  append(tu, payload);
  return tu;
}

TEST(Av1, Leb128) {
  uint8_t buf[8];
  for (uint32_t v : {0u, 1u, 127u, 128u, 300u, 16383u, 16384u, 0xffffffffu}) {
    size_t n = Leb128::write(v, buf);
    EXPECT_EQ(n, Leb128::encoded_size(v));
    auto p = Leb128::parse(std::span(buf, n));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->value, v);
    EXPECT_EQ(p->size, n);
  }
  EXPECT_FALSE(Leb128::parse(hex("80")));
  EXPECT_FALSE(Leb128::parse(hex("ffffffffffffffff7f")));
  EXPECT_FALSE(Leb128::parse(hex("ffffffff7f")));  // 2^35 - 1
}

TEST(Av1, RoundTripAtManyMtus) {
  Av1Packetizer pk;
  Av1Depacketizer dp;
  for (bool ext : {false, true}) {
    for (size_t frame : {10u, 300u, 5000u}) {
      auto tu = av1_temporal_unit(frame, ext);
      for (size_t mtu : {4u, 5u, 16u, 100u, 1200u}) {
        bool key = false;
        EXPECT_EQ(round_trip(pk, dp, tu, mtu, nullptr, &key), tu) << frame << " @" << mtu;
        EXPECT_TRUE(key);
      }
    }
  }
}

TEST(Av1, AggregationHeaderForms) {
  Av1Packetizer pk;
  auto tu = av1_temporal_unit(100, false);
  PayloadList list;
  ASSERT_TRUE(pk.packetize(tu, 1200, list));
  ASSERT_EQ(list.size(), 1u);
  // Two elements (sequence header, frame): W=2, N=1, no Z/Y; TD removed.
  EXPECT_EQ(list[0][0], 0x28);
  EXPECT_EQ(list[0][1], 12);    // length of the sequence header element
  EXPECT_EQ(list[0][2], 0x08);  // its header with obu_has_size_field cleared
  // Depacketizer accepts W=0 with every length, and elements that keep obu_size.
  Av1Depacketizer dp;
  std::vector<uint8_t> out;
  dp.begin_frame(out);
  ASSERT_TRUE(dp.depacketize(hex("00 03 32 01 aa 02 30 bb"), out));
  EXPECT_EQ(to_hex(out), "1200" "3201aa" "3201bb");
}

TEST(Av1, DepacketizerRejectsMalformed) {
  Av1Depacketizer dp;
  std::vector<uint8_t> out;
  dp.begin_frame(out);
  EXPECT_FALSE(dp.depacketize(hex("80 30aa"), out));     // Z without a fragment in progress
  EXPECT_FALSE(dp.depacketize(hex("00 05 30"), out));    // element length past end
  EXPECT_FALSE(dp.depacketize(hex("00 00 30"), out));    // empty element
  EXPECT_FALSE(dp.depacketize(hex("10 b0 aa"), out));    // forbidden bit
  EXPECT_FALSE(dp.depacketize(hex("10 32 05 aa"), out)); // obu_size disagrees
  dp.begin_frame(out);
  ASSERT_TRUE(dp.depacketize(hex("50 30 aa"), out));     // W=1, Y: fragment continues
  EXPECT_FALSE(dp.depacketize(hex("10 30 bb"), out));    // but the next packet does not set Z
}

}  // namespace
}  // namespace purertc::rtp
