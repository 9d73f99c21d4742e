#include "common/byte_reader.h"

#include <gtest/gtest.h>

namespace purertc {
namespace {

TEST(ByteReader, ReadsBigEndianFieldsInOrder) {
  const uint8_t data[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
                          0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18};
  ByteReader r(data);
  EXPECT_EQ(*r.read_u8(), 0x01);
  EXPECT_EQ(*r.read_u16(), 0x0203);
  EXPECT_EQ(*r.read_u24(), 0x040506u);
  EXPECT_EQ(*r.read_u32(), 0x0708090au);
  EXPECT_EQ(*r.read_u48(), 0x0b0c0d0e0f10ull);
  EXPECT_EQ(r.remaining(), 8u);
  EXPECT_EQ(*r.read_u64(), 0x1112131415161718ull);
  EXPECT_TRUE(r.empty());
}

TEST(ByteReader, ReadPastEndFailsAndDoesNotMove) {
  const uint8_t data[] = {0xaa, 0xbb, 0xcc};
  ByteReader r(data);
  auto v = r.read_u32();
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, Errc::kTruncated);
  EXPECT_EQ(r.position(), 0u);
  EXPECT_EQ(*r.read_u24(), 0xaabbccu);
  EXPECT_FALSE(r.read_u8());
}

TEST(ByteReader, ReadBytesReturnsViewIntoInput) {
  const uint8_t data[] = {1, 2, 3, 4, 5};
  ByteReader r(data);
  ASSERT_TRUE(r.skip(1));
  auto bytes = r.read_bytes(3);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->data(), data + 1);
  EXPECT_EQ(bytes->size(), 3u);
  EXPECT_FALSE(r.read_bytes(2));
  EXPECT_FALSE(r.skip(2));
  EXPECT_EQ(r.rest().size(), 1u);
}

TEST(ByteReader, HugeLengthsDoNotOverflowTheBoundsCheck) {
  const uint8_t data[] = {1, 2, 3};
  ByteReader r(data);
  ASSERT_TRUE(r.skip(1));
  EXPECT_FALSE(r.read_bytes(SIZE_MAX));
  EXPECT_FALSE(r.skip(SIZE_MAX - 1));
  EXPECT_EQ(r.remaining(), 2u);
}

TEST(ByteReader, EmptyInput) {
  ByteReader r(std::span<const uint8_t>{});
  EXPECT_TRUE(r.empty());
  EXPECT_FALSE(r.read_u8());
  auto none = r.read_bytes(0);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace purertc
