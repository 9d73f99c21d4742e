#include "tests/sim/sim_link.h"

#include <gtest/gtest.h>

namespace purertc::sim {
namespace {

std::vector<uint8_t> packet(uint8_t id, size_t size = 100) { return std::vector<uint8_t>(size, id); }

std::vector<uint8_t> drain(SimLink& link, Timestamp until) {
  std::vector<uint8_t> ids;
  while (auto p = link.receive(until)) ids.push_back((*p)[0]);
  return ids;
}

TEST(SimLink, DeliversInOrderAfterDelay) {
  SimLink link({.delay = Duration::millis(20)}, 1);
  Timestamp t0 = Timestamp::from_millis(0);
  for (uint8_t i = 0; i < 5; ++i) link.send(packet(i), t0);
  EXPECT_FALSE(link.receive(t0 + Duration::millis(19)));
  EXPECT_EQ(link.next_delivery(), t0 + Duration::millis(20));
  EXPECT_EQ(drain(link, t0 + Duration::millis(20)), (std::vector<uint8_t>{0, 1, 2, 3, 4}));
  EXPECT_TRUE(link.idle());
}

TEST(SimLink, LossDuplicationReorderingAreSeededAndCounted) {
  Impairment imp{.loss = 0.2, .duplicate = 0.1, .reorder = 0.1};
  SimLink a(imp, 99), b(imp, 99);
  for (int i = 0; i < 1000; ++i) {
    a.send(packet(static_cast<uint8_t>(i)), Timestamp::from_millis(i));
    b.send(packet(static_cast<uint8_t>(i)), Timestamp::from_millis(i));
  }
  auto da = drain(a, Timestamp::from_millis(5000));
  auto db = drain(b, Timestamp::from_millis(5000));
  EXPECT_EQ(da, db);
  EXPECT_NEAR(static_cast<double>(a.stats().lost), 200.0, 60.0);
  EXPECT_GT(a.stats().duplicated, 50u);
  EXPECT_GT(a.stats().reordered, 50u);
  EXPECT_EQ(a.stats().delivered, 1000 - a.stats().lost + a.stats().duplicated);
}

TEST(SimLink, RateLimitSerializesPackets) {
  SimLink link({.delay = Duration::zero(), .rate_bytes_per_second = 100000}, 1);  // 1 ms per 100 bytes
  Timestamp t0;
  for (uint8_t i = 0; i < 10; ++i) link.send(packet(i), t0);
  EXPECT_EQ(drain(link, t0 + Duration::millis(5)).size(), 5u);
  EXPECT_EQ(drain(link, t0 + Duration::millis(10)).size(), 5u);
}

}  // namespace
}  // namespace purertc::sim
