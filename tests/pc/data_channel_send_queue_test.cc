// DataChannelSendQueue: the W3C send() checks and the buffered amount it keeps, without a
// PeerConnection (the loop thread is played by the test; SCTP by a lambda and sync()).
#include "pc/data_channel_send_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace purertc::pc {
namespace {

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

struct Sent {
  bool binary;
  std::string data;
};

// Drains `q` as the loop would, with SCTP accepting everything (or nothing).
std::vector<Sent> drain_all(DataChannelSendQueue& q, bool accept = true) {
  std::vector<Sent> out;
  q.drain([&](bool binary, std::span<const uint8_t> b) {
    out.push_back({binary, std::string(b.begin(), b.end())});
    return accept;
  });
  return out;
}

std::shared_ptr<DataChannelSendBudget> budget(size_t max_buffered = 1 << 20) {
  return std::make_shared<DataChannelSendBudget>(max_buffered, 64 * 1024, 16 * 1024);
}

TEST(DataChannelSendQueue, OnlyTheFirstMessageOfABatchAsksForAWakeUp) {
  DataChannelSendQueue q(budget());
  auto first = q.push(true, bytes_of("a"));
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first);
  auto second = q.push(false, bytes_of("bc"));
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);
  auto sent = drain_all(q);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_TRUE(sent[0].binary);
  EXPECT_EQ(sent[0].data, "a");
  EXPECT_FALSE(sent[1].binary);
  EXPECT_EQ(sent[1].data, "bc");
  // Drained: the next message needs a wake-up again.
  auto third = q.push(true, bytes_of("d"));
  ASSERT_TRUE(third);
  EXPECT_TRUE(*third);
}

TEST(DataChannelSendQueue, BufferedAmountCountsQueuedThenWhatSctpStillHolds) {
  auto b = budget();
  DataChannelSendQueue q(b);
  ASSERT_TRUE(q.push(true, bytes_of(std::string(1000, 'x'))));
  ASSERT_TRUE(q.push(true, bytes_of(std::string(24, 'y'))));
  EXPECT_EQ(q.buffered(), 1024u);
  EXPECT_EQ(b->buffered.load(), 1024u);
  drain_all(q);
  EXPECT_EQ(q.buffered(), 1024u);  // now in SCTP, until the loop looks
  EXPECT_TRUE(q.sync(300));        // SCTP put 724 bytes into packets
  EXPECT_EQ(q.buffered(), 300u);
  EXPECT_EQ(b->buffered.load(), 300u);
  EXPECT_FALSE(q.sync(0));
  EXPECT_EQ(q.buffered(), 0u);
  EXPECT_EQ(b->buffered.load(), 0u);
}

TEST(DataChannelSendQueue, AnEmptyMessageCountsOneByteAsInSctp) {
  DataChannelSendQueue q(budget());
  ASSERT_TRUE(q.push(false, {}));
  EXPECT_EQ(q.buffered(), 1u);
  auto sent = drain_all(q);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].data.empty());
  EXPECT_EQ(q.buffered(), 1u);
  q.sync(0);
  EXPECT_EQ(q.buffered(), 0u);
}

TEST(DataChannelSendQueue, ARefusedMessageLeavesTheBufferedAmount) {
  auto b = budget();
  DataChannelSendQueue q(b);
  ASSERT_TRUE(q.push(true, bytes_of("refused")));
  drain_all(q, /*accept=*/false);
  EXPECT_EQ(q.buffered(), 0u);
  EXPECT_EQ(b->buffered.load(), 0u);
  EXPECT_EQ(b->queued_messages.load(), 0u);
}

TEST(DataChannelSendQueue, TheBudgetIsSharedAndExact) {
  auto b = budget(3000);
  DataChannelSendQueue one(b), two(b);
  const std::string k1(1000, 'k');
  ASSERT_TRUE(one.push(true, bytes_of(k1)));
  ASSERT_TRUE(two.push(true, bytes_of(k1)));
  ASSERT_TRUE(two.reserve(1000));  // exactly full
  auto full = one.push(true, bytes_of("z"));
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, RtcErrorCode::kOperationError);
  EXPECT_EQ(one.buffered(), 1000u);
  EXPECT_EQ(b->buffered.load(), 3000u);
  EXPECT_EQ(b->queued_messages.load(), 2u);
  // Room comes back when SCTP sends: the reserved message went to SCTP and out.
  two.hand_over(1000);
  drain_all(two);
  two.sync(0);
  EXPECT_EQ(b->buffered.load(), 1000u);
  EXPECT_TRUE(one.push(true, bytes_of("z")));
}

TEST(DataChannelSendQueue, ClearDropsQueuedAndSctpBytes) {
  auto b = budget();
  DataChannelSendQueue q(b);
  ASSERT_TRUE(q.push(true, bytes_of("in sctp")));
  drain_all(q);
  q.sync(7);
  ASSERT_TRUE(q.push(true, bytes_of("queued")));
  EXPECT_EQ(q.buffered(), 13u);
  q.clear();
  EXPECT_EQ(q.buffered(), 0u);
  EXPECT_EQ(b->buffered.load(), 0u);
  EXPECT_EQ(b->queued_messages.load(), 0u);
  EXPECT_TRUE(drain_all(q).empty());
}

TEST(DataChannelSendQueue, SizeLimitsAreThePeersAndOurs) {
  auto b = budget();
  DataChannelSendQueue q(b);
  EXPECT_TRUE(q.check_size(16 * 1024));
  auto over_remote = q.check_size(16 * 1024 + 1);
  ASSERT_FALSE(over_remote);
  EXPECT_EQ(over_remote.error().code, RtcErrorCode::kInvalidArgument);
  b->remote_max_message_size = 0;  // the peer sets no limit: ours (64 KiB) remains
  EXPECT_TRUE(q.check_size(64 * 1024));
  auto over_local = q.check_size(64 * 1024 + 1);
  ASSERT_FALSE(over_local);
  EXPECT_EQ(over_local.error().code, RtcErrorCode::kInvalidArgument);
}

TEST(DataChannelSendQueue, TheNumberOfQueuedMessagesIsBounded) {
  auto b = budget(size_t{64} << 20);
  DataChannelSendQueue q(b);
  for (size_t i = 0; i < DataChannelSendBudget::kMaxQueuedMessages; ++i) {
    ASSERT_TRUE(q.push(true, {})) << i;
  }
  auto over = q.push(true, {});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, RtcErrorCode::kOperationError);
  EXPECT_EQ(q.buffered(), DataChannelSendBudget::kMaxQueuedMessages);
  q.clear();
  EXPECT_EQ(b->queued_messages.load(), 0u);
  EXPECT_TRUE(q.push(true, {}));
}

// Several sending threads and a draining "loop" thread at once: every accepted message is drained
// exactly once, each thread's messages in its order, and the counters end at zero. (Run under TSan for
// the locking; see data_channel_send_queue.h.)
TEST(DataChannelSendQueue, ConcurrentSendersAndOneDrainer) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20000;
  auto b = budget(size_t{1} << 30);
  DataChannelSendQueue q(b);
  std::atomic<int> done{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string m = std::to_string(t) + ":" + std::to_string(i);
        ASSERT_TRUE(q.push(true, bytes_of(m)));
        (void)q.buffered();
      }
      done++;
    });
  }
  std::vector<int> next(kThreads, 0);
  int total = 0;
  bool last_round = false;
  while (!last_round) {
    last_round = done.load() == kThreads;
    for (const Sent& s : drain_all(q)) {
      const auto colon = s.data.find(':');
      const int t = std::stoi(s.data.substr(0, colon));
      const int i = std::stoi(s.data.substr(colon + 1));
      ASSERT_EQ(i, next[t]) << "thread " << t;
      next[t]++;
      total++;
    }
    q.sync(0);
  }
  for (auto& s : senders) s.join();
  EXPECT_EQ(total, kThreads * kPerThread);
  EXPECT_EQ(q.buffered(), 0u);
  EXPECT_EQ(b->buffered.load(), 0u);
  EXPECT_EQ(b->queued_messages.load(), 0u);
}

}  // namespace
}  // namespace purertc::pc
