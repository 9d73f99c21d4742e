#include "ice/udp_mux_router.h"

#include <gtest/gtest.h>

#include "common/random.h"
#include "stun/packet/message_builder.h"

namespace purertc::ice {
namespace {

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

const std::vector<uint8_t> kDtls = {22, 0xfe, 0xfd, 0, 0};

TEST(UdpMuxRouter, LearnsAddressesFromBindingRequests) {
  UdpMuxRouter r;
  r.add("aaaa", 1);
  r.add("bbbb", 2);
  auto p1 = *SocketAddress::parse("192.0.2.1:1000");
  auto p2 = *SocketAddress::parse("192.0.2.2:2000");
  Timestamp t;
  EXPECT_FALSE(r.route(kDtls, p1, t)) << "unknown address, not STUN";
  EXPECT_EQ(r.route(binding_request("aaaa:peer1"), p1, t), 1u);
  EXPECT_EQ(r.route(binding_request("bbbb:peer2"), p2, t), 2u);
  EXPECT_EQ(r.route(kDtls, p1, t), 1u);
  EXPECT_EQ(r.route(kDtls, p2, t), 2u);
  EXPECT_FALSE(r.route(binding_request("cccc:x"), *SocketAddress::parse("192.0.2.3:3"), t));
  EXPECT_EQ(r.address_count(), 2u);
}

TEST(UdpMuxRouter, RemoveAndExpire) {
  UdpMuxRouter r({.address_idle_timeout = Duration::seconds(10)});
  r.add("aaaa", 1);
  auto p1 = *SocketAddress::parse("192.0.2.1:1000");
  auto p2 = *SocketAddress::parse("192.0.2.1:1001");
  EXPECT_EQ(r.route(binding_request("aaaa:x"), p1, Timestamp::from_millis(0)), 1u);
  EXPECT_EQ(r.route(binding_request("aaaa:x"), p2, Timestamp::from_millis(9000)), 1u);
  r.expire(Timestamp::from_millis(15000));
  EXPECT_FALSE(r.route(kDtls, p1, Timestamp::from_millis(15000)));
  EXPECT_EQ(r.route(kDtls, p2, Timestamp::from_millis(15000)), 1u);
  r.remove(1);
  EXPECT_FALSE(r.route(kDtls, p2, Timestamp::from_millis(15001)));
  EXPECT_FALSE(r.route(binding_request("aaaa:x"), p2, Timestamp::from_millis(15001)));
}

TEST(UdpMuxRouter, APeerCannotPinUnboundedAddresses) {
  UdpMuxRouter r({.max_addresses_per_target = 4});
  r.add("aaaa", 7);
  for (uint16_t port = 1; port <= 100; ++port) {
    SocketAddress from{*IpAddress::parse("192.0.2.1"), port};
    EXPECT_EQ(r.route(binding_request("aaaa:x"), from, Timestamp()), 7u);
  }
  EXPECT_EQ(r.address_count(), 4u);
}

TEST(UdpMuxRouter, ThousandsOfAgentsOnOnePort) {
  UdpMuxRouter r;
  SeededRandom rng(1);
  for (uint64_t i = 0; i < 5000; ++i) r.add("u" + std::to_string(i), i);
  for (uint64_t i = 0; i < 5000; ++i) {
    SocketAddress from{IpAddress::v4(static_cast<uint32_t>(0x0a000000 + i)), static_cast<uint16_t>(1000 + i % 50000)};
    ASSERT_EQ(r.route(binding_request("u" + std::to_string(i) + ":p"), from, Timestamp()), i);
    ASSERT_EQ(r.route(kDtls, from, Timestamp()), i);
  }
}

}  // namespace
}  // namespace purertc::ice
