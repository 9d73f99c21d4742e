#include "srtp/profile.h"

#include <gtest/gtest.h>

namespace purertc::srtp {
namespace {

TEST(Profile, IdsRoundTrip) {
  for (uint16_t id : {1, 2, 5, 7, 8}) {
    auto p = profile_from_id(id);
    ASSERT_TRUE(p) << id;
    EXPECT_EQ(static_cast<uint16_t>(*p), id);
  }
  EXPECT_FALSE(profile_from_id(0));
  EXPECT_FALSE(profile_from_id(6));
  EXPECT_FALSE(profile_from_id(3));
}

}  // namespace
}  // namespace purertc::srtp
