#include "dtls/handshake_reassembler.h"

#include <gtest/gtest.h>

#include <numeric>

namespace purertc::dtls {
namespace {

HandshakeFragmentView frag(uint8_t type, uint16_t seq, const std::vector<uint8_t>& body, uint32_t off, uint32_t len) {
  HandshakeFragmentView f;
  f.msg_type = type;
  f.length = static_cast<uint32_t>(body.size());
  f.message_seq = seq;
  f.fragment_offset = off;
  f.fragment = std::span<const uint8_t>(body).subspan(off, len);
  return f;
}

std::vector<uint8_t> body_of(size_t n) {
  std::vector<uint8_t> b(n);
  std::iota(b.begin(), b.end(), uint8_t{0});
  return b;
}

TEST(HandshakeReassembler, OutOfOrderOverlappingDuplicated) {
  HandshakeReassembler r(ReassemblyLimits{});
  auto body = body_of(1000);
  EXPECT_EQ(r.add(frag(11, 0, body, 600, 400), 0), HandshakeReassembler::AddResult::kAccepted);
  EXPECT_FALSE(r.pop());
  EXPECT_EQ(r.add(frag(11, 0, body, 0, 300), 0), HandshakeReassembler::AddResult::kAccepted);
  EXPECT_EQ(r.add(frag(11, 0, body, 0, 300), 0), HandshakeReassembler::AddResult::kAccepted);  // duplicate
  EXPECT_FALSE(r.pop());
  EXPECT_EQ(r.add(frag(11, 0, body, 250, 400), 0), HandshakeReassembler::AddResult::kAccepted);  // overlaps both
  auto m = r.pop();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body, body);
  EXPECT_EQ(m->message_seq, 0);
  EXPECT_EQ(r.next_seq(), 1);
  EXPECT_EQ(r.buffered_bytes(), 0u);
  EXPECT_EQ(r.add(frag(11, 0, body, 0, 10), 0), HandshakeReassembler::AddResult::kOld);
}

TEST(HandshakeReassembler, DeliversInSequenceOrder) {
  HandshakeReassembler r(ReassemblyLimits{});
  auto a = body_of(10), b = body_of(20), empty = std::vector<uint8_t>{};
  EXPECT_EQ(r.add(frag(14, 2, empty, 0, 0), 0), HandshakeReassembler::AddResult::kAccepted);
  EXPECT_EQ(r.add(frag(12, 1, b, 0, 20), 0), HandshakeReassembler::AddResult::kAccepted);
  EXPECT_FALSE(r.pop());
  EXPECT_EQ(r.add(frag(2, 0, a, 0, 10), 0), HandshakeReassembler::AddResult::kAccepted);
  EXPECT_EQ(r.pop()->type, 2);
  EXPECT_EQ(r.pop()->type, 12);
  auto done = r.pop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->type, 14);
  EXPECT_TRUE(done->body.empty());
}

TEST(HandshakeReassembler, InconsistentFragmentsDropped) {
  HandshakeReassembler r(ReassemblyLimits{});
  auto body = body_of(100);
  auto other = body_of(50);
  EXPECT_EQ(r.add(frag(11, 0, body, 0, 10), 0), HandshakeReassembler::AddResult::kAccepted);
  EXPECT_EQ(r.add(frag(12, 0, body, 10, 10), 0), HandshakeReassembler::AddResult::kDropped);   // type
  EXPECT_EQ(r.add(frag(11, 0, other, 10, 10), 0), HandshakeReassembler::AddResult::kDropped);  // length
  EXPECT_EQ(r.add(frag(11, 0, body, 10, 10), 1), HandshakeReassembler::AddResult::kDropped);   // epoch
}

TEST(HandshakeReassembler, LimitsBoundMemory) {
  ReassemblyLimits limits;
  limits.max_message_size = 1000;
  limits.max_buffered_bytes = 2500;
  limits.max_messages_ahead = 4;
  HandshakeReassembler r(limits);
  auto big = body_of(1001);
  EXPECT_EQ(r.add(frag(11, 0, big, 0, 10), 0), HandshakeReassembler::AddResult::kDropped);
  auto body = body_of(1000);
  EXPECT_EQ(r.add(frag(11, 4, body, 0, 10), 0), HandshakeReassembler::AddResult::kDropped);  // too far ahead
  EXPECT_EQ(r.add(frag(11, 1, body, 0, 10), 0), HandshakeReassembler::AddResult::kAccepted);
  EXPECT_EQ(r.add(frag(11, 2, body, 0, 10), 0), HandshakeReassembler::AddResult::kAccepted);
  EXPECT_EQ(r.add(frag(11, 3, body, 0, 10), 0), HandshakeReassembler::AddResult::kDropped);  // budget
  EXPECT_LE(r.buffered_bytes(), limits.max_buffered_bytes);
  r.reset(7);
  EXPECT_EQ(r.buffered_bytes(), 0u);
  EXPECT_EQ(r.next_seq(), 7);
  EXPECT_TRUE(r.empty());
}

}  // namespace
}  // namespace purertc::dtls
