#include "ice/turn_relay.h"

#include <gtest/gtest.h>

#include "tests/stun/fake_turn_server.h"

namespace purertc::ice {
namespace {

const SocketAddress kPeer{IpAddress::v4(198, 51, 100, 20), 7000};

// The relay and the fake TURN server (tests/stun) joined by an in-memory pipe, with logical time.
struct Harness {
  Harness() : relay(settings(), random) {}
  static TurnRelaySettings settings() {
    TurnRelaySettings s;
    s.turn.username = "alice";
    s.turn.password = "secret";
    s.max_queued_bytes = 100;
    s.allocate_timeout = Duration::seconds(2);
    return s;
  }

  SeededRandom random{3};
  TurnRelay relay;
  stun::testing::FakeTurnServer server;
  Timestamp now = Timestamp::from_millis(1000);
  std::vector<RelayOutput> events;
  bool deliver = true;

  void to_server(std::span<const uint8_t> bytes, std::vector<std::vector<uint8_t>>& answers) {
    if (!deliver) return;
    if (auto r = server.handle(bytes)) answers.push_back(std::move(*r));
  }
  void exchange() {
    for (int guard = 0; guard < 50; ++guard) {
      std::vector<std::vector<uint8_t>> answers;
      while (auto o = relay.poll_output()) {
        if (auto* t = std::get_if<ServerTransmit>(&*o)) to_server(t->data, answers);
        else events.push_back(*o);
      }
      if (answers.empty()) return;
      for (auto& a : answers) EXPECT_FALSE(relay.handle_input(a, now));
    }
    ADD_FAILURE() << "did not settle";
  }
  // Sends and passes what goes out immediately to the server.
  void send(std::vector<uint8_t> data) {
    auto framed = relay.send(kPeer, data, now);
    ASSERT_TRUE(framed) << to_string(framed.error());
    std::vector<std::vector<uint8_t>> answers;
    if (!framed->empty()) {
      std::vector<uint8_t> copy(framed->begin(), framed->end());
      to_server(copy, answers);
    }
    for (auto& a : answers) (void)relay.handle_input(a, now);
    exchange();
  }
};

TEST(TurnRelay, AllocatesAndReportsTheRelayedAndMappedAddresses) {
  Harness h;
  ASSERT_TRUE(h.relay.allocate(h.now));
  EXPECT_EQ(h.relay.state(), RelayState::kAllocating);
  h.exchange();
  ASSERT_EQ(h.relay.state(), RelayState::kAllocated);
  ASSERT_EQ(h.events.size(), 1u);
  const auto& a = std::get<RelayAllocated>(h.events[0]);
  EXPECT_EQ(a.relayed, h.server.relayed);
  EXPECT_EQ(a.mapped, h.server.mapped);
  EXPECT_FALSE(h.relay.allocate(h.now));
}

TEST(TurnRelay, FirstDataWaitsForTheChannelThenGoesAsChannelData) {
  Harness h;
  ASSERT_TRUE(h.relay.allocate(h.now));
  h.exchange();
  h.deliver = false;  // hold the ChannelBind answer back to see the queueing
  auto framed = h.relay.send(kPeer, std::vector<uint8_t>{1, 2, 3}, h.now);
  ASSERT_TRUE(framed);
  EXPECT_TRUE(framed->empty());  // queued
  EXPECT_EQ(h.relay.stats().queued, 1u);
  std::vector<uint8_t> bind;
  while (auto o = h.relay.poll_output()) {
    if (auto* t = std::get_if<ServerTransmit>(&*o)) bind = t->data;
  }
  ASSERT_FALSE(bind.empty());
  h.deliver = true;
  std::vector<std::vector<uint8_t>> answers;
  h.to_server(bind, answers);
  ASSERT_EQ(answers.size(), 1u);
  (void)h.relay.handle_input(answers[0], h.now);
  h.exchange();  // the queued datagram is flushed as ChannelData
  ASSERT_EQ(h.server.channel_data.size(), 1u);
  EXPECT_EQ(h.server.channel_data[0].second, (std::vector<uint8_t>{1, 2, 3}));
  // Later data goes straight out as ChannelData, without queueing.
  h.send({4, 5});
  ASSERT_EQ(h.server.channel_data.size(), 2u);
  EXPECT_EQ(h.relay.stats().sent_channel, 2u);
  EXPECT_EQ(h.relay.stats().queued, 1u);
  EXPECT_EQ(h.server.requests[static_cast<uint16_t>(stun::Method::kChannelBind)], 1);
}

TEST(TurnRelay, QueueIsBounded) {
  Harness h;
  ASSERT_TRUE(h.relay.allocate(h.now));
  h.exchange();
  h.deliver = false;
  EXPECT_TRUE(h.relay.send(kPeer, std::vector<uint8_t>(60, 1), h.now));
  auto r = h.relay.send(kPeer, std::vector<uint8_t>(60, 2), h.now);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kLimitExceeded);
  EXPECT_EQ(h.relay.stats().queue_drops, 1u);
}

TEST(TurnRelay, RefusedChannelDropsWhatWaitedForIt) {
  Harness h;
  ASSERT_TRUE(h.relay.allocate(h.now));
  h.exchange();
  h.server.force_error = std::make_pair(stun::Method::kChannelBind, uint16_t{403});
  h.send({9, 9});
  EXPECT_TRUE(h.server.channel_data.empty());
  EXPECT_TRUE(h.server.send_indications.empty());
  EXPECT_EQ(h.relay.stats().queue_drops, 1u);
}

TEST(TurnRelay, DataFromThePeerComesBackUnwrapped) {
  Harness h;
  ASSERT_TRUE(h.relay.allocate(h.now));
  h.exchange();
  h.send({1});  // installs the permission (through the channel binding)
  const std::vector<uint8_t> payload = {7, 7, 7};
  auto indication = h.server.data_indication(kPeer, payload);
  auto data = h.relay.handle_input(indication, h.now);
  ASSERT_TRUE(data);
  EXPECT_EQ(data->peer, kPeer);
  EXPECT_EQ(std::vector<uint8_t>(data->data.begin(), data->data.end()), payload);
}

TEST(TurnRelay, WrongPasswordFailsTheAllocation) {
  Harness h;
  h.server.password = "other";
  ASSERT_TRUE(h.relay.allocate(h.now));
  h.exchange();
  EXPECT_EQ(h.relay.state(), RelayState::kFailed);
  ASSERT_FALSE(h.events.empty());
  EXPECT_EQ(std::get<RelayFailed>(h.events.back()).error_code, 401);
  EXPECT_FALSE(h.relay.send(kPeer, std::vector<uint8_t>{1}, h.now));
}

TEST(TurnRelay, SilentServerFailsAtTheAllocateTimeout) {
  Harness h;
  h.deliver = false;
  ASSERT_TRUE(h.relay.allocate(h.now));
  h.exchange();
  EXPECT_EQ(h.relay.next_timeout() <= h.now + Duration::seconds(2), true);
  while (h.relay.state() == RelayState::kAllocating) {
    h.now = h.relay.next_timeout();
    h.relay.handle_timeout(h.now);
    h.exchange();
  }
  EXPECT_EQ(h.relay.state(), RelayState::kFailed);
  EXPECT_EQ(h.now, Timestamp::from_millis(3000));
  EXPECT_EQ(std::get<RelayFailed>(h.events.back()).error_code, 0);
}

TEST(TurnRelay, CloseReleasesTheAllocation) {
  Harness h;
  ASSERT_TRUE(h.relay.allocate(h.now));
  h.exchange();
  h.relay.close(h.now);
  h.exchange();
  EXPECT_EQ(h.server.last_refresh_lifetime, 0u);
  EXPECT_EQ(h.relay.state(), RelayState::kClosed);
  EXPECT_FALSE(h.relay.send(kPeer, std::vector<uint8_t>{1}, h.now));
}

}  // namespace
}  // namespace purertc::ice
