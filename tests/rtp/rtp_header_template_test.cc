// RtpHeaderTemplate must write exactly what RtpHeader::write_to writes for the same fields.
#include "rtp/packet/rtp_header_template.h"

#include <gtest/gtest.h>

#include <vector>

#include "common/byte_order.h"

namespace purertc::rtp {
namespace {

std::vector<uint8_t> reference(RtpHeader h, uint16_t seq, uint32_t ts, bool marker, std::span<const uint8_t> payload) {
  h.sequence_number = seq;
  h.timestamp = ts;
  h.marker = marker;
  std::vector<uint8_t> out(h.serialized_size(payload.size()));
  EXPECT_TRUE(h.write_to(out, payload));
  return out;
}

TEST(RtpHeaderTemplate, WritesWhatRtpHeaderWrites) {
  std::vector<uint8_t> source(2000);
  for (size_t i = 0; i < source.size(); ++i) source[i] = static_cast<uint8_t>(i * 13 + 5);
  const uint8_t tcc[] = {0, 1}, level[] = {0x80}, mid[] = {'a', 'u', 'd', 'i', 'o'};
  for (int variant = 0; variant < 4; ++variant) {
    RtpHeader h;
    h.payload_type = 111;
    h.ssrc = 0xabcdef01;
    if (variant & 1) {
      ASSERT_TRUE(h.add_csrc(7));
      ASSERT_TRUE(h.add_csrc(8));
    }
    if (variant & 2) {
      ASSERT_TRUE(h.add_extension(3, tcc));
      ASSERT_TRUE(h.add_extension(1, level));
      ASSERT_TRUE(h.add_extension(9, mid));
      h.padding = 4;
    }
    auto t = RtpHeaderTemplate::make(h);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->header_size(), h.header_size());
    for (size_t payload_len : {0, 1, 3, 5, 8, 15, 16, 17, 33, 1100}) {
      std::span<const uint8_t> payload = std::span(source).first(payload_len);
      for (bool marker : {false, true}) {
        uint16_t seq = static_cast<uint16_t>(0xfff0 + payload_len);
        uint32_t ts = 0xfffffff0u + static_cast<uint32_t>(payload_len);
        auto want = reference(h, seq, ts, marker, payload);
        std::vector<uint8_t> got(t->serialized_size(payload_len) + 8, 0xee);
        auto n = t->write_to(got, seq, ts, marker, payload);
        ASSERT_TRUE(n);
        ASSERT_EQ(*n, want.size());
        EXPECT_EQ(std::vector<uint8_t>(got.begin(), got.begin() + static_cast<long>(*n)), want) << variant << " " << payload_len;
        for (size_t i = *n; i < got.size(); ++i) ASSERT_EQ(got[i], 0xee) << "wrote past the packet";
      }
    }
  }
}

TEST(RtpHeaderTemplate, ExtensionValueIsUpdatedPerPacket) {
  RtpHeader h;
  const uint8_t tcc[] = {0, 0};
  ASSERT_TRUE(h.add_extension(3, tcc));
  auto t = RtpHeaderTemplate::make(h);
  ASSERT_TRUE(t);
  auto v = t->extension_value(3);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(t->extension_value(4).empty());
  store_u16(v.data(), 0x1234);
  std::vector<uint8_t> out(t->serialized_size(1));
  const uint8_t payload[] = {9};
  ASSERT_TRUE(t->write_to(out, 1, 2, false, payload));
  auto p = RtpPacketView::parse(out);
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->extension(3));
  EXPECT_EQ(load_u16(p->extension(3)->data()), 0x1234);
}

TEST(RtpHeaderTemplate, Errors) {
  RtpHeader h;
  h.payload_type = 128;
  EXPECT_EQ(RtpHeaderTemplate::make(h).error().code, Errc::kInvalidArgument);
  h.payload_type = 96;
  std::vector<uint8_t> big(255, 1);
  ASSERT_TRUE(h.add_extension(1, big));
  EXPECT_EQ(RtpHeaderTemplate::make(h).error().code, Errc::kLimitExceeded);
  RtpHeader small;
  auto t = RtpHeaderTemplate::make(small);
  ASSERT_TRUE(t);
  std::vector<uint8_t> out(12);
  const uint8_t payload[] = {1};
  EXPECT_EQ(t->write_to(out, 0, 0, false, payload).error().code, Errc::kBufferTooSmall);
}

}  // namespace
}  // namespace purertc::rtp
