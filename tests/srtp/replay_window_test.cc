#include "srtp/replay_window.h"

#include <gtest/gtest.h>

namespace purertc::srtp {
namespace {

TEST(ReplayWindow, SizeIsAPowerOfTwoInBounds) {
  EXPECT_EQ(ReplayWindow(0).size(), 64u);
  EXPECT_EQ(ReplayWindow(64).size(), 64u);
  EXPECT_EQ(ReplayWindow(100).size(), 128u);
  EXPECT_EQ(ReplayWindow(1u << 20).size(), ReplayWindow::kMaxSize);
}

TEST(ReplayWindow, AcceptsNewRejectsSeenAndTooOld) {
  ReplayWindow w(64);
  EXPECT_TRUE(w.empty());
  EXPECT_TRUE(w.check(1000));
  w.update(1000);
  EXPECT_FALSE(w.check(1000));
  EXPECT_TRUE(w.check(999));
  EXPECT_TRUE(w.check(1001));
  EXPECT_TRUE(w.check(1000 - 63));
  EXPECT_FALSE(w.check(1000 - 64));  // outside the window
  w.update(999);
  EXPECT_FALSE(w.check(999));
  EXPECT_EQ(w.highest(), 1000u);
}

TEST(ReplayWindow, AdvancingClearsTheSlotsItPasses) {
  ReplayWindow w(64);
  for (uint64_t i = 0; i < 64; ++i) w.update(i);
  // Index 64 reuses slot 0; jumping forward must not leave 0's bit standing for 64.
  EXPECT_TRUE(w.check(64));
  w.update(70);
  for (uint64_t i = 64; i < 70; ++i) EXPECT_TRUE(w.check(i)) << i;
  for (uint64_t i = 7; i < 64; ++i) EXPECT_FALSE(w.check(i)) << i;
  EXPECT_FALSE(w.check(6));  // 64 behind
  // A jump larger than the window forgets everything.
  w.update(70 + 1000);
  for (uint64_t i = 1070 - 63; i < 1070; ++i) EXPECT_TRUE(w.check(i)) << i;
  EXPECT_FALSE(w.check(1070));
}

TEST(ReplayWindow, LargeWindowTracksThousandsOfPackets) {
  ReplayWindow w(4096);
  for (uint64_t i = 0; i < 10000; i += 2) w.update(i);
  for (uint64_t i = 10000 - 4000; i < 10000; ++i) EXPECT_EQ(w.check(i), i % 2 == 1) << i;
}

}  // namespace
}  // namespace purertc::srtp
