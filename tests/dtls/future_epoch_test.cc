// Records of the next epoch that overtake the records installing its keys (RFC 6347 4.1: "implementations
// MAY buffer" them): the server keeps the client's Finished until the ClientKeyExchange arrives, instead
// of dropping it and waiting a retransmission timeout for the client to resend flight 5.
#include <gtest/gtest.h>

#include "dtls/connection.h"
#include "dtls/packet/handshake_header.h"
#include "tests/dtls/dtls_harness.h"

namespace purertc::dtls {
namespace {

using testing::DtlsPair;

std::shared_ptr<const crypto::Identity> identity(uint64_t seed) {
  static auto client = testing::make_identity(crypto::KeyType::kEcdsaP256, 31);
  static auto server = testing::make_identity(crypto::KeyType::kEcdsaP256, 32);
  return seed == 31 ? client : server;
}

DtlsSettings settings(bool client, size_t max_buffered_records) {
  DtlsSettings s;
  s.identity = identity(client ? 31 : 32);
  s.remote_fingerprints = {identity(client ? 32 : 31)->certificate.sdp_fingerprint()};
  // Small datagrams spread flight 5 over several of them, so that its Finished can overtake the rest.
  s.mtu = 250;
  s.max_buffered_records = max_buffered_records;
  return s;
}

bool has_epoch1_record(const std::vector<uint8_t>& datagram) {
  ByteReader r(datagram);
  while (!r.empty()) {
    auto rec = read_record(r);
    if (!rec) return false;
    if (rec->epoch == 1) return true;
  }
  return false;
}

struct ReorderedRun {
  bool connected = false;
  bool reordered = false;
  Duration elapsed;
  Stats client, server;
};

// Delivers the client's Finished datagram ahead of the rest of flight 5, once.
ReorderedRun finished_first(size_t max_buffered_records) {
  DtlsPair p(settings(true, max_buffered_records), settings(false, max_buffered_records));
  ReorderedRun run;
  std::vector<std::vector<uint8_t>> held;
  p.filter_c2s = [&](std::vector<uint8_t>& d) {
    // Flight 5 is what the client sends once it waits for the server's Finished.
    if (run.reordered || p.client.conn->state() != State::kWaitServerFinished) return true;
    if (!has_epoch1_record(d)) {
      held.push_back(d);
      return false;
    }
    run.reordered = !held.empty();
    p.server.conn->handle_input(d, p.now);
    for (const auto& h : held) p.server.conn->handle_input(h, p.now);
    return false;
  };
  Timestamp start = p.now;
  run.connected = p.handshake(Duration::seconds(30));
  run.elapsed = p.now - start;
  run.client = p.client.conn->stats();
  run.server = p.server.conn->stats();
  return run;
}

TEST(DtlsFutureEpoch, FinishedBeforeKeyExchangeIsBufferedNotRetransmitted) {
  ReorderedRun buffered = finished_first(4);
  ASSERT_TRUE(buffered.connected);
  ASSERT_TRUE(buffered.reordered);
  EXPECT_EQ(buffered.server.records_buffered_epoch, 1u);
  EXPECT_EQ(buffered.server.records_dropped_epoch, 0u);
  EXPECT_EQ(buffered.client.flight_retransmissions, 0u);
  // Three link delays (10 ms each) of flights, no retransmission timeout.
  EXPECT_LT(buffered.elapsed, Duration::millis(100));

  ReorderedRun dropped = finished_first(0);
  ASSERT_TRUE(dropped.connected);
  ASSERT_TRUE(dropped.reordered);
  EXPECT_EQ(dropped.server.records_buffered_epoch, 0u);
  EXPECT_EQ(dropped.server.records_dropped_epoch, 1u);
  EXPECT_GE(dropped.client.flight_retransmissions, 1u);
  EXPECT_GE(dropped.elapsed, Duration::seconds(1));  // the client's first retransmission timeout
}

// On a path that reorders 30% of the datagrams, over many seeded runs, buffering completes the same
// handshakes with fewer retransmissions and in less time.
TEST(DtlsFutureEpoch, ReorderingPathNeedsFewerRetransmissions) {
  sim::Impairment imp;
  imp.reorder = 0.3;
  imp.reorder_delay = Duration::millis(15);
  struct Totals {
    uint64_t retransmissions = 0, buffered = 0;
    int64_t elapsed_ms = 0;
  };
  auto run = [&](size_t max_buffered) {
    Totals t;
    for (uint64_t seed = 1; seed <= 24; ++seed) {
      DtlsPair p(settings(true, max_buffered), settings(false, max_buffered), imp, seed);
      Timestamp start = p.now;
      EXPECT_TRUE(p.handshake()) << "seed " << seed;
      t.elapsed_ms += (p.now - start).ms();
      t.retransmissions += p.client.conn->stats().flight_retransmissions + p.server.conn->stats().flight_retransmissions;
      t.buffered += p.server.conn->stats().records_buffered_epoch + p.client.conn->stats().records_buffered_epoch;
    }
    return t;
  };
  Totals with = run(4);
  Totals without = run(0);
  EXPECT_GT(with.buffered, 0u);
  EXPECT_EQ(without.buffered, 0u);
  EXPECT_LT(with.retransmissions, without.retransmissions);
  EXPECT_LT(with.elapsed_ms, without.elapsed_ms);
  std::printf("24 handshakes, 30%% reordering: retransmissions %llu buffered vs %llu dropping; "
              "total time %lld ms vs %lld ms\n",
              static_cast<unsigned long long>(with.retransmissions),
              static_cast<unsigned long long>(without.retransmissions), static_cast<long long>(with.elapsed_ms),
              static_cast<long long>(without.elapsed_ms));
}

std::vector<uint8_t> epoch1_record(uint64_t seq, size_t fragment_size) {
  std::vector<uint8_t> d(kRecordHeaderSize + fragment_size, 0xAB);
  write_record_header(std::span<uint8_t, kRecordHeaderSize>(d.data(), kRecordHeaderSize), ContentType::kHandshake,
                      kDtls12, 1, seq, static_cast<uint16_t>(fragment_size));
  return d;
}

// A peer (or anyone on the path) cannot make the buffer grow: past the record count and byte limits
// next-epoch records are dropped, and forged ones fail authentication once the keys exist.
TEST(DtlsFutureEpoch, BufferIsBoundedAndForgeriesFailLater) {
  auto s = settings(false, 3);
  s.role = Role::kServer;
  s.max_buffered_record_bytes = 1000;
  SeededRandom rng(5);
  auto server = Connection::create(s, rng);
  ASSERT_TRUE(server);
  for (uint64_t seq = 0; seq < 5; ++seq) (*server)->handle_input(epoch1_record(seq, 100), Timestamp());
  EXPECT_EQ((*server)->stats().records_buffered_epoch, 3u);
  EXPECT_EQ((*server)->stats().records_dropped_epoch, 2u);

  auto s2 = s;
  s2.max_buffered_records = 10;
  SeededRandom rng2(5);
  auto server2 = Connection::create(s2, rng2);
  ASSERT_TRUE(server2);
  (*server2)->handle_input(epoch1_record(0, 900), Timestamp());  // 913 bytes fit in 1000
  (*server2)->handle_input(epoch1_record(1, 100), Timestamp());  // 113 more do not
  EXPECT_EQ((*server2)->stats().records_buffered_epoch, 1u);
  EXPECT_EQ((*server2)->stats().records_dropped_epoch, 1u);
  EXPECT_FALSE((*server2)->poll_output());
  EXPECT_EQ((*server2)->state(), State::kWaitClientHello);
}

// Forged next-epoch records buffered during a real handshake are opened with the real keys, fail
// authentication, and do not disturb the handshake.
TEST(DtlsFutureEpoch, ForgedBufferedRecordsFailAuthentication) {
  DtlsPair p(settings(true, 4), settings(false, 4));
  bool injected = false;
  p.filter_s2c = [&](std::vector<uint8_t>&) {
    if (!injected && p.server.conn->state() == State::kWaitClientCertificate) {
      // Flight 4 is on its way: the server is past its ClientHello and has no epoch-1 keys yet.
      injected = true;
      p.server.conn->handle_input(epoch1_record(1000, 64), p.now);
    }
    return true;
  };
  ASSERT_TRUE(p.handshake());
  EXPECT_TRUE(injected);
  EXPECT_GE(p.server.conn->stats().records_buffered_epoch, 1u);
  EXPECT_EQ(p.server.conn->stats().records_dropped_auth, 1u);
}

}  // namespace
}  // namespace purertc::dtls
