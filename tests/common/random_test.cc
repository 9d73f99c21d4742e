#include "common/random.h"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace purertc {
namespace {

TEST(SeededRandom, SameSeedSameStream) {
  SeededRandom a(42), b(42), c(43);
  std::array<uint8_t, 37> x{}, y{}, z{};
  a.fill(x);
  b.fill(y);
  c.fill(z);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
}

TEST(SeededRandom, UniformStaysInRangeAndCoversIt) {
  SeededRandom r(1);
  std::set<uint32_t> seen;
  for (int i = 0; i < 2000; ++i) {
    uint32_t v = r.uniform(10);
    ASSERT_LT(v, 10u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 10u);
  for (int i = 0; i < 1000; ++i) {
    double d = r.next_double();
    ASSERT_GE(d, 0.0);
    ASSERT_LT(d, 1.0);
  }
}

}  // namespace
}  // namespace purertc
