#include "rtp/packet/header_extensions.h"

#include <gtest/gtest.h>

#include <vector>

#include "common/hex.h"
#include "rtp/packet/dependency_descriptor.h"
#include "rtp/packet/rtp_packet.h"

namespace purertc::rtp {
namespace {

std::vector<uint8_t> hex(const char* s) { return *from_hex(s); }

TEST(HeaderExtensions, MidAndRid) {
  const uint8_t mid[] = {'0'};
  EXPECT_EQ(*parse_sdes_item(mid), "0");
  const uint8_t rid[] = {'h', 'i', '-', '_', '1'};
  EXPECT_EQ(*parse_rid(rid), "hi-_1");
  const uint8_t bad_rid[] = {'a', '.', 'b'};
  EXPECT_FALSE(parse_rid(bad_rid));
  const uint8_t space[] = {'a', ' '};
  EXPECT_FALSE(parse_sdes_item(space));
  EXPECT_FALSE(parse_sdes_item({}));
}

TEST(HeaderExtensions, AbsSendTime) {
  auto t = AbsSendTime::parse(hex("400000"));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->to_micros(), 16000000);  // 0x400000 / 2^18 = 16 s
  EXPECT_EQ(AbsSendTime::from_micros(16000000).value, 0x400000u);
  // 64 s wrap.
  EXPECT_EQ(AbsSendTime::from_micros(64000000 + 500000).value, AbsSendTime::from_micros(500000).value);
  uint8_t out[3];
  AbsSendTime{0x123456}.write(out);
  EXPECT_EQ(to_hex(out), "123456");
  EXPECT_FALSE(AbsSendTime::parse(hex("0102")));
}

TEST(HeaderExtensions, TransportSequenceNumber) {
  EXPECT_EQ(TransportSequenceNumber::parse(hex("fffe"))->value, 0xfffe);
  EXPECT_EQ(TransportSequenceNumber::parse(hex("00018001"))->value, 1);
  EXPECT_FALSE(TransportSequenceNumber::parse(hex("01")));
}

TEST(HeaderExtensions, AudioLevelAndOrientationAndDelay) {
  auto a = AudioLevel::parse(hex("9e"));
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->voice_activity);
  EXPECT_EQ(a->level, 30);
  EXPECT_EQ(a->encode(), 0x9e);
  auto o = VideoOrientation::parse(hex("0f"));
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->camera_back);
  EXPECT_TRUE(o->flip);
  EXPECT_EQ(o->rotation, 270);
  EXPECT_EQ(o->encode(), 0x0f);
  auto d = PlayoutDelay::parse(hex("00a0c8"));  // min 10 (100 ms), max 200 (2 s)
  ASSERT_TRUE(d);
  EXPECT_EQ(d->min_10ms, 10);
  EXPECT_EQ(d->max_10ms, 200);
  uint8_t out[3];
  ASSERT_TRUE(d->write(out));
  EXPECT_EQ(to_hex(out), "00a0c8");
  EXPECT_FALSE(PlayoutDelay::parse(hex("0c8001")));  // min above max
  EXPECT_FALSE((PlayoutDelay{5000, 5000}.write(out)));
}

TEST(HeaderExtensions, AbsCaptureTimeAndColorSpace) {
  auto t = AbsCaptureTime::parse(hex("e1b2c3d4 80000000"));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->ntp_timestamp, 0xe1b2c3d480000000ull);
  EXPECT_FALSE(t->estimated_clock_offset);
  auto t2 = AbsCaptureTime::parse(hex("e1b2c3d4 80000000 ffffffff 00000000"));
  ASSERT_TRUE(t2);
  EXPECT_EQ(*t2->estimated_clock_offset, -(int64_t{1} << 32));
  std::vector<uint8_t> out(t2->size());
  t2->write(out);
  EXPECT_EQ(to_hex(out), "e1b2c3d480000000ffffffff00000000");
  EXPECT_FALSE(AbsCaptureTime::parse(hex("0102")));
  auto c = ColorSpace::parse(hex("01010102"));
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->has_hdr_metadata);
  std::vector<uint8_t> hdr(28, 0x11);
  EXPECT_TRUE(ColorSpace::parse(hdr)->has_hdr_metadata);
  EXPECT_FALSE(ColorSpace::parse(hex("01")));
}

TEST(DependencyDescriptor, MandatoryAndStructure) {
  auto d = DependencyDescriptor::parse(hex("c1 0102"));
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->start_of_frame);
  EXPECT_TRUE(d->end_of_frame);
  EXPECT_EQ(d->frame_dependency_template_id, 1);
  EXPECT_EQ(d->frame_number, 0x0102);
  EXPECT_FALSE(d->has_extended_fields);
  uint8_t out[3];
  d->write_mandatory(out);
  EXPECT_EQ(to_hex(out), "c10102");
  // Structure present (1), no active targets (0), no customs (000), template_id_offset 3 (000011),
  // dt_cnt_minus_one 1 (00001): 1 0 000 000011 00001 -> 1000 0000 0110 0001 (+ more structure bits).
  auto e = DependencyDescriptor::parse(hex("80 0001 8061 00"));
  ASSERT_TRUE(e) << to_string(e.error());
  EXPECT_TRUE(e->start_of_frame);
  EXPECT_FALSE(e->end_of_frame);
  EXPECT_TRUE(e->template_dependency_structure_present);
  EXPECT_EQ(*e->template_id_offset, 3);
  EXPECT_EQ(*e->decode_target_count, 2);
  EXPECT_FALSE(DependencyDescriptor::parse(hex("8000")));
  EXPECT_FALSE(DependencyDescriptor::parse(hex("800001 80")));
}

TEST(HeaderExtensions, ReadFromPacketAndRewriteInPlace) {
  // A video packet with mid "1" (id 4), transport-cc (id 3), abs-send-time (id 2) and a 2-byte-form rid.
  RtpHeader h;
  h.payload_type = 96;
  const uint8_t mid[] = {'1'}, tcc[] = {0, 5}, ast[] = {1, 2, 3};
  ASSERT_TRUE(h.add_extension(4, mid));
  ASSERT_TRUE(h.add_extension(3, tcc));
  ASSERT_TRUE(h.add_extension(2, ast));
  std::vector<uint8_t> buf(h.serialized_size(0));
  ASSERT_TRUE(h.write_to(buf, {}));
  auto p = RtpPacketView::parse(buf);
  ASSERT_TRUE(p);
  EXPECT_EQ(*parse_sdes_item(*p->extension(4)), "1");
  EXPECT_EQ(TransportSequenceNumber::parse(*p->extension(3))->value, 5);
  auto slot = mutable_extension(buf, *p, 3);
  ASSERT_EQ(slot.size(), 2u);
  TransportSequenceNumber{0x4242}.write(slot.data());
  EXPECT_EQ(TransportSequenceNumber::parse(*p->extension(3))->value, 0x4242);
}

}  // namespace
}  // namespace purertc::rtp
