// The application-data paths allocate nothing once warm: send() and received application data refill
// buffers handed back with recycle(), and send_into() writes into the caller's storage. Counted with a
// replaced global operator new, which is why this test is its own executable.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "dtls/connection.h"
#include "tests/dtls/dtls_harness.h"

namespace {
size_t g_allocations = 0;
}  // namespace

// GCC (with the sanitizers) inlines these replacements and then reports free() of memory from
// "operator new" as a mismatch; here both sides are malloc/free by construction.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t size) {
  ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace purertc::dtls {
namespace {

using testing::DtlsPair;

DtlsPair connected_pair() {
  auto c = testing::make_identity(crypto::KeyType::kEcdsaP256, 41);
  auto s = testing::make_identity(crypto::KeyType::kEcdsaP256, 42);
  DtlsSettings cs, ss;
  cs.identity = c;
  cs.remote_fingerprints = {s->certificate.sdp_fingerprint()};
  ss.identity = s;
  ss.remote_fingerprints = {c->certificate.sdp_fingerprint()};
  return DtlsPair(cs, ss);
}

TEST(DtlsSendAllocations, SendWithRecycledBuffersAllocatesNothing) {
  for (size_t size : {size_t{1}, size_t{1200}, size_t{16384}}) {
    DtlsPair p = connected_pair();
    ASSERT_TRUE(p.handshake());
    Connection& c = *p.client.conn;
    std::vector<uint8_t> payload(size, 0x5A);
    std::vector<uint8_t> last;
    auto round = [&] {
      ASSERT_TRUE(c.send(payload, p.now));
      auto out = c.poll_output();
      ASSERT_TRUE(out && out->kind == Output::Kind::kTransmit);
      ASSERT_FALSE(c.poll_output());
      last.assign(out->data.begin(), out->data.end());
      c.recycle(std::move(out->data));
    };
    for (int i = 0; i < 4; ++i) round();  // warm-up: the buffer and the output queue get their storage
    std::vector<uint8_t> keep;
    keep.reserve(last.capacity());
    last.swap(keep);  // `last` keeps capacity for the copies below, outside the counted region
    last.reserve(size + 64);
    size_t before = g_allocations;
    for (int i = 0; i < 1000; ++i) round();
    EXPECT_EQ(g_allocations - before, 0u) << "payload " << size;
    // The last record is a real one: the server decrypts it.
    p.server.conn->handle_input(last, p.now);
    auto data = p.server.conn->poll_output();
    ASSERT_TRUE(data && data->kind == Output::Kind::kData);
    EXPECT_EQ(data->data, payload);
  }
}

TEST(DtlsSendAllocations, ReceiveWithRecycledBuffersAllocatesNothing) {
  // Application data is opened straight from the datagram into a recycled output buffer.
  DtlsPair p = connected_pair();
  ASSERT_TRUE(p.handshake());
  std::vector<uint8_t> payload(1200, 0x3C);
  std::vector<std::vector<uint8_t>> records;
  for (int i = 0; i < 1004; ++i) {
    ASSERT_TRUE(p.client.conn->send(payload, p.now));
    auto out = p.client.conn->poll_output();
    ASSERT_TRUE(out && out->kind == Output::Kind::kTransmit);
    records.push_back(std::move(out->data));
  }
  Connection& s = *p.server.conn;
  bool all_equal = true;
  auto receive = [&](const std::vector<uint8_t>& record) {
    s.handle_input(record, p.now);
    auto data = s.poll_output();
    ASSERT_TRUE(data && data->kind == Output::Kind::kData);
    all_equal = all_equal && data->data == payload;
    s.recycle(std::move(data->data));
  };
  for (int i = 0; i < 4; ++i) receive(records[static_cast<size_t>(i)]);  // warm-up
  size_t before = g_allocations;
  for (size_t i = 4; i < records.size(); ++i) receive(records[i]);
  EXPECT_EQ(g_allocations - before, 0u);
  EXPECT_TRUE(all_equal);
  EXPECT_EQ(s.stats().records_dropped_auth + s.stats().records_dropped_replay, 0u);
}

TEST(DtlsSendAllocations, SendIntoCallerStorageAllocatesNothing) {
  DtlsPair p = connected_pair();
  ASSERT_TRUE(p.handshake());
  Connection& c = *p.client.conn;
  std::vector<uint8_t> payload(1200, 0x33);
  std::vector<uint8_t> out(c.send_into_size(payload.size()));
  EXPECT_EQ(out.size(), kRecordHeaderSize + 8 + 16 + payload.size());  // AES-128-GCM record
  size_t before = g_allocations;
  size_t written = 0;
  for (int i = 0; i < 1000; ++i) {
    auto n = c.send_into(payload, out, p.now);
    ASSERT_TRUE(n);
    written = *n;
  }
  EXPECT_EQ(g_allocations - before, 0u);
  EXPECT_EQ(written, out.size());
  EXPECT_FALSE(c.poll_output());  // nothing queued
  p.server.conn->handle_input(out, p.now);
  auto data = p.server.conn->poll_output();
  ASSERT_TRUE(data && data->kind == Output::Kind::kData);
  EXPECT_EQ(data->data, payload);

  std::vector<uint8_t> small(out.size() - 1);
  auto too_small = c.send_into(payload, small, p.now);
  ASSERT_FALSE(too_small);
  EXPECT_EQ(too_small.error().code, Errc::kBufferTooSmall);
}

TEST(DtlsSendAllocations, SendIntoBeforeConnectedIsWrongState) {
  DtlsPair p = connected_pair();
  std::vector<uint8_t> out(100);
  EXPECT_EQ(p.client.conn->send_into_size(10), 0u);
  auto r = p.client.conn->send_into(std::vector<uint8_t>{1}, out, p.now);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kWrongState);
}

}  // namespace
}  // namespace purertc::dtls
