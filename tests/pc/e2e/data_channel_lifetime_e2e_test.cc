// Who keeps a DataChannel alive: the PeerConnection keeps a connecting or open channel (and its one
// handle) until the channel is closed by either side or the PeerConnection closes, then lets go of it.
// The application may drop its handle at any time; its callbacks keep running until then, and a
// weak_ptr to the handle (or the handle itself) captured by a callback answers on the channel.
#include <gtest/gtest.h>

#include <atomic>

#include "tests/pc/e2e/peer_pair.h"

namespace purertc::e2e {
namespace {

using WeakChannel = std::weak_ptr<DataChannel>;

size_t data_channel_stats(PeerConnection& pc) { return pc.get_stats().of_type("data-channel").size(); }

// The most common application code: set callbacks in on_data_channel and keep nothing. Two ways to
// answer from the message callback: a weak_ptr to the handle (valid while the channel is open, since
// the PeerConnection holds the handle), or the handle itself (a cycle, which the channel's end breaks).
TEST(DataChannelLifetime, HandleDroppedInOnDataChannelStillReceivesAndAnswers) {
  PeerPair pair;
  EventLog<WeakChannel> remote_handles;
  EventLog<std::string> remote_closed;
  pair.answerer->on_data_channel([&](std::shared_ptr<DataChannel> dc) {
    remote_handles.push(dc);
    const std::string label = dc->label();
    dc->on_close([&remote_closed, label] { remote_closed.push(label); });
    if (label == "weak") {
      dc->on_message([weak = WeakChannel(dc)](const DataChannelMessage& m) {
        if (auto self = weak.lock()) {
          EXPECT_TRUE(self->send("weak:" + std::string(m.text())));
        }
      });
    } else {
      dc->on_message([dc](const DataChannelMessage& m) { EXPECT_TRUE(dc->send("strong:" + std::string(m.text()))); });
    }
  });
  auto weak_dc = pair.offerer->create_data_channel("weak");
  auto strong_dc = pair.offerer->create_data_channel("strong");
  ASSERT_TRUE(weak_dc && strong_dc);
  EventLog<std::string> replies;
  EventLog<int> opened;
  for (auto* dc : {&*weak_dc, &*strong_dc}) {
    (*dc)->on_message([&](const DataChannelMessage& m) { replies.push(std::string(m.text())); });
    (*dc)->on_open([&] { opened.push(1); });
  }
  pair.negotiate_trickle();
  ASSERT_TRUE(opened.wait_for_size(2));
  ASSERT_TRUE(remote_handles.wait_for_size(2));
  // Some time passes with nobody but the PeerConnection holding the remote handles.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  for (const WeakChannel& w : remote_handles.items()) EXPECT_FALSE(w.expired());
  ASSERT_TRUE((*weak_dc)->send("ping"));
  ASSERT_TRUE((*strong_dc)->send("ping"));
  ASSERT_TRUE(replies.wait_for("weak:ping"));
  ASSERT_TRUE(replies.wait_for("strong:ping"));
  EXPECT_EQ(data_channel_stats(*pair.answerer), 2u);

  // Closed from our side: the peer's channels end, and it lets go of both (the strong one's cycle too).
  (*weak_dc)->close();
  (*strong_dc)->close();
  ASSERT_TRUE(remote_closed.wait_for_size(2));
  EXPECT_TRUE(eventually([&] {
    for (const WeakChannel& w : remote_handles.items()) {
      if (!w.expired()) return false;
    }
    return true;
  }));
  EXPECT_TRUE(eventually([&] { return data_channel_stats(*pair.answerer) == 0; }));
  pair.close();
}

// The creator drops its handle once the channel opened: messages still arrive, and the channel is
// released when the peer closes it.
TEST(DataChannelLifetime, CreatorsHandleDroppedAfterOpenStillDelivers) {
  PeerPair pair;
  RemoteChannels remote;  // keeps the answerer's handles
  remote.attach(*pair.answerer);
  auto created = pair.offerer->create_data_channel("mine");
  ASSERT_TRUE(created);
  std::shared_ptr<DataChannel> dc = std::move(*created);
  const WeakChannel weak = dc;
  EventLog<std::string> received;
  EventLog<int> opened, closed;
  dc->on_open([&] { opened.push(1); });
  dc->on_message([&, weak](const DataChannelMessage& m) {
    received.push(std::string(m.text()));
    if (m.text() == "question") {
      if (auto self = weak.lock()) {
        EXPECT_TRUE(self->send("answer"));
      }
    }
  });
  dc->on_close([&] { closed.push(1); });
  pair.negotiate_trickle();
  ASSERT_TRUE(opened.wait_for_size(1));
  dc.reset();
  EXPECT_FALSE(weak.expired());  // the PeerConnection holds it while it is open

  ASSERT_TRUE(remote.channels.wait_for_size(1));
  auto peer = remote.channels.items()[0];
  EventLog<std::string> peer_received;
  peer->on_message([&](const DataChannelMessage& m) { peer_received.push(std::string(m.text())); });
  ASSERT_TRUE(peer->send("hello"));
  ASSERT_TRUE(peer->send("question"));
  ASSERT_TRUE(received.wait_for("hello"));
  ASSERT_TRUE(peer_received.wait_for("answer"));

  peer->close();
  ASSERT_TRUE(closed.wait_for_size(1));
  EXPECT_TRUE(eventually([&] { return weak.expired(); }));
  EXPECT_TRUE(eventually([&] { return data_channel_stats(*pair.offerer) == 0; }));
  // Closing does not end the connection, and the counters remain.
  auto pcs = pair.offerer->get_stats();
  ASSERT_EQ(pcs.of_type("peer-connection").size(), 1u);
  EXPECT_EQ(pcs.of_type("peer-connection")[0]->get<uint64_t>("dataChannelsClosed"), 1u);
  EXPECT_EQ(pair.offerer->connection_state(), PeerConnectionState::kConnected);
  pair.close();
}

// A channel created and dropped before it even connects still opens and delivers.
TEST(DataChannelLifetime, HandleDroppedWhileConnectingStillOpens) {
  PeerPair pair;
  RemoteChannels remote;
  remote.attach(*pair.answerer);
  EventLog<std::string> received;
  WeakChannel weak;
  {
    auto dc = pair.offerer->create_data_channel("fire-and-forget");
    ASSERT_TRUE(dc);
    weak = *dc;
    (*dc)->on_open([weak] {
      if (auto self = weak.lock()) {
        EXPECT_TRUE(self->send("sent from on_open"));
      }
    });
  }
  EXPECT_FALSE(weak.expired());
  remote.on_new = [&](const std::shared_ptr<DataChannel>& dc) {
    dc->on_message([&](const DataChannelMessage& m) { received.push(std::string(m.text())); });
  };
  pair.negotiate_trickle();
  ASSERT_TRUE(received.wait_for("sent from on_open"));
  pair.close();
}

// The channel's own close(): released after on_close, even though its callbacks captured the handle.
TEST(DataChannelLifetime, LocalCloseReleasesAChannelWhoseCallbacksHoldIt) {
  PeerPair pair;
  RemoteChannels remote;
  remote.attach(*pair.answerer);
  auto created = pair.offerer->create_data_channel("cycle");
  ASSERT_TRUE(created);
  std::shared_ptr<DataChannel> dc = std::move(*created);
  const WeakChannel weak = dc;
  EventLog<int> opened, closed;
  dc->on_open([&, dc] { opened.push(1); });
  dc->on_close([&, dc] {
    EXPECT_EQ(dc->ready_state(), DataChannelState::kClosed);
    closed.push(1);
  });
  pair.negotiate_trickle();
  ASSERT_TRUE(opened.wait_for_size(1));
  dc->close();
  dc.reset();
  ASSERT_TRUE(closed.wait_for_size(1));
  EXPECT_TRUE(eventually([&] { return weak.expired(); }));
  pair.close();
}

// PeerConnection::close(): every channel is released when it returns (nothing is pending that could
// still hold the handles), and no callback runs after it, though the peer keeps sending.
TEST(DataChannelLifetime, PeerConnectionCloseReleasesChannelsAndStopsCallbacks) {
  PeerPair pair;
  RemoteChannels remote;
  remote.attach(*pair.answerer);
  std::atomic<bool> close_returned{false};
  std::atomic<int> messages{0}, late_callbacks{0};
  WeakChannel local_weak;
  pair.offerer->on_data_channel([](std::shared_ptr<DataChannel>) {});
  {
    auto dc = pair.offerer->create_data_channel("flooded");
    ASSERT_TRUE(dc);
    local_weak = *dc;
    (*dc)->on_message([&, keep = *dc](const DataChannelMessage&) {
      if (close_returned) late_callbacks++;
      messages++;
    });
    (*dc)->on_close([&] {
      if (close_returned) late_callbacks++;
    });
  }
  pair.negotiate_trickle();
  ASSERT_TRUE(remote.channels.wait_for_size(1));
  auto peer = remote.channels.items()[0];
  ASSERT_TRUE(eventually([&] { return peer->ready_state() == DataChannelState::kOpen; }));
  std::atomic<bool> stop{false};
  std::thread flood([&] {
    while (!stop) {
      if (!peer->send("flood")) break;
      if (peer->buffered_amount() > 256 * 1024) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  ASSERT_TRUE(eventually([&] { return messages.load() > 10; }));
  pair.offerer->close();
  close_returned = true;
  EXPECT_TRUE(local_weak.expired());
  EXPECT_EQ(data_channel_stats(*pair.offerer), 0u);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop = true;
  flood.join();
  EXPECT_EQ(late_callbacks.load(), 0);
  pair.close();
}

}  // namespace
}  // namespace purertc::e2e
