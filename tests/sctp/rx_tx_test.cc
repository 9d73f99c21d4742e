// Unit tests of the receive-side TSN tracker and reassembly, and the send queue / scheduler.
#include <gtest/gtest.h>

#include "sctp/rx/data_tracker.h"
#include "sctp/rx/reassembly.h"
#include "sctp/tx/retransmission_queue.h"
#include "sctp/tx/send_queue.h"

namespace purertc::sctp {
namespace {

TEST(SctpDataTracker, CumulativeGapsAndDuplicates) {
  DataTracker t;
  t.reset(0xfffffffe);  // wraps during the test
  auto tsn = [&](uint32_t v) { return t.unwrap(v); };
  EXPECT_TRUE(t.is_new(tsn(0xfffffffe)));
  t.observe(tsn(0xfffffffe));
  EXPECT_EQ(t.cumulative_tsn(), 0xfffffffeu);
  t.observe(tsn(1));  // 0xffffffff and 0 missing
  t.observe(tsn(3));
  EXPECT_TRUE(t.has_gaps());
  std::vector<GapBlock> gaps;
  std::vector<uint32_t> dups;
  t.add_duplicate(1, 16);
  t.build_sack(16, gaps, dups);
  ASSERT_EQ(gaps.size(), 2u);
  EXPECT_EQ(gaps[0].start, 3);  // 1 is cum + 3
  EXPECT_EQ(gaps[0].end, 3);
  EXPECT_EQ(gaps[1].start, 5);
  EXPECT_EQ(dups, std::vector<uint32_t>{1});
  t.build_sack(16, gaps, dups);
  EXPECT_TRUE(dups.empty());  // reported once
  EXPECT_FALSE(t.is_new(tsn(1)));
  EXPECT_FALSE(t.is_new(tsn(0xfffffffe)));
  t.observe(tsn(0xffffffff));
  t.observe(tsn(0));
  EXPECT_EQ(t.cumulative_tsn(), 1u);
  t.observe(tsn(2));
  EXPECT_EQ(t.cumulative_tsn(), 3u);
  EXPECT_FALSE(t.has_gaps());
}

TEST(SctpDataTracker, ForwardTsnSkipsAndMerges) {
  DataTracker t;
  t.reset(100);
  t.observe(t.unwrap(100));
  t.observe(t.unwrap(105));
  t.observe(t.unwrap(106));
  t.forward_to(t.unwrap(104));
  EXPECT_EQ(t.cumulative_tsn(), 106u);
  EXPECT_FALSE(t.has_gaps());
}

TEST(SctpDataTracker, LimitsGapBlocks) {
  DataTracker t;
  t.reset(0);
  for (uint32_t i = 2; i < 100; i += 2) t.observe(t.unwrap(i));
  std::vector<GapBlock> gaps;
  std::vector<uint32_t> dups;
  t.build_sack(8, gaps, dups);
  EXPECT_EQ(gaps.size(), 8u);
}

DataView frag(uint32_t tsn, uint16_t stream, uint32_t seq, bool b, bool e, std::span<const uint8_t> p, bool unordered = false, uint32_t fsn = 0) {
  DataView d;
  d.tsn = tsn;
  d.stream = stream;
  d.ssn_or_mid = seq;
  d.ppid = 53;
  d.fsn = fsn;
  d.beginning = b;
  d.end = e;
  d.unordered = unordered;
  d.payload = p;
  return d;
}

// The sender's view of SACKs while a hole stays open: each SACK repeats the blocks above the hole, grown
// at the top (the queue skips what the previous SACK already acknowledged), and may arrive with blocks
// unsorted or overlapping.
SackView make_sack(std::vector<uint8_t>& storage, uint32_t cum, std::vector<GapBlock> gaps) {
  storage.clear();
  append_sack_chunk(storage, cum, 1 << 20, gaps, {});
  ChunkView chunk{storage[0], storage[1], std::span<const uint8_t>(storage).subspan(4), storage};
  return *SackView::parse(chunk);
}

TEST(SctpRetransmissionQueue, RepeatedGrowingGapsAndFastRetransmit) {
  RetransmissionQueue q(1200);
  q.reset(100, 1 << 20);
  auto message = std::make_shared<OutgoingMessage>();
  message->payload.resize(1000);
  const Timestamp now = Timestamp::from_micros(1000000);
  const int64_t first = q.next_tsn();
  for (uint32_t i = 0; i < 10; ++i) {
    q.add(Fragment{message, i * 100, 100, i, i == 0, i == 9}, now);
  }
  constexpr size_t kChunk = 100 + 16;
  EXPECT_EQ(q.outstanding_bytes(), 10 * kChunk);
  std::vector<uint8_t> storage;
  std::vector<MessagePtr> abandoned;
  // TSN 100 acked; 101 missing; 102.. arriving one by one.
  auto out = q.handle_sack(make_sack(storage, 100, {{2, 2}}), now, abandoned);
  EXPECT_TRUE(out.cumulative_advanced);
  EXPECT_EQ(q.outstanding_bytes(), 8 * kChunk);
  out = q.handle_sack(make_sack(storage, 100, {{2, 3}}), now, abandoned);
  EXPECT_TRUE(out.acked_new_data);
  EXPECT_EQ(q.outstanding_bytes(), 7 * kChunk);
  EXPECT_FALSE(q.next_retransmission(1200, now, abandoned));  // two miss indications so far
  out = q.handle_sack(make_sack(storage, 100, {{2, 4}}), now, abandoned);
  EXPECT_EQ(q.outstanding_bytes(), 5 * kChunk);  // 103 acked, 101 left flight for retransmission
  auto rtx = q.next_retransmission(1200, now, abandoned);
  ASSERT_TRUE(rtx);
  EXPECT_EQ(*rtx, first + 1);
  q.add_retransmission_sent(*rtx, now);
  EXPECT_EQ(q.outstanding_bytes(), 6 * kChunk);
  // The same blocks again acknowledge nothing new.
  out = q.handle_sack(make_sack(storage, 100, {{2, 4}}), now, abandoned);
  EXPECT_FALSE(out.acked_new_data);
  EXPECT_EQ(q.outstanding_bytes(), 6 * kChunk);
  // Unsorted and overlapping blocks covering 102..107.
  out = q.handle_sack(make_sack(storage, 100, {{6, 7}, {2, 5}, {3, 6}}), now, abandoned);
  EXPECT_TRUE(out.acked_new_data);
  EXPECT_EQ(q.outstanding_bytes(), 3 * kChunk);  // 101, 108, 109
  // A block below the previous ones and one above them, with a new hole at 108.
  out = q.handle_sack(make_sack(storage, 100, {{2, 7}, {9, 9}}), now, abandoned);
  EXPECT_EQ(q.outstanding_bytes(), 2 * kChunk);  // 101, 108
  out = q.handle_sack(make_sack(storage, 109, {}), now, abandoned);
  EXPECT_EQ(q.outstanding_bytes(), 0u);
  EXPECT_FALSE(q.has_outstanding());
  EXPECT_TRUE(q.empty());
  EXPECT_TRUE(abandoned.empty());
}

TEST(SctpReassembly, OrderedDataOutOfOrderFragments) {
  Reassembly r(1000);
  std::vector<MessageReceived> out;
  std::vector<uint8_t> a{1, 2}, b{3}, c{4, 5};
  // Message SSN 1 arrives complete before SSN 0 (fragments of SSN 0 arrive E, B, middle).
  ASSERT_TRUE(r.add(frag(13, 0, 1, true, true, a), 13, false, out).has_value());
  ASSERT_TRUE(r.add(frag(12, 0, 0, false, true, c), 12, false, out).has_value());
  ASSERT_TRUE(r.add(frag(10, 0, 0, true, false, a), 10, false, out).has_value());
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(r.buffered_bytes(), 6u);
  ASSERT_TRUE(r.add(frag(11, 0, 0, false, false, b), 11, false, out).has_value());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].payload, (std::vector<uint8_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(out[1].payload, a);
  EXPECT_EQ(r.buffered_bytes(), 0u);
}

TEST(SctpReassembly, UnorderedDataRuns) {
  Reassembly r(1000);
  std::vector<MessageReceived> out;
  std::vector<uint8_t> x{9};
  ASSERT_TRUE(r.add(frag(21, 1, 0, false, true, x, true), 21, false, out).has_value());
  ASSERT_TRUE(r.add(frag(22, 1, 0, true, true, x, true), 22, false, out).has_value());
  ASSERT_EQ(out.size(), 1u);  // the single-fragment one goes at once
  ASSERT_TRUE(r.add(frag(20, 1, 0, true, false, x, true), 20, false, out).has_value());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].payload.size(), 2u);
  EXPECT_TRUE(out[1].unordered);
}

TEST(SctpReassembly, IDataByFsnAndSizeLimit) {
  Reassembly r(4);
  std::vector<MessageReceived> out;
  std::vector<uint8_t> two{1, 2};
  ASSERT_TRUE(r.add(frag(5, 2, 7, false, true, two, false, 1), 5, true, out).has_value());
  // MID 7 is not next (0), so nothing is delivered even when complete.
  ASSERT_TRUE(r.add(frag(4, 2, 7, true, false, two, false, 0), 4, true, out).has_value());
  EXPECT_TRUE(out.empty());
  // The peer skips MIDs up to 6 (I-FORWARD-TSN): MID 7 follows at once.
  ForwardTsnChunk f{3, {{2, false, 6}}};
  r.forward(f, 3, true, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].payload, (std::vector<uint8_t>{1, 2, 1, 2}));
  // 5 bytes > max message size 4.
  std::vector<uint8_t> three{1, 2, 3};
  ASSERT_TRUE(r.add(frag(6, 2, 8, true, false, three, false, 0), 6, true, out).has_value());
  EXPECT_FALSE(r.add(frag(7, 2, 8, false, true, two, false, 1), 7, true, out).has_value());
}

TEST(SctpReassembly, StreamResetRestartsSequence) {
  Reassembly r(100);
  std::vector<MessageReceived> out;
  std::vector<uint8_t> x{1};
  ASSERT_TRUE(r.add(frag(1, 3, 0, true, true, x), 1, false, out).has_value());
  ASSERT_TRUE(r.add(frag(2, 3, 1, true, true, x), 2, false, out).has_value());
  std::vector<uint16_t> streams{3};
  r.reset_streams(streams);
  ASSERT_TRUE(r.add(frag(3, 3, 0, true, true, x), 3, false, out).has_value());
  EXPECT_EQ(out.size(), 3u);
}

TEST(SctpSendQueue, FragmentsAndNumbersMessages) {
  SendQueue q;
  Timestamp now = Timestamp::from_millis(1);
  ASSERT_TRUE(q.enqueue(1, 53, std::vector<uint8_t>(250, 1), SendOptions{}, now).has_value());
  ASSERT_TRUE(q.enqueue(1, 53, std::vector<uint8_t>(10, 2), SendOptions{}, now).has_value());
  EXPECT_EQ(q.buffered_amount(1), 260u);
  auto f1 = q.produce(100, now, false);
  auto f2 = q.produce(100, now, false);
  auto f3 = q.produce(100, now, false);
  auto f4 = q.produce(100, now, false);
  ASSERT_TRUE(f1 && f2 && f3 && f4);
  EXPECT_TRUE(f1->beginning && !f1->end);
  EXPECT_EQ(f2->fsn, 1u);
  EXPECT_TRUE(f3->end);
  EXPECT_EQ(f3->length, 50u);
  EXPECT_EQ(f1->message->ssn_or_mid, 0u);
  EXPECT_EQ(f4->message->ssn_or_mid, 1u);
  EXPECT_FALSE(q.produce(100, now, false).has_value());
  EXPECT_EQ(q.total_buffered(), 0u);
}

TEST(SctpSendQueue, ExpiredUnsentMessagesAreDropped) {
  SendQueue q;
  SendOptions o;
  o.lifetime = Duration::millis(10);
  ASSERT_TRUE(q.enqueue(1, 53, {1}, o, Timestamp::from_millis(0)).has_value());
  ASSERT_TRUE(q.enqueue(1, 53, {2}, SendOptions{}, Timestamp::from_millis(0)).has_value());
  auto f = q.produce(100, Timestamp::from_millis(20), false);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->payload()[0], 2);
  EXPECT_EQ(f->message->ssn_or_mid, 0u);  // the dropped message used no sequence number
  EXPECT_EQ(q.expired(), 1u);
}

TEST(SctpSendQueue, WithoutInterleavingAStartedMessageFinishesFirst) {
  SendQueue q;
  Timestamp now;
  ASSERT_TRUE(q.enqueue(1, 53, std::vector<uint8_t>(300, 1), SendOptions{}, now).has_value());
  ASSERT_TRUE(q.enqueue(2, 53, std::vector<uint8_t>(10, 2), SendOptions{}, now).has_value());
  std::vector<uint16_t> order;
  while (auto f = q.produce(100, now, false)) order.push_back(f->message->stream);
  EXPECT_EQ(order, (std::vector<uint16_t>{1, 1, 1, 2}));
  ASSERT_TRUE(q.enqueue(1, 53, std::vector<uint8_t>(300, 1), SendOptions{}, now).has_value());
  ASSERT_TRUE(q.enqueue(2, 53, std::vector<uint8_t>(10, 2), SendOptions{}, now).has_value());
  order.clear();
  while (auto f = q.produce(100, now, true)) order.push_back(f->message->stream);
  EXPECT_NE(order, (std::vector<uint16_t>{1, 1, 1, 2}));  // I-DATA: the small one goes in between
}

TEST(SctpSendQueue, ResetWaitsForEarlierMessages) {
  SendQueue q;
  Timestamp now;
  ASSERT_TRUE(q.enqueue(1, 53, {1}, SendOptions{}, now).has_value());
  std::vector<uint16_t> s{1};
  q.prepare_reset(s);
  ASSERT_TRUE(q.enqueue(1, 53, {2}, SendOptions{}, now).has_value());
  EXPECT_FALSE(q.ready_for_reset(s));
  auto f = q.produce(100, now, false);
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(q.ready_for_reset(s));
  EXPECT_FALSE(q.produce(100, now, false).has_value());  // held until the reset completes
  q.commit_reset(s);
  auto g = q.produce(100, now, false);
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->message->ssn_or_mid, 0u);
}

}  // namespace
}  // namespace purertc::sctp
