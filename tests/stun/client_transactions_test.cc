#include "stun/client_transactions.h"

#include <gtest/gtest.h>

#include "stun/packet/message_builder.h"

namespace purertc::stun {
namespace {

std::vector<uint8_t> request(uint8_t id_byte) {
  TransactionId id{};
  id.fill(id_byte);
  uint8_t buf[64];
  MessageBuilder b(buf, MessageType(Method::kBinding, MessageClass::kRequest), id);
  auto out = b.finish();
  EXPECT_TRUE(out);
  return std::vector<uint8_t>(out->begin(), out->end());
}

TransactionId id_of(uint8_t id_byte) {
  TransactionId id{};
  id.fill(id_byte);
  return id;
}

size_t drain(ClientTransactions& tx) {
  size_t n = 0;
  while (tx.poll_transmit()) ++n;
  return n;
}

Timestamp at_ms(int64_t ms) { return Timestamp::from_millis(ms); }

TEST(ClientTransactions, Rfc8489RetransmissionScheduleAndTimeout) {
  ClientTransactions tx;
  ASSERT_TRUE(tx.start(request(1), at_ms(0)));
  EXPECT_EQ(drain(tx), 1u);
  // RFC 8489 6.2.1 example: sends at 0, 500, 1500, 3500, 7500, 15500, 31500 ms; timeout at 39500 ms.
  const int64_t sends[] = {500, 1500, 3500, 7500, 15500, 31500};
  for (int64_t t : sends) {
    EXPECT_EQ(tx.next_timeout(), at_ms(t));
    tx.handle_timeout(at_ms(t - 1));  // early: nothing happens
    EXPECT_EQ(drain(tx), 0u);
    tx.handle_timeout(at_ms(t));
    EXPECT_EQ(drain(tx), 1u) << "retransmission at " << t;
  }
  EXPECT_EQ(tx.next_timeout(), at_ms(39500));
  tx.handle_timeout(at_ms(39499));
  EXPECT_FALSE(tx.poll_timeout_event());
  tx.handle_timeout(at_ms(39500));
  EXPECT_EQ(drain(tx), 0u);
  auto timed_out = tx.poll_timeout_event();
  ASSERT_TRUE(timed_out);
  EXPECT_EQ(*timed_out, id_of(1));
  EXPECT_EQ(tx.outstanding(), 0u);
  EXPECT_TRUE(tx.next_timeout().is_infinite());
}

TEST(ClientTransactions, ResponseStopsRetransmissionAndDuplicatesAreNotMatched) {
  ClientTransactions tx;
  ASSERT_TRUE(tx.start(request(1), at_ms(0)));
  drain(tx);
  EXPECT_TRUE(tx.handle_response(id_of(1)));
  EXPECT_FALSE(tx.handle_response(id_of(1)));  // duplicate response
  EXPECT_FALSE(tx.handle_response(id_of(2)));  // never sent
  tx.handle_timeout(at_ms(100000));
  EXPECT_EQ(drain(tx), 0u);
  EXPECT_FALSE(tx.poll_timeout_event());
}

TEST(ClientTransactions, LateResponseAfterTimeoutIsNotMatched) {
  ClientTransactions tx(TransactionSettings{.initial_rto = Duration::millis(100), .max_transmissions = 2});
  ASSERT_TRUE(tx.start(request(3), at_ms(0)));
  EXPECT_EQ(drain(tx), 1u);
  tx.handle_timeout(at_ms(100));
  EXPECT_EQ(drain(tx), 1u);
  tx.handle_timeout(at_ms(100 + 1600));
  EXPECT_EQ(drain(tx), 0u);
  EXPECT_TRUE(tx.poll_timeout_event());
  EXPECT_FALSE(tx.handle_response(id_of(3)));
}

TEST(ClientTransactions, QueuedSendOfAnsweredTransactionIsDropped) {
  ClientTransactions tx;
  ASSERT_TRUE(tx.start(request(1), at_ms(0)));
  EXPECT_TRUE(tx.handle_response(id_of(1)));
  EXPECT_EQ(drain(tx), 0u);
}

TEST(ClientTransactions, ReliableTransportSendsOnceAndTimesOutAfterTi) {
  ClientTransactions tx(TransactionSettings{.reliable = true});
  ASSERT_TRUE(tx.start(request(1), at_ms(0)));
  EXPECT_EQ(drain(tx), 1u);
  EXPECT_EQ(tx.next_timeout(), at_ms(39500));
  tx.handle_timeout(at_ms(39500));
  EXPECT_EQ(drain(tx), 0u);
  EXPECT_TRUE(tx.poll_timeout_event());
}

TEST(ClientTransactions, LimitsAndInvalidInput) {
  ClientTransactions tx(TransactionSettings{.max_outstanding = 2});
  ASSERT_TRUE(tx.start(request(1), at_ms(0)));
  EXPECT_EQ(tx.start(request(1), at_ms(0)).error().code, Errc::kInvalidArgument);
  ASSERT_TRUE(tx.start(request(2), at_ms(0)));
  EXPECT_EQ(tx.start(request(3), at_ms(0)).error().code, Errc::kLimitExceeded);
  EXPECT_EQ(tx.start(std::vector<uint8_t>(10, 0), at_ms(0)).error().code, Errc::kInvalidArgument);
  tx.cancel(id_of(1));
  EXPECT_EQ(tx.outstanding(), 1u);
}

TEST(ClientTransactions, IndependentTransactionsInterleave) {
  ClientTransactions tx;
  ASSERT_TRUE(tx.start(request(1), at_ms(0)));
  ASSERT_TRUE(tx.start(request(2), at_ms(200)));
  EXPECT_EQ(drain(tx), 2u);
  EXPECT_EQ(tx.next_timeout(), at_ms(500));
  tx.handle_timeout(at_ms(500));
  auto sent = tx.poll_transmit();
  ASSERT_TRUE(sent);
  EXPECT_EQ((*sent)[8], 1);
  EXPECT_FALSE(tx.poll_transmit());
  EXPECT_EQ(tx.next_timeout(), at_ms(700));
}

}  // namespace
}  // namespace purertc::stun
