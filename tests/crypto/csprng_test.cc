#include "crypto/csprng.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

namespace purertc::crypto {
namespace {

TEST(Csprng, ProducesDistinctOutputAcrossCallsAndInstances) {
  auto a = Csprng::create();
  auto b = Csprng::create();
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  std::array<uint8_t, 32> x{}, y{}, z{};
  (*a)->fill(x);
  (*a)->fill(y);
  (*b)->fill(z);
  EXPECT_NE(x, y);
  EXPECT_NE(x, z);
  EXPECT_NE(x, (std::array<uint8_t, 32>{}));
  std::vector<uint8_t> big(5000);  // larger than one CTR_DRBG request
  (*a)->fill(big);
  EXPECT_NE(std::count(big.begin(), big.end(), 0), 5000);
}

}  // namespace
}  // namespace purertc::crypto
