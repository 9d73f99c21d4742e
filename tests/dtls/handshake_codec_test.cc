// Codec tests for every handshake message: captured browser bytes where we have them, round trips, and
// one test per malformed case.
#include <gtest/gtest.h>

#include <algorithm>

#include "dtls/handshake_reassembler.h"
#include "dtls/packet/certificate.h"
#include "dtls/packet/certificate_request.h"
#include "dtls/packet/certificate_verify.h"
#include "dtls/packet/client_hello.h"
#include "dtls/packet/client_key_exchange.h"
#include "dtls/packet/finished.h"
#include "dtls/packet/handshake_header.h"
#include "dtls/packet/hello_verify_request.h"
#include "dtls/packet/record.h"
#include "dtls/packet/server_hello.h"
#include "dtls/packet/server_key_exchange.h"
#include "tests/dtls/test_util.h"

namespace purertc::dtls {
namespace {

using testing::hex;

// Reassembles the captured Chromium 156 ClientHello (two records in two datagrams).
std::vector<uint8_t> chromium_client_hello_body() {
  auto datagrams = testing::load_hex_datagrams("chromium156_client_hello.hex");
  HandshakeReassembler reassembler(ReassemblyLimits{});
  for (const auto& d : datagrams) {
    ByteReader r(d);
    while (!r.empty()) {
      auto rec = read_record(r);
      EXPECT_TRUE(rec);
      if (!rec) return {};
      ByteReader hr(rec->fragment);
      auto frag = read_handshake_fragment(hr);
      EXPECT_TRUE(frag);
      if (!frag) return {};
      EXPECT_EQ(reassembler.add(*frag, 0), HandshakeReassembler::AddResult::kAccepted);
    }
  }
  auto m = reassembler.pop();
  EXPECT_TRUE(m);
  if (!m) return {};
  EXPECT_EQ(m->type, static_cast<uint8_t>(HandshakeType::kClientHello));
  return m->body;
}

TEST(ClientHello, ParsesCapturedChromium156) {
  auto body = chromium_client_hello_body();
  ASSERT_EQ(body.size(), 0x585u);
  auto ch = ClientHello::parse(body);
  ASSERT_TRUE(ch) << to_string(ch.error());
  EXPECT_EQ(ch->client_version, kDtls12);
  EXPECT_TRUE(ch->cookie.empty());
  EXPECT_NE(std::find(ch->cipher_suites.begin(), ch->cipher_suites.end(), 0xC02B), ch->cipher_suites.end());
  const auto& ext = ch->extensions;
  // DTLS 1.3 offered next to 1.2, with a post-quantum key share: the reason the hello spans records.
  EXPECT_NE(std::find(ext.supported_versions.begin(), ext.supported_versions.end(), 0xFEFC), ext.supported_versions.end());
  EXPECT_NE(std::find(ext.supported_versions.begin(), ext.supported_versions.end(), kDtls12), ext.supported_versions.end());
  EXPECT_TRUE(ext.has_key_share);
  EXPECT_NE(std::find(ext.supported_groups.begin(), ext.supported_groups.end(), 0x11EC), ext.supported_groups.end());
  EXPECT_TRUE(ext.extended_master_secret);
  ASSERT_TRUE(ext.srtp_profiles);
  EXPECT_NE(std::find(ext.srtp_profiles->begin(), ext.srtp_profiles->end(), 0x0001), ext.srtp_profiles->end());
  EXPECT_TRUE(ext.srtp_mki.empty());
  ASSERT_TRUE(ext.renegotiation_info);
  EXPECT_TRUE(ext.renegotiation_info->empty());
  EXPECT_FALSE(ext.signature_algorithms.empty());
}

TEST(ClientHello, RoundTrip) {
  ClientHello ch;
  ch.client_version = kDtls12;
  std::fill(ch.random.begin(), ch.random.end(), 0xAB);
  ch.cookie = {1, 2, 3};
  ch.cipher_suites = {0xC02B, 0xCCA9};
  ch.compression_methods = {0};
  ch.extensions.extended_master_secret = true;
  ch.extensions.supported_groups = {29, 23};
  ch.extensions.signature_algorithms = {0x0403};
  ch.extensions.ec_point_formats = std::vector<uint8_t>{0};
  ch.extensions.srtp_profiles = std::vector<uint16_t>{1, 7};
  ch.extensions.renegotiation_info = std::vector<uint8_t>{};
  ByteBuffer b;
  ch.write(b);
  auto parsed = ClientHello::parse(b.view());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->cookie, ch.cookie);
  EXPECT_EQ(parsed->cipher_suites, ch.cipher_suites);
  EXPECT_EQ(parsed->random, ch.random);
  EXPECT_EQ(parsed->extensions.supported_groups, ch.extensions.supported_groups);
  EXPECT_EQ(parsed->extensions.srtp_profiles, ch.extensions.srtp_profiles);
  EXPECT_TRUE(parsed->extensions.extended_master_secret);
  EXPECT_EQ(parsed->cookie_field_offset, 2u + 32u + 1u);
  ByteBuffer again;
  parsed->write(again);
  EXPECT_EQ(to_hex(again.view()), to_hex(b.view()));
}

TEST(ClientHello, EveryTruncationFails) {
  auto body = chromium_client_hello_body();
  ASSERT_FALSE(body.empty());
  // Cutting the message anywhere must fail cleanly (the extensions block carries its own length).
  for (size_t n = 0; n < body.size(); n += 7) {
    EXPECT_FALSE(ClientHello::parse(std::span<const uint8_t>(body).first(n))) << "length " << n;
  }
}

TEST(ClientHello, Malformed) {
  auto base = hex("fefd" + std::string(64, 'a') + "00" "00" "0002c02b" "0100");
  ASSERT_TRUE(ClientHello::parse(base));
  auto long_sid = hex("fefd" + std::string(64, 'a') + "21" + std::string(66, '0') + "00" "0002c02b" "0100");
  EXPECT_FALSE(ClientHello::parse(long_sid));
  auto odd_suites = hex("fefd" + std::string(64, 'a') + "00" "00" "0003c02b00" "0100");
  EXPECT_FALSE(ClientHello::parse(odd_suites));
  auto no_compression = hex("fefd" + std::string(64, 'a') + "00" "00" "0002c02b" "00");
  EXPECT_FALSE(ClientHello::parse(no_compression));
  auto dup_ext = hex("fefd" + std::string(64, 'a') + "00" "00" "0002c02b" "0100" "0008" "00170000" "00170000");
  EXPECT_FALSE(ClientHello::parse(dup_ext));
  auto bad_ext_len = hex("fefd" + std::string(64, 'a') + "00" "00" "0002c02b" "0100" "0005" "00170000");
  EXPECT_FALSE(ClientHello::parse(bad_ext_len));
  auto ems_not_empty = hex("fefd" + std::string(64, 'a') + "00" "00" "0002c02b" "0100" "0005" "0017000100");
  EXPECT_FALSE(ClientHello::parse(ems_not_empty));
}

TEST(Extensions, UseSrtpForms) {
  auto ok = HelloExtensions::parse(hex("0009" "000e0005" "0002000100"), true);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok->srtp_profiles, std::vector<uint16_t>{1});
  EXPECT_FALSE(HelloExtensions::parse(hex("0009" "000e0005" "0003000100"), true));  // odd profile length
  EXPECT_FALSE(HelloExtensions::parse(hex("0009" "000e0005" "0002000101"), true));  // MKI past the end
  EXPECT_FALSE(HelloExtensions::parse(hex("0008" "000e0004" "00020001"), true));    // no MKI length
  auto unknown = HelloExtensions::parse(hex("0006" "fafa0002" "0000"), true);  // GREASE is skipped
  ASSERT_TRUE(unknown);
  EXPECT_EQ(srtp_keying_material_size(SrtpProtectionProfile::kAes128CmHmacSha1_80), 60u);
  EXPECT_EQ(srtp_keying_material_size(SrtpProtectionProfile::kAeadAes128Gcm), 56u);
}

TEST(HelloVerifyRequest, RoundTripAndMalformed) {
  HelloVerifyRequest hvr{kDtls10, {9, 8, 7}};
  ByteBuffer b;
  hvr.write(b);
  EXPECT_EQ(to_hex(b.view()), "feff03090807");
  auto p = HelloVerifyRequest::parse(b.view());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->cookie, hvr.cookie);
  EXPECT_FALSE(HelloVerifyRequest::parse(hex("feff040908 07")));
  EXPECT_FALSE(HelloVerifyRequest::parse(hex("feff02090807")));
  EXPECT_FALSE(HelloVerifyRequest::parse(hex("fe")));
}

TEST(ServerHello, RoundTripAndMalformed) {
  ServerHello sh;
  sh.server_version = kDtls12;
  sh.random.fill(3);
  sh.cipher_suite = 0xC02B;
  sh.extensions.extended_master_secret = true;
  sh.extensions.srtp_profiles = std::vector<uint16_t>{7};
  sh.extensions.renegotiation_info = std::vector<uint8_t>{};
  sh.extensions.ec_point_formats = std::vector<uint8_t>{0};
  ByteBuffer b;
  sh.write(b);
  auto p = ServerHello::parse(b.view());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->cipher_suite, 0xC02B);
  EXPECT_EQ(*p->extensions.srtp_profiles, std::vector<uint16_t>{7});
  EXPECT_TRUE(p->extensions.extended_master_secret);
  // Without extensions the message ends after the compression method (38 bytes); any other cut fails.
  for (size_t n = 0; n < b.size(); ++n) {
    if (n == 38) continue;
    EXPECT_FALSE(ServerHello::parse(b.view().first(n))) << n;
  }
  EXPECT_TRUE(ServerHello::parse(b.view().first(38)));
}

TEST(Certificate, RoundTripAndMalformed) {
  CertificateMessage c;
  c.certificates = {{1, 2, 3}, {4}};
  ByteBuffer b;
  c.write(b);
  EXPECT_EQ(to_hex(b.view()), "00000a" "000003010203" "00000104");
  auto p = CertificateMessage::parse(b.view());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->certificates, c.certificates);
  EXPECT_TRUE(CertificateMessage::parse(hex("000000"))->certificates.empty());
  EXPECT_FALSE(CertificateMessage::parse(hex("00000b000003010203000001 04")));
  EXPECT_FALSE(CertificateMessage::parse(hex("000003000000")));  // zero-length entry
  EXPECT_FALSE(CertificateMessage::parse(hex("000004000005 01")));
}

TEST(ServerKeyExchange, RoundTripAndMalformed) {
  ServerKeyExchange ske;
  ske.named_group = 29;
  ske.public_key.assign(32, 0x11);
  ske.signature_scheme = 0x0403;
  ske.signature = {0x30, 0x01, 0x00};
  ByteBuffer b;
  ske.write(b);
  auto p = ServerKeyExchange::parse(b.view());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->public_key, ske.public_key);
  EXPECT_EQ(p->signature, ske.signature);
  EXPECT_EQ(to_hex(p->params()).substr(0, 8), "03001d20");
  auto explicit_curve = b.take();
  explicit_curve[0] = 1;
  EXPECT_FALSE(ServerKeyExchange::parse(explicit_curve));
  EXPECT_FALSE(ServerKeyExchange::parse(hex("03001d00")));  // empty point
  ByteBuffer b2;
  ske.write(b2);
  auto trailing = b2.take();
  trailing.push_back(0);
  EXPECT_FALSE(ServerKeyExchange::parse(trailing));
}

TEST(CertificateRequest, RoundTripAndMalformed) {
  CertificateRequest req;
  req.certificate_types = {64, 1};
  req.signature_algorithms = {0x0403, 0x0804};
  ByteBuffer b;
  req.write(b);
  EXPECT_EQ(to_hex(b.view()), "024001" "000404030804" "0000");
  auto p = CertificateRequest::parse(b.view());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->signature_algorithms, req.signature_algorithms);
  EXPECT_FALSE(CertificateRequest::parse(hex("00" "00020403" "0000")));    // no certificate types
  EXPECT_FALSE(CertificateRequest::parse(hex("0140" "0003040308" "0000")));  // odd length
  EXPECT_FALSE(CertificateRequest::parse(hex("0140" "00020403" "0001")));   // authorities truncated
}

TEST(ClientKeyExchange, RoundTripAndMalformed) {
  ClientKeyExchange cke{std::vector<uint8_t>(65, 4)};
  ByteBuffer b;
  cke.write(b);
  EXPECT_EQ(b.size(), 66u);
  auto p = ClientKeyExchange::parse(b.view());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->public_key, cke.public_key);
  EXPECT_FALSE(ClientKeyExchange::parse(hex("00")));
  EXPECT_FALSE(ClientKeyExchange::parse(hex("0201")));
  EXPECT_FALSE(ClientKeyExchange::parse(hex("01010101")));
}

TEST(CertificateVerify, RoundTripAndMalformed) {
  CertificateVerify cv{0x0403, {1, 2, 3, 4}};
  ByteBuffer b;
  cv.write(b);
  EXPECT_EQ(to_hex(b.view()), "0403000401020304");
  auto p = CertificateVerify::parse(b.view());
  ASSERT_TRUE(p);
  EXPECT_EQ(p->signature, cv.signature);
  EXPECT_FALSE(CertificateVerify::parse(hex("0403000501020304")));
  EXPECT_FALSE(CertificateVerify::parse(hex("040300")));
}

TEST(Finished, FixedForms) {
  EXPECT_TRUE(Finished::parse(hex("000102030405060708090a0b")));
  EXPECT_FALSE(Finished::parse(hex("000102030405060708090a")));
  EXPECT_TRUE(parse_server_hello_done({}));
  EXPECT_FALSE(parse_server_hello_done(hex("00")));
  EXPECT_TRUE(parse_change_cipher_spec(hex("01")));
  EXPECT_FALSE(parse_change_cipher_spec(hex("02")));
  EXPECT_FALSE(parse_change_cipher_spec(hex("0101")));
}

TEST(HandshakeHeader, FragmentBounds) {
  auto ok = hex("0b 000010 0003 000004 000002 aabb");
  ByteReader r(ok);
  auto f = read_handshake_fragment(r);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->msg_type, 11);
  EXPECT_EQ(f->length, 16u);
  EXPECT_EQ(f->message_seq, 3);
  EXPECT_EQ(f->fragment_offset, 4u);
  EXPECT_EQ(f->fragment.size(), 2u);
  auto past_end = hex("0b 000010 0003 00000f 000002 aabb");
  ByteReader r2(past_end);
  EXPECT_EQ(read_handshake_fragment(r2).error().code, Errc::kMalformed);
  auto truncated = hex("0b 000010 0003 000000 000004 aabb");
  ByteReader r3(truncated);
  EXPECT_EQ(read_handshake_fragment(r3).error().code, Errc::kTruncated);
  ByteBuffer b;
  write_handshake_header(b, HandshakeType::kFinished, 12, 5);
  EXPECT_EQ(to_hex(b.view()), "1400000c000500000000000c");
  EXPECT_EQ(to_string(HandshakeType::kServerKeyExchange), "server_key_exchange");
}

}  // namespace
}  // namespace purertc::dtls
