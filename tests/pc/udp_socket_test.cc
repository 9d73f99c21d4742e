#include "pc/udp_socket.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

#include "pc/event_loop.h"
#include "pc/sockaddr.h"
#include "tests/pc/notification.h"

namespace purertc::pc {
namespace {

const IpAddress kV4Loopback = IpAddress::v4(127, 0, 0, 1);
const IpAddress kV6Loopback = *IpAddress::parse("::1");

UdpSocket bind_or_die(const IpAddress& ip, UdpSocketOptions options = {}) {
  auto s = UdpSocket::bind(SocketAddress{ip, 0}, options);
  EXPECT_TRUE(s) << to_string(s.error());
  return std::move(*s);
}

// Datagram i of a test pattern: distinct sizes and contents so a reordering or mix-up shows.
std::vector<uint8_t> pattern(size_t i, size_t size) {
  std::vector<uint8_t> d(size);
  for (size_t k = 0; k < size; ++k) d[k] = static_cast<uint8_t>(i * 31 + k * 7);
  return d;
}

struct Received {
  std::vector<uint8_t> data;
  SocketAddress from;
};

// Receives until `count` datagrams arrived. The poll timeout is a hang guard, not a timing assertion:
// loopback delivery is synchronous with the send.
std::vector<Received> receive_n(UdpSocket& socket, size_t count, size_t slot = 2048) {
  ReceiveBatch batch(slot);
  std::vector<Received> out;
  while (out.size() < count) {
    pollfd p{socket.fd(), POLLIN, 0};
    if (poll(&p, 1, 10000) != 1) {
      ADD_FAILURE() << "timed out with " << out.size() << " of " << count << " datagrams";
      break;
    }
    auto n = socket.receive(batch);
    if (!n) {
      ADD_FAILURE() << to_string(n.error());
      break;
    }
    for (size_t i = 0; i < *n; ++i) {
      const auto d = batch.data(i);
      out.push_back({{d.begin(), d.end()}, batch.from(i)});
    }
  }
  return out;
}

bool have_ipv6_loopback() {
  return static_cast<bool>(UdpSocket::bind(SocketAddress{kV6Loopback, 0}));
}

TEST(SockAddr, RoundTripsBothFamilies) {
  for (const char* text : {"127.0.0.1:5000", "192.0.2.200:1", "[::1]:65535", "[2001:db8::7]:3478"}) {
    const SocketAddress a = *SocketAddress::parse(text);
    sockaddr_storage ss;
    const socklen_t len = to_sockaddr(a, ss);
    EXPECT_EQ(len, a.ip.is_v4() ? sizeof(sockaddr_in) : sizeof(sockaddr_in6));
    const auto back = from_sockaddr(reinterpret_cast<const sockaddr*>(&ss), len);
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(*back, a);
  }
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(80);
  sin.sin_addr.s_addr = htonl(0x7f000001);
  EXPECT_EQ(from_sockaddr(reinterpret_cast<const sockaddr*>(&sin), sizeof sin)->to_string(), "127.0.0.1:80");
  EXPECT_FALSE(from_sockaddr(reinterpret_cast<const sockaddr*>(&sin), sizeof sin - 1));
  sockaddr_storage unix_like{};
  unix_like.ss_family = AF_UNIX;
  EXPECT_FALSE(from_sockaddr(reinterpret_cast<const sockaddr*>(&unix_like), sizeof unix_like));
  EXPECT_FALSE(from_sockaddr(nullptr, 0));
}

void batch_round_trip(const IpAddress& ip) {
  UdpSocket tx = bind_or_die(ip);
  UdpSocket rx = bind_or_die(ip);
  EXPECT_EQ(rx.local_address().ip, ip);
  EXPECT_NE(rx.local_address().port, 0);
  ReceiveBatch empty;
  EXPECT_EQ(*rx.receive(empty), 0u);

  // 80 datagrams: more than two sendmmsg batches, sizes from 1 to 1400 bytes.
  std::vector<std::vector<uint8_t>> payloads;
  std::vector<OutgoingDatagram> out;
  for (size_t i = 0; i < 80; ++i) payloads.push_back(pattern(i, 1 + (i * 211) % 1400));
  for (const auto& p : payloads) out.push_back({rx.local_address(), p});
  auto sent = tx.send(out);
  ASSERT_TRUE(sent) << to_string(sent.error());
  EXPECT_EQ(*sent, out.size());
  EXPECT_EQ(tx.stats().datagrams_sent, out.size());

  const auto got = receive_n(rx, payloads.size());
  ASSERT_EQ(got.size(), payloads.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].data, payloads[i]) << "datagram " << i;
    EXPECT_EQ(got[i].from, tx.local_address());
  }
  EXPECT_EQ(rx.stats().datagrams_received, payloads.size());
}

TEST(UdpSocket, BatchRoundTripIpv4) { batch_round_trip(kV4Loopback); }

TEST(UdpSocket, BatchRoundTripIpv6) {
  if (!have_ipv6_loopback()) GTEST_SKIP() << "no IPv6 loopback (::1) on this machine";
  batch_round_trip(kV6Loopback);
}

// The same traffic through a GSO sender and a plain sender arrives byte for byte the same: runs of
// equal-size datagrams (coalesced by GSO), a shorter datagram, a second destination, an empty datagram.
void gso_matches_plain(const IpAddress& ip) {
  UdpSocket gso_tx = bind_or_die(ip);
  if (!gso_tx.gso_enabled()) GTEST_SKIP() << "kernel without UDP GSO (UDP_SEGMENT); the fallback is the plain path";
  UdpSocket plain_tx = bind_or_die(ip, UdpSocketOptions{.allow_gso = false});
  EXPECT_FALSE(plain_tx.gso_enabled());
  UdpSocketOptions big_buffers{.receive_buffer_bytes = 1 << 20};
  UdpSocket rx1 = bind_or_die(ip, big_buffers);
  UdpSocket rx2 = bind_or_die(ip, big_buffers);

  std::vector<std::vector<uint8_t>> payloads;
  std::vector<OutgoingDatagram> out;
  for (size_t i = 0; i < 40; ++i) payloads.push_back(pattern(i, 1200));  // crosses the 32 boundary
  payloads.push_back(pattern(40, 700));
  for (size_t i = 41; i < 45; ++i) payloads.push_back(pattern(i, 1200));
  payloads.push_back(pattern(45, 0));
  for (size_t i = 46; i < 50; ++i) payloads.push_back(pattern(i, 300));
  for (size_t i = 0; i < payloads.size(); ++i) {
    out.push_back({(i >= 42 && i < 44) ? rx2.local_address() : rx1.local_address(), payloads[i]});
  }

  std::vector<Received> per_path[2];
  for (int path = 0; path < 2; ++path) {
    UdpSocket& tx = path == 0 ? gso_tx : plain_tx;
    auto sent = tx.send(out);
    ASSERT_TRUE(sent) << to_string(sent.error());
    ASSERT_EQ(*sent, out.size());
    per_path[path] = receive_n(rx1, out.size() - 2);
    auto second = receive_n(rx2, 2);
    per_path[path].insert(per_path[path].end(), second.begin(), second.end());
  }
  EXPECT_GT(gso_tx.stats().gso_messages, 0u);
  EXPECT_EQ(plain_tx.stats().gso_messages, 0u);
  ASSERT_EQ(per_path[0].size(), per_path[1].size());
  for (size_t i = 0; i < per_path[0].size(); ++i) {
    EXPECT_EQ(per_path[0][i].data, per_path[1][i].data) << "datagram " << i;
    EXPECT_EQ(per_path[0][i].from, gso_tx.local_address());
    EXPECT_EQ(per_path[1][i].from, plain_tx.local_address());
  }
  // And both equal what was sent, in order per destination.
  size_t k = 0;
  for (size_t i = 0; i < payloads.size(); ++i) {
    if (i >= 42 && i < 44) continue;
    EXPECT_EQ(per_path[0][k++].data, payloads[i]) << "datagram " << i;
  }
}

TEST(UdpSocket, GsoPathEqualsPlainPathIpv4) { gso_matches_plain(kV4Loopback); }

TEST(UdpSocket, GsoPathEqualsPlainPathIpv6) {
  if (!have_ipv6_loopback()) GTEST_SKIP() << "no IPv6 loopback (::1) on this machine";
  gso_matches_plain(kV6Loopback);
}

// ---- UDP GRO on receive ----------------------------------------------------------------------------

UdpSocketOptions gro_options() { return UdpSocketOptions{.receive_buffer_bytes = 1 << 20, .gro = true}; }

// Sends `payload` as one GSO message cut into `segment`-byte datagrams (the last one shorter when the size
// is not a multiple), the way the kernel allows but UdpSocket::send never builds (it coalesces only
// equal sizes).
void send_gso_message(const UdpSocket& tx, const SocketAddress& to, std::span<const uint8_t> payload,
                      uint16_t segment) {
  sockaddr_storage addr;
  const socklen_t length = to_sockaddr(to, addr);
  iovec iov{const_cast<uint8_t*>(payload.data()), payload.size()};
  alignas(cmsghdr) unsigned char control[CMSG_SPACE(sizeof(uint16_t))] = {};
  msghdr hdr{};
  hdr.msg_name = &addr;
  hdr.msg_namelen = length;
  hdr.msg_iov = &iov;
  hdr.msg_iovlen = 1;
  hdr.msg_control = control;
  hdr.msg_controllen = sizeof control;
  cmsghdr* cm = CMSG_FIRSTHDR(&hdr);
  cm->cmsg_level = SOL_UDP;
  cm->cmsg_type = UDP_SEGMENT;
  cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
  std::memcpy(CMSG_DATA(cm), &segment, sizeof segment);
  ASSERT_EQ(sendmsg(tx.fd(), &hdr, 0), static_cast<ssize_t>(payload.size())) << strerror(errno);
}

std::vector<uint8_t> concatenated(const std::vector<std::vector<uint8_t>>& parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Waits until `socket` is readable and receives one batch into `batch`.
size_t receive_once(UdpSocket& socket, ReceiveBatch& batch) {
  pollfd p{socket.fd(), POLLIN, 0};
  if (poll(&p, 1, 10000) != 1) {
    ADD_FAILURE() << "nothing to receive";
    return 0;
  }
  auto n = socket.receive(batch);
  EXPECT_TRUE(n) << to_string(n.error());
  return n.value_or(0);
}

TEST(UdpSocket, GroRunIsSplitIntoItsDatagramsWithTheShorterLastOne) {
  UdpSocket tx = bind_or_die(kV4Loopback);
  if (!tx.gso_enabled()) GTEST_SKIP() << "kernel without UDP GSO: nothing sends runs to coalesce";
  UdpSocket rx = bind_or_die(kV4Loopback, gro_options());
  if (!rx.gro_enabled()) GTEST_SKIP() << "kernel without UDP GRO (Linux < 5.0); UdpSocket.GroOff covers the path";
  std::vector<std::vector<uint8_t>> datagrams;
  for (size_t i = 0; i < 9; ++i) datagrams.push_back(pattern(i, 1000));
  datagrams.push_back(pattern(9, 321));
  send_gso_message(tx, rx.local_address(), concatenated(datagrams), 1000);

  ReceiveBatch batch(kGroSlotSize);
  ASSERT_EQ(receive_once(rx, batch), datagrams.size());
  for (size_t i = 0; i < datagrams.size(); ++i) {
    EXPECT_EQ(std::vector<uint8_t>(batch.data(i).begin(), batch.data(i).end()), datagrams[i]) << "datagram " << i;
    EXPECT_EQ(batch.from(i), tx.local_address());
    EXPECT_FALSE(batch.truncated(i));
  }
  // On loopback the GSO message reaches a GRO socket whole: one buffer, split by receive().
  EXPECT_EQ(rx.stats().gro_buffers, 1u);
  EXPECT_EQ(rx.stats().datagrams_received, datagrams.size());
  EXPECT_EQ(rx.stats().truncated_received, 0u);
}

// UdpSocket::send's own traffic (runs of several sizes, a lone shorter datagram, an empty one, more
// datagrams than one batch's slots) arrives through GRO exactly as sent, in order.
TEST(UdpSocket, GroReceivesMixedSizesInOrder) {
  UdpSocket tx = bind_or_die(kV4Loopback);
  UdpSocket rx = bind_or_die(kV4Loopback, gro_options());
  if (!rx.gro_enabled()) GTEST_SKIP() << "kernel without UDP GRO (Linux < 5.0)";
  std::vector<std::vector<uint8_t>> payloads;
  for (size_t i = 0; i < 70; ++i) payloads.push_back(pattern(i, 1200));
  payloads.push_back(pattern(70, 700));
  payloads.push_back(pattern(71, 0));
  for (size_t i = 72; i < 80; ++i) payloads.push_back(pattern(i, 300));
  payloads.push_back(pattern(80, 1));
  std::vector<OutgoingDatagram> out;
  for (const auto& p : payloads) out.push_back({rx.local_address(), p});
  ASSERT_EQ(tx.send(out).value_or(0), out.size());

  ReceiveBatch batch(kGroSlotSize);
  std::vector<std::vector<uint8_t>> got;
  size_t largest = 0;
  while (got.size() < payloads.size()) {
    const size_t n = receive_once(rx, batch);
    if (n == 0) break;
    largest = std::max(largest, n);
    for (size_t i = 0; i < n; ++i) {
      EXPECT_FALSE(batch.truncated(i));
      got.emplace_back(batch.data(i).begin(), batch.data(i).end());
    }
  }
  EXPECT_EQ(got, payloads);
  if (tx.gso_enabled()) {
    EXPECT_GT(rx.stats().gro_buffers, 0u);
    EXPECT_GT(largest, kMaxBatch) << "all of it fits in one batch's slots once coalesced";
  }
}

// A run longer than the slot: the datagrams that fit whole are delivered, the one cut short is flagged,
// the ones past the end are counted as truncated.
TEST(UdpSocket, GroRunLongerThanTheSlotIsTruncatedAtADatagramBoundary) {
  UdpSocket tx = bind_or_die(kV4Loopback);
  if (!tx.gso_enabled()) GTEST_SKIP() << "kernel without UDP GSO";
  UdpSocket rx = bind_or_die(kV4Loopback, gro_options());
  if (!rx.gro_enabled()) GTEST_SKIP() << "kernel without UDP GRO (Linux < 5.0)";
  std::vector<std::vector<uint8_t>> datagrams;
  for (size_t i = 0; i < 10; ++i) datagrams.push_back(pattern(i, 1000));
  send_gso_message(tx, rx.local_address(), concatenated(datagrams), 1000);
  ReceiveBatch batch(4096);
  ASSERT_EQ(receive_once(rx, batch), 5u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_FALSE(batch.truncated(i));
    EXPECT_EQ(std::vector<uint8_t>(batch.data(i).begin(), batch.data(i).end()), datagrams[i]);
  }
  EXPECT_TRUE(batch.truncated(4));
  EXPECT_EQ(batch.data(4).size(), 96u);
  EXPECT_TRUE(std::equal(batch.data(4).begin(), batch.data(4).end(), datagrams[4].begin()));
  EXPECT_EQ(rx.stats().datagrams_received, 10u);
  EXPECT_EQ(rx.stats().truncated_received, 6u);
}

// Without GRO the same GSO message arrives as separate datagrams (the kernel segments it on the way).
TEST(UdpSocket, GroOffReceivesAGsoMessageAsSeparateDatagrams) {
  UdpSocket tx = bind_or_die(kV4Loopback);
  if (!tx.gso_enabled()) GTEST_SKIP() << "kernel without UDP GSO";
  UdpSocket rx = bind_or_die(kV4Loopback, UdpSocketOptions{.receive_buffer_bytes = 1 << 20});
  EXPECT_FALSE(rx.gro_enabled());
  std::vector<std::vector<uint8_t>> datagrams;
  for (size_t i = 0; i < 6; ++i) datagrams.push_back(pattern(i, 1000));
  datagrams.push_back(pattern(6, 10));
  send_gso_message(tx, rx.local_address(), concatenated(datagrams), 1000);
  const auto got = receive_n(rx, datagrams.size());
  ASSERT_EQ(got.size(), datagrams.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].data, datagrams[i]) << "datagram " << i;
  EXPECT_EQ(rx.stats().gro_buffers, 0u);
}

TEST(UdpSocket, PortRange) {
  std::mt19937 rng(std::random_device{}());
  // Try a few random 8-port windows in the dynamic range until one is entirely free.
  for (int attempt = 0; attempt < 20; ++attempt) {
    const uint16_t base = static_cast<uint16_t>(40000 + rng() % 20000);
    auto a = UdpSocket::bind_range(kV4Loopback, base, base + 7);
    if (!a || a->local_address().port != base) continue;
    auto b = UdpSocket::bind_range(kV4Loopback, base, base + 7);
    ASSERT_TRUE(b) << to_string(b.error());
    EXPECT_GT(b->local_address().port, base);
    EXPECT_LE(b->local_address().port, base + 7);
    auto taken = UdpSocket::bind(a->local_address());
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, EADDRINUSE);
    EXPECT_EQ(std::string_view(taken.error().call), "bind");
    auto full = UdpSocket::bind_range(kV4Loopback, base, base);
    ASSERT_FALSE(full);
    EXPECT_EQ(full.error().code, EADDRINUSE);
    auto empty = UdpSocket::bind_range(kV4Loopback, base + 1, base);
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, EINVAL);
    return;
  }
  FAIL() << "found no free 8-port window in 20 attempts";
}

TEST(UdpSocket, BufferSizesAreApplied) {
  UdpSocket s = bind_or_die(kV4Loopback, UdpSocketOptions{.receive_buffer_bytes = 65536, .send_buffer_bytes = 32768});
  int value = 0;
  socklen_t len = sizeof value;
  ASSERT_EQ(getsockopt(s.fd(), SOL_SOCKET, SO_RCVBUF, &value, &len), 0);
  EXPECT_EQ(value, 2 * 65536);  // Linux doubles the request to account for bookkeeping
  ASSERT_EQ(getsockopt(s.fd(), SOL_SOCKET, SO_SNDBUF, &value, &len), 0);
  EXPECT_EQ(value, 2 * 32768);
}

TEST(UdpSocket, ARefusedDatagramIsDroppedAndTheRestGoOut) {
  UdpSocket tx = bind_or_die(kV4Loopback);
  UdpSocket rx = bind_or_die(kV4Loopback);
  const auto a = pattern(1, 100);
  const auto b = pattern(2, 100);
  // An IPv6 destination on an IPv4 socket: the kernel refuses that datagram only.
  const OutgoingDatagram out[] = {{SocketAddress{kV6Loopback, 9}, a}, {rx.local_address(), b}};
  auto sent = tx.send(out);
  ASSERT_TRUE(sent) << to_string(sent.error());
  EXPECT_EQ(*sent, 2u);
  EXPECT_EQ(tx.stats().send_errors, 1u);
  EXPECT_EQ(tx.stats().datagrams_sent, 1u);
  const auto got = receive_n(rx, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].data, b);
}

TEST(UdpSocket, OversizedDatagramIsMarkedTruncated) {
  UdpSocket tx = bind_or_die(kV4Loopback);
  UdpSocket rx = bind_or_die(kV4Loopback);
  const auto big = pattern(3, 300);
  const OutgoingDatagram out[] = {{rx.local_address(), big}};
  ASSERT_EQ(*tx.send(out), 1u);
  ReceiveBatch batch(100);
  pollfd p{rx.fd(), POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 10000), 1);
  ASSERT_EQ(*rx.receive(batch), 1u);
  EXPECT_TRUE(batch.truncated(0));
  EXPECT_EQ(batch.data(0).size(), 100u);
  EXPECT_EQ(rx.stats().truncated_received, 1u);
}

TEST(UdpSocket, MoveKeepsTheSocket) {
  UdpSocket a = bind_or_die(kV4Loopback);
  const int fd = a.fd();
  const SocketAddress local = a.local_address();
  UdpSocket b = std::move(a);
  EXPECT_EQ(b.fd(), fd);
  EXPECT_EQ(b.local_address(), local);
  UdpSocket c = bind_or_die(kV4Loopback);
  c = std::move(b);
  EXPECT_EQ(c.fd(), fd);
}

TEST(UdpSocket, ReceivesThroughTheEventLoop) {
  auto loop = std::move(*EventLoop::create());
  UdpSocket rx = bind_or_die(kV4Loopback);
  UdpSocket tx = bind_or_die(kV4Loopback);
  constexpr size_t kCount = 200;
  ReceiveBatch batch;
  std::vector<std::vector<uint8_t>> got;
  Notification done;
  Notification watching;
  loop->post([&] {
    auto w = loop->watch(rx.fd(), EPOLLIN, [&](uint32_t) {
      // Level-triggered: drain what is there; the loop calls again if more arrives.
      auto n = rx.receive(batch);
      ASSERT_TRUE(n);
      for (size_t i = 0; i < *n; ++i) got.emplace_back(batch.data(i).begin(), batch.data(i).end());
      if (got.size() == kCount) done.notify();
    });
    ASSERT_TRUE(w);
    watching.notify();
  });
  watching.wait();
  std::vector<std::vector<uint8_t>> payloads;
  for (size_t i = 0; i < kCount; ++i) payloads.push_back(pattern(i, 64 + i));
  for (size_t i = 0; i < kCount; i += 10) {
    std::vector<OutgoingDatagram> out;
    for (size_t k = i; k < i + 10; ++k) out.push_back({rx.local_address(), payloads[k]});
    ASSERT_EQ(*tx.send(out), out.size());
  }
  ASSERT_TRUE(done.wait_for(std::chrono::seconds(60)));
  loop->stop();
  EXPECT_EQ(got, payloads);
}

}  // namespace
}  // namespace purertc::pc
