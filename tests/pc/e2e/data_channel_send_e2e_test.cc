// DataChannel::send from threads other than the library's loop: it queues without waiting for the
// loop, reports W3C errors synchronously, keeps bufferedAmount exact, keeps each thread's order (also
// against sends made on the loop thread), and behaves when the channel or the connection closes with
// messages still queued.
//
// Both peers of a PeerPair share one Api, so one loop thread: a test can hold that thread inside a
// callback (LoopBlocker) and observe what send() does on its own.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/pc/e2e/peer_pair.h"
#include "tests/pc/notification.h"

namespace purertc::e2e {
namespace {

// A text message of exactly `size` bytes that starts with `tag` (size >= tag.size()).
std::string message(const std::string& tag, size_t size) {
  std::string m = tag;
  m.resize(std::max(size, tag.size()), '.');
  return m;
}

std::string tag_of(const std::string& m) { return m.substr(0, m.find('.')); }

// Holds the loop thread in a callback until released (or the hang guard ran out).
class LoopBlocker {
 public:
  void block() {
    blocked_.notify();
    (void)release_.wait_for(kHangGuard);
  }
  bool wait_blocked() { return blocked_.wait_for(kHangGuard); }
  void release() { release_.notify(); }

 private:
  pc::Notification blocked_, release_;
};

// An open reliable ordered channel from the offerer ("local") to the answerer, whose side logs every
// text message (and "<closed>" on close) and blocks the loop on the message "block".
struct OpenChannel {
  explicit OpenChannel(SettingEngine settings = loopback_settings()) : pair(std::move(settings)) {
    pair.answerer->on_data_channel([this](std::shared_ptr<DataChannel> dc) {
      dc->on_message([this](const DataChannelMessage& m) {
        if (m.text() == "block") {
          blocker.block();
          return;
        }
        received.push(std::string(m.text()));
      });
      dc->on_close([this] { received.push("<closed>"); });
      remote.push(dc);
    });
    auto dc = pair.offerer->create_data_channel("data");
    EXPECT_TRUE(dc);
    local = *dc;
    EventLog<int> opened;
    local->on_open([&opened] { opened.push(1); });
    pair.negotiate_trickle();
    EXPECT_TRUE(opened.wait_for_size(1));
    EXPECT_TRUE(remote.wait_for_size(1));
    local->on_open(nullptr);
  }
  ~OpenChannel() {
    blocker.release();
    pair.close();
  }

  // Holds the loop thread; the local channel's buffered amount is 0 then (the "block" message left).
  void block_loop() {
    ASSERT_TRUE(local->send("block"));
    ASSERT_TRUE(blocker.wait_blocked());
  }

  PeerPair pair;
  LoopBlocker blocker;
  std::shared_ptr<DataChannel> local;
  EventLog<std::shared_ptr<DataChannel>> remote;
  EventLog<std::string> received;
};

TEST(DataChannelSend, FromAnotherThreadItQueuesAndCountsWithoutTheLoop) {
  OpenChannel ch;
  ch.block_loop();
  EXPECT_EQ(ch.local->buffered_amount(), 0u);
  // The loop is held: every call below returns without it, and nothing leaves, so the buffered amount
  // is exactly the sum of what was sent.
  const std::vector<size_t> sizes{10, 100, 1000, 1200, 5000, 64 * 1024, 10};
  std::vector<std::string> expected;
  size_t buffered = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    expected.push_back(message("m" + std::to_string(i), sizes[i]));
    ASSERT_TRUE(ch.local->send(expected.back()));
    buffered += sizes[i];
    EXPECT_EQ(ch.local->buffered_amount(), buffered);
  }
  const std::vector<uint8_t> binary(3000, 7);
  ASSERT_TRUE(ch.local->send(std::span<const uint8_t>(binary)));
  buffered += binary.size();
  EXPECT_EQ(ch.local->buffered_amount(), buffered);
  // W3C: an empty message is allowed; SCTP carries it as one byte, which the buffered amount counts.
  ASSERT_TRUE(ch.local->send(""));
  buffered += 1;
  EXPECT_EQ(ch.local->buffered_amount(), buffered);
  // Larger than a=max-message-size (both peers advertise 2 MiB here): refused at once, nothing counted.
  const std::vector<uint8_t> too_big(2 * 1024 * 1024 + 1, 1);
  auto r = ch.local->send(std::span<const uint8_t>(too_big));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, RtcErrorCode::kInvalidArgument);
  EXPECT_EQ(ch.local->buffered_amount(), buffered);
  EXPECT_EQ(ch.local->ready_state(), DataChannelState::kOpen);

  ch.blocker.release();
  ASSERT_TRUE(ch.received.wait_for_size(expected.size()));
  const auto items = ch.received.items();
  EXPECT_EQ(std::vector<std::string>(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(expected.size())),
            expected);
  EXPECT_TRUE(eventually([&] { return ch.local->buffered_amount() == 0; }));
}

TEST(DataChannelSend, AFullSendBufferIsRefusedSynchronously) {
  SettingEngine settings = loopback_settings();
  settings.sctp_max_send_buffer = 256 * 1024;
  OpenChannel ch(settings);
  ch.block_loop();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(ch.local->send(message("q" + std::to_string(i), 64 * 1024)));
  EXPECT_EQ(ch.local->buffered_amount(), 256u * 1024);  // exactly the send buffer
  auto full = ch.local->send("x");
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, RtcErrorCode::kOperationError);
  EXPECT_EQ(ch.local->buffered_amount(), 256u * 1024);

  ch.blocker.release();
  ASSERT_TRUE(ch.received.wait_for_size(4));
  ASSERT_TRUE(eventually([&] { return ch.local->buffered_amount() == 0; }));
  ASSERT_TRUE(ch.local->send("after"));
  ASSERT_TRUE(ch.received.wait_for("after"));
  auto items = ch.received.items();
  ASSERT_EQ(items.size(), 5u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(tag_of(items[i]), "q" + std::to_string(i));
}

TEST(DataChannelSend, BufferedAmountLowFiresAfterAQueuedBurst) {
  OpenChannel ch;
  ch.local->set_buffered_amount_low_threshold(4096);
  EventLog<size_t> low;
  ch.local->on_buffered_amount_low([&, weak = std::weak_ptr<DataChannel>(ch.local)] {
    if (auto self = weak.lock()) low.push(self->buffered_amount());
  });
  ch.block_loop();
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(ch.local->send(message("b" + std::to_string(i), 4096)));
  EXPECT_EQ(ch.local->buffered_amount(), 200u * 4096);
  EXPECT_EQ(low.size(), 0u);
  ch.blocker.release();
  ASSERT_TRUE(low.wait_for_size(1));
  // Read in the callback: the amount that made the event, at or below the threshold.
  EXPECT_LE(low.items()[0], 4096u);
  ASSERT_TRUE(ch.received.wait_for_size(200));
  // One crossing, one event.
  EXPECT_EQ(low.size(), 1u);
  EXPECT_TRUE(eventually([&] { return ch.local->buffered_amount() == 0; }));
}

// One thread's order holds, also against sends the application makes on the loop thread after it
// (here: when the peer's "go" arrives, which the test thread sent after its first 100 messages).
TEST(DataChannelSend, OneThreadsOrderHoldsAgainstLoopThreadSends) {
  OpenChannel ch;
  std::weak_ptr<DataChannel> weak = ch.local;
  ch.local->on_message([weak](const DataChannelMessage& m) {
    if (m.text() != "go") return;
    if (auto self = weak.lock()) {
      for (int i = 0; i < 100; ++i) EXPECT_TRUE(self->send("b" + std::to_string(i)));
    }
  });
  auto remote = ch.remote.items()[0];
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(ch.local->send("a" + std::to_string(i)));
  ASSERT_TRUE(remote->send("go"));
  for (int i = 100; i < 300; ++i) ASSERT_TRUE(ch.local->send("a" + std::to_string(i)));
  ASSERT_TRUE(ch.received.wait_for_size(400));
  auto items = ch.received.items();
  int next_a = 0, next_b = 0;
  for (const std::string& m : items) {
    if (m[0] == 'a') {
      EXPECT_EQ(m, "a" + std::to_string(next_a++));
    } else {
      // Every b was sent after a99 was queued.
      EXPECT_GE(next_a, 100) << m;
      EXPECT_EQ(m, "b" + std::to_string(next_b++));
    }
  }
  EXPECT_EQ(next_a, 300);
  EXPECT_EQ(next_b, 100);
}

TEST(DataChannelSend, ManyThreadsEachKeepTheirOrder) {
  OpenChannel ch;
  constexpr int kThreads = 4, kPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        EXPECT_TRUE(ch.local->send(std::to_string(t) + ":" + std::to_string(i)));
        (void)ch.local->buffered_amount();
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(ch.received.wait_for_size(kThreads * kPerThread));
  std::vector<int> next(kThreads, 0);
  for (const std::string& m : ch.received.items()) {
    const int t = std::stoi(m.substr(0, m.find(':')));
    EXPECT_EQ(m, std::to_string(t) + ":" + std::to_string(next[t]++));
  }
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kPerThread);
  EXPECT_TRUE(eventually([&] { return ch.local->buffered_amount() == 0; }));
}

// RFC 8831 section 6.7 / W3C close(): what was sent before close() is delivered before the channel
// closes.
TEST(DataChannelSend, CloseWithMessagesQueuedSendsThemFirst) {
  OpenChannel ch;
  EventLog<int> local_closed;
  ch.local->on_close([&] { local_closed.push(1); });
  ch.block_loop();
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(ch.local->send(message("k" + std::to_string(i), 2000)));
  // close() waits for the loop thread, which the blocker holds: close from a helper thread.
  std::thread closer([&] { ch.local->close(); });
  ch.blocker.release();
  closer.join();
  ASSERT_TRUE(ch.received.wait_for("<closed>"));
  ASSERT_TRUE(local_closed.wait_for_size(1));
  auto items = ch.received.items();
  ASSERT_EQ(items.size(), 51u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(tag_of(items[i]), "k" + std::to_string(i));
  EXPECT_EQ(items[50], "<closed>");
  EXPECT_EQ(ch.local->buffered_amount(), 0u);
  auto late = ch.local->send("late");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, RtcErrorCode::kInvalidState);
}

TEST(DataChannelSend, PeerConnectionCloseWithMessagesQueued) {
  OpenChannel ch;
  std::atomic<bool> close_returned{false};
  std::atomic<int> late_callbacks{0};
  ch.local->on_close([&] {
    if (close_returned) late_callbacks++;
  });
  ch.local->on_buffered_amount_low([&] {
    if (close_returned) late_callbacks++;
  });
  ch.block_loop();
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(ch.local->send(message("p" + std::to_string(i), 10000)));
  std::thread closer([&] {
    ch.pair.offerer->close();
    close_returned = true;
  });
  ch.blocker.release();
  closer.join();
  EXPECT_EQ(ch.local->ready_state(), DataChannelState::kClosed);
  EXPECT_EQ(ch.local->buffered_amount(), 0u);
  auto late = ch.local->send("late");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, RtcErrorCode::kInvalidState);
  // Whatever the peer got arrived in order (the queue may have reached SCTP before the close).
  ASSERT_TRUE(ch.received.wait_for("<closed>"));
  auto items = ch.received.items();
  for (size_t i = 0; i + 1 < items.size(); ++i) EXPECT_EQ(tag_of(items[i]), "p" + std::to_string(i));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(late_callbacks.load(), 0);
}

}  // namespace
}  // namespace purertc::e2e
