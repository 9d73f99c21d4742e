// DTLS interop against real implementations on 127.0.0.1: OpenSSL (s_server / s_client -dtls1_2) and
// GnuTLS (gnutls-serv / gnutls-cli --udp). Each test checks the handshake, the RFC 5705 DTLS-SRTP keying
// material printed by the peer against ours byte for byte (where the peer prints it), and application
// data in both directions.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "common/hex.h"
#include "crypto/csprng.h"
#include "dtls/connection.h"
#include "tests/dtls/dtls_harness.h"
#include "tests/dtls/interop_util.h"

namespace purertc::dtls {
namespace {

using namespace testing;

#define PURERTC_REQUIRE_PEER(binary, package)                                   \
  do {                                                                          \
    if (!have_binary(binary)) {                                                 \
      if (std::getenv("CI") != nullptr) FAIL() << binary " missing in CI";     \
      GTEST_SKIP() << "install " package;                                       \
    }                                                                           \
  } while (0)

struct Peers {
  std::shared_ptr<const crypto::Identity> ours = make_identity(crypto::KeyType::kEcdsaP256, 101);
  std::shared_ptr<const crypto::Identity> theirs = make_identity(crypto::KeyType::kEcdsaP256, 102);
};
const Peers& peers() {
  static Peers p;
  return p;
}

void write_peer_files(const TempDir& dir) {
  dir.write_text("peer.pem", peers().theirs->certificate.to_pem());
  dir.write_text("peer.key", peers().theirs->key.to_pem());
}

DtlsSettings our_settings(Role role, CipherSuite suite, SrtpProtectionProfile profile) {
  DtlsSettings s;
  s.role = role;
  s.identity = peers().ours;
  s.remote_fingerprints = {peers().theirs->certificate.sdp_fingerprint()};
  s.cipher_suites = {suite};
  s.srtp_profiles = {profile};
  return s;
}

// "Keying material: 0A1B..." (OpenSSL) or "- Key material: 0a1b..." (GnuTLS), lower-cased.
std::string printed_keying_material(const std::string& log) {
  for (const char* label : {"Keying material: ", "Key material: "}) {
    size_t at = log.find(label);
    if (at == std::string::npos) continue;
    std::string hex;
    for (size_t i = at + std::string(label).size(); i < log.size() && std::isxdigit(static_cast<unsigned char>(log[i]));
         ++i) {
      hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(log[i]))));
    }
    return hex;
  }
  return "";
}

struct Case {
  CipherSuite suite;
  const char* openssl_cipher;
  SrtpProtectionProfile profile;
  const char* openssl_profile;
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = std::string(info.param.openssl_cipher) + "_" + info.param.openssl_profile;
  std::replace_if(n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return n;
}

const Case kCases[] = {
    {CipherSuite::kEcdheEcdsaWithAes128GcmSha256, "ECDHE-ECDSA-AES128-GCM-SHA256",
     SrtpProtectionProfile::kAes128CmHmacSha1_80, "SRTP_AES128_CM_SHA1_80"},
    {CipherSuite::kEcdheEcdsaWithAes128GcmSha256, "ECDHE-ECDSA-AES128-GCM-SHA256",
     SrtpProtectionProfile::kAeadAes128Gcm, "SRTP_AEAD_AES_128_GCM"},
    {CipherSuite::kEcdheEcdsaWithAes256GcmSha384, "ECDHE-ECDSA-AES256-GCM-SHA384",
     SrtpProtectionProfile::kAes128CmHmacSha1_80, "SRTP_AES128_CM_SHA1_80"},
    {CipherSuite::kEcdheEcdsaWithChaCha20Poly1305Sha256, "ECDHE-ECDSA-CHACHA20-POLY1305",
     SrtpProtectionProfile::kAes128CmHmacSha1_32, "SRTP_AES128_CM_SHA1_32"},
};

class OpensslInterop : public ::testing::TestWithParam<Case> {};

TEST_P(OpensslInterop, PurertcClientVsOpensslServer) {
  PURERTC_REQUIRE_PEER("openssl", "openssl");
  const Case& c = GetParam();
  TempDir dir;
  write_peer_files(dir);
  uint16_t port = free_udp_port();
  size_t km_len = srtp_keying_material_size(c.profile);
  PeerProcess server("openssl s_server -dtls1_2 -accept 127.0.0.1:" + std::to_string(port) +
                         " -naccept 1 -cert " + dir.path("peer.pem") + " -key " + dir.path("peer.key") +
                         " -verify 1 -cipher " + c.openssl_cipher + " -use_srtp " + c.openssl_profile +
                         " -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen " + std::to_string(km_len) +
                         " -no_ticket",
                     dir.path("server.log"));
  ASSERT_TRUE(server.wait_for_log("ACCEPT", 5000)) << server.log();

  auto rng = crypto::Csprng::create();
  ASSERT_TRUE(rng);
  auto conn = Connection::create(our_settings(Role::kClient, c.suite, c.profile), **rng);
  ASSERT_TRUE(conn);
  UdpSocket socket;
  socket.set_peer_port(port);
  (*conn)->start(wall_now());
  bool connected = false, failed = false;
  std::string received;
  auto on_output = [&](Output& o) {
    if (o.kind == Output::Kind::kConnected) connected = true;
    if (o.kind == Output::Kind::kFailed) failed = true;
    if (o.kind == Output::Kind::kData) received.append(o.data.begin(), o.data.end());
  };
  ASSERT_TRUE(drive(**conn, socket, [&] { return connected || failed; }, on_output, 10000)) << server.log();
  ASSERT_TRUE(connected) << server.log();
  EXPECT_EQ((*conn)->srtp_profile(), c.profile);

  ASSERT_TRUE(server.wait_for_log("Keying material", 3000)) << server.log();
  auto ours = (*conn)->export_keying_material("EXTRACTOR-dtls_srtp", km_len);
  ASSERT_TRUE(ours);
  EXPECT_EQ(printed_keying_material(server.log()), to_hex(*ours));

  std::string hello = "hello from purertc\n";
  ASSERT_TRUE((*conn)->send(std::vector<uint8_t>(hello.begin(), hello.end()), wall_now()));
  server.write_stdin("hello from openssl\n");
  drive(**conn, socket, [&] { return received.find("hello from openssl") != std::string::npos; }, on_output, 5000);
  EXPECT_NE(received.find("hello from openssl"), std::string::npos);
  EXPECT_TRUE(server.wait_for_log("hello from purertc", 3000)) << server.log();
  (*conn)->close(wall_now());
  drive(**conn, socket, [] { return true; }, on_output, 100);
}

TEST_P(OpensslInterop, OpensslClientVsPurertcServer) {
  PURERTC_REQUIRE_PEER("openssl", "openssl");
  const Case& c = GetParam();
  TempDir dir;
  write_peer_files(dir);
  UdpSocket socket;
  ASSERT_TRUE(socket.ok());
  auto rng = crypto::Csprng::create();
  ASSERT_TRUE(rng);
  auto conn = Connection::create(our_settings(Role::kServer, c.suite, c.profile), **rng);
  ASSERT_TRUE(conn);
  size_t km_len = srtp_keying_material_size(c.profile);
  PeerProcess client("openssl s_client -dtls1_2 -connect 127.0.0.1:" + std::to_string(socket.port()) +
                         " -cert " + dir.path("peer.pem") + " -key " + dir.path("peer.key") + " -cipher " +
                         c.openssl_cipher + " -use_srtp " + c.openssl_profile +
                         " -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen " + std::to_string(km_len) +
                         " -no_ticket",
                     dir.path("client.log"));
  bool connected = false, failed = false;
  std::string received;
  auto on_output = [&](Output& o) {
    if (o.kind == Output::Kind::kConnected) connected = true;
    if (o.kind == Output::Kind::kFailed) failed = true;
    if (o.kind == Output::Kind::kData) received.append(o.data.begin(), o.data.end());
  };
  ASSERT_TRUE(drive(**conn, socket, [&] { return connected || failed; }, on_output, 10000)) << client.log();
  ASSERT_TRUE(connected) << client.log();
  EXPECT_GE((*conn)->stats().hello_verify_requests_sent, 1u);

  ASSERT_TRUE(client.wait_for_log("Keying material", 3000)) << client.log();
  auto ours = (*conn)->export_keying_material("EXTRACTOR-dtls_srtp", km_len);
  ASSERT_TRUE(ours);
  EXPECT_EQ(printed_keying_material(client.log()), to_hex(*ours));

  client.write_stdin("hello from openssl\n");
  std::string hello = "hello from purertc\n";
  ASSERT_TRUE((*conn)->send(std::vector<uint8_t>(hello.begin(), hello.end()), wall_now()));
  drive(**conn, socket, [&] { return received.find("hello from openssl") != std::string::npos; }, on_output, 5000);
  EXPECT_NE(received.find("hello from openssl"), std::string::npos);
  EXPECT_TRUE(client.wait_for_log("hello from purertc", 3000)) << client.log();

  // s_client renegotiates on a line "R": purertc refuses with a no_renegotiation warning. OpenSSL then
  // chooses to abort with a fatal alert (RFC 5246 7.4.1.2 leaves that to the client), which we report.
  client.write_stdin("R\n");
  ASSERT_TRUE(client.wait_for_log("RENEGOTIATING", 3000)) << client.log();
  drive(**conn, socket, [&] { return failed; }, on_output, 2000);
  EXPECT_EQ((*conn)->stats().renegotiations_refused, 1u) << client.log();
  EXPECT_NE((*conn)->state(), State::kWaitClientHello);
}

INSTANTIATE_TEST_SUITE_P(Suites, OpensslInterop, ::testing::ValuesIn(kCases), case_name);

const char* kGnutlsPriority =
    "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+ECDHE-ECDSA:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305";

TEST(GnutlsInterop, GnutlsClientVsPurertcServer) {
  PURERTC_REQUIRE_PEER("gnutls-cli", "gnutls-bin");
  TempDir dir;
  write_peer_files(dir);
  UdpSocket socket;
  auto rng = crypto::Csprng::create();
  ASSERT_TRUE(rng);
  auto conn = Connection::create(our_settings(Role::kServer, CipherSuite::kEcdheEcdsaWithAes128GcmSha256,
                                              SrtpProtectionProfile::kAes128CmHmacSha1_80),
                                 **rng);
  ASSERT_TRUE(conn);
  PeerProcess client(std::string("gnutls-cli --udp --insecure --priority='") + kGnutlsPriority +
                         "' --srtp-profiles=SRTP_AES128_CM_HMAC_SHA1_80 --keymatexport=EXTRACTOR-dtls_srtp"
                         " --keymatexportsize=60 --x509certfile " +
                         dir.path("peer.pem") + " --x509keyfile " + dir.path("peer.key") + " -p " +
                         std::to_string(socket.port()) + " 127.0.0.1",
                     dir.path("client.log"));
  bool connected = false, failed = false;
  std::string received;
  auto on_output = [&](Output& o) {
    if (o.kind == Output::Kind::kConnected) connected = true;
    if (o.kind == Output::Kind::kFailed) failed = true;
    if (o.kind == Output::Kind::kData) received.append(o.data.begin(), o.data.end());
  };
  ASSERT_TRUE(drive(**conn, socket, [&] { return connected || failed; }, on_output, 10000)) << client.log();
  ASSERT_TRUE(connected) << client.log();
  ASSERT_TRUE(client.wait_for_log("material", 3000)) << client.log();
  auto ours = (*conn)->export_keying_material("EXTRACTOR-dtls_srtp", 60);
  ASSERT_TRUE(ours);
  EXPECT_EQ(printed_keying_material(client.log()), to_hex(*ours)) << client.log();

  client.write_stdin("hello from gnutls\n");
  std::string hello = "hello from purertc\n";
  ASSERT_TRUE((*conn)->send(std::vector<uint8_t>(hello.begin(), hello.end()), wall_now()));
  drive(**conn, socket, [&] { return received.find("hello from gnutls") != std::string::npos; }, on_output, 5000);
  EXPECT_NE(received.find("hello from gnutls"), std::string::npos);
  EXPECT_TRUE(client.wait_for_log("hello from purertc", 3000)) << client.log();
}

TEST(GnutlsInterop, PurertcClientVsGnutlsServer) {
  PURERTC_REQUIRE_PEER("gnutls-serv", "gnutls-bin");
  TempDir dir;
  write_peer_files(dir);
  uint16_t port = free_udp_port();
  PeerProcess server(std::string("gnutls-serv --udp --echo --require-client-cert --priority='") + kGnutlsPriority +
                         "' --srtp-profiles=SRTP_AES128_CM_HMAC_SHA1_80 --x509certfile " + dir.path("peer.pem") +
                         " --x509keyfile " + dir.path("peer.key") + " -p " + std::to_string(port),
                     dir.path("server.log"));
  ASSERT_TRUE(server.wait_for_log("listening", 5000)) << server.log();
  auto rng = crypto::Csprng::create();
  ASSERT_TRUE(rng);
  auto conn = Connection::create(our_settings(Role::kClient, CipherSuite::kEcdheEcdsaWithAes128GcmSha256,
                                              SrtpProtectionProfile::kAes128CmHmacSha1_80),
                                 **rng);
  ASSERT_TRUE(conn);
  UdpSocket socket;
  socket.set_peer_port(port);
  (*conn)->start(wall_now());
  bool connected = false, failed = false;
  std::string received;
  auto on_output = [&](Output& o) {
    if (o.kind == Output::Kind::kConnected) connected = true;
    if (o.kind == Output::Kind::kFailed) failed = true;
    if (o.kind == Output::Kind::kData) received.append(o.data.begin(), o.data.end());
  };
  ASSERT_TRUE(drive(**conn, socket, [&] { return connected || failed; }, on_output, 10000)) << server.log();
  ASSERT_TRUE(connected) << server.log();
  EXPECT_EQ((*conn)->srtp_profile(), SrtpProtectionProfile::kAes128CmHmacSha1_80);
  // gnutls-serv --echo sends every record back.
  std::string hello = "echo me, gnutls\n";
  ASSERT_TRUE((*conn)->send(std::vector<uint8_t>(hello.begin(), hello.end()), wall_now()));
  drive(**conn, socket, [&] { return received.find("echo me") != std::string::npos; }, on_output, 5000);
  EXPECT_NE(received.find("echo me, gnutls"), std::string::npos) << server.log();
}

}  // namespace
}  // namespace purertc::dtls
