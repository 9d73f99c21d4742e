// One transition per test: a single endpoint in a known state, one crafted input, and the state,
// outputs and counters it must leave behind. Complements the end-to-end handshakes in connection_test.
#include <gtest/gtest.h>

#include "dtls/connection.h"
#include "dtls/packet/alert.h"
#include "dtls/packet/client_hello.h"
#include "dtls/packet/handshake_header.h"
#include "dtls/packet/hello_verify_request.h"
#include "dtls/packet/server_hello.h"
#include "tests/dtls/dtls_harness.h"

namespace purertc::dtls {
namespace {

using testing::DtlsPair;

std::shared_ptr<const crypto::Identity> id(int which) {
  static auto a = testing::make_identity(crypto::KeyType::kEcdsaP256, 51);
  static auto b = testing::make_identity(crypto::KeyType::kEcdsaP256, 52);
  return which == 0 ? a : b;
}

DtlsSettings settings(Role role) {
  DtlsSettings s;
  s.role = role;
  s.identity = id(role == Role::kClient ? 0 : 1);
  s.remote_fingerprints = {id(role == Role::kClient ? 1 : 0)->certificate.sdp_fingerprint()};
  return s;
}

std::vector<uint8_t> plaintext_record(ContentType type, std::span<const uint8_t> body, uint64_t record_seq,
                                      uint16_t epoch = 0) {
  std::vector<uint8_t> d(kRecordHeaderSize);
  write_record_header(std::span<uint8_t, kRecordHeaderSize>(d.data(), kRecordHeaderSize), type, kDtls12, epoch,
                      record_seq, static_cast<uint16_t>(body.size()));
  d.insert(d.end(), body.begin(), body.end());
  return d;
}

std::vector<uint8_t> handshake_record(HandshakeType type, uint16_t message_seq, std::span<const uint8_t> body,
                                      uint64_t record_seq) {
  ByteBuffer msg;
  write_handshake_header(msg, type, static_cast<uint32_t>(body.size()), message_seq);
  msg.write_bytes(body);
  return plaintext_record(ContentType::kHandshake, msg.view(), record_seq);
}

std::vector<Output> drain(Connection& c) {
  std::vector<Output> out;
  while (auto o = c.poll_output()) out.push_back(std::move(*o));
  return out;
}

const Output* find(const std::vector<Output>& outs, Output::Kind kind) {
  for (const auto& o : outs) {
    if (o.kind == kind) return &o;
  }
  return nullptr;
}

// The first handshake fragment of the first record of a datagram (a view into it).
std::optional<HandshakeFragmentView> first_fragment(const std::vector<uint8_t>& datagram) {
  ByteReader r(datagram);
  auto rec = read_record(r);
  if (!rec || rec->content_type != static_cast<uint8_t>(ContentType::kHandshake)) return std::nullopt;
  ByteReader hr(rec->fragment);
  auto f = read_handshake_fragment(hr);
  if (!f) return std::nullopt;
  return *f;
}

struct Client {
  SeededRandom rng{61};
  std::unique_ptr<Connection> conn;
  ClientHello first_hello;
  explicit Client(DtlsSettings s = settings(Role::kClient)) {
    auto c = Connection::create(std::move(s), rng);
    EXPECT_TRUE(c);
    conn = std::move(*c);
    conn->start(Timestamp());
    auto outs = drain(*conn);
    EXPECT_EQ(outs.size(), 1u);
    auto f = first_fragment(outs.at(0).data);
    EXPECT_TRUE(f);
    auto ch = ClientHello::parse(f->fragment);
    EXPECT_TRUE(ch);
    first_hello = *ch;
  }
};

ServerHello valid_server_hello(const ClientHello& ch) {
  ServerHello sh;
  sh.server_version = kDtls12;
  sh.random.fill(7);
  sh.cipher_suite = ch.cipher_suites.front();
  sh.extensions.extended_master_secret = true;
  sh.extensions.renegotiation_info = std::vector<uint8_t>{};
  if (ch.extensions.srtp_profiles) {
    sh.extensions.srtp_profiles = std::vector<uint16_t>{ch.extensions.srtp_profiles->front()};
  }
  return sh;
}

// kWaitServerHello + HelloVerifyRequest -> kWaitServerHello, with a second ClientHello that echoes the
// cookie, has message_seq 1, and the same random (RFC 6347 4.2.1).
TEST(ClientTransition, HelloVerifyRequestResendsHelloWithCookie) {
  Client c;
  ByteBuffer body;
  HelloVerifyRequest{kDtls10, {9, 8, 7, 6}}.write(body);
  c.conn->handle_input(handshake_record(HandshakeType::kHelloVerifyRequest, 0, body.view(), 0), Timestamp());
  EXPECT_EQ(c.conn->state(), State::kWaitServerHello);
  auto outs = drain(*c.conn);
  ASSERT_EQ(outs.size(), 1u);
  auto f = first_fragment(outs[0].data);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->msg_type, static_cast<uint8_t>(HandshakeType::kClientHello));
  EXPECT_EQ(f->message_seq, 1);
  auto ch = ClientHello::parse(f->fragment);
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->cookie, (std::vector<uint8_t>{9, 8, 7, 6}));
  EXPECT_EQ(ch->random, c.first_hello.random);
  EXPECT_EQ(ch->cipher_suites, c.first_hello.cipher_suites);
}

TEST(ClientTransition, HelloVerifyRequestWithWrongVersionFails) {
  Client c;
  ByteBuffer body;
  HelloVerifyRequest{0x0303, {1}}.write(body);
  c.conn->handle_input(handshake_record(HandshakeType::kHelloVerifyRequest, 0, body.view(), 0), Timestamp());
  EXPECT_EQ(c.conn->state(), State::kFailed);
  auto outs = drain(*c.conn);
  auto failed = find(outs, Output::Kind::kFailed);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->alert, AlertDescription::kProtocolVersion);
}

TEST(ClientTransition, ValidServerHelloMovesToWaitCertificate) {
  Client c;
  ByteBuffer body;
  valid_server_hello(c.first_hello).write(body);
  c.conn->handle_input(handshake_record(HandshakeType::kServerHello, 0, body.view(), 0), Timestamp());
  EXPECT_EQ(c.conn->state(), State::kWaitCertificate);
  EXPECT_TRUE(drain(*c.conn).empty());
  // Its retransmission timer stopped: the server answered.
  EXPECT_EQ(c.conn->next_timeout(), Timestamp() + settings(Role::kClient).handshake_timeout);
}

// kWaitServerHello + a ServerHello that breaks one rule -> kFailed with the alert that rule calls for.
TEST(ClientTransition, ServerHelloViolationsFailWithTheirAlert) {
  struct Case {
    const char* name;
    void (*mutate)(ServerHello&);
    AlertDescription alert;
  };
  const Case cases[] = {
      {"dtls 1.0", [](ServerHello& sh) { sh.server_version = kDtls10; }, AlertDescription::kProtocolVersion},
      {"suite not offered", [](ServerHello& sh) { sh.cipher_suite = 0xC02C + 0x100; },
       AlertDescription::kIllegalParameter},
      {"compression", [](ServerHello& sh) { sh.compression_method = 1; }, AlertDescription::kIllegalParameter},
      {"no extended master secret", [](ServerHello& sh) { sh.extensions.extended_master_secret = false; },
       AlertDescription::kHandshakeFailure},
      {"renegotiation_info not empty", [](ServerHello& sh) { sh.extensions.renegotiation_info = {{1, 2}}; },
       AlertDescription::kHandshakeFailure},
      {"two srtp profiles", [](ServerHello& sh) { sh.extensions.srtp_profiles->push_back(1); },
       AlertDescription::kIllegalParameter},
      {"srtp profile not offered", [](ServerHello& sh) { sh.extensions.srtp_profiles = {{0x0042}}; },
       AlertDescription::kIllegalParameter},
      {"srtp mki", [](ServerHello& sh) { sh.extensions.srtp_mki = {1}; }, AlertDescription::kIllegalParameter},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.name);
    Client c;
    ServerHello sh = valid_server_hello(c.first_hello);
    k.mutate(sh);
    ByteBuffer body;
    sh.write(body);
    c.conn->handle_input(handshake_record(HandshakeType::kServerHello, 0, body.view(), 0), Timestamp());
    EXPECT_EQ(c.conn->state(), State::kFailed);
    auto outs = drain(*c.conn);
    auto failed = find(outs, Output::Kind::kFailed);
    ASSERT_TRUE(failed);
    EXPECT_EQ(failed->alert, k.alert);
    // The fatal alert went out before the failure was reported.
    ASSERT_GE(outs.size(), 2u);
    EXPECT_EQ(outs[0].kind, Output::Kind::kTransmit);
  }
}

TEST(ClientTransition, UseSrtpNotOfferedIsUnsupportedExtension) {
  auto s = settings(Role::kClient);
  s.srtp_profiles.clear();
  Client c(s);
  ServerHello sh = valid_server_hello(c.first_hello);
  sh.extensions.srtp_profiles = std::vector<uint16_t>{1};
  ByteBuffer body;
  sh.write(body);
  c.conn->handle_input(handshake_record(HandshakeType::kServerHello, 0, body.view(), 0), Timestamp());
  auto outs = drain(*c.conn);
  auto failed = find(outs, Output::Kind::kFailed);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->alert, AlertDescription::kUnsupportedExtension);
}

// Alerts during the handshake: a fatal one ends it with that alert; a warning is ignored.
TEST(AlertTransition, FatalAlertDuringHandshakeFails) {
  Client c;
  auto alert = Alert{AlertLevel::kFatal, AlertDescription::kHandshakeFailure}.serialize();
  c.conn->handle_input(plaintext_record(ContentType::kAlert, alert, 0), Timestamp());
  EXPECT_EQ(c.conn->state(), State::kFailed);
  auto outs = drain(*c.conn);
  ASSERT_EQ(outs.size(), 1u);  // nothing is sent back
  EXPECT_EQ(outs[0].kind, Output::Kind::kFailed);
  EXPECT_EQ(outs[0].alert, AlertDescription::kHandshakeFailure);
  EXPECT_EQ(c.conn->next_timeout(), Timestamp::infinite());
}

TEST(AlertTransition, WarningAlertDuringHandshakeIsIgnored) {
  Client c;
  auto alert = Alert{AlertLevel::kWarning, AlertDescription::kNoRenegotiation}.serialize();
  c.conn->handle_input(plaintext_record(ContentType::kAlert, alert, 0), Timestamp());
  EXPECT_EQ(c.conn->state(), State::kWaitServerHello);
  EXPECT_TRUE(drain(*c.conn).empty());
}

TEST(AlertTransition, MalformedAlertIsDropped) {
  Client c;
  std::vector<uint8_t> three = {2, 40, 0};
  c.conn->handle_input(plaintext_record(ContentType::kAlert, three, 0), Timestamp());
  EXPECT_EQ(c.conn->state(), State::kWaitServerHello);
  EXPECT_EQ(c.conn->stats().records_dropped_malformed, 1u);
}

// After the handshake an unprotected alert is forgeable by anyone on the path: ignored, even fatal.
TEST(AlertTransition, PlaintextAlertAfterHandshakeIsIgnored) {
  DtlsPair p(settings(Role::kClient), settings(Role::kServer));
  ASSERT_TRUE(p.handshake());
  for (auto description : {AlertDescription::kCloseNotify, AlertDescription::kHandshakeFailure}) {
    auto alert = Alert{AlertLevel::kFatal, description}.serialize();
    p.client.conn->handle_input(plaintext_record(ContentType::kAlert, alert, 100), p.now);
    EXPECT_EQ(p.client.conn->state(), State::kConnected);
  }
  EXPECT_FALSE(p.client.conn->poll_output());
}

TEST(RecordTransition, MalformedChangeCipherSpecAndEpoch0DataAreDropped) {
  DtlsPair p(settings(Role::kClient), settings(Role::kServer));
  ASSERT_TRUE(p.handshake());
  Connection& s = *p.server.conn;
  std::vector<uint8_t> bad_ccs = {2};
  s.handle_input(plaintext_record(ContentType::kChangeCipherSpec, bad_ccs, 100), p.now);
  EXPECT_EQ(s.stats().records_dropped_malformed, 1u);
  // Application data is accepted only under the keys; an unprotected record of it is a forgery.
  std::vector<uint8_t> data = {'x'};
  uint64_t before = s.stats().records_dropped_epoch;
  s.handle_input(plaintext_record(ContentType::kApplicationData, data, 101), p.now);
  EXPECT_EQ(s.stats().records_dropped_epoch, before + 1);
  // An unknown content type and a DTLS version we do not speak are malformed.
  auto unknown = plaintext_record(ContentType::kApplicationData, data, 102);
  unknown[0] = 99;
  s.handle_input(unknown, p.now);
  auto tls = plaintext_record(ContentType::kApplicationData, data, 103);
  tls[1] = 0x03;
  tls[2] = 0x03;
  s.handle_input(tls, p.now);
  EXPECT_EQ(s.stats().records_dropped_malformed, 3u);
  EXPECT_EQ(s.state(), State::kConnected);
  EXPECT_FALSE(s.poll_output());
}

// kConnected + close() -> kClosed with close_notify sent; later calls change nothing.
TEST(CloseTransition, CloseIsFinal) {
  DtlsPair p(settings(Role::kClient), settings(Role::kServer));
  ASSERT_TRUE(p.handshake());
  Connection& c = *p.client.conn;
  c.close(p.now);
  auto outs = drain(c);
  ASSERT_EQ(outs.size(), 2u);
  EXPECT_EQ(outs[0].kind, Output::Kind::kTransmit);
  EXPECT_EQ(outs[1].kind, Output::Kind::kClosed);
  c.close(p.now);
  EXPECT_TRUE(drain(c).empty());
  auto sent = c.send(std::vector<uint8_t>{1}, p.now);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, Errc::kWrongState);
  uint64_t received = c.stats().datagrams_received;
  c.handle_input(outs[0].data, p.now);
  EXPECT_EQ(c.stats().datagrams_received, received);
  EXPECT_EQ(c.next_timeout(), Timestamp::infinite());
}

// A timeout call before the timer is due does nothing (the sans-IO contract allows early calls).
TEST(TimerTransition, EarlyTimeoutDoesNothing) {
  Client c;
  Timestamp due = c.conn->next_timeout();
  c.conn->handle_timeout(due - Duration::millis(1));
  EXPECT_TRUE(drain(*c.conn).empty());
  EXPECT_EQ(c.conn->stats().flight_retransmissions, 0u);
  EXPECT_EQ(c.conn->next_timeout(), due);
  c.conn->handle_timeout(due);
  EXPECT_EQ(drain(*c.conn).size(), 1u);
  EXPECT_EQ(c.conn->stats().flight_retransmissions, 1u);
  EXPECT_EQ(c.conn->next_timeout(), due + Duration::seconds(2));  // doubled
}

// Server without CertificateRequest: kWaitClientKeyExchange -> kWaitClientFinished with no
// CertificateVerify, and the client goes from kWaitCertificateRequestOrDone straight to flight 5.
TEST(ServerTransition, WithoutClientCertificate) {
  auto s = settings(Role::kServer);
  s.require_client_certificate = false;
  DtlsPair p(settings(Role::kClient), s);
  std::vector<uint8_t> client_types;
  p.filter_c2s = [&](std::vector<uint8_t>& d) {
    ByteReader r(d);
    while (!r.empty()) {
      auto rec = read_record(r);
      if (!rec) break;
      if (rec->epoch == 0 && rec->content_type == static_cast<uint8_t>(ContentType::kHandshake)) {
        client_types.push_back(rec->fragment[0]);
      }
    }
    return true;
  };
  ASSERT_TRUE(p.handshake());
  EXPECT_EQ(p.server.conn->peer_certificate(), nullptr);
  ASSERT_NE(p.client.conn->peer_certificate(), nullptr);
  EXPECT_EQ(std::count(client_types.begin(), client_types.end(), static_cast<uint8_t>(HandshakeType::kCertificate)), 0);
  EXPECT_EQ(std::count(client_types.begin(), client_types.end(),
                       static_cast<uint8_t>(HandshakeType::kCertificateVerify)), 0);
  EXPECT_EQ(std::count(client_types.begin(), client_types.end(),
                       static_cast<uint8_t>(HandshakeType::kClientKeyExchange)), 1);
}

// kConnected + a burst of retransmissions of the client's flight 5 -> the server resends its last
// flight once per burst, not once per copy (at most one resend per 100 ms). Exact copies are replays
// and never reach the handshake layer; a real retransmission carries new record numbers.
TEST(ServerTransition, RetransmittedFinalClientFlightIsAnsweredOncePerBurst) {
  DtlsPair p(settings(Role::kClient), settings(Role::kServer));
  std::vector<std::vector<uint8_t>> flight5;
  p.filter_c2s = [&](std::vector<uint8_t>& d) {
    if (p.client.conn->state() == State::kWaitServerFinished) flight5.push_back(d);
    return true;
  };
  ASSERT_TRUE(p.handshake());
  ASSERT_FALSE(flight5.empty());
  drain(*p.server.conn);
  uint64_t next_seq = 1000;
  // The epoch-0 records renumbered, as the client's record layer does when it resends.
  auto resend = [&] {
    for (auto d : flight5) {
      size_t pos = 0;
      while (pos + kRecordHeaderSize <= d.size()) {
        size_t len = (size_t{d[pos + 11]} << 8) | d[pos + 12];
        if (d[pos + 3] == 0 && d[pos + 4] == 0) {
          uint64_t seq = next_seq++;
          for (int i = 0; i < 6; ++i) d[pos + 5 + i] = static_cast<uint8_t>(seq >> (8 * (5 - i)));
        }
        pos += kRecordHeaderSize + len;
      }
      p.server.conn->handle_input(d, p.now);
    }
  };
  p.now += Duration::millis(500);
  for (int i = 0; i < 5; ++i) resend();
  EXPECT_EQ(p.server.conn->stats().flight_retransmissions, 1u);
  auto outs = drain(*p.server.conn);
  ASSERT_FALSE(outs.empty());
  for (const auto& o : outs) EXPECT_EQ(o.kind, Output::Kind::kTransmit);
  p.now += Duration::millis(200);
  resend();
  EXPECT_EQ(p.server.conn->stats().flight_retransmissions, 2u);
  EXPECT_EQ(p.server.conn->state(), State::kConnected);
}

}  // namespace
}  // namespace purertc::dtls
