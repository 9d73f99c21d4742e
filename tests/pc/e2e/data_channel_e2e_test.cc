// Two purertc PeerConnections connected over 127.0.0.1: negotiation (trickle and complete), every data
// channel type, message sizes, flow-control events, closing, and the threading guarantees.
#include <gtest/gtest.h>

#include <atomic>

#include "tests/pc/e2e/peer_pair.h"

namespace purertc::e2e {
namespace {

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 7 + (i >> 8));
  return v;
}

// Echoes every message back on the channel it came in on (from the loop thread: the API is called
// from a callback).
void echo(const std::shared_ptr<DataChannel>& dc) {
  std::weak_ptr<DataChannel> weak = dc;
  dc->on_message([weak](const DataChannelMessage& m) {
    auto self = weak.lock();
    if (!self) return;
    auto r = m.binary ? self->send(std::span<const uint8_t>(m.data)) : self->send(m.text());
    EXPECT_TRUE(r) << to_string(r.error());
  });
}

TEST(DataChannelE2e, TrickleConnectsAndEchoesTextBinaryEmptyAndLargeMessages) {
  PeerPair pair;
  RemoteChannels remote;
  remote.on_new = echo;
  remote.attach(*pair.answerer);
  auto dc = pair.offerer->create_data_channel("chat");
  ASSERT_TRUE(dc) << to_string(dc.error());
  EventLog<int> opened;
  EventLog<DataChannelMessage> received;
  (*dc)->on_open([&] { opened.push(1); });
  (*dc)->on_message([&](const DataChannelMessage& m) { received.push(m); });
  EXPECT_EQ((*dc)->ready_state(), DataChannelState::kConnecting);
  EXPECT_FALSE((*dc)->id().has_value());  // no DTLS role yet

  pair.negotiate_trickle();
  ASSERT_TRUE(pair.wait_connected());
  ASSERT_TRUE(opened.wait_for_size(1));
  EXPECT_EQ((*dc)->ready_state(), DataChannelState::kOpen);
  ASSERT_TRUE((*dc)->id().has_value());

  const auto big = pattern(1024 * 1024, 3);
  ASSERT_TRUE((*dc)->send("hello"));
  ASSERT_TRUE((*dc)->send(std::span<const uint8_t>(pattern(1000, 1))));
  ASSERT_TRUE((*dc)->send(""));
  ASSERT_TRUE((*dc)->send(std::span<const uint8_t>()));
  ASSERT_TRUE((*dc)->send(std::span<const uint8_t>(big)));
  ASSERT_TRUE(received.wait_for_size(5));
  auto msgs = received.items();
  EXPECT_FALSE(msgs[0].binary);
  EXPECT_EQ(msgs[0].text(), "hello");
  EXPECT_TRUE(msgs[1].binary);
  EXPECT_EQ(msgs[1].data, pattern(1000, 1));
  EXPECT_FALSE(msgs[2].binary);
  EXPECT_TRUE(msgs[2].data.empty());
  EXPECT_TRUE(msgs[3].binary);
  EXPECT_TRUE(msgs[3].data.empty());
  EXPECT_EQ(msgs[4].data, big);

  auto remote_dc = remote.channels.items().at(0);
  EXPECT_EQ(remote_dc->label(), "chat");
  EXPECT_EQ(remote_dc->id(), (*dc)->id());
  EXPECT_TRUE(remote_dc->ordered());
  pair.close();
}

TEST(DataChannelE2e, NonTrickleExchangesCompleteDescriptions) {
  PeerPair pair;
  RemoteChannels remote;
  remote.on_new = echo;
  remote.attach(*pair.answerer);
  auto dc = pair.offerer->create_data_channel("whole");
  ASSERT_TRUE(dc);
  EventLog<std::string> received;
  (*dc)->on_message([&](const DataChannelMessage& m) { received.push(std::string(m.text())); });
  (*dc)->on_open([&, ch = *dc] { EXPECT_TRUE(ch->send("from on_open")); });
  pair.negotiate_complete();
  auto offer = pair.offerer->local_description();
  ASSERT_TRUE(offer);
  EXPECT_NE(offer->sdp.find("a=candidate:"), std::string::npos);
  EXPECT_NE(offer->sdp.find("a=end-of-candidates"), std::string::npos);
  ASSERT_TRUE(pair.wait_connected());
  ASSERT_TRUE(received.wait_for("from on_open"));
  pair.close();
}

struct ChannelTypeCase {
  const char* name;
  DataChannelInit init;
};

// gtest would print the struct's bytes (padding included); the name is what identifies a case.
void PrintTo(const ChannelTypeCase& c, std::ostream* os) { *os << c.name; }

class DataChannelTypes : public ::testing::TestWithParam<ChannelTypeCase> {};

TEST_P(DataChannelTypes, OpensWithItsPropertiesAndCarriesMessages) {
  const ChannelTypeCase& c = GetParam();
  PeerPair pair;
  RemoteChannels remote;
  remote.on_new = echo;
  remote.attach(*pair.answerer);
  auto dc = pair.offerer->create_data_channel(c.name, c.init);
  ASSERT_TRUE(dc) << to_string(dc.error());
  std::shared_ptr<DataChannel> peer_side;
  if (c.init.negotiated) {
    // Negotiated out of band: the answerer creates the same channel; no on_data_channel.
    auto other = pair.answerer->create_data_channel(c.name, c.init);
    ASSERT_TRUE(other) << to_string(other.error());
    peer_side = *other;
    echo(peer_side);
  }
  EventLog<std::string> received;
  (*dc)->on_message([&](const DataChannelMessage& m) { received.push(std::string(m.text())); });
  EventLog<int> opened;
  (*dc)->on_open([&] { opened.push(1); });
  pair.negotiate_trickle();
  ASSERT_TRUE(opened.wait_for_size(1));
  for (int i = 0; i < 20; ++i) ASSERT_TRUE((*dc)->send("m" + std::to_string(i)));
  // Loopback loses nothing, so even partially reliable channels deliver everything.
  ASSERT_TRUE(received.wait_for_size(20));
  if (c.init.ordered) {
    auto items = received.items();
    for (int i = 0; i < 20; ++i) EXPECT_EQ(items[i], "m" + std::to_string(i));
  }
  if (!c.init.negotiated) {
    ASSERT_TRUE(remote.channels.wait_for_size(1));
    peer_side = remote.channels.items()[0];
    EXPECT_EQ(remote.channels.size(), 1u);
  }
  EXPECT_EQ(peer_side->label(), c.name);
  EXPECT_EQ(peer_side->ordered(), c.init.ordered);
  EXPECT_EQ(peer_side->max_retransmits(), c.init.max_retransmits);
  EXPECT_EQ(peer_side->max_packet_life_time_ms(), c.init.max_packet_life_time_ms);
  EXPECT_EQ(peer_side->protocol(), c.init.protocol);
  EXPECT_EQ(peer_side->negotiated(), c.init.negotiated);
  EXPECT_EQ(peer_side->id(), (*dc)->id());
  if (c.init.id) {
    EXPECT_EQ((*dc)->id(), c.init.id);
  }
  pair.close();
}

DataChannelInit make_init(bool ordered, std::optional<uint16_t> rexmit, std::optional<uint16_t> lifetime,
                          bool negotiated = false, std::optional<uint16_t> id = std::nullopt,
                          std::string protocol = "") {
  DataChannelInit init;
  init.ordered = ordered;
  init.max_retransmits = rexmit;
  init.max_packet_life_time_ms = lifetime;
  init.negotiated = negotiated;
  init.id = id;
  init.protocol = std::move(protocol);
  return init;
}

INSTANTIATE_TEST_SUITE_P(
    AllTypes, DataChannelTypes,
    ::testing::Values(ChannelTypeCase{"reliable_ordered", make_init(true, std::nullopt, std::nullopt, false, std::nullopt, "json")},
                      ChannelTypeCase{"unordered", make_init(false, std::nullopt, std::nullopt)},
                      ChannelTypeCase{"max_retransmits", make_init(true, 0, std::nullopt)},
                      ChannelTypeCase{"max_retransmits_unordered", make_init(false, 3, std::nullopt)},
                      ChannelTypeCase{"max_packet_life_time", make_init(true, std::nullopt, 150)},
                      ChannelTypeCase{"negotiated_id_7", make_init(true, std::nullopt, std::nullopt, true, 7)}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(DataChannelE2e, BufferedAmountLowFiresWhenTheQueueDrains) {
  PeerPair pair;
  RemoteChannels remote;
  remote.attach(*pair.answerer);
  auto dc = pair.offerer->create_data_channel("bulk");
  ASSERT_TRUE(dc);
  EventLog<int> opened, low;
  const auto chunk = pattern(64 * 1024, 9);
  // 2 MiB sent from the open callback, on the loop thread: no SACK can be processed between the sends
  // and the reading, so only the initial congestion window is on the wire and the rest is buffered.
  // (Sent from the test thread, a fast enough transport could drain it before buffered_amount() runs.)
  std::atomic<size_t> buffered_after_sends{0};
  std::atomic<bool> sends_ok{true};
  (*dc)->on_open([&, d = *dc] {
    for (int i = 0; i < 32; ++i) sends_ok = sends_ok && d->send(std::span<const uint8_t>(chunk)).ok();
    buffered_after_sends = d->buffered_amount();
    opened.push(1);
  });
  (*dc)->on_buffered_amount_low([&] { low.push(1); });
  (*dc)->set_buffered_amount_low_threshold(64 * 1024);
  EXPECT_EQ((*dc)->buffered_amount_low_threshold(), 64u * 1024);
  pair.negotiate_trickle();
  ASSERT_TRUE(opened.wait_for_size(1));
  ASSERT_TRUE(sends_ok);
  EXPECT_GT(buffered_after_sends.load(), 64u * 1024);
  ASSERT_TRUE(low.wait_for_size(1));
  EXPECT_TRUE(eventually([&] { return (*dc)->buffered_amount() == 0; }));
  pair.close();
}

TEST(DataChannelE2e, ClosingAChannelClosesBothEnds) {
  PeerPair pair;
  RemoteChannels remote;
  EventLog<int> remote_closed;
  remote.on_new = [&](const std::shared_ptr<DataChannel>& dc) { dc->on_close([&] { remote_closed.push(1); }); };
  remote.attach(*pair.answerer);
  auto dc = pair.offerer->create_data_channel("short-lived");
  ASSERT_TRUE(dc);
  EventLog<int> opened, closed;
  (*dc)->on_open([&] { opened.push(1); });
  (*dc)->on_close([&] { closed.push(1); });
  pair.negotiate_trickle();
  ASSERT_TRUE(opened.wait_for_size(1));
  (*dc)->close();
  ASSERT_TRUE(closed.wait_for_size(1));
  ASSERT_TRUE(remote_closed.wait_for_size(1));
  EXPECT_EQ((*dc)->ready_state(), DataChannelState::kClosed);
  auto r = (*dc)->send("late");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, RtcErrorCode::kInvalidState);
  // The connection itself stays up; a new channel can open.
  auto again = pair.offerer->create_data_channel("second");
  ASSERT_TRUE(again);
  // Set from this thread after create_data_channel returned, on_open could miss an open that already
  // happened (events are not replayed), so wait on the state.
  ASSERT_TRUE(eventually([&] { return (*again)->ready_state() == DataChannelState::kOpen; }));
  EXPECT_EQ(pair.offerer->connection_state(), PeerConnectionState::kConnected);
  pair.close();
}

TEST(DataChannelE2e, StateChangesComeInW3cOrder) {
  PeerPair pair;
  EventLog<SignalingState> signaling;
  EventLog<IceGatheringState> gathering;
  EventLog<IceConnectionState> ice;
  EventLog<PeerConnectionState> pcs;
  EventLog<int> negotiation_needed;
  pair.offerer->on_signaling_state_change([&](SignalingState s) { signaling.push(s); });
  pair.offerer->on_ice_gathering_state_change([&](IceGatheringState s) { gathering.push(s); });
  pair.offerer->on_ice_connection_state_change([&](IceConnectionState s) { ice.push(s); });
  pair.offerer->on_connection_state_change([&](PeerConnectionState s) { pcs.push(s); });
  pair.offerer->on_negotiation_needed([&] { negotiation_needed.push(1); });
  auto dc = pair.offerer->create_data_channel("x");
  ASSERT_TRUE(dc);
  ASSERT_TRUE(negotiation_needed.wait_for_size(1));
  pair.negotiate_trickle();
  ASSERT_TRUE(pair.wait_connected());
  ASSERT_TRUE(gathering.wait_for(IceGatheringState::kComplete));
  EXPECT_EQ(signaling.items(), (std::vector<SignalingState>{SignalingState::kHaveLocalOffer, SignalingState::kStable}));
  EXPECT_EQ(gathering.items(), (std::vector<IceGatheringState>{IceGatheringState::kGathering, IceGatheringState::kComplete}));
  auto ice_states = ice.items();
  ASSERT_GE(ice_states.size(), 2u);
  EXPECT_EQ(ice_states[0], IceConnectionState::kChecking);
  EXPECT_EQ(ice_states[1], IceConnectionState::kConnected);
  EXPECT_EQ(pcs.items(), (std::vector<PeerConnectionState>{PeerConnectionState::kConnecting, PeerConnectionState::kConnected}));
  // Negotiated: nothing more is needed.
  EXPECT_EQ(negotiation_needed.size(), 1u);
  EXPECT_EQ(pair.offerer->signaling_state(), SignalingState::kStable);
  pair.close();
}

TEST(DataChannelE2e, NoCallbackRunsAfterCloseReturns) {
  PeerPair pair;
  RemoteChannels remote;
  std::shared_ptr<DataChannel> remote_dc;
  remote.attach(*pair.answerer);
  auto dc = pair.offerer->create_data_channel("busy");
  ASSERT_TRUE(dc);
  std::atomic<bool> closed_returned{false};
  std::atomic<int> late_callbacks{0};
  std::atomic<int> messages{0};
  (*dc)->on_message([&](const DataChannelMessage&) {
    if (closed_returned) late_callbacks++;
    messages++;
  });
  (*dc)->on_close([&] {
    if (closed_returned) late_callbacks++;
  });
  pair.offerer->on_connection_state_change([&](PeerConnectionState) {
    if (closed_returned) late_callbacks++;
  });
  pair.negotiate_trickle();
  ASSERT_TRUE(remote.channels.wait_for_size(1));
  remote_dc = remote.channels.items()[0];
  EventLog<int> remote_closed;
  remote_dc->on_close([&] { remote_closed.push(1); });
  // The answerer floods the offerer from its loop while the test thread closes the offerer.
  ASSERT_TRUE(eventually([&] { return remote_dc->ready_state() == DataChannelState::kOpen; }));
  for (int i = 0; i < 200; ++i) (void)remote_dc->send("flood");
  ASSERT_TRUE(eventually([&] { return messages.load() > 0; }));
  pair.offerer->close();
  closed_returned = true;
  EXPECT_EQ(pair.offerer->connection_state(), PeerConnectionState::kClosed);
  EXPECT_EQ(pair.offerer->signaling_state(), SignalingState::kClosed);
  EXPECT_EQ((*dc)->ready_state(), DataChannelState::kClosed);
  // The peer learns at once from DTLS close_notify.
  ASSERT_TRUE(remote_closed.wait_for_size(1));
  for (int i = 0; i < 20; ++i) (void)remote_dc->send("after close");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(late_callbacks.load(), 0);
  auto r = pair.offerer->create_offer();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, RtcErrorCode::kClosed);
  pair.close();
}

TEST(DataChannelE2e, CallbacksMayCallTheApiIncludingClose) {
  PeerPair pair;
  RemoteChannels remote;
  EventLog<std::string> remote_labels;
  // From on_data_channel: send on the new channel and open another one back.
  remote.on_new = [&](const std::shared_ptr<DataChannel>& dc) {
    remote_labels.push(dc->label());
    if (dc->label() != "first") return;
    std::weak_ptr<DataChannel> weak = dc;
    dc->on_open([weak] {
      if (auto self = weak.lock()) {
        EXPECT_TRUE(self->send("hi from on_open"));
      }
    });
    auto reply = pair.answerer->create_data_channel("reply");
    EXPECT_TRUE(reply);
    EXPECT_EQ(pair.answerer->signaling_state(), SignalingState::kStable);
  };
  remote.attach(*pair.answerer);
  EventLog<std::string> offerer_labels;
  pair.offerer->on_data_channel([&](std::shared_ptr<DataChannel> dc) {
    offerer_labels.push(dc->label());
    // Read-only calls and stats from a callback.
    EXPECT_EQ(dc->ready_state(), DataChannelState::kOpen);
    EXPECT_FALSE(pair.offerer->get_stats().stats.empty());
    // Blocking would deadlock on the loop thread: refused.
    auto w = pair.offerer->wait_for_gathering_complete();
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().code, RtcErrorCode::kInvalidState);
  });
  auto dc = pair.offerer->create_data_channel("first");
  ASSERT_TRUE(dc);
  EventLog<int> closed;
  EventLog<int> pc_closed;
  (*dc)->on_close([&] {
    closed.push(1);
    // Created on the loop thread, so its on_open is set before any event of it can run.
    auto closer = pair.offerer->create_data_channel("closer");
    ASSERT_TRUE(closer);
    (*closer)->on_open([&] {
      // Closing the whole PeerConnection from a callback.
      pair.offerer->close();
      pc_closed.push(1);
    });
  });
  (*dc)->on_message([&, ch = *dc](const DataChannelMessage& m) {
    EXPECT_EQ(m.text(), "hi from on_open");
    ch->close();  // closing the channel from its own callback
  });
  pair.negotiate_trickle();
  ASSERT_TRUE(offerer_labels.wait_for("reply"));
  ASSERT_TRUE(closed.wait_for_size(1));
  ASSERT_TRUE(pc_closed.wait_for_size(1));
  EXPECT_EQ(pair.offerer->connection_state(), PeerConnectionState::kClosed);
  pair.close();
}

TEST(DataChannelE2e, StatsCountWhatWasSent) {
  PeerPair pair;
  RemoteChannels remote;
  remote.attach(*pair.answerer);
  auto dc = pair.offerer->create_data_channel("counted");
  ASSERT_TRUE(dc);
  EventLog<int> opened;
  (*dc)->on_open([&] { opened.push(1); });
  pair.negotiate_trickle();
  ASSERT_TRUE(opened.wait_for_size(1));
  ASSERT_TRUE(remote.channels.wait_for_size(1));
  auto rdc = remote.channels.items()[0];
  EventLog<int> got;
  rdc->on_message([&](const DataChannelMessage&) { got.push(1); });
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*dc)->send("12345"));
  ASSERT_TRUE(got.wait_for_size(3));
  StatsReport local = pair.offerer->get_stats();
  auto channels = local.of_type("data-channel");
  ASSERT_EQ(channels.size(), 1u);
  EXPECT_EQ(channels[0]->get<uint64_t>("messagesSent"), 3u);
  EXPECT_EQ(channels[0]->get<uint64_t>("bytesSent"), 15u);
  EXPECT_EQ(channels[0]->get<std::string>("state"), "open");
  auto transport = local.of_type("transport");
  ASSERT_EQ(transport.size(), 1u);
  EXPECT_EQ(transport[0]->get<std::string>("dtlsState"), "connected");
  EXPECT_EQ(transport[0]->get<std::string>("dtlsRole"), "server");  // the answerer is active (client)
  EXPECT_GT(transport[0]->get<uint64_t>("bytesSent").value_or(0), 0u);
  ASSERT_EQ(local.of_type("candidate-pair").size(), 1u);
  EXPECT_EQ(local.of_type("candidate-pair")[0]->get<bool>("nominated"), true);
  EXPECT_EQ(local.of_type("certificate").size(), 2u);
  StatsReport remote_report = pair.answerer->get_stats();
  auto remote_stats = remote_report.of_type("data-channel");
  ASSERT_EQ(remote_stats.size(), 1u);
  EXPECT_EQ(remote_stats[0]->get<uint64_t>("messagesReceived"), 3u);
  EXPECT_EQ(remote_stats[0]->get<uint64_t>("bytesReceived"), 15u);
  StatsReport again = pair.offerer->get_stats();
  auto pcs = again.of_type("peer-connection");
  ASSERT_EQ(pcs.size(), 1u);
  EXPECT_EQ(pcs[0]->get<uint64_t>("dataChannelsOpened"), 1u);
  pair.close();
}

}  // namespace
}  // namespace purertc::e2e
