#include "crypto/constant_time.h"

#include <gtest/gtest.h>

namespace purertc::crypto {
namespace {

TEST(ConstantTime, Equal) {
  const uint8_t a[] = {1, 2, 3, 4};
  const uint8_t b[] = {1, 2, 3, 4};
  const uint8_t c[] = {1, 2, 3, 5};
  EXPECT_TRUE(constant_time_equal(a, b));
  EXPECT_FALSE(constant_time_equal(a, c));
  EXPECT_FALSE(constant_time_equal(std::span(a, 3), b));
  EXPECT_TRUE(constant_time_equal({}, {}));
}

}  // namespace
}  // namespace purertc::crypto
