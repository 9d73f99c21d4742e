// In-process handshakes between a purertc client and server on simulated networks, and hostile input.
#include "dtls/connection.h"

#include <gtest/gtest.h>

#include "dtls/packet/handshake_header.h"
#include "dtls/packet/server_hello.h"
#include "tests/dtls/dtls_harness.h"
#include "tests/dtls/test_util.h"

namespace purertc::dtls {
namespace {

using testing::DtlsPair;

struct Identities {
  std::shared_ptr<const crypto::Identity> client = testing::make_identity(crypto::KeyType::kEcdsaP256, 11);
  std::shared_ptr<const crypto::Identity> server = testing::make_identity(crypto::KeyType::kEcdsaP256, 12);
};
const Identities& ids() {
  static Identities identities;
  return identities;
}

DtlsSettings client_settings() {
  DtlsSettings s;
  s.identity = ids().client;
  s.remote_fingerprints = {ids().server->certificate.sdp_fingerprint()};
  return s;
}
DtlsSettings server_settings() {
  DtlsSettings s;
  s.identity = ids().server;
  s.remote_fingerprints = {ids().client->certificate.sdp_fingerprint()};
  return s;
}

void expect_same_keys(DtlsPair& p) {
  auto a = p.client.conn->export_keying_material("EXTRACTOR-dtls_srtp", 60);
  auto b = p.server.conn->export_keying_material("EXTRACTOR-dtls_srtp", 60);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(a->size(), 60u);
}

void exchange_data(DtlsPair& p) {
  std::vector<uint8_t> hello = {'h', 'i'};
  std::vector<uint8_t> reply(1000, 0x42);
  ASSERT_TRUE(p.client.conn->send(hello, p.now));
  ASSERT_TRUE(p.server.conn->send(reply, p.now));
  ASSERT_TRUE(p.run_until([&] { return !p.server.received.empty() && !p.client.received.empty(); }));
  EXPECT_EQ(p.server.received.front(), hello);
  EXPECT_EQ(p.client.received.front(), reply);
}

TEST(DtlsHandshake, CompletesWithDefaults) {
  DtlsPair p(client_settings(), server_settings());
  ASSERT_TRUE(p.handshake());
  EXPECT_EQ(p.client.conn->cipher_suite(), CipherSuite::kEcdheEcdsaWithAes128GcmSha256);
  EXPECT_EQ(p.server.conn->cipher_suite(), CipherSuite::kEcdheEcdsaWithAes128GcmSha256);
  EXPECT_EQ(p.client.conn->srtp_profile(), SrtpProtectionProfile::kAeadAes128Gcm);
  EXPECT_EQ(p.server.conn->srtp_profile(), SrtpProtectionProfile::kAeadAes128Gcm);
  EXPECT_TRUE(p.client.conn->extended_master_secret());
  ASSERT_NE(p.client.conn->peer_certificate(), nullptr);
  EXPECT_EQ(p.client.conn->peer_certificate()->sdp_fingerprint(), ids().server->certificate.sdp_fingerprint());
  EXPECT_EQ(p.server.conn->peer_certificate()->sdp_fingerprint(), ids().client->certificate.sdp_fingerprint());
  EXPECT_EQ(p.server.conn->stats().hello_verify_requests_sent, 1u);
  EXPECT_EQ(p.client.conn->stats().flight_retransmissions, 0u);
  expect_same_keys(p);
  exchange_data(p);
  EXPECT_EQ(p.client.conn->next_timeout(), Timestamp::infinite());
}

struct SuiteGroup {
  CipherSuite suite;
  crypto::NamedGroup group;
};
class DtlsSuites : public ::testing::TestWithParam<SuiteGroup> {};

TEST_P(DtlsSuites, HandshakeAndData) {
  auto c = client_settings();
  c.cipher_suites = {GetParam().suite};
  c.groups = {GetParam().group};
  DtlsPair p(c, server_settings());
  ASSERT_TRUE(p.handshake());
  EXPECT_EQ(p.server.conn->cipher_suite(), GetParam().suite);
  expect_same_keys(p);
  exchange_data(p);
}

INSTANTIATE_TEST_SUITE_P(
    All, DtlsSuites,
    ::testing::Values(SuiteGroup{CipherSuite::kEcdheEcdsaWithAes128GcmSha256, crypto::NamedGroup::kX25519},
                      SuiteGroup{CipherSuite::kEcdheEcdsaWithAes128GcmSha256, crypto::NamedGroup::kSecp256r1},
                      SuiteGroup{CipherSuite::kEcdheEcdsaWithAes128GcmSha256, crypto::NamedGroup::kSecp384r1},
                      SuiteGroup{CipherSuite::kEcdheEcdsaWithAes256GcmSha384, crypto::NamedGroup::kX25519},
                      SuiteGroup{CipherSuite::kEcdheEcdsaWithChaCha20Poly1305Sha256, crypto::NamedGroup::kSecp256r1}));

TEST(DtlsHandshake, RsaServerCertificate) {
  auto rsa = testing::make_identity(crypto::KeyType::kRsa, 13);
  ASSERT_NE(rsa, nullptr);
  auto c = client_settings();
  c.remote_fingerprints = {rsa->certificate.sdp_fingerprint()};
  auto s = server_settings();
  s.identity = rsa;
  DtlsPair p(c, s);
  ASSERT_TRUE(p.handshake());
  EXPECT_EQ(p.server.conn->cipher_suite(), CipherSuite::kEcdheRsaWithAes128GcmSha256);
  expect_same_keys(p);
}

TEST(DtlsHandshake, WithoutHelloVerifyRequest) {
  auto s = server_settings();
  s.hello_verify_request = false;
  DtlsPair p(client_settings(), s);
  ASSERT_TRUE(p.handshake());
  EXPECT_EQ(p.server.conn->stats().hello_verify_requests_sent, 0u);
  expect_same_keys(p);
}

TEST(DtlsHandshake, SrtpProfilePreferenceAndAbsence) {
  auto c = client_settings();
  c.srtp_profiles = {SrtpProtectionProfile::kAes128CmHmacSha1_32, SrtpProtectionProfile::kAes128CmHmacSha1_80};
  auto s = server_settings();
  s.srtp_profiles = {SrtpProtectionProfile::kAes128CmHmacSha1_80, SrtpProtectionProfile::kAes128CmHmacSha1_32};
  DtlsPair p(c, s);
  ASSERT_TRUE(p.handshake());
  EXPECT_EQ(p.client.conn->srtp_profile(), SrtpProtectionProfile::kAes128CmHmacSha1_80);

  auto c2 = client_settings();
  c2.srtp_profiles = {SrtpProtectionProfile::kAeadAes256Gcm};
  auto s2 = server_settings();
  s2.srtp_profiles = {SrtpProtectionProfile::kAes128CmHmacSha1_80};
  DtlsPair q(c2, s2);
  EXPECT_FALSE(q.handshake());
  ASSERT_TRUE(q.server.failed);
  EXPECT_STREQ(q.server.events.back().error.detail, "no common SRTP profile");
  EXPECT_TRUE(q.client.failed);
  EXPECT_EQ(q.client.events.back().alert, AlertDescription::kHandshakeFailure);
}

TEST(DtlsHandshake, WrongFingerprintFailsClearly) {
  auto c = client_settings();
  c.remote_fingerprints = {ids().client->certificate.sdp_fingerprint()};  // not the server's
  DtlsPair p(c, server_settings());
  EXPECT_FALSE(p.handshake());
  ASSERT_TRUE(p.client.failed);
  EXPECT_EQ(p.client.events.back().error.code, Errc::kAuthFailed);
  EXPECT_STREQ(p.client.events.back().error.detail, "peer certificate does not match the expected SDP fingerprint");
  EXPECT_EQ(p.client.events.back().alert, AlertDescription::kBadCertificate);
  ASSERT_TRUE(p.server.failed);
  EXPECT_EQ(p.server.events.back().alert, AlertDescription::kBadCertificate);
}

TEST(DtlsHandshake, ServerRejectsWrongClientFingerprint) {
  auto s = server_settings();
  s.remote_fingerprints = {ids().server->certificate.sdp_fingerprint(crypto::HashAlgorithm::kSha1)};
  DtlsPair p(client_settings(), s);
  EXPECT_FALSE(p.handshake());
  ASSERT_TRUE(p.server.failed);
  EXPECT_STREQ(p.server.events.back().error.detail, "peer certificate does not match the expected SDP fingerprint");
  // The client learns it from the server's (unprotected) alert at once, not from its own timeout.
  ASSERT_TRUE(p.client.failed);
  EXPECT_EQ(p.client.events.back().alert, AlertDescription::kBadCertificate);
  EXPECT_EQ(p.client.events.back().error.code, Errc::kAuthFailed);
}

TEST(DtlsHandshake, AcceptsAnyListedFingerprintAlgorithm) {
  auto c = client_settings();
  c.remote_fingerprints = {"sha-256 00:11", ids().server->certificate.sdp_fingerprint(crypto::HashAlgorithm::kSha512)};
  DtlsPair p(c, server_settings());
  EXPECT_TRUE(p.handshake());
}

class DtlsImpaired : public ::testing::TestWithParam<uint64_t> {};

TEST_P(DtlsImpaired, LossReorderDuplicationSmallMtu) {
  sim::Impairment imp;
  imp.loss = 0.2;
  imp.duplicate = 0.1;
  imp.reorder = 0.2;
  imp.delay = Duration::millis(30);
  imp.jitter = Duration::millis(20);
  auto c = client_settings();
  auto s = server_settings();
  c.mtu = 256;  // certificates (~350 bytes) span several records and datagrams
  s.mtu = 256;
  DtlsPair p(c, s, imp, GetParam());
  ASSERT_TRUE(p.handshake(Duration::seconds(60))) << "seed " << GetParam();
  expect_same_keys(p);
  const auto& a = p.c2s().stats();
  const auto& b = p.s2c().stats();
  EXPECT_GT(a.lost + a.duplicated + a.reordered + b.lost + b.duplicated + b.reordered, 0u) << "nothing impaired";
}

INSTANTIATE_TEST_SUITE_P(Seeds, DtlsImpaired, ::testing::Range<uint64_t>(1, 13));

TEST(DtlsHandshake, DatagramsRespectMtu) {
  auto c = client_settings();
  auto s = server_settings();
  c.mtu = s.mtu = 200;
  DtlsPair p(c, s);
  size_t largest = 0;
  p.filter_c2s = p.filter_s2c = [&](std::vector<uint8_t>& d) {
    largest = std::max(largest, d.size());
    return true;
  };
  ASSERT_TRUE(p.handshake());
  EXPECT_LE(largest, 200u);
  EXPECT_GT(largest, 150u);
}

TEST(DtlsHandshake, RetransmitsWithDoublingTimerThenGivesUp) {
  auto c = client_settings();
  c.handshake_timeout = Duration::seconds(40);
  DtlsPair p(c, server_settings());
  std::vector<Timestamp> sends;
  p.filter_c2s = [&](std::vector<uint8_t>&) {
    sends.push_back(p.now);
    return false;  // the server never hears anything
  };
  Timestamp start = p.now;
  EXPECT_FALSE(p.handshake(Duration::seconds(100)));
  ASSERT_TRUE(p.client.failed);
  EXPECT_EQ(p.client.events.back().error.code, Errc::kTimeout);
  // Delivered after 10 ms of link delay: sent at 0, 1, 3, 7, 15, 31 s.
  ASSERT_GE(sends.size(), 6u);
  std::vector<int64_t> ms;
  for (auto t : sends) ms.push_back((t - start).ms());
  EXPECT_EQ(ms[0], 10);
  EXPECT_EQ(ms[1], 1010);
  EXPECT_EQ(ms[2], 3010);
  EXPECT_EQ(ms[3], 7010);
  EXPECT_EQ(ms[4], 15010);
  EXPECT_EQ(ms[5], 31010);
  EXPECT_EQ(p.client.conn->next_timeout(), Timestamp::infinite());
}

TEST(DtlsHandshake, LostFinalFlightIsResentOnClientRetransmission) {
  DtlsPair p(client_settings(), server_settings());
  int server_datagrams = 0;
  bool dropped = false;
  // Drop the server's final flight (ChangeCipherSpec + Finished) once.
  p.filter_s2c = [&](std::vector<uint8_t>& d) {
    ++server_datagrams;
    if (!dropped && p.server.connected) {
      dropped = true;
      return false;
    }
    (void)d;
    return true;
  };
  ASSERT_TRUE(p.handshake());
  EXPECT_TRUE(dropped);
  EXPECT_GE(p.client.conn->stats().flight_retransmissions, 1u);
  EXPECT_GE(p.server.conn->stats().flight_retransmissions, 1u);
  expect_same_keys(p);
}

TEST(DtlsRecords, TamperedAndReplayedRecordsAreDropped) {
  DtlsPair p(client_settings(), server_settings());
  ASSERT_TRUE(p.handshake());
  std::vector<uint8_t> msg = {1, 2, 3};
  ASSERT_TRUE(p.client.conn->send(msg, p.now));
  auto out = p.client.conn->poll_output();
  ASSERT_TRUE(out && out->kind == Output::Kind::kTransmit);
  auto tampered = out->data;
  tampered.back() ^= 0x80;
  p.server.conn->handle_input(tampered, p.now);
  EXPECT_EQ(p.server.conn->stats().records_dropped_auth, 1u);
  EXPECT_EQ(p.server.conn->state(), State::kConnected);
  EXPECT_FALSE(p.server.conn->poll_output());
  p.server.conn->handle_input(out->data, p.now);
  auto data = p.server.conn->poll_output();
  ASSERT_TRUE(data && data->kind == Output::Kind::kData);
  EXPECT_EQ(data->data, msg);
  p.server.conn->handle_input(out->data, p.now);  // replay
  EXPECT_EQ(p.server.conn->stats().records_dropped_replay, 1u);
  EXPECT_FALSE(p.server.conn->poll_output());
  // A record of an unknown epoch and a truncated datagram are dropped too.
  auto epoch2 = out->data;
  epoch2[4] = 2;
  p.server.conn->handle_input(epoch2, p.now);
  EXPECT_EQ(p.server.conn->stats().records_dropped_epoch, 1u);
  p.server.conn->handle_input(std::span<const uint8_t>(out->data).first(20), p.now);
  EXPECT_EQ(p.server.conn->stats().records_dropped_malformed, 1u);
  EXPECT_EQ(p.server.conn->state(), State::kConnected);
}

TEST(DtlsRecords, CloseNotify) {
  DtlsPair p(client_settings(), server_settings());
  ASSERT_TRUE(p.handshake());
  p.client.conn->close(p.now);
  EXPECT_EQ(p.client.conn->state(), State::kClosed);
  ASSERT_TRUE(p.run_until([&] { return p.server.closed; }));
  EXPECT_EQ(p.server.conn->state(), State::kClosed);
  EXPECT_FALSE(p.server.conn->send(std::vector<uint8_t>{1}, p.now));
  EXPECT_EQ(p.server.events.back().alert, AlertDescription::kCloseNotify);
}

TEST(DtlsRecords, SendBeforeConnectedIsWrongState) {
  DtlsPair p(client_settings(), server_settings());
  auto st = p.client.conn->send(std::vector<uint8_t>{1}, p.now);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Errc::kWrongState);
  EXPECT_FALSE(p.client.conn->export_keying_material("EXTRACTOR-dtls_srtp", 60));
}

TEST(DtlsSettingsCheck, RejectsUnusableSettings) {
  SeededRandom rng(1);
  DtlsSettings s;
  EXPECT_FALSE(Connection::create(s, rng));  // no identity
  s = client_settings();
  s.mtu = 64;
  EXPECT_FALSE(Connection::create(s, rng));
  s = client_settings();
  s.cipher_suites.clear();
  EXPECT_FALSE(Connection::create(s, rng));
}

// A plaintext handshake message injected into an endpoint in a state that does not expect it.
std::vector<uint8_t> plaintext_handshake(HandshakeType type, uint16_t message_seq, std::vector<uint8_t> body,
                                         uint64_t record_seq) {
  ByteBuffer msg;
  write_handshake_header(msg, type, static_cast<uint32_t>(body.size()), message_seq);
  msg.write_bytes(body);
  std::vector<uint8_t> d(kRecordHeaderSize);
  write_record_header(std::span<uint8_t, kRecordHeaderSize>(d.data(), kRecordHeaderSize), ContentType::kHandshake,
                      kDtls12, 0, record_seq, static_cast<uint16_t>(msg.size()));
  d.insert(d.end(), msg.view().begin(), msg.view().end());
  return d;
}

TEST(DtlsHostile, UnexpectedMessageInEachClientState) {
  // For each client state reachable before flight 5, inject a ServerHelloDone / ClientKeyExchange
  // with the next expected message_seq: the client must fail with unexpected_message, not crash.
  for (int step = 0; step < 4; ++step) {
    auto s = server_settings();
    s.hello_verify_request = false;
    DtlsPair p(client_settings(), s);
    int delivered = 0;
    // Let `step` server datagrams through, then stop the server and inject.
    p.filter_s2c = [&](std::vector<uint8_t>&) { return delivered++ < step; };
    p.client.conn->start(p.now);
    p.run_until([] { return false; }, Duration::millis(500));
    State before = p.client.conn->state();
    uint16_t seq = 0;
    switch (before) {
      case State::kWaitServerHello: seq = 0; break;
      case State::kWaitCertificate: seq = 1; break;
      case State::kWaitServerKeyExchange: seq = 2; break;
      case State::kWaitCertificateRequestOrDone: seq = 3; break;
      case State::kWaitServerHelloDone: seq = 4; break;
      default: continue;
    }
    p.client.conn->handle_input(plaintext_handshake(HandshakeType::kClientKeyExchange, seq, {1, 4}, 100), p.now);
    EXPECT_EQ(p.client.conn->state(), State::kFailed) << to_string(before);
    bool saw = false;
    while (auto o = p.client.conn->poll_output()) {
      if (o->kind == Output::Kind::kFailed) {
        saw = true;
        EXPECT_EQ(o->alert, AlertDescription::kUnexpectedMessage);
      }
    }
    EXPECT_TRUE(saw);
  }
}

TEST(DtlsHostile, UnexpectedMessageInEachServerState) {
  auto s = server_settings();
  s.hello_verify_request = false;
  for (int step = 0; step < 3; ++step) {
    DtlsPair p(client_settings(), s);
    int delivered = 0;
    p.filter_c2s = [&](std::vector<uint8_t>&) { return delivered++ < 1 + step; };
    p.client.conn->start(p.now);
    p.run_until([] { return false; }, Duration::millis(500));
    State before = p.server.conn->state();
    if (before == State::kWaitClientHello || before == State::kConnected) continue;
    // The client's flight 5 starts at message_seq 1; a ServerHello there is never valid.
    uint16_t seq = before == State::kWaitClientCertificate ? 1 : before == State::kWaitClientKeyExchange ? 2 : 3;
    p.server.conn->handle_input(plaintext_handshake(HandshakeType::kServerHello, seq, {0}, 200), p.now);
    EXPECT_EQ(p.server.conn->state(), State::kFailed) << to_string(before);
  }
}

TEST(DtlsHostile, ServerIgnoresNoiseBeforeClientHello) {
  SeededRandom rng(5);
  auto s = server_settings();
  s.role = Role::kServer;
  auto server = Connection::create(s, rng);
  ASSERT_TRUE(server);
  auto& conn = **server;
  conn.handle_input(plaintext_handshake(HandshakeType::kFinished, 0, std::vector<uint8_t>(12), 0), Timestamp());
  conn.handle_input(plaintext_handshake(HandshakeType::kServerHello, 0, {1, 2, 3}, 1), Timestamp());
  conn.handle_input(plaintext_handshake(HandshakeType::kClientHello, 0, {1, 2, 3}, 2), Timestamp());
  conn.handle_input(std::vector<uint8_t>{0x16, 0xfe}, Timestamp());
  EXPECT_EQ(conn.state(), State::kWaitClientHello);
  EXPECT_FALSE(conn.poll_output());
}

TEST(DtlsHostile, OversizedHandshakeMessageIsNotBuffered) {
  SeededRandom rng(5);
  auto s = server_settings();
  s.role = Role::kServer;
  s.max_handshake_message_size = 4096;
  auto server = Connection::create(s, rng);
  ASSERT_TRUE(server);
  // A ClientHello fragment claiming 16 MB.
  std::vector<uint8_t> d = testing::hex("16fefd00000000000000000010" "01ffffff0000000000000004" "01020304");
  (*server)->handle_input(d, Timestamp());
  EXPECT_EQ((*server)->stats().handshake_fragments_dropped, 1u);
  EXPECT_EQ((*server)->state(), State::kWaitClientHello);
}

TEST(DtlsHostile, TruncatedHandshakeMessageIsDropped) {
  SeededRandom rng(5);
  auto s = server_settings();
  s.role = Role::kServer;
  auto server = Connection::create(s, rng);
  ASSERT_TRUE(server);
  // fragment_length says 8 but only 4 bytes follow in the record.
  std::vector<uint8_t> d = testing::hex("16fefd00000000000000000010" "010000080000000000000008" "01020304");
  (*server)->handle_input(d, Timestamp());
  EXPECT_EQ((*server)->stats().handshake_fragments_dropped, 1u);
  EXPECT_FALSE((*server)->poll_output());
}

// A captured browser ClientHello (DTLS 1.3 offered with an X25519MLKEM768 key share, so it spans two
// records in two datagrams) delivered as captured, out of order, and with both records packed into one
// datagram: each way the server reassembles it, answers with a HelloVerifyRequest that echoes the
// record sequence number of the record completing the hello, and without cookies negotiates DTLS 1.2.
void replay_browser_hello(const std::string& file) {
  auto datagrams = testing::load_hex_datagrams(file);
  ASSERT_EQ(datagrams.size(), 2u);
  std::vector<uint8_t> packed = datagrams[0];
  packed.insert(packed.end(), datagrams[1].begin(), datagrams[1].end());
  auto record_seq = [](const std::vector<uint8_t>& d) {
    ByteReader r(d);
    auto rec = read_record(r);
    return rec ? rec->sequence_number : ~uint64_t{0};
  };
  const std::vector<std::vector<std::vector<uint8_t>>> deliveries = {
      {datagrams[0], datagrams[1]}, {datagrams[1], datagrams[0]}, {packed}};
  for (bool hvr : {true, false}) {
    for (const auto& delivery : deliveries) {
      SCOPED_TRACE(::testing::Message() << file << (hvr ? " with" : " without") << " HelloVerifyRequest, "
                                      << delivery.size() << " datagram(s)");
      SeededRandom rng(9);
      auto s = server_settings();
      s.role = Role::kServer;
      s.hello_verify_request = hvr;
      auto server = Connection::create(s, rng);
      ASSERT_TRUE(server);
      for (size_t i = 0; i + 1 < delivery.size(); ++i) {
        (*server)->handle_input(delivery[i], Timestamp());
        EXPECT_FALSE((*server)->poll_output());  // half a hello
      }
      (*server)->handle_input(delivery.back(), Timestamp());
      auto out = (*server)->poll_output();
      ASSERT_TRUE(out);
      ASSERT_EQ(out->kind, Output::Kind::kTransmit);
      EXPECT_EQ((*server)->stats().records_dropped_malformed, 0u);
      EXPECT_EQ((*server)->stats().handshake_fragments_dropped, 0u);
      ByteReader r(out->data);
      auto rec = read_record(r);
      ASSERT_TRUE(rec);
      ByteReader hr(rec->fragment);
      auto f = read_handshake_fragment(hr);
      ASSERT_TRUE(f);
      if (hvr) {
        EXPECT_EQ(f->msg_type, static_cast<uint8_t>(HandshakeType::kHelloVerifyRequest));
        // The packed datagram's hello is completed by its second record.
        EXPECT_EQ(rec->sequence_number, record_seq(delivery.size() == 1 ? datagrams[1] : delivery.back()));
        EXPECT_EQ((*server)->state(), State::kWaitClientHello);
        continue;
      }
      ASSERT_EQ(f->msg_type, static_cast<uint8_t>(HandshakeType::kServerHello));
      auto sh = ServerHello::parse(f->fragment);
      ASSERT_TRUE(sh);
      EXPECT_EQ(sh->server_version, kDtls12);
      EXPECT_EQ(sh->cipher_suite, static_cast<uint16_t>(CipherSuite::kEcdheEcdsaWithAes128GcmSha256));
      EXPECT_TRUE(sh->extensions.extended_master_secret);
      ASSERT_TRUE(sh->extensions.srtp_profiles);
      ASSERT_EQ(sh->extensions.srtp_profiles->size(), 1u);
      EXPECT_EQ(sh->extensions.srtp_profiles->front(), static_cast<uint16_t>(SrtpProtectionProfile::kAeadAes128Gcm));
      EXPECT_TRUE(sh->extensions.supported_versions.empty());
      EXPECT_EQ((*server)->state(), State::kWaitClientCertificate);
    }
  }
}

// Chromium 156: 1413-byte ClientHello in records of 1175 and 238 bytes.
TEST(DtlsBrowser, ChromiumClientHelloNegotiatesDtls12) { replay_browser_hello("chromium156_client_hello.hex"); }

// Firefox ESR 153 (NSS): 1461-byte ClientHello in records of 1383 and 78 bytes; it also offers ALPN
// "webrtc", record_size_limit and TLS 1.3 cipher suites, which a DTLS 1.2 server passes over.
TEST(DtlsBrowser, FirefoxClientHelloNegotiatesDtls12) { replay_browser_hello("firefox153_client_hello.hex"); }

}  // namespace
}  // namespace purertc::dtls
