#include "dtls/replay_window.h"

#include <gtest/gtest.h>

namespace purertc::dtls {
namespace {

TEST(ReplayWindow, AcceptsFreshRejectsDuplicates) {
  ReplayWindow w;
  EXPECT_TRUE(w.check(0));
  w.accept(0);
  EXPECT_FALSE(w.check(0));
  EXPECT_TRUE(w.check(1));
  w.accept(5);
  EXPECT_TRUE(w.check(3));  // late but inside the window
  w.accept(3);
  EXPECT_FALSE(w.check(3));
  EXPECT_FALSE(w.check(5));
  EXPECT_TRUE(w.check(4));
}

TEST(ReplayWindow, RejectsOlderThanWindow) {
  ReplayWindow w;
  w.accept(100);
  EXPECT_TRUE(w.check(100 - 63));
  EXPECT_FALSE(w.check(100 - 64));
  w.accept(1000);
  EXPECT_FALSE(w.check(100));
  EXPECT_TRUE(w.check(999));
}

TEST(ReplayWindow, LargeJumpClearsBitmap) {
  ReplayWindow w;
  for (uint64_t i = 0; i < 64; ++i) w.accept(i);
  w.accept(200);
  EXPECT_TRUE(w.check(199));
  EXPECT_FALSE(w.check(200));
  EXPECT_FALSE(w.check(136));
  EXPECT_TRUE(w.check(137));
}

}  // namespace
}  // namespace purertc::dtls
