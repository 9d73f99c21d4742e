// STUN hot path: an ICE connectivity check (Binding request with USERNAME, PRIORITY, ICE-CONTROLLING,
// USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT, ~100 bytes as browsers send it) parsed and verified,
// and built and signed, next to the raw HMAC-SHA1 over the same bytes measured in the same run.
// Target (issue 4): parse + verify MESSAGE-INTEGRITY + FINGERPRINT < 2x that HMAC-SHA1.
#include <benchmark/benchmark.h>

#include <vector>

#include "common/crc.h"
#include "crypto/hmac.h"
#include "stun/packet/message.h"
#include "stun/packet/message_builder.h"

#if PURERTC_BENCH_HAVE_OPENSSL
#include <openssl/hmac.h>
#endif

namespace purertc::stun {
namespace {

constexpr std::string_view kPassword = "VOkJxbRl1RmTxUk/WvJxBt";  // 22 chars, as ICE passwords are
const TransactionId kTid = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

std::span<const uint8_t> bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

size_t build_check(std::span<uint8_t> out, crypto::HmacKey& key) {
  MessageBuilder b(out, MessageType(Method::kBinding, MessageClass::kRequest), kTid);
  b.add_string(AttributeType::kUsername, "fJ8Q:Xk3p");  // remote ufrag ":" local ufrag
  b.add_u32(AttributeType::kPriority, 0x6e0001ff);
  b.add_u64(AttributeType::kIceControlling, 0x932ff9b151263b36ull);
  b.add_flag(AttributeType::kUseCandidate);
  b.add_message_integrity(key);
  b.add_fingerprint();
  return b.finish()->size();
}

void BM_StunParseVerifyBindingRequest(benchmark::State& state) {
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, bytes_of(kPassword));
  uint8_t buf[256];
  size_t n = build_check(buf, key);
  std::span<const uint8_t> msg(buf, n);
  for (auto _ : state) {
    auto m = MessageView::parse(msg);
    bool ok = m && m->verify_fingerprint() && m->verify_message_integrity(key);
    if (!ok) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
  state.counters["msg_bytes"] = static_cast<double>(n);
}
BENCHMARK(BM_StunParseVerifyBindingRequest);

void BM_StunParseOnlyBindingRequest(benchmark::State& state) {
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, bytes_of(kPassword));
  uint8_t buf[256];
  size_t n = build_check(buf, key);
  std::span<const uint8_t> msg(buf, n);
  for (auto _ : state) {
    auto m = MessageView::parse(msg);
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_StunParseOnlyBindingRequest);

void BM_StunBuildSignBindingRequest(benchmark::State& state) {
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, bytes_of(kPassword));
  uint8_t buf[256];
  size_t n = 0;
  for (auto _ : state) {
    n = build_check(buf, key);
    benchmark::DoNotOptimize(buf);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_StunBuildSignBindingRequest);

// The yardstick: HMAC-SHA1 with the same precomputed key over the bytes MESSAGE-INTEGRITY covers
// (everything before the MESSAGE-INTEGRITY attribute).
void BM_RawHmacSha1SameBytes(benchmark::State& state) {
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, bytes_of(kPassword));
  uint8_t buf[256];
  size_t n = build_check(buf, key);
  std::span<const uint8_t> covered(buf, n - 24 - 8);
  for (auto _ : state) {
    auto d = key.compute(covered);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["covered_bytes"] = static_cast<double>(covered.size());
}
BENCHMARK(BM_RawHmacSha1SameBytes);

void BM_Crc32SameMessage(benchmark::State& state) {
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, bytes_of(kPassword));
  uint8_t buf[256];
  size_t n = build_check(buf, key);
  std::span<const uint8_t> covered(buf, n - 8);
  for (auto _ : state) benchmark::DoNotOptimize(crc32(covered));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Crc32SameMessage);

#if PURERTC_BENCH_HAVE_OPENSSL
// OpenSSL's one-shot HMAC-SHA1 (keys the HMAC every call, as simple STUN stacks do).
void BM_OpenSslHmacSha1OneShotSameBytes(benchmark::State& state) {
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, bytes_of(kPassword));
  uint8_t buf[256];
  size_t n = build_check(buf, key);
  uint8_t mac[20];
  unsigned int len = 0;
  for (auto _ : state) {
    HMAC(EVP_sha1(), kPassword.data(), static_cast<int>(kPassword.size()), buf, n - 32, mac, &len);
    benchmark::DoNotOptimize(mac);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_OpenSslHmacSha1OneShotSameBytes);
#endif

}  // namespace
}  // namespace purertc::stun

BENCHMARK_MAIN();
