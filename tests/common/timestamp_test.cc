#include "common/timestamp.h"

#include <gtest/gtest.h>

namespace purertc {
namespace {

TEST(Time, Arithmetic) {
  Timestamp t = Timestamp::from_millis(1000);
  EXPECT_EQ((t + Duration::millis(250)).us(), 1250000);
  EXPECT_EQ((t + Duration::seconds(2)) - t, Duration::seconds(2));
  EXPECT_LT(t, t + Duration::micros(1));
  EXPECT_EQ(earliest(t, Timestamp::infinite()), t);
  EXPECT_TRUE((t + Duration::infinite()).is_infinite());
  EXPECT_TRUE((Timestamp::infinite() + Duration::seconds(1)).is_infinite());
}

TEST(Time, ToString) {
  EXPECT_EQ(to_string(Duration::millis(300)), "300.000ms");
  EXPECT_EQ(to_string(Duration::micros(42)), "42us");
  EXPECT_EQ(to_string(Duration::millis(1250)), "1.250s");
  EXPECT_EQ(to_string(Timestamp::infinite()), "never");
}

}  // namespace
}  // namespace purertc
