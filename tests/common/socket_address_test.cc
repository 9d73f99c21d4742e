#include "common/socket_address.h"

#include <gtest/gtest.h>

#include <unordered_set>

namespace purertc {
namespace {

TEST(IpAddress, ParsesAndPrintsV4) {
  auto a = IpAddress::parse("192.0.2.33");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->v4_host_order(), 0xc0000221u);
  EXPECT_EQ(a->to_string(), "192.0.2.33");
  EXPECT_EQ(IpAddress::v4(127, 0, 0, 1).to_string(), "127.0.0.1");
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.04", "a.b.c.d", "1.2.3.4 ", "1..2.3"}) {
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
  }
}

// RFC 5952 section 4 canonical forms.
TEST(IpAddress, ParsesAndPrintsV6Canonically) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"2001:db8:0:0:0:0:2:1", "2001:db8::2:1"},
      {"2001:0db8::0001", "2001:db8::1"},
      {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
      {"2001:db8::1:0:0:1", "2001:db8::1:0:0:1"},
      {"2001:DB8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
      {"::1", "::1"},
      {"::", "::"},
      {"fe80::", "fe80::"},
      {"::ffff:192.0.2.1", "::ffff:192.0.2.1"},
      {"2001:db8:3333:4444:5555:6666:7777:8888", "2001:db8:3333:4444:5555:6666:7777:8888"},
  };
  for (const auto& c : cases) {
    auto a = IpAddress::parse(c.in);
    ASSERT_TRUE(a) << c.in;
    EXPECT_TRUE(a->is_v6());
    EXPECT_EQ(a->to_string(), c.out) << c.in;
    EXPECT_EQ(IpAddress::parse(a->to_string()), a);
  }
  for (const char* bad : {":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "1:2:3:4:5:6:7:", "::1.2.3"}) {
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
  }
}

TEST(IpAddress, Classification) {
  EXPECT_TRUE(IpAddress::parse("127.0.0.1")->is_loopback());
  EXPECT_TRUE(IpAddress::parse("::1")->is_loopback());
  EXPECT_TRUE(IpAddress::parse("169.254.1.1")->is_link_local());
  EXPECT_TRUE(IpAddress::parse("fe80::1")->is_link_local());
  EXPECT_TRUE(IpAddress::parse("10.1.2.3")->is_private());
  EXPECT_TRUE(IpAddress::parse("172.31.0.1")->is_private());
  EXPECT_FALSE(IpAddress::parse("172.32.0.1")->is_private());
  EXPECT_TRUE(IpAddress::parse("fd00::1")->is_private());
  EXPECT_TRUE(IpAddress::parse("0.0.0.0")->is_unspecified());
  EXPECT_TRUE(IpAddress::parse("::ffff:1.2.3.4")->is_v4_mapped());
  EXPECT_FALSE(IpAddress::from_bytes(std::vector<uint8_t>(5)));
}

TEST(SocketAddress, RoundTripAndHash) {
  auto a = SocketAddress::parse("[2001:db8::1]:3478");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port, 3478);
  EXPECT_EQ(a->to_string(), "[2001:db8::1]:3478");
  auto b = SocketAddress::parse("127.0.0.1:65535");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->to_string(), "127.0.0.1:65535");
  for (const char* bad : {"127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "::1:80", "[::1]80", "[::1]:x"}) {
    EXPECT_FALSE(SocketAddress::parse(bad)) << bad;
  }
  std::unordered_set<SocketAddress> set{*a, *b, *a};
  EXPECT_EQ(set.size(), 2u);
  EXPECT_NE(*a, *b);
}

}  // namespace
}  // namespace purertc
