// Data channels (RFC 8831/8832) over two DataChannelEndpoints on simulated links.
#include <gtest/gtest.h>

#include "common/random.h"
#include "sctp/datachannel/data_channel_endpoint.h"
#include "sctp/datachannel/dcep_message.h"
#include "tests/sim/sim_link.h"

namespace purertc::sctp {
namespace {

TEST(SctpDcep, OpenRoundTrip) {
  DataChannelOpen o{ChannelType::kPartialReliableTimedUnordered, 512, 1500, "chat", "json"};
  auto bytes = o.serialize();
  EXPECT_EQ(bytes[0], 0x03);
  EXPECT_EQ(bytes[1], 0x82);
  auto p = DataChannelOpen::parse(bytes);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->label, "chat");
  EXPECT_EQ(p->protocol, "json");
  EXPECT_EQ(p->priority, 512);
  EXPECT_EQ(p->reliability, 1500u);
  EXPECT_EQ(p->channel_type, ChannelType::kPartialReliableTimedUnordered);
}

TEST(SctpDcep, RejectsMalformed) {
  DataChannelOpen o{ChannelType::kReliable, 256, 0, "a", "b"};
  auto bytes = o.serialize();
  auto short_msg = bytes;
  short_msg.pop_back();
  EXPECT_FALSE(DataChannelOpen::parse(short_msg).has_value());
  auto bad_type = bytes;
  bad_type[1] = 0x03;
  EXPECT_FALSE(DataChannelOpen::parse(bad_type).has_value());
  auto not_open = bytes;
  not_open[0] = 0x02;
  EXPECT_FALSE(DataChannelOpen::parse(not_open).has_value());
  EXPECT_FALSE(DataChannelOpen::parse(std::vector<uint8_t>(11, 3)).has_value());
  EXPECT_TRUE(is_dcep_ack(std::vector<uint8_t>{0x02}));
  EXPECT_FALSE(is_dcep_ack(std::vector<uint8_t>{0x02, 0}));
}

TEST(SctpDcep, Names) {
  EXPECT_EQ(to_string(Ppid::kStringEmpty), "string-empty");
  EXPECT_EQ(to_string(ChannelType::kPartialReliableRexmitUnordered), "partial-reliable-rexmit-unordered");
  EXPECT_EQ(to_string(DtlsRole::kServer), "dtls-server");
  EXPECT_EQ(to_string(ChannelState::kClosing), "closing");
}

struct Peer {
  Peer(DtlsRole role, uint64_t seed, const DataChannelSettings& s = {}) : random(seed), ep(s, role, random) {}
  SeededRandom random;
  DataChannelEndpoint ep;
  std::vector<ChannelEvent> events;
  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : events) {
      if (auto* v = std::get_if<T>(&e)) out.push_back(*v);
    }
    return out;
  }
};

struct DcPair {
  explicit DcPair(sim::Impairment imp = {}, uint64_t seed = 1, const DataChannelSettings& s = {})
      : client(DtlsRole::kClient, seed * 3, s), server(DtlsRole::kServer, seed * 3 + 1, s), cs(imp, seed * 5), sc(imp, seed * 5 + 1) {}
  void drain() {
    drain_one(client, cs);
    drain_one(server, sc);
  }
  bool step() {
    drain();
    Timestamp next = earliest(earliest(client.ep.next_timeout(), server.ep.next_timeout()), earliest(cs.next_delivery(), sc.next_delivery()));
    if (next.is_infinite()) return false;
    if (next > now) now = next;
    while (auto p = cs.receive(now)) server.ep.handle_input(*p, now);
    while (auto p = sc.receive(now)) client.ep.handle_input(*p, now);
    if (client.ep.next_timeout() <= now) client.ep.handle_timeout(now);
    if (server.ep.next_timeout() <= now) server.ep.handle_timeout(now);
    drain();
    return true;
  }
  template <class P>
  bool run_until(P pred, Duration limit = Duration::seconds(60)) {
    Timestamp end = now + limit;
    drain();
    while (!pred()) {
      if (now > end || !step()) return pred();
    }
    return true;
  }
  bool connect() {
    client.ep.connect(now);
    server.ep.connect(now);  // both sides start, as browsers do
    return run_until([&] { return !client.all<Connected>().empty() && !server.all<Connected>().empty(); });
  }
  void drain_one(Peer& p, sim::SimLink& link) {
    while (auto out = p.ep.poll_output()) {
      if (auto* t = std::get_if<Transmit>(&*out)) link.send(std::move(t->packet), now);
      else p.events.push_back(std::move(std::get<ChannelEvent>(*out)));
    }
  }
  Peer client, server;
  sim::SimLink cs, sc;
  Timestamp now = Timestamp::from_millis(1);
};

TEST(SctpDataChannel, InBandOpenWithLabelProtocolPriority) {
  DcPair p;
  ASSERT_TRUE(p.connect());
  DataChannelInit init;
  init.protocol = "proto";
  init.priority = 1024;
  auto id = p.client.ep.create_channel("label-1", init, p.now);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(*id % 2, 0);  // DTLS client: even ids
  ASSERT_TRUE(p.run_until([&] { return !p.client.all<ChannelOpen>().empty(); }));
  auto incoming = p.server.all<IncomingChannel>();
  ASSERT_EQ(incoming.size(), 1u);
  EXPECT_EQ(incoming[0].info.id, *id);
  EXPECT_EQ(incoming[0].info.label, "label-1");
  EXPECT_EQ(incoming[0].info.protocol, "proto");
  EXPECT_EQ(incoming[0].info.priority, 1024);
  EXPECT_EQ(incoming[0].info.type, ChannelType::kReliable);
  auto sid = p.server.ep.create_channel("from-server", {}, p.now);
  ASSERT_TRUE(sid.has_value());
  EXPECT_EQ(*sid % 2, 1);  // DTLS server: odd ids
}

TEST(SctpDataChannel, ChannelCreatedBeforeConnectOpensOnConnect) {
  DcPair p;
  auto id = p.client.ep.create_channel("early", {}, p.now);
  ASSERT_TRUE(id.has_value());
  EXPECT_FALSE(p.client.ep.send_text(*id, "x", p.now).has_value());
  ASSERT_TRUE(p.connect());
  ASSERT_TRUE(p.run_until([&] { return !p.client.all<ChannelOpen>().empty(); }));
  EXPECT_EQ(p.server.all<IncomingChannel>().size(), 1u);
}

TEST(SctpDataChannel, StringBinaryAndEmptyMessages) {
  DcPair p;
  ASSERT_TRUE(p.connect());
  auto id = *p.client.ep.create_channel("m", {}, p.now);
  // Sending right after creation, before the ACK, is allowed (RFC 8832 6).
  ASSERT_TRUE(p.client.ep.send_text(id, "hello", p.now).has_value());
  ASSERT_TRUE(p.client.ep.send_text(id, "", p.now).has_value());
  std::vector<uint8_t> bin{0, 1, 2};
  ASSERT_TRUE(p.client.ep.send_binary(id, bin, p.now).has_value());
  ASSERT_TRUE(p.client.ep.send_binary(id, {}, p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.server.all<ChannelMessage>().size() == 4; }));
  auto m = p.server.all<ChannelMessage>();
  EXPECT_FALSE(m[0].binary);
  EXPECT_EQ(std::string(m[0].data.begin(), m[0].data.end()), "hello");
  EXPECT_FALSE(m[1].binary);
  EXPECT_TRUE(m[1].data.empty());
  EXPECT_TRUE(m[2].binary);
  EXPECT_EQ(m[2].data, bin);
  EXPECT_TRUE(m[3].binary);
  EXPECT_TRUE(m[3].data.empty());
  // And back over the incoming channel.
  ASSERT_TRUE(p.server.ep.send_text(id, "reply", p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.client.all<ChannelMessage>().size() == 1; }));
}

TEST(SctpDataChannel, PreNegotiatedChannelsNeedNoDcep) {
  DcPair p;
  DataChannelInit init;
  init.negotiated = true;
  init.id = 7;
  ASSERT_TRUE(p.client.ep.create_channel("neg", init, p.now).has_value());
  ASSERT_TRUE(p.server.ep.create_channel("neg", init, p.now).has_value());
  ASSERT_TRUE(p.connect());
  ASSERT_TRUE(p.run_until([&] { return !p.client.all<ChannelOpen>().empty() && !p.server.all<ChannelOpen>().empty(); }));
  ASSERT_TRUE(p.client.ep.send_text(7, "n", p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.server.all<ChannelMessage>().size() == 1; }));
  EXPECT_TRUE(p.server.all<IncomingChannel>().empty());
  DataChannelInit no_id;
  no_id.negotiated = true;
  EXPECT_FALSE(p.client.ep.create_channel("bad", no_id, p.now).has_value());
  EXPECT_EQ(p.client.ep.create_channel("dup", init, p.now).error().code, Errc::kWrongState);
}

TEST(SctpDataChannel, CloseResetsBothDirections) {
  DcPair p;
  ASSERT_TRUE(p.connect());
  auto id = *p.client.ep.create_channel("c", {}, p.now);
  ASSERT_TRUE(p.client.ep.send_text(id, "last words", p.now).has_value());
  p.client.ep.close_channel(id, p.now);
  ASSERT_TRUE(p.run_until([&] { return !p.client.all<ChannelClosed>().empty() && !p.server.all<ChannelClosed>().empty(); }));
  EXPECT_EQ(p.server.all<ChannelMessage>().size(), 1u);  // queued data is delivered before the close
  EXPECT_EQ(p.client.ep.channel(id), nullptr);
  // The id can be used again.
  auto again = p.client.ep.create_channel("c2", {}, p.now);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, id);
  ASSERT_TRUE(p.client.ep.send_text(*again, "new", p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.server.all<ChannelMessage>().size() == 2; }));
  EXPECT_EQ(p.server.all<IncomingChannel>().back().info.label, "c2");
}

TEST(SctpDataChannel, BufferedAmountLowThreshold) {
  DcPair p;
  ASSERT_TRUE(p.connect());
  auto id = *p.client.ep.create_channel("b", {}, p.now);
  p.client.ep.set_buffered_amount_low_threshold(id, 1000);
  std::vector<uint8_t> chunk(10000, 1);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(p.client.ep.send_binary(id, chunk, p.now).has_value());
  EXPECT_GE(p.client.ep.buffered_amount(id), 40000u);
  ASSERT_TRUE(p.run_until([&] { return !p.client.all<ChannelBufferedAmountLow>().empty(); }));
  EXPECT_LE(p.client.ep.buffered_amount(id), 1000u);
}

// Each channel type keeps its promise under 10% loss.
TEST(SctpDataChannel, EveryChannelTypeUnderLoss) {
  struct Case {
    bool ordered;
    std::optional<uint16_t> rexmit;
    std::optional<uint16_t> lifetime;
  };
  const Case cases[] = {{true, {}, {}}, {false, {}, {}}, {true, 0, {}}, {false, 0, {}}, {true, {}, 20}, {false, {}, 20}};
  sim::Impairment imp;
  imp.loss = 0.1;
  uint64_t seed = 1;
  for (const auto& c : cases) {
    DcPair p(imp, seed++);
    ASSERT_TRUE(p.connect());
    DataChannelInit init;
    init.ordered = c.ordered;
    init.max_retransmits = c.rexmit;
    init.max_packet_life_time_ms = c.lifetime;
    auto id = *p.client.ep.create_channel("t", init, p.now);
    ASSERT_TRUE(p.run_until([&] { return !p.client.all<ChannelOpen>().empty(); }));
    for (uint32_t i = 0; i < 200; ++i) {
      std::vector<uint8_t> msg(1500, static_cast<uint8_t>(i));
      msg[0] = static_cast<uint8_t>(i >> 8);
      ASSERT_TRUE(p.client.ep.send_binary(id, msg, p.now).has_value());
      p.run_until([] { return false; }, Duration::millis(2));
    }
    p.run_until([] { return false; }, Duration::seconds(30));
    auto got = p.server.all<ChannelMessage>();
    bool reliable = !c.rexmit && !c.lifetime;
    if (reliable) {
      EXPECT_EQ(got.size(), 200u);
    } else {
      EXPECT_LT(got.size(), 200u);
      EXPECT_GT(got.size(), 100u);
    }
    int prev = -1;
    bool in_order = true;
    for (const auto& m : got) {
      ASSERT_EQ(m.data.size(), 1500u);
      int idx = (m.data[0] << 8) | m.data[1];
      EXPECT_EQ(m.data[1499], static_cast<uint8_t>(idx));
      if (idx <= prev) in_order = false;
      prev = idx;
    }
    if (c.ordered) {
      EXPECT_TRUE(in_order);
    } else if (reliable) {
      EXPECT_FALSE(in_order);
    }
  }
}

TEST(SctpDataChannel, PeerOpeningTooManyChannelsIsBounded) {
  DataChannelSettings s;
  s.max_channels = 3;
  DcPair p({}, 1, s);
  ASSERT_TRUE(p.connect());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(p.client.ep.create_channel("x", {}, p.now).has_value());
  p.run_until([] { return false; }, Duration::seconds(2));
  EXPECT_EQ(p.server.all<IncomingChannel>().size(), 3u);
}

}  // namespace
}  // namespace purertc::sctp
