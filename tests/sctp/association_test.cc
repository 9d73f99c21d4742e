// Association engine tests: two instances over simulated links, logical time.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "common/byte_order.h"
#include "sctp/packet/chunk_type.h"
#include "sctp/packet/sctp_packet.h"
#include "tests/sctp/sctp_pair.h"

namespace purertc::sctp {
namespace {

using testing::Pair;
using testing::pattern;

SendOptions ordered() { return {}; }
SendOptions unordered() {
  SendOptions o;
  o.unordered = true;
  return o;
}

void rewrite_checksum(std::vector<uint8_t>& p) {
  uint32_t crc = compute_checksum(p);
  for (int i = 0; i < 4; ++i) p[8 + i] = static_cast<uint8_t>(crc >> (8 * i));
}

bool has_chunk(const std::vector<uint8_t>& p, ChunkType type) {
  auto v = PacketView::parse(p);
  if (!v) return false;
  for (const auto& c : *v) {
    if (c.type == static_cast<uint8_t>(type)) return true;
  }
  return false;
}

bool has_data(const std::vector<uint8_t>& p) { return has_chunk(p, ChunkType::kData) || has_chunk(p, ChunkType::kIData); }

TEST(SctpAssociation, HandshakeNegotiatesCapabilities) {
  Pair p;
  ASSERT_TRUE(p.connect());
  EXPECT_EQ(p.a.count<Connected>(), 1);
  EXPECT_EQ(p.b.count<Connected>(), 1);
  EXPECT_TRUE(p.a.assoc->negotiated().interleaving);
  EXPECT_TRUE(p.a.assoc->negotiated().partial_reliability);
  EXPECT_TRUE(p.b.assoc->negotiated().reconfig);
  EXPECT_FALSE(p.b.assoc->negotiated().zero_checksum);
  EXPECT_EQ(p.a.assoc->outbound_streams(), 65535);
}

TEST(SctpAssociation, CapabilitiesNeedBothSides) {
  SctpSettings plain;
  plain.enable_interleaving = false;
  plain.enable_partial_reliability = false;
  plain.max_inbound_streams = 16;
  Pair p(SctpSettings{}, plain);
  ASSERT_TRUE(p.connect());
  EXPECT_FALSE(p.a.assoc->negotiated().interleaving);
  EXPECT_FALSE(p.b.assoc->negotiated().partial_reliability);
  EXPECT_EQ(p.a.assoc->outbound_streams(), 16);
  EXPECT_FALSE(p.a.assoc->send(16, 51, {1}, ordered(), p.now).has_value());
}

TEST(SctpAssociation, SmallMessagesBothWaysInOrder) {
  Pair p;
  ASSERT_TRUE(p.connect());
  for (uint32_t i = 0; i < 50; ++i) {
    ASSERT_TRUE(p.a.assoc->send(1, 51, pattern(100 + i, i), ordered(), p.now).has_value());
    ASSERT_TRUE(p.b.assoc->send(2, 53, pattern(10 + i, i), ordered(), p.now).has_value());
  }
  ASSERT_TRUE(p.run_until([&] { return p.a.messages.size() == 50 && p.b.messages.size() == 50; }));
  for (uint32_t i = 0; i < 50; ++i) {
    EXPECT_EQ(p.b.messages[i].payload, pattern(100 + i, i));
    EXPECT_EQ(p.b.messages[i].stream, 1);
    EXPECT_EQ(p.b.messages[i].ppid, 51u);
    EXPECT_EQ(p.a.messages[i].payload, pattern(10 + i, i));
  }
}

TEST(SctpAssociation, RejectsBadSends) {
  Pair p;
  EXPECT_EQ(p.a.assoc->send(1, 51, {1}, ordered(), p.now).error().code, Errc::kWrongState);
  ASSERT_TRUE(p.connect());
  EXPECT_EQ(p.a.assoc->send(1, 51, {}, ordered(), p.now).error().code, Errc::kInvalidArgument);
  EXPECT_EQ(p.a.assoc->send(1, 51, std::vector<uint8_t>(256 * 1024 + 1), ordered(), p.now).error().code, Errc::kLimitExceeded);
}

TEST(SctpAssociation, LargeMessagesFragmentAndReassemble) {
  for (bool interleaving : {false, true}) {
    SctpSettings s;
    s.enable_interleaving = interleaving;
    s.max_message_size = 16 * 1024 * 1024;
    Pair p(s, s);
    ASSERT_TRUE(p.connect());
    // 16 MiB once (DATA); the I-DATA pass uses 2 MiB to keep the suite fast under sanitizers.
    const size_t big_size = interleaving ? 2 * 1024 * 1024 : 16 * 1024 * 1024;
    ASSERT_TRUE(p.a.assoc->send(3, 53, pattern(big_size, 9), ordered(), p.now).has_value());
    ASSERT_TRUE(p.a.assoc->send(3, 53, pattern(70000, 10), unordered(), p.now).has_value());
    ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 2; }, Duration::seconds(120)));
    size_t big = p.b.messages[0].payload.size() > p.b.messages[1].payload.size() ? 0 : 1;
    EXPECT_EQ(p.b.messages[big].payload, pattern(big_size, 9));
    EXPECT_EQ(p.b.messages[1 - big].payload, pattern(70000, 10));
  }
}

// The headline transfer: 64 MiB in 256 KiB messages over a path with 5% loss, reordering and duplication.
TEST(SctpAssociation, Transfer64MiBUnderLossReorderDuplication) {
  sim::Impairment imp;
  imp.loss = 0.05;
  imp.reorder = 0.05;
  imp.duplicate = 0.02;
  imp.delay = Duration::millis(5);
  Pair p(imp, 42);
  ASSERT_TRUE(p.connect());
  constexpr size_t kMessage = 256 * 1024;
  constexpr uint32_t kCount = 256;
  uint32_t received = 0;
  bool intact = true;
  p.b.on_message = [&](MessageReceived& m) {
    intact = intact && m.payload == pattern(kMessage, received);
    ++received;
  };
  uint32_t sent = 0;
  auto start = std::chrono::steady_clock::now();
  // Keep the send buffer topped up rather than queueing 64 MiB at once.
  while (received < kCount) {
    while (sent < kCount && p.a.assoc->buffered_amount(0) < 4 * kMessage) {
      ASSERT_TRUE(p.a.assoc->send(0, 53, pattern(kMessage, sent), ordered(), p.now).has_value());
      ++sent;
    }
    ASSERT_TRUE(p.step());
    ASSERT_EQ(p.a.assoc->state(), AssociationState::kEstablished);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(intact);
  auto st = p.a.assoc->stats();
  std::printf("64 MiB: %.2f s CPU-wall, %.1f s simulated, %llu retransmissions, %llu link losses, %llu dups\n", seconds,
              (p.now - Timestamp::from_millis(1000)).seconds_f(), static_cast<unsigned long long>(st.retransmissions),
              static_cast<unsigned long long>(p.ab.stats().lost), static_cast<unsigned long long>(p.b.assoc->stats().duplicate_tsns));
  EXPECT_GT(st.retransmissions, 0u);
}

// A deep bottleneck queue (bufferbloat, or a large socket buffer on loopback) plus random loss: each
// lost chunk is fast-retransmitted once; the SACKs that arrive while its retransmission still waits in
// the queue must not trigger it again (that multiplied the traffic on loopback before).
TEST(SctpAssociation, DeepQueueDoesNotRepeatFastRetransmits) {
  sim::Impairment imp;
  imp.loss = 0.01;
  imp.delay = Duration::millis(2);
  imp.rate_bytes_per_second = 20'000'000;
  imp.queue_limit_bytes = 4 * 1024 * 1024;
  Pair p(imp, 7);
  ASSERT_TRUE(p.connect());
  constexpr size_t kMessage = 64 * 1024;
  constexpr uint32_t kCount = 256;  // 16 MiB
  uint32_t received = 0;
  p.b.on_message = [&](MessageReceived&) { ++received; };
  uint32_t sent = 0;
  while (received < kCount) {
    while (sent < kCount && p.a.assoc->buffered_amount(0) < 64 * kMessage) {
      ASSERT_TRUE(p.a.assoc->send(0, 53, pattern(kMessage, sent), ordered(), p.now).has_value());
      ++sent;
    }
    ASSERT_TRUE(p.step());
  }
  const uint64_t losses = p.ab.stats().lost + p.ab.stats().queue_dropped;
  const uint64_t retransmissions = p.a.assoc->stats().retransmissions;
  std::printf("16 MiB through a 4 MiB queue: %llu losses, %llu retransmissions\n",
              static_cast<unsigned long long>(losses), static_cast<unsigned long long>(retransmissions));
  EXPECT_GT(losses, 0u);
  // Each loss costs one retransmission, plus what a T3 expiry resends; never a multiple of the losses.
  EXPECT_LE(retransmissions, 2 * losses + 64);
}

TEST(SctpAssociation, UnorderedReliableUnderLossDeliversAll) {
  sim::Impairment imp;
  imp.loss = 0.1;
  imp.reorder = 0.2;
  Pair p(imp, 3);
  ASSERT_TRUE(p.connect());
  for (uint32_t i = 0; i < 200; ++i) ASSERT_TRUE(p.a.assoc->send(5, 53, pattern(3000, i), unordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 200; }, Duration::seconds(300)));
  std::vector<bool> seen(200);
  bool out_of_order = false;
  for (size_t k = 0; k < p.b.messages.size(); ++k) {
    const auto& m = p.b.messages[k];
    EXPECT_TRUE(m.unordered);
    for (uint32_t i = 0; i < 200; ++i) {
      if (!seen[i] && m.payload == pattern(3000, i)) {
        seen[i] = true;
        if (i != k) out_of_order = true;
        break;
      }
    }
  }
  for (bool s : seen) EXPECT_TRUE(s);
  EXPECT_TRUE(out_of_order);  // loss with unordered delivery lets later messages overtake
}

// Each partially reliable channel type under 15% loss: some messages are given up, those delivered
// are whole and (when ordered) in order, and a reliable message sent afterwards is never stalled.
void partial_reliability_case(bool interleaving, bool is_unordered, bool by_time) {
  SctpSettings s;
  s.enable_interleaving = interleaving;
  sim::Impairment imp;
  imp.loss = 0.15;
  Pair p(s, s, imp, 11);
  ASSERT_TRUE(p.connect());
  SendOptions o;
  o.unordered = is_unordered;
  if (by_time) {
    o.lifetime = Duration::millis(40);
  } else {
    o.max_retransmits = 0;
  }
  // Paced like a game or telemetry channel: one message every 5 ms.
  for (uint32_t i = 0; i < 300; ++i) {
    auto payload = pattern(2000, i);
    store_u32(payload.data(), i);
    ASSERT_TRUE(p.a.assoc->send(7, 53, payload, o, p.now).has_value());
    p.run_until([] { return false; }, Duration::millis(5));
  }
  // A reliable marker afterwards must still arrive: abandoned messages never stall the stream.
  ASSERT_TRUE(p.a.assoc->send(7, 51, {0xff}, SendOptions{}, p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return !p.b.messages.empty() && p.b.messages.back().ppid == 51; }, Duration::seconds(60)));
  size_t delivered = p.b.messages.size() - 1;
  EXPECT_LT(delivered, 300u);
  EXPECT_GT(delivered, 120u);
  uint32_t last = 0;
  bool monotonic = true;
  for (size_t k = 0; k < delivered; ++k) {
    const auto& m = p.b.messages[k];
    ASSERT_EQ(m.payload.size(), 2000u);
    uint32_t idx = load_u32(m.payload.data());
    auto expect = pattern(2000, idx);
    store_u32(expect.data(), idx);
    EXPECT_EQ(m.payload, expect);
    if (k > 0 && idx <= last) monotonic = false;
    last = idx;
  }
  if (!is_unordered) {
    EXPECT_TRUE(monotonic);
  }
  // The sender may give up on a message the receiver got after all (its SACK was lost), never the reverse.
  EXPECT_GE(p.a.assoc->stats().messages_abandoned, 300u - delivered);
  EXPECT_EQ(p.a.assoc->state(), AssociationState::kEstablished);
}

TEST(SctpAssociation, PartialReliableRexmitOrderedData) { partial_reliability_case(false, false, false); }
TEST(SctpAssociation, PartialReliableRexmitUnorderedData) { partial_reliability_case(false, true, false); }
TEST(SctpAssociation, PartialReliableTimedOrderedIData) { partial_reliability_case(true, false, true); }
TEST(SctpAssociation, PartialReliableTimedUnorderedIData) { partial_reliability_case(true, true, true); }
TEST(SctpAssociation, PartialReliableRexmitOrderedIData) { partial_reliability_case(true, false, false); }

TEST(SctpAssociation, PartialReliableLargeMessagesAbandonedWhole) {
  sim::Impairment imp;
  imp.loss = 0.05;
  Pair p(imp, 5);
  ASSERT_TRUE(p.connect());
  SendOptions o;
  o.max_retransmits = 0;
  for (uint32_t i = 0; i < 40; ++i) ASSERT_TRUE(p.a.assoc->send(2, 53, pattern(20000, i), o, p.now).has_value());
  ASSERT_TRUE(p.a.assoc->send(2, 51, {1}, SendOptions{}, p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return !p.b.messages.empty() && p.b.messages.back().ppid == 51; }, Duration::seconds(60)));
  // Every delivered message is complete and correct, never a splice of fragments.
  for (size_t k = 0; k + 1 < p.b.messages.size(); ++k) {
    bool match = false;
    for (uint32_t i = 0; i < 40 && !match; ++i) match = p.b.messages[k].payload == pattern(20000, i);
    EXPECT_TRUE(match);
  }
}

TEST(SctpAssociation, InterleavingLetsSmallMessagePassLargeOne) {
  SctpSettings s;
  s.max_message_size = 4 * 1024 * 1024;
  Pair p(s, s);
  ASSERT_TRUE(p.connect());
  ASSERT_TRUE(p.a.assoc->send(1, 53, pattern(4 * 1024 * 1024, 1), ordered(), p.now).has_value());
  p.drain();
  ASSERT_TRUE(p.a.assoc->send(2, 51, {42}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 2; }));
  EXPECT_EQ(p.b.messages[0].stream, 2);
  EXPECT_EQ(p.b.messages[1].payload.size(), 4u * 1024 * 1024);
}

TEST(SctpAssociation, SchedulerSharesByPriority) {
  Pair p;
  ASSERT_TRUE(p.connect());
  p.a.assoc->set_stream_priority(1, 1024);
  p.a.assoc->set_stream_priority(2, 256);
  for (uint32_t i = 0; i < 100; ++i) {
    ASSERT_TRUE(p.a.assoc->send(1, 53, pattern(1000, i), ordered(), p.now).has_value());
    ASSERT_TRUE(p.a.assoc->send(2, 53, pattern(1000, i), ordered(), p.now).has_value());
  }
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() >= 50; }));
  int high = 0;
  for (size_t k = 0; k < 50; ++k) high += p.b.messages[k].stream == 1 ? 1 : 0;
  EXPECT_GE(high, 35);  // about 4:1
  EXPECT_LE(high, 45);
}

TEST(SctpAssociation, StreamResetRestartsSequence) {
  for (bool interleaving : {false, true}) {
    SctpSettings s;
    s.enable_interleaving = interleaving;
    Pair p(s, s);
    ASSERT_TRUE(p.connect());
    ASSERT_TRUE(p.a.assoc->send(4, 51, {1}, ordered(), p.now).has_value());
    ASSERT_TRUE(p.a.assoc->send(4, 51, {2}, ordered(), p.now).has_value());
    std::vector<uint16_t> streams{4};
    ASSERT_TRUE(p.a.assoc->reset_streams(streams, p.now).has_value());
    ASSERT_TRUE(p.run_until([&] { return p.a.count<OutgoingStreamsReset>() == 1; }));
    EXPECT_EQ(p.b.count<IncomingStreamsReset>(), 1);
    ASSERT_EQ(p.b.messages.size(), 2u);
    // The stream is usable again from sequence 0.
    ASSERT_TRUE(p.a.assoc->send(4, 51, {3}, ordered(), p.now).has_value());
    ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 3; }));
    EXPECT_EQ(p.b.messages[2].payload, std::vector<uint8_t>{3});
  }
}

TEST(SctpAssociation, StreamResetUnderLossIsDeferredUntilDataArrives) {
  sim::Impairment imp;
  imp.loss = 0.2;
  Pair p(imp, 8);
  ASSERT_TRUE(p.connect());
  for (uint8_t i = 0; i < 20; ++i) ASSERT_TRUE(p.a.assoc->send(6, 51, {i}, ordered(), p.now).has_value());
  std::vector<uint16_t> streams{6};
  ASSERT_TRUE(p.a.assoc->reset_streams(streams, p.now).has_value());
  for (uint8_t i = 100; i < 105; ++i) ASSERT_TRUE(p.a.assoc->send(6, 51, {i}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 25; }, Duration::seconds(120)));
  for (uint8_t i = 0; i < 20; ++i) EXPECT_EQ(p.b.messages[i].payload[0], i);
  for (uint8_t i = 0; i < 5; ++i) EXPECT_EQ(p.b.messages[20 + i].payload[0], 100 + i);
  EXPECT_EQ(p.b.count<IncomingStreamsReset>(), 1);
}

TEST(SctpAssociation, InitCollisionEstablishesOneAssociation) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    Pair p({}, seed);
    p.a.assoc->connect(p.now);
    p.b.assoc->connect(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.established(); }, Duration::seconds(10)));
    ASSERT_TRUE(p.run_until([&] { return false; }, Duration::seconds(1)) || true);
    EXPECT_EQ(p.a.count<Connected>(), 1);
    EXPECT_EQ(p.b.count<Connected>(), 1);
    ASSERT_TRUE(p.a.assoc->send(1, 51, {1, 2}, ordered(), p.now).has_value());
    ASSERT_TRUE(p.b.assoc->send(1, 51, {3}, ordered(), p.now).has_value());
    ASSERT_TRUE(p.run_until([&] { return p.a.messages.size() == 1 && p.b.messages.size() == 1; }));
  }
}

TEST(SctpAssociation, InitCollisionWithLostPackets) {
  sim::Impairment imp;
  imp.loss = 0.3;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    Pair p(imp, seed);
    p.a.assoc->connect(p.now);
    p.b.assoc->connect(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.established(); }, Duration::seconds(60))) << seed;
    ASSERT_TRUE(p.a.assoc->send(1, 51, {1}, ordered(), p.now).has_value());
    ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 1; }, Duration::seconds(60))) << seed;
  }
}

TEST(SctpAssociation, TamperedCookieIsRejected) {
  Pair p;
  int tampered = 0;
  p.a.filter = [&](std::vector<uint8_t>& pkt) {
    if (has_chunk(pkt, ChunkType::kCookieEcho)) {
      pkt[12 + 4 + 20] ^= 0x01;  // inside the cookie body (a tag field)
      rewrite_checksum(pkt);
      ++tampered;
    }
    return true;
  };
  p.a.assoc->connect(p.now);
  EXPECT_FALSE(p.run_until([&] { return p.established(); }, Duration::seconds(5)));
  EXPECT_GT(tampered, 0);
  EXPECT_EQ(p.b.assoc->state(), AssociationState::kClosed);
  EXPECT_GT(p.b.assoc->stats().packets_dropped, 0u);
  EXPECT_EQ(p.b.count<Connected>(), 0);
}

TEST(SctpAssociation, StaleCookieRestartsHandshake) {
  SctpSettings s;
  s.cookie_lifetime = Duration::millis(5);  // less than the 10 ms path delay
  Pair p(SctpSettings{}, s);
  p.a.assoc->connect(p.now);
  EXPECT_FALSE(p.run_until([&] { return p.established(); }, Duration::seconds(2)));
  EXPECT_EQ(p.b.count<Connected>(), 0);
  EXPECT_NE(p.a.assoc->state(), AssociationState::kEstablished);
}

TEST(SctpAssociation, WrongVerificationTagIsDropped) {
  Pair p;
  ASSERT_TRUE(p.connect());
  bool corrupt = true;
  p.a.filter = [&](std::vector<uint8_t>& pkt) {
    if (corrupt && has_data(pkt)) {
      pkt[4] ^= 0x80;
      rewrite_checksum(pkt);
    }
    return true;
  };
  ASSERT_TRUE(p.a.assoc->send(1, 51, {9}, ordered(), p.now).has_value());
  p.run_until([&] { return false; }, Duration::millis(300));
  EXPECT_TRUE(p.b.messages.empty());
  EXPECT_GT(p.b.assoc->stats().packets_dropped, 0u);
  corrupt = false;  // the retransmission with the right tag gets through
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 1; }, Duration::seconds(5)));
}

TEST(SctpAssociation, BadChecksumIsDropped) {
  Pair p;
  ASSERT_TRUE(p.connect());
  int flipped = 0;
  p.a.filter = [&](std::vector<uint8_t>& pkt) {
    if (flipped == 0 && has_data(pkt)) {
      pkt.back() ^= 1;
      ++flipped;
    }
    return true;
  };
  ASSERT_TRUE(p.a.assoc->send(1, 51, {7, 7, 7, 7}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 1; }, Duration::seconds(5)));
  EXPECT_EQ(p.b.messages[0].payload, (std::vector<uint8_t>{7, 7, 7, 7}));
  EXPECT_EQ(p.b.assoc->stats().packets_dropped, 1u);
}

TEST(SctpAssociation, PeerRestartIsDetected) {
  Pair p;
  ASSERT_TRUE(p.connect());
  ASSERT_TRUE(p.a.assoc->send(1, 51, {1}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 1; }));
  // The side "a" process restarts: a brand-new association with new tags connects to the old peer.
  p.a.assoc = std::make_unique<Association>(SctpSettings{}, p.a.random);
  p.a.events.clear();
  p.a.assoc->connect(p.now);
  ASSERT_TRUE(p.run_until([&] { return p.b.count<AssociationRestarted>() == 1 && p.a.count<Connected>() == 1; }));
  ASSERT_TRUE(p.a.assoc->send(1, 51, {2}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.b.assoc->send(1, 51, {3}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 2 && p.a.messages.size() == 1; }));
  EXPECT_EQ(p.b.messages[1].payload, std::vector<uint8_t>{2});
}

TEST(SctpAssociation, GracefulShutdownAfterData) {
  Pair p;
  ASSERT_TRUE(p.connect());
  for (uint32_t i = 0; i < 20; ++i) ASSERT_TRUE(p.a.assoc->send(1, 53, pattern(5000, i), ordered(), p.now).has_value());
  p.a.assoc->shutdown(p.now);
  ASSERT_TRUE(p.run_until([&] { return p.a.count<Closed>() == 1 && p.b.count<Closed>() == 1; }));
  EXPECT_EQ(p.b.messages.size(), 20u);
  EXPECT_EQ(p.a.assoc->state(), AssociationState::kClosed);
  EXPECT_EQ(p.b.assoc->state(), AssociationState::kClosed);
}

TEST(SctpAssociation, AbortCarriesReason) {
  Pair p;
  ASSERT_TRUE(p.connect());
  p.a.assoc->abort("going away", p.now);
  ASSERT_TRUE(p.run_until([&] { return p.b.count<Aborted>() == 1; }));
  auto& e = std::get<Aborted>(p.b.events.back());
  EXPECT_NE(e.reason.find("going away"), std::string::npos);
  EXPECT_EQ(p.a.count<Aborted>(), 1);
}

TEST(SctpAssociation, DeadPeerAbortsAfterRetransmissions) {
  Pair p;
  ASSERT_TRUE(p.connect());
  p.ab.impairment().loss = 1.0;
  ASSERT_TRUE(p.a.assoc->send(1, 51, {1}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.a.count<Aborted>() == 1; }, Duration::seconds(600)));
}

TEST(SctpAssociation, HandshakeGivesUpWithoutPeer) {
  Pair p;
  p.ab.impairment().loss = 1.0;
  p.a.assoc->connect(p.now);
  ASSERT_TRUE(p.run_until([&] { return p.a.count<Aborted>() == 1; }, Duration::seconds(600)));
}

TEST(SctpAssociation, HeartbeatMeasuresRttWhenIdle) {
  Pair p;
  ASSERT_TRUE(p.connect());
  EXPECT_FALSE(p.a.assoc->stats().srtt.has_value());
  p.run_until([&] { return false; }, Duration::seconds(35));
  ASSERT_TRUE(p.a.assoc->stats().srtt.has_value());
  EXPECT_EQ(p.a.assoc->stats().srtt->ms(), 20);
  EXPECT_EQ(p.a.assoc->state(), AssociationState::kEstablished);
}

TEST(SctpAssociation, DelayedAckWaitsForSecondPacketOrTimer) {
  Pair p;
  ASSERT_TRUE(p.connect());
  int sacks = 0;
  Timestamp sack_at;
  p.b.filter = [&](std::vector<uint8_t>& pkt) {
    if (has_chunk(pkt, ChunkType::kSack)) {
      ++sacks;
      sack_at = p.now;
    }
    return true;
  };
  Timestamp sent = p.now;
  ASSERT_TRUE(p.a.assoc->send(1, 51, {1}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return sacks == 1; }));
  EXPECT_EQ((sack_at - sent).ms(), 10 + 200);  // path delay + delayed ack timeout
}

TEST(SctpAssociation, ZeroChecksumWhenBothOffer) {
  SctpSettings s;
  s.enable_zero_checksum = true;
  Pair p(s, s);
  int zero = 0;
  p.a.filter = [&](std::vector<uint8_t>& pkt) {
    if (has_data(pkt) && load_u32(pkt.data() + 8) == 0) ++zero;
    return true;
  };
  ASSERT_TRUE(p.connect());
  EXPECT_TRUE(p.a.assoc->negotiated().zero_checksum);
  ASSERT_TRUE(p.a.assoc->send(1, 51, {1}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 1; }));
  EXPECT_EQ(zero, 1);
}

TEST(SctpAssociation, OversizedIncomingMessageAborts) {
  SctpSettings big;
  big.max_message_size = 1024 * 1024;
  Pair p(big, SctpSettings{});
  ASSERT_TRUE(p.connect());
  ASSERT_TRUE(p.a.assoc->send(1, 53, pattern(512 * 1024, 1), ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.b.count<Aborted>() == 1; }));
  EXPECT_TRUE(p.b.messages.empty());
}

TEST(SctpAssociation, BufferedAmountLowEvent) {
  Pair p;
  ASSERT_TRUE(p.connect());
  p.a.assoc->set_buffered_amount_low_threshold(1, 10000);
  for (uint32_t i = 0; i < 10; ++i) ASSERT_TRUE(p.a.assoc->send(1, 53, pattern(5000, i), ordered(), p.now).has_value());
  EXPECT_EQ(p.a.assoc->buffered_amount(1), 50000u);
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 10; }));
  EXPECT_EQ(p.a.assoc->buffered_amount(1), 0u);
  EXPECT_EQ(p.a.count<BufferedAmountLow>(), 1);
}

TEST(SctpAssociation, OutOfTheBluePacketGetsAbort) {
  Pair p;
  ASSERT_TRUE(p.connect());
  // A fresh association (no TCB) receiving DATA answers with ABORT (T bit), which the sender accepts.
  p.b.assoc = std::make_unique<Association>(SctpSettings{}, p.b.random);
  ASSERT_TRUE(p.a.assoc->send(1, 51, {1}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.a.count<Aborted>() == 1; }));
}

TEST(SctpAssociation, UnknownChunksFollowTheirTypeBits) {
  Pair p;
  ASSERT_TRUE(p.connect());
  uint32_t tag_of_b = 0;
  p.a.filter = [&](std::vector<uint8_t>& pkt) {
    tag_of_b = load_u32(pkt.data() + 4);
    return true;
  };
  int errors = 0;
  p.b.filter = [&](std::vector<uint8_t>& pkt) {
    errors += has_chunk(pkt, ChunkType::kError) ? 1 : 0;
    return true;
  };
  ASSERT_TRUE(p.a.assoc->send(1, 51, {1}, ordered(), p.now).has_value());
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 1; }));
  auto inject = [&](uint8_t type) {
    PacketBuilder b;
    b.reset(5000, 5000, tag_of_b, 64);
    std::vector<uint8_t> chunk{type, 0, 0, 8, 1, 2, 3, 4};
    b.append_chunk(chunk);
    auto pkt = b.finish(false);
    p.b.assoc->handle_input(pkt, p.now);
    p.drain();
  };
  inject(0xc7);  // skip and report
  EXPECT_EQ(errors, 1);
  inject(0x87);  // skip silently
  inject(0x3f);  // stop silently
  EXPECT_EQ(errors, 1);
  inject(0x47);  // stop and report
  EXPECT_EQ(errors, 2);
  EXPECT_EQ(p.b.assoc->state(), AssociationState::kEstablished);
}

}  // namespace
}  // namespace purertc::sctp
