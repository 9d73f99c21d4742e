#include "common/byte_writer.h"

#include <gtest/gtest.h>

#include <vector>

namespace purertc {
namespace {

TEST(ByteWriter, WritesBigEndianFields) {
  uint8_t buf[24] = {};
  ByteWriter w(buf);
  w.write_u8(0x01);
  w.write_u16(0x0203);
  w.write_u24(0x040506);
  w.write_u32(0x0708090a);
  w.write_u48(0x0b0c0d0e0f10ull);
  w.write_u64(0x1112131415161718ull);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w.position(), 24u);
  for (int i = 0; i < 24; ++i) EXPECT_EQ(buf[i], i + 1) << i;
}

TEST(ByteWriter, OverflowFailsStickyAndWritesNothing) {
  uint8_t buf[5] = {0, 0, 0, 0, 0x77};
  ByteWriter w(std::span<uint8_t>(buf, 4));
  w.write_u16(0xaaaa);
  w.write_u32(0xbbbbbbbb);  // does not fit
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(w.status().error().code, Errc::kBufferTooSmall);
  w.write_u8(0xcc);  // would fit, but the writer has failed
  EXPECT_EQ(w.position(), 2u);
  EXPECT_EQ(buf[2], 0);
  EXPECT_EQ(buf[4], 0x77);
}

TEST(ByteWriter, SkipReservesSpaceToPatchLater) {
  uint8_t buf[8] = {};
  ByteWriter w(buf);
  auto len = w.skip(2);
  ASSERT_EQ(len.size(), 2u);
  const uint8_t body[] = {9, 9, 9};
  w.write_bytes(body);
  store_u16(len.data(), 3);
  EXPECT_EQ(buf[0], 0);
  EXPECT_EQ(buf[1], 3);
  EXPECT_EQ(w.written().size(), 5u);
  EXPECT_TRUE(w.skip(100).empty());
  EXPECT_FALSE(w.ok());
}

TEST(ByteBuffer, AppendsAndPatches) {
  ByteBuffer b;
  b.write_u16(0);
  b.write_u32(0xdeadbeef);
  b.write_zeros(2);
  b.patch_u16(0, static_cast<uint16_t>(b.size()));
  std::vector<uint8_t> want = {0x00, 0x08, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00};
  EXPECT_EQ(b.take(), want);
}

}  // namespace
}  // namespace purertc
