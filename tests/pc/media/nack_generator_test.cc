#include "pc/media/nack_generator.h"

#include <gtest/gtest.h>

namespace purertc::pc::media {
namespace {

Timestamp ms(int64_t v) { return Timestamp::from_millis(v); }

TEST(NackGenerator, GapIsRequestedAtOnceThenRetriedThenForgotten) {
  NackGenerator g({.max_list = 16, .max_retries = 3, .retry_interval = Duration::millis(100), .max_age = Duration::seconds(5)});
  EXPECT_FALSE(g.on_packet(100, ms(0)));
  EXPECT_FALSE(g.on_packet(103, ms(10)));
  EXPECT_EQ(g.take_due(ms(10)), (std::vector<uint16_t>{101, 102}));
  EXPECT_TRUE(g.take_due(ms(50)).empty());
  EXPECT_EQ(g.next_due(), ms(110));
  EXPECT_TRUE(g.on_packet(101, ms(60)));  // repaired
  EXPECT_EQ(g.take_due(ms(110)), (std::vector<uint16_t>{102}));
  EXPECT_EQ(g.take_due(ms(210)), (std::vector<uint16_t>{102}));
  EXPECT_TRUE(g.take_due(ms(310)).empty());  // three tries spent
  EXPECT_EQ(g.pending(), 0u);
  EXPECT_EQ(g.gave_up(), 1u);
  EXPECT_TRUE(g.take_keyframe_needed());
  EXPECT_FALSE(g.take_keyframe_needed());
}

TEST(NackGenerator, GapLargerThanTheListAsksForAKeyframe) {
  NackGenerator g({.max_list = 8, .max_retries = 3, .retry_interval = Duration::millis(100), .max_age = Duration::seconds(5)});
  g.on_packet(0, ms(0));
  g.on_packet(50, ms(1));
  EXPECT_EQ(g.pending(), 0u);
  EXPECT_TRUE(g.take_keyframe_needed());
  // Many small gaps: the list keeps the newest 8.
  for (int64_t s = 52; s < 80; s += 2) g.on_packet(s, ms(2));
  EXPECT_EQ(g.pending(), 8u);
  auto due = g.take_due(ms(2));
  ASSERT_EQ(due.size(), 8u);
  EXPECT_EQ(due.front(), 63);
}

TEST(NackGenerator, OldEntriesExpireAndRttSetsTheInterval) {
  NackGenerator g({.max_list = 8, .max_retries = 100, .retry_interval = Duration::millis(100), .max_age = Duration::millis(300)});
  g.set_rtt(Duration::millis(40));
  g.on_packet(0, ms(0));
  g.on_packet(2, ms(0));
  EXPECT_EQ(g.take_due(ms(0)).size(), 1u);
  EXPECT_EQ(g.next_due(), ms(60));  // 1.5 x RTT
  EXPECT_EQ(g.take_due(ms(299)).size(), 1u);
  EXPECT_TRUE(g.take_due(ms(300)).empty());
  EXPECT_EQ(g.pending(), 0u);
  EXPECT_EQ(g.next_due(), Timestamp::infinite());
}

}  // namespace
}  // namespace purertc::pc::media
