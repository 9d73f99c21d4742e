#include "common/unwrap.h"

#include <gtest/gtest.h>

namespace purertc {
namespace {

TEST(Unwrapper, ForwardAcrossWrap) {
  Unwrapper<uint16_t> u;
  EXPECT_EQ(u.unwrap(65534), 65534);
  EXPECT_EQ(u.unwrap(65535), 65535);
  EXPECT_EQ(u.unwrap(0), 65536);
  EXPECT_EQ(u.unwrap(5), 65541);
}

TEST(Unwrapper, ReorderingAcrossWrap) {
  Unwrapper<uint16_t> u;
  EXPECT_EQ(u.unwrap(2), 2);
  EXPECT_EQ(u.unwrap(65535), -1);  // arrived late, from before the wrap
  EXPECT_EQ(u.unwrap(3), 3);
  EXPECT_EQ(u.peek(65530), -6);
  EXPECT_EQ(u.unwrap(4), 4);
}

TEST(Unwrapper, ManyWraps) {
  Unwrapper<uint16_t> u;
  int64_t expect = 0;
  for (int i = 0; i < 5 * 65536; i += 1000) {
    expect = i;
    ASSERT_EQ(u.unwrap(static_cast<uint16_t>(i)), expect);
  }
}

TEST(SerialLess, Rfc1982) {
  EXPECT_TRUE(serial_less<uint16_t>(65535, 0));
  EXPECT_FALSE(serial_less<uint16_t>(0, 65535));
  EXPECT_TRUE(serial_less<uint32_t>(0xfffffff0u, 5));
  EXPECT_FALSE(serial_less<uint32_t>(7, 7));
}

}  // namespace
}  // namespace purertc
