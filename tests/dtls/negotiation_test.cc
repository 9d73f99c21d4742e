// Server-side negotiation from hand-built ClientHellos (what the server refuses, and why), and client
// limits against a server that only ever answers with HelloVerifyRequest.
#include <gtest/gtest.h>

#include "dtls/connection.h"
#include "dtls/packet/client_hello.h"
#include "dtls/packet/handshake_header.h"
#include "dtls/packet/hello_verify_request.h"
#include "dtls/packet/server_hello.h"
#include "tests/dtls/dtls_harness.h"

namespace purertc::dtls {
namespace {

std::shared_ptr<const crypto::Identity> server_identity() {
  static auto id = testing::make_identity(crypto::KeyType::kEcdsaP256, 21);
  return id;
}

ClientHello browser_like_hello() {
  ClientHello ch;
  ch.client_version = kDtls12;
  ch.random.fill(0x42);
  ch.cipher_suites = {0x1301, 0xC02B, 0xC02F, 0xCCA9};
  ch.compression_methods = {0};
  auto& ext = ch.extensions;
  ext.extended_master_secret = true;
  ext.renegotiation_info = std::vector<uint8_t>{};
  ext.supported_groups = {0x11EC, 29, 23, 24};
  ext.ec_point_formats = std::vector<uint8_t>{0};
  ext.signature_algorithms = {0x0403, 0x0804, 0x0401};
  ext.srtp_profiles = std::vector<uint16_t>{7, 1};
  return ch;
}

// Splits a handshake message into records of at most `chunk` body bytes, one record per datagram.
std::vector<std::vector<uint8_t>> fragment_into_datagrams(HandshakeType type, std::span<const uint8_t> body,
                                                          size_t chunk, uint16_t message_seq = 0,
                                                          uint64_t first_record_seq = 0) {
  std::vector<std::vector<uint8_t>> out;
  uint64_t record_seq = first_record_seq;
  for (size_t off = 0; off < body.size() || (off == 0 && body.empty()); off += chunk) {
    size_t len = std::min(chunk, body.size() - off);
    std::vector<uint8_t> d(kRecordHeaderSize + kHandshakeHeaderSize + len);
    write_record_header(std::span<uint8_t, kRecordHeaderSize>(d.data(), kRecordHeaderSize), ContentType::kHandshake,
                        kDtls10, 0, record_seq++, static_cast<uint16_t>(kHandshakeHeaderSize + len));
    ByteWriter w(std::span<uint8_t>(d).subspan(kRecordHeaderSize));
    write_fragment_header(w, static_cast<uint8_t>(type), static_cast<uint32_t>(body.size()), message_seq,
                          static_cast<uint32_t>(off), static_cast<uint32_t>(len));
    w.write_bytes(body.subspan(off, len));
    out.push_back(std::move(d));
    if (body.empty()) break;
  }
  return out;
}

struct ServerRun {
  std::vector<Output> outputs;
  State state;
};

ServerRun feed_server(const ClientHello& ch, size_t chunk = 4000, bool reverse = false) {
  SeededRandom rng(3);
  DtlsSettings s;
  s.role = Role::kServer;
  s.identity = server_identity();
  s.remote_fingerprints = {server_identity()->certificate.sdp_fingerprint()};
  s.hello_verify_request = false;
  auto server = Connection::create(s, rng);
  EXPECT_TRUE(server);
  ByteBuffer body;
  ch.write(body);
  auto datagrams = fragment_into_datagrams(HandshakeType::kClientHello, body.view(), chunk);
  if (reverse) std::reverse(datagrams.begin(), datagrams.end());
  for (const auto& d : datagrams) (*server)->handle_input(d, Timestamp());
  ServerRun run;
  while (auto o = (*server)->poll_output()) run.outputs.push_back(std::move(*o));
  run.state = (*server)->state();
  return run;
}

const Output* failure(const ServerRun& run) {
  for (const auto& o : run.outputs) {
    if (o.kind == Output::Kind::kFailed) return &o;
  }
  return nullptr;
}

TEST(ServerNegotiation, LargeDtls13OfferSpanningManyRecords) {
  // A DTLS 1.3 offer with a 1216-byte X25519MLKEM768 key share (as Chromium and Firefox send), cut into
  // 200-byte fragments that arrive in reverse order.
  ClientHello ch = browser_like_hello();
  ch.extensions.supported_versions = {0xFEFC, kDtls12};
  ByteBuffer body;
  ch.write(body);
  // Append a key_share extension by hand (the codec only notes its presence).
  std::vector<uint8_t> b = body.take();
  std::vector<uint8_t> key_share = {0x00, 0x33};
  uint16_t share_len = 1216 + 32 + 8;
  uint16_t ext_len = static_cast<uint16_t>(2 + share_len);
  key_share.push_back(static_cast<uint8_t>(ext_len >> 8));
  key_share.push_back(static_cast<uint8_t>(ext_len));
  key_share.push_back(static_cast<uint8_t>(share_len >> 8));
  key_share.push_back(static_cast<uint8_t>(share_len));
  key_share.insert(key_share.end(), {0x11, 0xEC, 0x04, 0xC0});
  key_share.insert(key_share.end(), 1216, 0x77);
  key_share.insert(key_share.end(), {0x00, 0x1D, 0x00, 0x20});
  key_share.insert(key_share.end(), 32, 0x55);
  // Patch the extensions length (the 2 bytes where the extension block starts).
  size_t ext_start = 2 + 32 + 1 + 1 + 2 + ch.cipher_suites.size() * 2 + 1 + 1;
  uint16_t old_len = static_cast<uint16_t>((b[ext_start] << 8) | b[ext_start + 1]);
  uint16_t new_len = static_cast<uint16_t>(old_len + key_share.size());
  b[ext_start] = static_cast<uint8_t>(new_len >> 8);
  b[ext_start + 1] = static_cast<uint8_t>(new_len);
  b.insert(b.end(), key_share.begin(), key_share.end());
  auto parsed = ClientHello::parse(b);
  ASSERT_TRUE(parsed);
  ASSERT_TRUE(parsed->extensions.has_key_share);

  SeededRandom rng(3);
  DtlsSettings s;
  s.role = Role::kServer;
  s.identity = server_identity();
  s.hello_verify_request = false;
  auto server = Connection::create(s, rng);
  ASSERT_TRUE(server);
  auto datagrams = fragment_into_datagrams(HandshakeType::kClientHello, b, 200);
  ASSERT_GE(datagrams.size(), 7u);
  std::reverse(datagrams.begin(), datagrams.end());
  for (const auto& d : datagrams) (*server)->handle_input(d, Timestamp());
  (*server)->handle_input(datagrams.front(), Timestamp());  // a duplicate
  auto out = (*server)->poll_output();
  ASSERT_TRUE(out);
  ASSERT_EQ(out->kind, Output::Kind::kTransmit);
  ByteReader r(out->data);
  auto rec = read_record(r);
  ByteReader hr(rec->fragment);
  auto f = read_handshake_fragment(hr);
  ASSERT_TRUE(f);
  ASSERT_EQ(f->msg_type, static_cast<uint8_t>(HandshakeType::kServerHello));
  auto sh = ServerHello::parse(f->fragment);
  ASSERT_TRUE(sh);
  EXPECT_EQ(sh->server_version, kDtls12);
  EXPECT_EQ(sh->cipher_suite, 0xC02B);
  EXPECT_EQ((*server)->state(), State::kWaitClientCertificate);
}

TEST(ServerNegotiation, RefusesClientWithoutExtendedMasterSecret) {
  ClientHello ch = browser_like_hello();
  ch.extensions.extended_master_secret = false;
  auto run = feed_server(ch);
  const Output* f = failure(run);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->alert, AlertDescription::kHandshakeFailure);
  EXPECT_STREQ(f->error.detail, "client does not support extended_master_secret");
}

TEST(ServerNegotiation, RefusesDtls10Only) {
  ClientHello ch = browser_like_hello();
  ch.client_version = kDtls10;
  auto run = feed_server(ch);
  const Output* f = failure(run);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->alert, AlertDescription::kProtocolVersion);
}

TEST(ServerNegotiation, RefusesWithoutCommonSuite) {
  ClientHello ch = browser_like_hello();
  ch.cipher_suites = {0x009C, 0xC02F};  // RSA-only suites; our certificate is ECDSA
  auto run = feed_server(ch);
  const Output* f = failure(run);
  ASSERT_NE(f, nullptr);
  EXPECT_STREQ(f->error.detail, "no common cipher suite");
}

TEST(ServerNegotiation, RefusesWithoutCommonGroupOrSignature) {
  ClientHello ch = browser_like_hello();
  ch.extensions.supported_groups = {0x11EC, 30};
  auto run = feed_server(ch);
  ASSERT_NE(failure(run), nullptr);
  EXPECT_STREQ(failure(run)->error.detail, "no common ECDHE group");
  ch = browser_like_hello();
  ch.extensions.signature_algorithms = {0x0201};
  run = feed_server(ch);
  ASSERT_NE(failure(run), nullptr);
  EXPECT_STREQ(failure(run)->error.detail, "no common signature scheme for ServerKeyExchange");
}

TEST(ServerNegotiation, RefusesWithoutUseSrtp) {
  ClientHello ch = browser_like_hello();
  ch.extensions.srtp_profiles.reset();
  auto run = feed_server(ch);
  ASSERT_NE(failure(run), nullptr);
  EXPECT_STREQ(failure(run)->error.detail, "client did not offer use_srtp");
}

TEST(ServerNegotiation, RefusesNonEmptyRenegotiationInfo) {
  ClientHello ch = browser_like_hello();
  ch.extensions.renegotiation_info = std::vector<uint8_t>(12, 1);
  auto run = feed_server(ch);
  ASSERT_NE(failure(run), nullptr);
  EXPECT_EQ(failure(run)->alert, AlertDescription::kHandshakeFailure);
}

TEST(ServerNegotiation, CookieMustMatch) {
  SeededRandom rng(3);
  DtlsSettings s;
  s.role = Role::kServer;
  s.identity = server_identity();
  s.cookie_context = {127, 0, 0, 1, 0x13, 0x88};
  auto server = Connection::create(s, rng);
  ASSERT_TRUE(server);
  ClientHello ch = browser_like_hello();
  ch.cookie = std::vector<uint8_t>(32, 0xEE);  // forged
  ByteBuffer body;
  ch.write(body);
  for (const auto& d : fragment_into_datagrams(HandshakeType::kClientHello, body.view(), 4000)) {
    (*server)->handle_input(d, Timestamp());
  }
  auto out = (*server)->poll_output();
  ASSERT_TRUE(out);
  ByteReader r(out->data);
  auto rec = read_record(r);
  ByteReader hr(rec->fragment);
  auto f = read_handshake_fragment(hr);
  ASSERT_EQ(f->msg_type, static_cast<uint8_t>(HandshakeType::kHelloVerifyRequest));
  auto hvr = HelloVerifyRequest::parse(f->fragment);
  ASSERT_TRUE(hvr);
  EXPECT_EQ(hvr->cookie.size(), 32u);
  EXPECT_EQ((*server)->state(), State::kWaitClientHello);
  EXPECT_EQ((*server)->stats().hello_verify_requests_sent, 1u);

  // With the right cookie (message_seq 1, as a client's second ClientHello) the handshake proceeds.
  ch.cookie = hvr->cookie;
  ByteBuffer body2;
  ch.write(body2);
  for (const auto& d : fragment_into_datagrams(HandshakeType::kClientHello, body2.view(), 4000, 1, 1)) {
    (*server)->handle_input(d, Timestamp());
  }
  EXPECT_EQ((*server)->state(), State::kWaitClientCertificate);
}

// RFC 6347 4.2.1: "the server MUST use the record sequence number in the ClientHello as the record
// sequence number in the HelloVerifyRequest". Each answer echoes its hello's number and consumes none
// of the server's own; the flight that follows continues from the accepted hello's number, so no
// record of the server ever repeats one a HelloVerifyRequest used.
TEST(ServerNegotiation, HelloVerifyRequestEchoesRecordSequenceNumber) {
  SeededRandom rng(3);
  DtlsSettings s;
  s.role = Role::kServer;
  s.identity = server_identity();
  s.remote_fingerprints = {server_identity()->certificate.sdp_fingerprint()};
  auto server = Connection::create(s, rng);
  ASSERT_TRUE(server);
  ClientHello ch = browser_like_hello();
  ByteBuffer body;
  ch.write(body);
  auto answer = [&](uint64_t record_seq) -> std::pair<uint64_t, std::vector<uint8_t>> {
    for (const auto& d : fragment_into_datagrams(HandshakeType::kClientHello, body.view(), 4000, 0, record_seq)) {
      (*server)->handle_input(d, Timestamp());
    }
    auto out = (*server)->poll_output();
    EXPECT_TRUE(out);
    EXPECT_FALSE((*server)->poll_output());
    if (!out) return {~uint64_t{0}, {}};
    ByteReader r(out->data);
    auto rec = read_record(r);
    EXPECT_TRUE(rec);
    ByteReader hr(rec->fragment);
    auto f = read_handshake_fragment(hr);
    EXPECT_TRUE(f);
    EXPECT_EQ(f->msg_type, static_cast<uint8_t>(HandshakeType::kHelloVerifyRequest));
    auto hvr = HelloVerifyRequest::parse(f->fragment);
    EXPECT_TRUE(hvr);
    return {rec->sequence_number, hvr ? hvr->cookie : std::vector<uint8_t>{}};
  };
  EXPECT_EQ(answer(7).first, 7u);
  EXPECT_EQ(answer(3).first, 3u);  // a lower number too: nothing about the first hello was kept
  auto [seq, cookie] = answer(40);
  EXPECT_EQ(seq, 40u);
  EXPECT_EQ((*server)->stats().hello_verify_requests_sent, 3u);
  EXPECT_EQ((*server)->state(), State::kWaitClientHello);

  ch.cookie = cookie;
  ByteBuffer body2;
  ch.write(body2);
  constexpr uint64_t kHelloSeq = 0x123456789ull;  // all 48 bits carry over
  for (const auto& d : fragment_into_datagrams(HandshakeType::kClientHello, body2.view(), 4000, 1, kHelloSeq)) {
    (*server)->handle_input(d, Timestamp());
  }
  ASSERT_EQ((*server)->state(), State::kWaitClientCertificate);
  std::vector<uint64_t> seqs;
  while (auto o = (*server)->poll_output()) {
    ByteReader r(o->data);
    while (!r.empty()) {
      auto rec = read_record(r);
      ASSERT_TRUE(rec);
      EXPECT_EQ(rec->epoch, 0);
      seqs.push_back(rec->sequence_number);
    }
  }
  ASSERT_FALSE(seqs.empty());
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], kHelloSeq + i);
}

TEST(ClientLimits, EndlessHelloVerifyRequestsFail) {
  SeededRandom rng(4);
  DtlsSettings s;
  s.role = Role::kClient;
  s.identity = server_identity();
  auto client = Connection::create(s, rng);
  ASSERT_TRUE(client);
  (*client)->start(Timestamp());
  for (uint16_t seq = 0; seq < 10 && (*client)->state() != State::kFailed; ++seq) {
    HelloVerifyRequest hvr{kDtls10, {1, 2, 3}};
    ByteBuffer body;
    hvr.write(body);
    for (const auto& d : fragment_into_datagrams(HandshakeType::kHelloVerifyRequest, body.view(), 4000, seq, seq)) {
      (*client)->handle_input(d, Timestamp());
    }
  }
  EXPECT_EQ((*client)->state(), State::kFailed);
  Output last;
  while (auto o = (*client)->poll_output()) last = std::move(*o);
  EXPECT_EQ(last.kind, Output::Kind::kFailed);
  EXPECT_STREQ(last.error.detail, "too many HelloVerifyRequests");
}

}  // namespace
}  // namespace purertc::dtls
