// DTLS costs against the crypto they contain, measured in one binary:
// - a full mutual-auth handshake in memory (ECDSA P-256 certificates; X25519 or P-256 ECDHE), with the
//   CPU time of each side measured separately, next to the sum of that side's public-key operations
//   (ephemeral keygen + shared secret + one signature + one verification);
// - record protect/unprotect of 1200-byte records next to the raw AEAD seal/open they wrap;
// - the engine's application-data send paths on a connected endpoint (send() + poll_output() + recycle(),
//   and send_into() into caller storage) next to the same record protection.
#include <benchmark/benchmark.h>
#include <time.h>

#include <deque>
#include <memory>
#include <vector>

#include "common/random.h"
#include "crypto/aead.h"
#include "crypto/certificate.h"
#include "crypto/ecdh.h"
#include "crypto/signature.h"
#include "dtls/connection.h"
#include "dtls/record_protection.h"

namespace purertc::dtls {
namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::shared_ptr<const crypto::Identity> identity(uint64_t seed) {
  SeededRandom rng(seed);
  crypto::CertificateOptions options;
  options.not_before_unix_seconds = 1767225600;
  auto id = crypto::Identity::generate_self_signed(options, rng);
  return std::make_shared<const crypto::Identity>(std::move(*id));
}

const crypto::Identity& client_identity() {
  static auto id = identity(1);
  return *id;
}
const crypto::Identity& server_identity() {
  static auto id = identity(2);
  return *id;
}

void BM_HandshakeMutualAuth(benchmark::State& state) {
  const auto group = static_cast<crypto::NamedGroup>(state.range(0));
  static auto client_id = identity(1);
  static auto server_id = identity(2);
  SeededRandom rng(7);
  double client_cpu = 0, server_cpu = 0;
  for (auto _ : state) {
    DtlsSettings cs;
    cs.role = Role::kClient;
    cs.identity = client_id;
    cs.remote_fingerprints = {server_id->certificate.sdp_fingerprint()};
    cs.groups = {group};
    DtlsSettings ss;
    ss.role = Role::kServer;
    ss.identity = server_id;
    ss.remote_fingerprints = {client_id->certificate.sdp_fingerprint()};
    auto client = std::move(*Connection::create(cs, rng));
    auto server = std::move(*Connection::create(ss, rng));
    Timestamp now = Timestamp::from_millis(1);
    std::deque<std::vector<uint8_t>> to_server, to_client;
    auto drain = [](Connection& c, std::deque<std::vector<uint8_t>>& out) {
      while (auto o = c.poll_output()) {
        if (o->kind == Output::Kind::kTransmit) out.push_back(std::move(o->data));
      }
    };
    double t0 = thread_cpu_seconds();
    client->start(now);
    drain(*client, to_server);
    double t1 = thread_cpu_seconds();
    client_cpu += t1 - t0;
    while (client->state() != State::kConnected || server->state() != State::kConnected) {
      if (to_server.empty() && to_client.empty()) {
        state.SkipWithError("handshake stalled");
        break;
      }
      t0 = thread_cpu_seconds();
      while (!to_server.empty()) {
        server->handle_input(to_server.front(), now);
        to_server.pop_front();
      }
      drain(*server, to_client);
      t1 = thread_cpu_seconds();
      server_cpu += t1 - t0;
      while (!to_client.empty()) {
        client->handle_input(to_client.front(), now);
        to_client.pop_front();
      }
      drain(*client, to_server);
      client_cpu += thread_cpu_seconds() - t1;
    }
  }
  auto n = static_cast<double>(state.iterations());
  state.counters["client_us"] = benchmark::Counter(client_cpu / n * 1e6);
  state.counters["server_us"] = benchmark::Counter(server_cpu / n * 1e6);
}
BENCHMARK(BM_HandshakeMutualAuth)
    ->Arg(static_cast<int>(crypto::NamedGroup::kX25519))
    ->Arg(static_cast<int>(crypto::NamedGroup::kSecp256r1))
    ->Unit(benchmark::kMicrosecond);

// One side's public-key work in the handshake above: ephemeral keygen and shared secret on the group,
// one ECDSA P-256 signature (ServerKeyExchange or CertificateVerify) and one verification (the other).
void BM_PublicKeyOpsPerSide(benchmark::State& state) {
  const auto group = static_cast<crypto::NamedGroup>(state.range(0));
  SeededRandom rng(9);
  auto peer = crypto::EcdhKeyPair::generate(group, rng);
  const auto& ours = client_identity();
  const auto& theirs = server_identity();
  std::vector<uint8_t> message(600, 0x33);  // about a transcript up to ClientKeyExchange
  auto their_sig = theirs.key.sign(crypto::SignatureScheme::kEcdsaSecp256r1Sha256, message, rng);
  for (auto _ : state) {
    auto pair = crypto::EcdhKeyPair::generate(group, rng);
    auto shared = pair->compute_shared_secret(peer->public_key(), rng);
    auto sig = ours.key.sign(crypto::SignatureScheme::kEcdsaSecp256r1Sha256, message, rng);
    auto ok = theirs.certificate.public_key().verify(crypto::SignatureScheme::kEcdsaSecp256r1Sha256, message,
                                                      *their_sig);
    benchmark::DoNotOptimize(shared);
    benchmark::DoNotOptimize(sig);
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(BM_PublicKeyOpsPerSide)
    ->Arg(static_cast<int>(crypto::NamedGroup::kX25519))
    ->Arg(static_cast<int>(crypto::NamedGroup::kSecp256r1))
    ->Unit(benchmark::kMicrosecond);

constexpr size_t kRecordPayload = 1200;
const uint8_t kKey[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
const uint8_t kIv[12] = {9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8};

const CipherSuiteInfo& suite_for(int64_t arg) {
  return *find_cipher_suite(static_cast<uint16_t>(arg));
}

void BM_RecordProtect(benchmark::State& state) {
  const CipherSuiteInfo& suite = suite_for(state.range(0));
  auto p = RecordProtection::create(suite, std::span(kKey, suite.key_size), std::span(kIv, suite.fixed_iv_size));
  std::vector<uint8_t> out(kRecordHeaderSize + p->overhead() + kRecordPayload);
  std::vector<uint8_t> payload(kRecordPayload, 0x5a);
  uint64_t seq = 0;
  for (auto _ : state) {
    auto n = p->seal(ContentType::kApplicationData, kDtls12, 1, seq++, payload, out);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kRecordPayload));
}

void BM_RecordUnprotect(benchmark::State& state) {
  const CipherSuiteInfo& suite = suite_for(state.range(0));
  auto p = RecordProtection::create(suite, std::span(kKey, suite.key_size), std::span(kIv, suite.fixed_iv_size));
  std::vector<uint8_t> sealed(kRecordHeaderSize + p->overhead() + kRecordPayload);
  std::vector<uint8_t> payload(kRecordPayload, 0x5a);
  (void)p->seal(ContentType::kApplicationData, kDtls12, 1, 5, payload, sealed);
  std::vector<uint8_t> work(sealed.size());
  for (auto _ : state) {
    // The copy stands in for the receive buffer the record layer decrypts in place.
    std::copy(sealed.begin(), sealed.end(), work.begin());
    auto pt = p->open(23, kDtls12, 1, 5, std::span(work).subspan(kRecordHeaderSize));
    benchmark::DoNotOptimize(pt);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kRecordPayload));
}

void BM_RawAeadSeal(benchmark::State& state) {
  const CipherSuiteInfo& suite = suite_for(state.range(0));
  auto aead = crypto::Aead::create(suite.aead, std::span(kKey, suite.key_size));
  std::vector<uint8_t> buf(kRecordPayload, 0x5a);
  uint8_t aad[13] = {};
  uint8_t tag[crypto::kAeadTagSize];
  for (auto _ : state) {
    (void)aead->seal(std::span<const uint8_t, 12>(kIv, 12), aad, buf, buf, tag);
    benchmark::DoNotOptimize(tag);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kRecordPayload));
}

void BM_RawAeadOpen(benchmark::State& state) {
  const CipherSuiteInfo& suite = suite_for(state.range(0));
  auto aead = crypto::Aead::create(suite.aead, std::span(kKey, suite.key_size));
  std::vector<uint8_t> plain(kRecordPayload, 0x5a), sealed(kRecordPayload), work(kRecordPayload);
  uint8_t aad[13] = {};
  uint8_t tag[crypto::kAeadTagSize];
  (void)aead->seal(std::span<const uint8_t, 12>(kIv, 12), aad, plain, sealed, tag);
  for (auto _ : state) {
    std::copy(sealed.begin(), sealed.end(), work.begin());
    auto st = aead->open(std::span<const uint8_t, 12>(kIv, 12), aad, work, work, tag);
    benchmark::DoNotOptimize(st);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kRecordPayload));
}

// A connected client (the server is kept alive beside it), for the send-path benchmarks.
struct ConnectedPair {
  SeededRandom rng{11};
  std::unique_ptr<Connection> client, server;
};

std::unique_ptr<ConnectedPair> make_connected_pair(uint16_t suite) {
  auto pair = std::make_unique<ConnectedPair>();
  DtlsSettings cs;
  cs.role = Role::kClient;
  cs.identity = identity(1);
  cs.remote_fingerprints = {server_identity().certificate.sdp_fingerprint()};
  cs.cipher_suites = {static_cast<CipherSuite>(suite)};
  DtlsSettings ss;
  ss.role = Role::kServer;
  ss.identity = identity(2);
  ss.remote_fingerprints = {client_identity().certificate.sdp_fingerprint()};
  pair->client = std::move(*Connection::create(cs, pair->rng));
  pair->server = std::move(*Connection::create(ss, pair->rng));
  Timestamp now = Timestamp::from_millis(1);
  pair->client->start(now);
  for (int round = 0; round < 10 && pair->client->state() != State::kConnected; ++round) {
    while (auto o = pair->client->poll_output()) {
      if (o->kind == Output::Kind::kTransmit) pair->server->handle_input(o->data, now);
    }
    while (auto o = pair->server->poll_output()) {
      if (o->kind == Output::Kind::kTransmit) pair->client->handle_input(o->data, now);
    }
  }
  while (pair->client->poll_output()) {
  }
  if (pair->client->state() != State::kConnected) return nullptr;
  return pair;
}

void BM_ConnectionSend(benchmark::State& state) {
  auto pair = make_connected_pair(static_cast<uint16_t>(state.range(0)));
  if (!pair) {
    state.SkipWithError("handshake failed");
    return;
  }
  std::vector<uint8_t> payload(kRecordPayload, 0x5a);
  Timestamp now = Timestamp::from_millis(2);
  for (auto _ : state) {
    (void)pair->client->send(payload, now);
    auto out = pair->client->poll_output();
    benchmark::DoNotOptimize(out->data.data());
    pair->client->recycle(std::move(out->data));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kRecordPayload));
}

void BM_ConnectionSendInto(benchmark::State& state) {
  auto pair = make_connected_pair(static_cast<uint16_t>(state.range(0)));
  if (!pair) {
    state.SkipWithError("handshake failed");
    return;
  }
  std::vector<uint8_t> payload(kRecordPayload, 0x5a);
  std::vector<uint8_t> out(pair->client->send_into_size(kRecordPayload));
  Timestamp now = Timestamp::from_millis(2);
  for (auto _ : state) {
    auto n = pair->client->send_into(payload, out, now);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kRecordPayload));
}

#define SUITES Arg(0xC02B)->Arg(0xC02C)->Arg(0xCCA9)
BENCHMARK(BM_RecordProtect)->SUITES;
BENCHMARK(BM_RawAeadSeal)->SUITES;
BENCHMARK(BM_RecordUnprotect)->SUITES;
BENCHMARK(BM_RawAeadOpen)->SUITES;
BENCHMARK(BM_ConnectionSend)->SUITES;
BENCHMARK(BM_ConnectionSendInto)->SUITES;

}  // namespace
}  // namespace purertc::dtls
BENCHMARK_MAIN();
