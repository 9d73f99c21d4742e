#include "ice/check_list.h"

#include <gtest/gtest.h>

namespace purertc::ice {
namespace {

Candidate host(const char* addr, uint32_t local_pref = 65535, uint16_t component = 1) {
  Candidate c;
  c.type = CandidateType::kHost;
  c.address = *SocketAddress::parse(addr);
  c.base = c.address;
  c.component = component;
  c.priority = candidate_priority(c.type, local_pref, component);
  c.foundation = candidate_foundation(c.type, c.address.ip, std::nullopt, c.transport);
  return c;
}

Candidate srflx(const char* addr, const Candidate& base_host) {
  Candidate c;
  c.type = CandidateType::kServerReflexive;
  c.address = *SocketAddress::parse(addr);
  c.base = base_host.address;
  c.related_address = base_host.address;
  c.priority = candidate_priority(c.type, 65535, 1);
  c.foundation = candidate_foundation(c.type, c.base.ip, IpAddress::parse("203.0.113.9"), c.transport);
  return c;
}

TEST(CheckList, FormsPairsOnlyWithinComponentAndFamily) {
  CheckList list;
  list.add_local_candidate(host("192.0.2.1:1000"));
  list.add_local_candidate(host("[2001:db8::1]:1000"));
  list.add_local_candidate(host("192.0.2.1:1001", 65535, 2));
  list.add_remote_candidate(host("198.51.100.1:2000"));
  list.add_remote_candidate(host("[2001:db8::2]:2000"));
  ASSERT_EQ(list.pairs().size(), 2u);
  for (const auto& p : list.pairs()) EXPECT_EQ(p.local.address.ip.family(), p.remote.address.ip.family());
  list.add_remote_candidate(host("198.51.100.1:2001", 65535, 2));
  EXPECT_EQ(list.pairs().size(), 3u);
  // The same remote candidate twice forms nothing new.
  EXPECT_TRUE(list.add_remote_candidate(host("198.51.100.1:2001", 65535, 2)).empty());
}

TEST(CheckList, OrdersByPairPriorityAndReordersOnRoleChange) {
  CheckList list;
  list.set_controlling(true);
  list.add_local_candidate(host("192.0.2.1:1000", 65535));
  list.add_local_candidate(host("192.0.2.2:1000", 100));
  list.add_remote_candidate(host("198.51.100.1:2000", 30000));
  list.add_remote_candidate(host("198.51.100.2:2000", 60000));
  const auto& pairs = list.pairs();
  ASSERT_EQ(pairs.size(), 4u);
  for (size_t i = 1; i < pairs.size(); ++i) EXPECT_GE(pairs[i - 1].priority, pairs[i].priority);
  uint64_t before = pairs[0].priority;
  list.set_controlling(false);
  for (size_t i = 1; i < list.pairs().size(); ++i) EXPECT_GE(list.pairs()[i - 1].priority, list.pairs()[i].priority);
  EXPECT_NE(before, list.pairs()[0].priority);
}

TEST(CheckList, ServerReflexiveLocalIsPrunedIntoItsHostPair) {
  CheckList list;
  auto h = host("192.0.2.1:1000");
  list.add_local_candidate(h);
  list.add_local_candidate(srflx("203.0.113.5:40000", h));
  list.add_remote_candidate(host("198.51.100.1:2000"));
  ASSERT_EQ(list.pairs().size(), 1u);
  EXPECT_EQ(list.pairs()[0].local.type, CandidateType::kHost);
}

TEST(CheckList, FrozenAlgorithmOnePairPerFoundation) {
  CheckList list;
  // Two local host candidates on the same IP (different ports) share a foundation, as do the two
  // remote ones: all four pairs have one foundation, so only one starts Waiting.
  list.add_local_candidate(host("192.0.2.1:1000"));
  list.add_local_candidate(host("192.0.2.1:1001", 65000));
  list.add_remote_candidate(host("198.51.100.1:2000"));
  list.add_remote_candidate(host("198.51.100.1:2001", 65000));
  int waiting = 0;
  for (const auto& p : list.pairs()) waiting += p.state == PairState::kWaiting;
  EXPECT_EQ(waiting, 1);
  auto first = list.next_check();
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, list.pairs()[0].id);  // highest priority
  // Nothing else waiting and the foundation is in progress: no check this tick.
  EXPECT_FALSE(list.next_check());
  list.on_success(*first);
  // Success unfreezes the rest of the foundation.
  int now_waiting = 0;
  for (const auto& p : list.pairs()) now_waiting += p.state == PairState::kWaiting;
  EXPECT_EQ(now_waiting, 3);
  EXPECT_TRUE(list.best_valid());
  EXPECT_EQ(list.best_valid()->id, *first);
}

TEST(CheckList, FailedFoundationLetsFrozenPairsProceed) {
  CheckList list;
  list.add_local_candidate(host("192.0.2.1:1000"));
  list.add_remote_candidate(host("198.51.100.1:2000"));
  list.add_remote_candidate(host("198.51.100.1:2001", 1000));
  auto a = list.next_check();
  ASSERT_TRUE(a);
  list.on_failure(*a);
  auto b = list.next_check();
  ASSERT_TRUE(b);
  EXPECT_NE(*a, *b);
  list.on_failure(*b);
  EXPECT_FALSE(list.next_check());
  EXPECT_TRUE(list.all_done());
  EXPECT_FALSE(list.best_valid());
}

TEST(CheckList, TriggeredChecksGoFirst) {
  CheckList list;
  list.add_local_candidate(host("192.0.2.1:1000"));
  list.add_remote_candidate(host("198.51.100.1:2000"));
  list.add_remote_candidate(host("198.51.100.2:2000", 10));
  PairId low = list.pairs().back().id;
  list.trigger(low);
  list.trigger(low);  // queued once
  EXPECT_EQ(list.next_check(), low);
  EXPECT_NE(list.next_check(), low);
}

TEST(CheckList, PeerReflexivePairsAreAddedOnDemand) {
  CheckList list;
  auto h = host("192.0.2.1:1000");
  list.add_local_candidate(h);
  Candidate prflx;
  prflx.type = CandidateType::kPeerReflexive;
  prflx.address = *SocketAddress::parse("203.0.113.77:5555");
  prflx.priority = candidate_priority(prflx.type, 65535, 1);
  prflx.foundation = "prflx1";
  PairId id = list.add_pair(h, prflx);
  EXPECT_EQ(list.add_pair(h, prflx), id);
  ASSERT_NE(list.find(id), nullptr);
  EXPECT_EQ(list.find(h.address, prflx.address)->id, id);
  EXPECT_EQ(list.remote_candidates().size(), 1u);
}

TEST(CheckList, SizeLimitDropsLowestPriority) {
  CheckList list(3);
  list.add_local_candidate(host("192.0.2.1:1000"));
  for (int i = 0; i < 6; ++i) {
    std::string addr = "198.51.100." + std::to_string(i + 1) + ":2000";
    list.add_remote_candidate(host(addr.c_str(), static_cast<uint32_t>(1000 * (i + 1))));
  }
  ASSERT_EQ(list.pairs().size(), 3u);
  // The three best remote candidates survive.
  EXPECT_EQ(list.pairs()[0].remote.address.to_string(), "198.51.100.6:2000");
  EXPECT_EQ(list.pairs()[2].remote.address.to_string(), "198.51.100.4:2000");
}

}  // namespace
}  // namespace purertc::ice
