#include "rtp/packet/rtp_packet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "common/hex.h"
#include "rtp/rtp.h"  // the umbrella header compiles on its own

namespace purertc::rtp {
namespace {

std::vector<uint8_t> hex(const char* s) { return *from_hex(s); }

// An Opus packet as Chrome sends it: one-byte extensions (ssrc-audio-level id 1, abs-send-time id 2,
// transport-wide-cc id 3), marker clear, PT 111.
const char* kChromeOpus =
    "906f1a2b 00003c00 12345678"
    "bede0003 10ff2212 34563100 0a000000"
    "fcff fe";

TEST(RtpPacket, ParsesChromeOpus) {
  auto bytes = hex(kChromeOpus);
  auto p = RtpPacketView::parse(bytes);
  ASSERT_TRUE(p) << to_string(p.error());
  EXPECT_FALSE(p->marker());
  EXPECT_EQ(p->payload_type(), 111);
  EXPECT_EQ(p->sequence_number(), 0x1a2b);
  EXPECT_EQ(p->timestamp(), 0x3c00u);
  EXPECT_EQ(p->ssrc(), 0x12345678u);
  EXPECT_EQ(p->extension_form(), ExtensionForm::kOneByte);
  EXPECT_EQ(p->header_size(), 28u);
  ASSERT_TRUE(p->extension(1));
  EXPECT_EQ(to_hex(*p->extension(1)), "ff");
  EXPECT_EQ(to_hex(*p->extension(2)), "123456");
  EXPECT_EQ(to_hex(*p->extension(3)), "000a");
  EXPECT_FALSE(p->extension(4));
  EXPECT_EQ(to_hex(p->payload()), "fcfffe");
  EXPECT_EQ(p->for_each_extension([](const ExtensionElement&) {}), 3u);
}

TEST(RtpPacket, CsrcsPaddingMarker) {
  // V=2 P=1 CC=2, M=1 PT=96, 2 CSRCs, payload "abcd", 4 bytes of padding.
  auto bytes = hex("a2e00001 00000002 00000003 11111111 22222222 abcd 000000 04");
  auto p = RtpPacketView::parse(bytes);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->marker());
  EXPECT_EQ(p->payload_type(), 96);
  ASSERT_EQ(p->csrc_count(), 2u);
  EXPECT_EQ(p->csrc(0), 0x11111111u);
  EXPECT_EQ(p->csrc(1), 0x22222222u);
  EXPECT_EQ(p->padding_size(), 4u);
  EXPECT_EQ(to_hex(p->payload()), "abcd");
}

TEST(RtpPacket, TwoByteExtensionsWithMixedIds) {
  // Two-byte form (profile 0x1000): id 1 with 0 bytes, id 20 with 3 bytes, padding, id 5 with 17 bytes.
  RtpHeader h;
  h.payload_type = 100;
  h.sequence_number = 7;
  h.ssrc = 9;
  const uint8_t three[] = {1, 2, 3};
  uint8_t seventeen[17];
  for (int i = 0; i < 17; ++i) seventeen[i] = static_cast<uint8_t>(i);
  ASSERT_TRUE(h.add_extension(1, {}));
  ASSERT_TRUE(h.add_extension(20, three));
  ASSERT_TRUE(h.add_extension(5, seventeen));
  EXPECT_EQ(h.extension_form(), ExtensionForm::kTwoByte);
  const uint8_t payload[] = {0xaa, 0xbb};
  std::vector<uint8_t> out(h.serialized_size(sizeof(payload)));
  auto n = h.write_to(out, payload);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, out.size());
  // 12 + 4 + (2 + 0 + 2 + 3 + 2 + 17 = 26 -> 28) = 44, + 2 payload.
  EXPECT_EQ(out.size(), 46u);
  auto p = RtpPacketView::parse(out);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->extension_form(), ExtensionForm::kTwoByte);
  EXPECT_EQ(p->extension(1)->size(), 0u);
  EXPECT_EQ(to_hex(*p->extension(20)), "010203");
  EXPECT_EQ(p->extension(5)->size(), 17u);
  EXPECT_EQ(to_hex(p->payload()), "aabb");
}

TEST(RtpPacket, TwoByteParsesHandWrittenBlockWithPadding) {
  auto bytes = hex("90600001 00000002 00000003 10000002 0200 00 0301 09 0000 ff");
  auto p = RtpPacketView::parse(bytes);
  ASSERT_TRUE(p) << to_string(p.error());
  EXPECT_EQ(p->extension(2)->size(), 0u);
  EXPECT_EQ(to_hex(*p->extension(3)), "09");
  EXPECT_EQ(p->payload().size(), 1u);
}

TEST(RtpPacket, OneByteStopsAtId15) {
  auto bytes = hex("90600001 00000002 00000003 bede0001 10aaf0 bb");
  auto p = RtpPacketView::parse(bytes);
  ASSERT_TRUE(p);
  EXPECT_EQ(to_hex(*p->extension(1)), "aa");
  EXPECT_EQ(p->for_each_extension([](const ExtensionElement&) {}), 1u);
}

TEST(RtpPacket, OtherProfileKeptOpaque) {
  auto bytes = hex("90600001 00000002 00000003 abcd0001 01020304 ee");
  auto p = RtpPacketView::parse(bytes);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->extension_form(), ExtensionForm::kOther);
  EXPECT_EQ(p->extension_profile(), 0xabcd);
  EXPECT_EQ(to_hex(p->extension_block()), "01020304");
  EXPECT_FALSE(p->extension(1));
  EXPECT_EQ(to_hex(p->payload()), "ee");
}

TEST(RtpPacket, SerializeRoundTripOneByte) {
  RtpHeader h;
  h.marker = true;
  h.payload_type = 96;
  h.sequence_number = 0xffff;
  h.timestamp = 0xfffffff0;
  h.ssrc = 0xdeadbeef;
  ASSERT_TRUE(h.add_csrc(0x01020304));
  const uint8_t tcc[] = {0x12, 0x34};
  ASSERT_TRUE(h.add_extension(3, tcc));
  h.padding = 3;
  const uint8_t payload[] = {1, 2, 3, 4, 5};
  std::vector<uint8_t> out(h.serialized_size(sizeof(payload)));
  ASSERT_TRUE(h.write_to(out, payload));
  EXPECT_EQ(out, hex("b1e0ffff fffffff0 deadbeef 01020304 bede0001 311234 00 0102030405 0000 03"));
  auto p = RtpPacketView::parse(out);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->marker());
  EXPECT_EQ(p->sequence_number(), 0xffff);
  EXPECT_EQ(p->timestamp(), 0xfffffff0u);
  EXPECT_EQ(p->csrc(0), 0x01020304u);
  EXPECT_EQ(to_hex(*p->extension(3)), "1234");
  EXPECT_EQ(p->padding_size(), 3u);
  EXPECT_EQ(to_hex(p->payload()), "0102030405");
}

TEST(RtpPacket, SerializeExactBytes) {
  RtpHeader h;
  h.payload_type = 111;
  h.sequence_number = 0x1a2b;
  h.timestamp = 0x3c00;
  h.ssrc = 0x12345678;
  const uint8_t level[] = {0xff}, ast[] = {0x12, 0x34, 0x56}, tcc[] = {0x00, 0x0a};
  ASSERT_TRUE(h.add_extension(1, level));
  ASSERT_TRUE(h.add_extension(2, ast));
  ASSERT_TRUE(h.add_extension(3, tcc));
  const uint8_t payload[] = {0xfc, 0xff, 0xfe};
  std::vector<uint8_t> out(h.serialized_size(3));
  ASSERT_TRUE(h.write_to(out, payload));
  EXPECT_EQ(out, hex(kChromeOpus));
}

// The serializer copies short values with size-class loads and stores: every length of extension value
// (both forms) and of small payload must come back byte for byte, with the block padding zero and
// nothing written past the packet.
TEST(RtpPacket, SerializeCopiesEveryShortLengthExactly) {
  std::vector<uint8_t> source(300);
  for (size_t i = 0; i < source.size(); ++i) source[i] = static_cast<uint8_t>(i * 7 + 1);
  for (bool two_byte : {false, true}) {
    for (size_t ext_len = two_byte ? 0 : 1; ext_len <= (two_byte ? 20u : 16u); ++ext_len) {
      for (size_t payload_len = 0; payload_len <= 40; ++payload_len) {
        RtpHeader h;
        h.force_two_byte = two_byte;
        ASSERT_TRUE(h.add_extension(5, std::span(source).subspan(3, ext_len)));
        ASSERT_TRUE(h.add_extension(6, std::span(source).subspan(100, 2)));
        std::span<const uint8_t> payload = std::span(source).subspan(50, payload_len);
        std::vector<uint8_t> out(h.serialized_size(payload_len) + 16, 0xee);
        auto n = h.write_to(out, payload);
        ASSERT_TRUE(n);
        ASSERT_EQ(*n, h.serialized_size(payload_len));
        for (size_t i = *n; i < out.size(); ++i) ASSERT_EQ(out[i], 0xee) << "wrote past the packet";
        auto p = RtpPacketView::parse(std::span(out).first(*n));
        ASSERT_TRUE(p) << ext_len << " " << payload_len;
        auto e5 = p->extension(5);
        ASSERT_TRUE(e5);
        EXPECT_TRUE(std::equal(e5->begin(), e5->end(), source.begin() + 3, source.begin() + 3 + ext_len));
        EXPECT_EQ(e5->size(), ext_len);
        EXPECT_EQ(to_hex(*p->extension(6)), to_hex(std::span(source).subspan(100, 2)));
        EXPECT_EQ(to_hex(p->payload()), to_hex(payload));
        // Block padding after the last element is zero.
        size_t data = (two_byte ? 4 : 2) + ext_len + 2;
        size_t block_end = 12 + 4 + ((data + 3) & ~size_t{3});
        for (size_t i = 12 + 4 + data; i < block_end; ++i) EXPECT_EQ(out[i], 0) << i;
      }
    }
  }
}

TEST(RtpPacket, SerializeRejectsShortBufferAndBadValues) {
  RtpHeader h;
  std::vector<uint8_t> out(11);
  EXPECT_EQ(h.write_to(out, {}).error().code, Errc::kBufferTooSmall);
  h.payload_type = 200;
  out.resize(12);
  EXPECT_EQ(h.write_to(out, {}).error().code, Errc::kInvalidArgument);
  EXPECT_EQ(h.add_extension(0, {}).error().code, Errc::kInvalidArgument);
  for (int i = 0; i < 15; ++i) ASSERT_TRUE(h.add_csrc(1));
  EXPECT_EQ(h.add_csrc(1).error().code, Errc::kLimitExceeded);
}

TEST(RtpPacket, InPlaceRewrite) {
  auto bytes = hex(kChromeOpus);
  auto p = RtpPacketView::parse(bytes);
  ASSERT_TRUE(p);
  rewrite_ssrc(bytes, 0xcafebabe);
  rewrite_payload_type(bytes, 63);
  rewrite_sequence_number(bytes, 0xfffe);
  rewrite_timestamp(bytes, 0x01020304);
  rewrite_marker(bytes, true);
  const uint8_t new_tcc[] = {0xbe, 0xef};
  ASSERT_TRUE(rewrite_extension(bytes, *p, 3, new_tcc));
  const uint8_t wrong_size[] = {1, 2, 3};
  EXPECT_EQ(rewrite_extension(bytes, *p, 3, wrong_size).error().code, Errc::kInvalidArgument);
  EXPECT_EQ(rewrite_extension(bytes, *p, 9, new_tcc).error().code, Errc::kInvalidArgument);
  auto level = mutable_extension(bytes, *p, 1);
  ASSERT_EQ(level.size(), 1u);
  level[0] = 0x85;
  auto q = RtpPacketView::parse(bytes);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->ssrc(), 0xcafebabeu);
  EXPECT_EQ(q->payload_type(), 63);
  EXPECT_TRUE(q->marker());
  EXPECT_EQ(q->sequence_number(), 0xfffe);
  EXPECT_EQ(q->timestamp(), 0x01020304u);
  EXPECT_EQ(to_hex(*q->extension(3)), "beef");
  EXPECT_EQ(to_hex(*q->extension(1)), "85");
  EXPECT_EQ(to_hex(*q->extension(2)), "123456");
  EXPECT_EQ(to_hex(q->payload()), "fcfffe");
}

TEST(RtpPacket, RejectsMalformed) {
  EXPECT_EQ(RtpPacketView::parse(hex("80600001 00000002 000000")).error().code, Errc::kTruncated);
  EXPECT_EQ(RtpPacketView::parse(hex("40600001 00000002 00000003")).error().code, Errc::kMalformed);
  // CC=1 with no CSRC.
  EXPECT_EQ(RtpPacketView::parse(hex("81600001 00000002 00000003")).error().code, Errc::kTruncated);
  // X=1 without the extension header, and with a length past the end.
  EXPECT_EQ(RtpPacketView::parse(hex("90600001 00000002 00000003 bede")).error().code, Errc::kTruncated);
  EXPECT_EQ(RtpPacketView::parse(hex("90600001 00000002 00000003 bede0002 10aa0000")).error().code,
            Errc::kTruncated);
  // One-byte element whose length runs past the block.
  EXPECT_EQ(RtpPacketView::parse(hex("90600001 00000002 00000003 bede0001 13aabbcc")).error().code,
            Errc::kMalformed);
  // Two-byte element header cut in half, and a length past the block.
  EXPECT_EQ(RtpPacketView::parse(hex("90600001 00000002 00000003 10000001 00000003")).error().code,
            Errc::kMalformed);
  EXPECT_EQ(RtpPacketView::parse(hex("90600001 00000002 00000003 10000001 0305aabb")).error().code,
            Errc::kMalformed);
  // Padding count 0, and padding longer than the payload.
  EXPECT_EQ(RtpPacketView::parse(hex("a0600001 00000002 00000003 aa00")).error().code, Errc::kMalformed);
  EXPECT_EQ(RtpPacketView::parse(hex("a0600001 00000002 00000003 aa03")).error().code, Errc::kMalformed);
}

TEST(RtpPacket, PaddingOnlyPacketHasEmptyPayload) {
  auto bytes = hex("a0600001 00000002 00000003 000004");
  bytes.insert(bytes.begin() + 12, 0);
  auto p = RtpPacketView::parse(bytes);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->payload().empty());
  EXPECT_EQ(p->padding_size(), 4u);
}

}  // namespace
}  // namespace purertc::rtp
