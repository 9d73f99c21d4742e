// Several ICE agents sharing one UDP socket on 127.0.0.1: each is found by its ufrag, then by its peer's
// address, and application data follows the STUN that opened the route.
#include "pc/gather/udp_mux.h"

#include <gtest/gtest.h>

#include "stun/packet/message_builder.h"
#include "tests/pc/gather/agent_driver.h"

namespace purertc::pc {
namespace {

using testing::AgentDriver;
using testing::make_loop;
using testing::run_on;
using testing::wait_until;

GatherSettings loopback_only() {
  GatherSettings s;
  s.include_loopback = true;
  s.udp6 = false;
  s.interface_filter = [](const NetworkInterface& i) { return i.loopback; };
  s.mdns_mode = MdnsMode::kDisabled;
  return s;
}

TEST(UdpMux, ManyAgentsOnOnePortConnectAndGetTheirOwnData) {
  constexpr int kPeers = 8;
  auto loop = make_loop();
  SeededRandom random(11);
  std::unique_ptr<UdpMux> mux;
  std::vector<std::unique_ptr<AgentDriver>> servers, clients;
  run_on(*loop, [&] {
    auto m = UdpMux::create(*loop, SocketAddress{IpAddress::v4(127, 0, 0, 1), 0});
    ASSERT_TRUE(m) << to_string(m.error());
    mux = std::move(*m);
    ice::AgentSettings server_settings;
    server_settings.controlling = false;
    auto on_mux = loopback_only();
    on_mux.udp_mux = mux.get();
    for (int i = 0; i < kPeers; ++i) {
      servers.push_back(std::make_unique<AgentDriver>(*loop, on_mux, server_settings, random));
      clients.push_back(std::make_unique<AgentDriver>(*loop, loopback_only(), ice::AgentSettings{}, random));
      servers.back()->start();
      clients.back()->start();
    }
  });
  ASSERT_TRUE(wait_until(*loop, [&] {
    return std::all_of(clients.begin(), clients.end(), [](auto& c) { return c->complete(); });
  }));
  run_on(*loop, [&] {
    EXPECT_EQ(mux->target_count(), static_cast<size_t>(kPeers));
    for (int i = 0; i < kPeers; ++i) {
      // Every server agent offers the same host candidate: the mux's address.
      ASSERT_EQ(servers[i]->candidates().size(), 1u);
      EXPECT_EQ(servers[i]->candidates()[0].address, mux->local_address());
      servers[i]->signal_to(*clients[i]);
      clients[i]->signal_to(*servers[i]);
    }
  });
  ASSERT_TRUE(wait_until(*loop, [&] {
    for (int i = 0; i < kPeers; ++i) {
      if (!servers[i]->connected() || !clients[i]->connected()) return false;
    }
    return true;
  }));
  // Each client sends its own index; each server must receive exactly its client's.
  run_on(*loop, [&] {
    for (int i = 0; i < kPeers; ++i) {
      const std::vector<uint8_t> data = {0x80, static_cast<uint8_t>(i)};
      clients[i]->send_app_data(data);
    }
  });
  ASSERT_TRUE(wait_until(*loop, [&] {
    return std::all_of(servers.begin(), servers.end(), [](auto& s) { return !s->app_data().empty(); });
  }));
  run_on(*loop, [&] {
    for (int i = 0; i < kPeers; ++i) {
      ASSERT_EQ(servers[i]->app_data().size(), 1u);
      EXPECT_EQ(servers[i]->app_data()[0], (std::vector<uint8_t>{0x80, static_cast<uint8_t>(i)}));
    }
    // And back: the server's reply leaves through the shared socket.
    servers[3]->send_app_data(std::vector<uint8_t>{0x80, 0x33});
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return !clients[3]->app_data().empty(); }));
  run_on(*loop, [&] {
    EXPECT_EQ(clients[3]->app_data()[0], (std::vector<uint8_t>{0x80, 0x33}));
    servers.clear();
    EXPECT_EQ(mux->target_count(), 0u);
    clients.clear();
    mux.reset();
  });
}

std::vector<uint8_t> binding_request(const std::string& username) {
  std::vector<uint8_t> buf(200);
  stun::TransactionId tid{};
  stun::MessageBuilder b(buf, stun::MessageType(stun::Method::kBinding, stun::MessageClass::kRequest), tid);
  b.add_string(stun::AttributeType::kUsername, username);
  b.add_fingerprint();
  auto done = b.finish();
  buf.resize(done ? done->size() : 0);
  return buf;
}

// Datagrams queued before the loop reads them arrive in one receive batch: each target that got some
// is told once, after all of them (the transport processes its engines' outputs there), and a target
// removed during the batch is not told.
TEST(UdpMux, BatchEndFollowsEachTargetsDatagramsOnce) {
  auto loop = make_loop();
  std::unique_ptr<UdpMux> mux;
  std::vector<std::string> log;
  ice::MuxTarget gone = 0;
  auto a = UdpSocket::bind(SocketAddress{IpAddress::v4(127, 0, 0, 1), 0});
  auto b = UdpSocket::bind(SocketAddress{IpAddress::v4(127, 0, 0, 1), 0});
  auto c = UdpSocket::bind(SocketAddress{IpAddress::v4(127, 0, 0, 1), 0});
  ASSERT_TRUE(a && b && c);
  SocketAddress to;
  run_on(*loop, [&] {
    auto m = UdpMux::create(*loop, SocketAddress{IpAddress::v4(127, 0, 0, 1), 0});
    ASSERT_TRUE(m);
    mux = std::move(*m);
    to = mux->local_address();
    for (const char* name : {"a", "b", "c"}) {
      const std::string n = name;
      const auto t = mux->add(
          [&log, &mux, &gone, n](const SocketAddress&, std::span<const uint8_t> bytes, Timestamp) {
            log.push_back(n + std::to_string(bytes.size()));
            if (n == "c") mux->remove(gone);  // c's first datagram removes c itself
          },
          [&log, n](Timestamp) { log.push_back(n + "-end"); });
      mux->set_ufrag(t, std::string(name) + "ufrag");
      if (n == "c") gone = t;
    }
  });
  auto send = [&](UdpSocket& s, std::vector<uint8_t> bytes) {
    const OutgoingDatagram d{to, bytes};
    ASSERT_EQ(s.send(std::span(&d, 1)).value_or(0), 1u);
  };
  // Open the routes: one STUN request from each socket, each its own batch.
  const std::pair<UdpSocket*, std::string> routes[] = {{&*a, "aufrag"}, {&*b, "bufrag"}, {&*c, "cufrag"}};
  uint64_t received = 0;
  for (const auto& [socket, ufrag] : routes) {
    send(*socket, binding_request(ufrag + ":peer"));
    ++received;
    ASSERT_TRUE(wait_until(*loop, [&] { return mux->stats().datagrams_received == received; }));
  }
  run_on(*loop, [&] {
    ASSERT_EQ(log.size(), 5u);  // a, a-end, b, b-end, c (which removed itself: no c-end)
    EXPECT_EQ(log[1], "a-end");
    EXPECT_EQ(log[3], "b-end");
    EXPECT_EQ(log[4].substr(0, 1), "c");
    log.clear();
  });
  // Sent from inside a loop task, so all of them wait in the socket when the loop next reads.
  run_on(*loop, [&] {
    send(*a, {0x80, 1});
    send(*b, {0x80, 1, 2});
    send(*a, {0x80, 1, 2, 3});
    send(*c, {0x80});  // c is gone: dropped
  });
  ASSERT_TRUE(wait_until(*loop, [&] { return mux->stats().datagrams_received == 7; }));
  run_on(*loop, [&] {
    EXPECT_EQ(log, (std::vector<std::string>{"a2", "b3", "a4", "a-end", "b-end"}));
    EXPECT_EQ(mux->stats().dropped_unrouted, 1u);
    mux.reset();
  });
}

TEST(UdpMux, DatagramsFromUnknownPeersAreDropped) {
  auto loop = make_loop();
  std::unique_ptr<UdpMux> mux;
  int delivered = 0;
  run_on(*loop, [&] {
    auto m = UdpMux::create(*loop, SocketAddress{IpAddress::v4(127, 0, 0, 1), 0});
    ASSERT_TRUE(m);
    mux = std::move(*m);
    const auto t = mux->add([&](const SocketAddress&, std::span<const uint8_t>, Timestamp) { ++delivered; });
    mux->set_ufrag(t, "abcd");
  });
  auto sender = UdpSocket::bind(SocketAddress{IpAddress::v4(127, 0, 0, 1), 0});
  ASSERT_TRUE(sender);
  const std::vector<uint8_t> junk = {0x80, 0, 0, 0};
  SocketAddress to;
  run_on(*loop, [&] { to = mux->local_address(); });
  const OutgoingDatagram d{to, junk};
  ASSERT_TRUE(sender->send(std::span(&d, 1)));
  ASSERT_TRUE(wait_until(*loop, [&] { return mux->stats().datagrams_received == 1; }));
  run_on(*loop, [&] {
    EXPECT_EQ(delivered, 0);
    EXPECT_EQ(mux->stats().dropped_unrouted, 1u);
    mux.reset();
  });
}

}  // namespace
}  // namespace purertc::pc
