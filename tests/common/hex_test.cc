#include "common/hex.h"

#include <gtest/gtest.h>

namespace purertc {
namespace {

TEST(Hex, RoundTrip) {
  const uint8_t data[] = {0x00, 0x0a, 0xff, 0x5c};
  EXPECT_EQ(to_hex(data), "000aff5c");
  EXPECT_EQ(to_hex_upper(data, ':'), "00:0A:FF:5C");
  auto back = from_hex("00:0A:ff 5c\n");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, std::vector<uint8_t>(std::begin(data), std::end(data)));
}

TEST(Hex, RejectsBadInput) {
  EXPECT_EQ(from_hex("abc").error().code, Errc::kMalformed);
  EXPECT_EQ(from_hex("zz").error().code, Errc::kMalformed);
  EXPECT_TRUE(from_hex("")->empty());
}

}  // namespace
}  // namespace purertc
