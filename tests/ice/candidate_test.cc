#include "ice/candidate.h"

#include <gtest/gtest.h>

namespace purertc::ice {
namespace {

TEST(Candidate, PriorityFormula) {
  // RFC 8445 5.1.2.1 with the recommended preferences: a host candidate on the best interface for
  // component 1 is 126 << 24 | 65535 << 8 | 255.
  EXPECT_EQ(candidate_priority(CandidateType::kHost, 65535, 1), 2130706431u);
  EXPECT_EQ(candidate_priority(CandidateType::kHost, 65535, 2), 2130706430u);
  EXPECT_EQ(candidate_priority(CandidateType::kServerReflexive, 65535, 1), (100u << 24) + (65535u << 8) + 255u);
  EXPECT_EQ(candidate_priority(CandidateType::kRelayed, 0, 1), 255u);
  EXPECT_GT(candidate_priority(CandidateType::kPeerReflexive, 0, 1), candidate_priority(CandidateType::kServerReflexive, 65535, 1));
  // Out-of-range inputs are clamped, never overflow into the type preference.
  EXPECT_EQ(candidate_priority(CandidateType::kRelayed, 1u << 20, 1), (65535u << 8) + 255u);
}

TEST(Candidate, PairPriorityIsSymmetricInRoleAndBreaksTies) {
  // 6.1.2.3: both agents compute the same number for the same pair.
  uint32_t g = 2130706431, d = 1694498815;
  EXPECT_EQ(pair_priority(g, d), (uint64_t{d} << 32) + 2 * uint64_t{g} + 1);
  EXPECT_EQ(pair_priority(d, g), (uint64_t{d} << 32) + 2 * uint64_t{g});
  EXPECT_EQ(pair_priority(5, 5), (uint64_t{5} << 32) + 10);
}

TEST(Candidate, FoundationGroupsSimilarCandidates) {
  auto base = *IpAddress::parse("192.0.2.1");
  auto other = *IpAddress::parse("192.0.2.2");
  auto stun1 = IpAddress::parse("198.51.100.1");
  auto stun2 = IpAddress::parse("198.51.100.2");
  auto f = candidate_foundation(CandidateType::kServerReflexive, base, stun1, TransportProtocol::kUdp);
  EXPECT_EQ(f, candidate_foundation(CandidateType::kServerReflexive, base, stun1, TransportProtocol::kUdp));
  EXPECT_NE(f, candidate_foundation(CandidateType::kServerReflexive, base, stun2, TransportProtocol::kUdp));
  EXPECT_NE(f, candidate_foundation(CandidateType::kServerReflexive, other, stun1, TransportProtocol::kUdp));
  EXPECT_NE(f, candidate_foundation(CandidateType::kRelayed, base, stun1, TransportProtocol::kUdp));
  EXPECT_NE(f, candidate_foundation(CandidateType::kServerReflexive, base, stun1, TransportProtocol::kTcp));
  EXPECT_LE(f.size(), 32u);
  EXPECT_EQ(f.find_first_not_of("0123456789"), std::string::npos);
}

TEST(Candidate, Names) {
  EXPECT_EQ(to_string(CandidateType::kServerReflexive), "srflx");
  EXPECT_EQ(candidate_type_from_string("relay"), CandidateType::kRelayed);
  EXPECT_FALSE(candidate_type_from_string("bogus"));
}

}  // namespace
}  // namespace purertc::ice
