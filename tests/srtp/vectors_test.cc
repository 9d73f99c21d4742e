// Published SRTP test vectors: RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation),
// RFC 6188 7.2 (AES-256 PRF), libsrtp's srtp_driver reference packet (master key in: KDF, AES-CM and
// HMAC-SHA1 together), RFC 7714 16-17 (AES-GCM SRTP and SRTCP, 128 and 256 bits), RFC 6904 Appendix A
// (header extension encryption) and RFC 9335 Appendix A (cryptex, AES-CM and AES-GCM).
#include <gtest/gtest.h>

#include <vector>

#include "common/hex.h"
#include "srtp/context.h"
#include "srtp/key_derivation.h"
#include "tests/crypto/vectors.h"

namespace purertc::srtp {
namespace {

using crypto::testing::hex;

const std::vector<uint8_t> kRfc3711MasterKey = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
const std::vector<uint8_t> kRfc3711MasterSalt = hex("0EC675AD498AFEEBB6960B3AABE6");

std::string derive_hex(std::span<const uint8_t> key, std::span<const uint8_t> salt, KeyLabel label, size_t n) {
  auto kd = KeyDerivation::create(key, salt);
  EXPECT_TRUE(kd);
  std::vector<uint8_t> out(n);
  kd->derive(label, out);
  return to_hex(out);
}

// Protects `plain` with `ctx` in a buffer with tailroom and returns the wire bytes.
std::vector<uint8_t> protect(Context& ctx, const std::vector<uint8_t>& plain, bool rtcp = false) {
  std::vector<uint8_t> buf(plain.size() + 64);
  std::copy(plain.begin(), plain.end(), buf.begin());
  auto n = rtcp ? ctx.protect_rtcp(buf, plain.size()) : ctx.protect_rtp(buf, plain.size());
  EXPECT_TRUE(n) << (n ? "" : to_string(n.error()));
  buf.resize(n ? *n : 0);
  return buf;
}

std::vector<uint8_t> unprotect(Context& ctx, std::vector<uint8_t> wire, bool rtcp = false) {
  auto n = rtcp ? ctx.unprotect_rtcp(wire) : ctx.unprotect_rtp(wire);
  EXPECT_TRUE(n) << (n ? "" : to_string(n.error()));
  wire.resize(n ? *n : 0);
  return wire;
}

SessionKeys gcm_session_keys(Profile profile, std::string_view key) {
  SessionKeys keys;
  keys.profile = profile;
  auto k = hex(key);
  auto salt = hex("517569642070726f2071756f");  // "Quid pro quo"
  std::copy(k.begin(), k.end(), keys.rtp_key.begin());
  std::copy(k.begin(), k.end(), keys.rtcp_key.begin());
  std::copy(salt.begin(), salt.end(), keys.rtp_salt.begin());
  std::copy(salt.begin(), salt.end(), keys.rtcp_salt.begin());
  return keys;
}

// RFC 3711 B.2: with SSRC 0 and index 0 the IV is the session salt shifted by 16 bits, so a zero payload
// encrypts to the keystream itself. Session keys are set directly.
TEST(SrtpVectors, Rfc3711B2AesCmKeystream) {
  SessionKeys keys;
  keys.profile = Profile::kAes128CmHmacSha1_80;
  auto k = hex("2B7E151628AED2A6ABF7158809CF4F3C");
  auto s = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
  std::copy(k.begin(), k.end(), keys.rtp_key.begin());
  std::copy(s.begin(), s.end(), keys.rtp_salt.begin());
  auto ctx = Context::create(keys);
  ASSERT_TRUE(ctx);
  // The keystream segment of the RFC: 65282 blocks; the last three coincide with SP 800-38A F.5.1.
  std::vector<uint8_t> plain(12 + 1044512, 0);
  plain[0] = 0x80;
  auto wire = protect(*ctx, plain);
  ASSERT_EQ(wire.size(), plain.size() + 10);
  EXPECT_EQ(to_hex(std::span(wire).subspan(12, 48)),
            "e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab41e95b3bb0a2e8dd477901e4fca894c0");
  EXPECT_EQ(to_hex(std::span(wire).subspan(12 + 1044512 - 48, 48)),
            "ec8cdf7398607cb0f2d21675ea9ea1e4362b7c3c6773516318a077d7fc5073ae6a2cc3787889374fbeb4c81b17ba6c44");
}

TEST(SrtpVectors, Rfc3711B3KeyDerivation) {
  EXPECT_EQ(derive_hex(kRfc3711MasterKey, kRfc3711MasterSalt, KeyLabel::kRtpEncryption, 16),
            "c61e7a93744f39ee10734afe3ff7a087");
  EXPECT_EQ(derive_hex(kRfc3711MasterKey, kRfc3711MasterSalt, KeyLabel::kRtpSalt, 14), "30cbbc08863d8c85d49db34a9ae1");
  EXPECT_EQ(derive_hex(kRfc3711MasterKey, kRfc3711MasterSalt, KeyLabel::kRtpAuthentication, 94),
            "cebe321f6ff7716b6fd4ab49af256a156d38baa48f0a0acf3c34e2359e6cdbce"
            "e049646c43d9327ad175578ef72270986371c10c9a369ac2f94a8c5fbcdddc25"
            "6d6e919a48b610ef17c2041e474035766b68642c59bbfc2f34db60dbdfb2");
  // derive_session_keys uses the same PRF for the profile's sizes.
  auto keys = derive_session_keys(Profile::kAes128CmHmacSha1_80, kRfc3711MasterKey, kRfc3711MasterSalt);
  ASSERT_TRUE(keys);
  EXPECT_EQ(to_hex(std::span(keys->rtp_key).first(16)), "c61e7a93744f39ee10734afe3ff7a087");
  EXPECT_EQ(to_hex(keys->rtp_salt), "30cbbc08863d8c85d49db34a9ae1");
  EXPECT_EQ(to_hex(keys->rtp_auth_key), "cebe321f6ff7716b6fd4ab49af256a156d38baa4");
}

// RFC 6188 7.2: the PRF with an AES-256 master key.
TEST(SrtpVectors, Rfc6188Aes256KeyDerivation) {
  auto key = hex("F0F04914B513F2763A1B1FA130F10E2998F6F6E43E4309D1E622A0E332B9F1B6");
  auto salt = hex("3B04803DE51EE7C96423AB5B78D2");
  EXPECT_EQ(derive_hex(key, salt, KeyLabel::kRtpEncryption, 32),
            "5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4");
  EXPECT_EQ(derive_hex(key, salt, KeyLabel::kRtpSalt, 14), "fa31791685ca444a9e07c6c64e93");
}

// RFC 7714 11: a 96-bit AEAD master salt is zero-padded for the PRF. The session key and salt of the
// RFC 9335 Appendix A.2 AES-GCM material check this.
TEST(SrtpVectors, AeadMasterSaltPadding) {
  auto keys = derive_session_keys(Profile::kAeadAes128Gcm, hex("000102030405060708090a0b0c0d0e0f"),
                                  hex("a0a1a2a3a4a5a6a7a8a9aaab"));
  ASSERT_TRUE(keys);
  EXPECT_EQ(to_hex(std::span(keys->rtp_key).first(16)), "077c6143cb221bc355ff23d5f984a16e");
  EXPECT_EQ(to_hex(std::span(keys->rtp_salt).first(12)), "9af3e95364ebac9c99c5a7c4");
}

// libsrtp test/srtp_driver.c srtp_validate(): AES_CM_128_HMAC_SHA1_80 from the RFC 3711 master key.
TEST(SrtpVectors, LibsrtpReferencePacketAesCm80) {
  auto ctx = Context::create(Profile::kAes128CmHmacSha1_80, kRfc3711MasterKey, kRfc3711MasterSalt);
  ASSERT_TRUE(ctx);
  auto plain = hex("800f1234decafbadcafebabeabababababababababababababababab");
  auto wire = protect(*ctx, plain);
  EXPECT_EQ(to_hex(wire), "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
  auto rx = Context::create(Profile::kAes128CmHmacSha1_80, kRfc3711MasterKey, kRfc3711MasterSalt);
  ASSERT_TRUE(rx);
  EXPECT_EQ(unprotect(*rx, wire), plain);
}

const char* const kRfc7714Rtp =
    "8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
const char* const kRfc7714Rtcp =
    "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

struct GcmRtpVector {
  Profile profile;
  const char* key;
  const char* wire;
};

class Rfc7714Rtp : public ::testing::TestWithParam<GcmRtpVector> {};

// RFC 7714 16.1 (AEAD_AES_128_GCM) and 16.2 (AEAD_AES_256_GCM): SSRC 0x5501a0b2, ROC 0, SEQ 0xf17b.
TEST_P(Rfc7714Rtp, ProtectAndUnprotect) {
  auto ctx = Context::create(gcm_session_keys(GetParam().profile, GetParam().key));
  ASSERT_TRUE(ctx);
  auto plain = hex(kRfc7714Rtp);
  auto wire = protect(*ctx, plain);
  EXPECT_EQ(to_hex(wire), to_hex(hex(GetParam().wire)));
  auto rx = Context::create(gcm_session_keys(GetParam().profile, GetParam().key));
  ASSERT_TRUE(rx);
  EXPECT_EQ(unprotect(*rx, wire), plain);
  // The same packet again is a replay; a flipped bit fails authentication.
  auto again = wire;
  auto replay = rx->unprotect_rtp(again);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, Errc::kReplay);
  auto rx2 = Context::create(gcm_session_keys(GetParam().profile, GetParam().key));
  wire[20] ^= 1;
  auto forged = rx2->unprotect_rtp(wire);
  ASSERT_FALSE(forged);
  EXPECT_EQ(forged.error().code, Errc::kAuthFailed);
}

INSTANTIATE_TEST_SUITE_P(
    SrtpVectors, Rfc7714Rtp,
    ::testing::Values(
        GcmRtpVector{Profile::kAeadAes128Gcm, "000102030405060708090a0b0c0d0e0f",
                     "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf"
                     "8833899d7f27beb16a9152cf765ee4390cce"},
        GcmRtpVector{Profile::kAeadAes256Gcm, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                     "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799"
                     "b87b7aa3db36dfffd6b0f9bb7878d7a76c13"}));

struct GcmRtcpVector {
  Profile profile;
  const char* key;
  const char* wire;
};

class Rfc7714Rtcp : public ::testing::TestWithParam<GcmRtcpVector> {};

// RFC 7714 17.1 / 17.2: SRTCP with E = 1, SSRC 0x4d617273 ("Mars"), SRTCP index 0x5d4.
TEST_P(Rfc7714Rtcp, ProtectAndUnprotect) {
  auto ctx = Context::create(gcm_session_keys(GetParam().profile, GetParam().key));
  ASSERT_TRUE(ctx);
  ASSERT_TRUE(ctx->set_send_rtcp_index(0x4d617273, 0x5d4));
  auto plain = hex(kRfc7714Rtcp);
  auto wire = protect(*ctx, plain, true);
  EXPECT_EQ(to_hex(wire), to_hex(hex(GetParam().wire)));
  auto rx = Context::create(gcm_session_keys(GetParam().profile, GetParam().key));
  ASSERT_TRUE(rx);
  EXPECT_EQ(unprotect(*rx, wire, true), plain);
  auto again = rx->unprotect_rtcp(wire);  // the trailer still carries index 0x5d4
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::kReplay);
}

INSTANTIATE_TEST_SUITE_P(
    SrtpVectors, Rfc7714Rtcp,
    ::testing::Values(
        GcmRtcpVector{Profile::kAeadAes128Gcm, "000102030405060708090a0b0c0d0e0f",
                      "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b46"
                      "86303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4"},
        GcmRtcpVector{Profile::kAeadAes256Gcm, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                      "81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658"
                      "c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4"}));

// RFC 7714 17.3 / 17.4: SRTCP with E = 0 (authenticated only); the receiver accepts both forms.
TEST(SrtpVectors, Rfc7714SrtcpUnencrypted) {
  struct V {
    Profile profile;
    const char* key;
    const char* wire;
  };
  for (const V& v : {V{Profile::kAeadAes128Gcm, "000102030405060708090a0b0c0d0e0f",
                       "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeef"
                       "deadbeefdeadbeef841dd9683dd78ec92ae58790125f62b3000005d4"},
                     V{Profile::kAeadAes256Gcm, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                       "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeef"
                       "deadbeefdeadbeef91db4afbfeee5a978fab4393ed2615fe000005d4"}}) {
    auto rx = Context::create(gcm_session_keys(v.profile, v.key));
    ASSERT_TRUE(rx);
    auto wire = hex(v.wire);
    EXPECT_EQ(to_hex(unprotect(*rx, wire, true)), to_hex(hex(kRfc7714Rtcp)));
    auto bad = hex(v.wire);
    bad[10] ^= 0x40;
    auto rx2 = Context::create(gcm_session_keys(v.profile, v.key));
    auto r = rx2->unprotect_rtcp(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::kAuthFailed);
  }
}

// RFC 6904 Appendix A: elements 1, 3 and 4 of a one-byte extension block encrypted, element 2 not
// (the values come from libsrtp's srtp_validate_encrypted_extensions_headers, which checks the RFC).
TEST(SrtpVectors, Rfc6904HeaderExtensionEncryption) {
  Settings settings;
  settings.encrypted_header_extensions.set(1).set(3).set(4);
  auto ctx = Context::create(Profile::kAes128CmHmacSha1_80, kRfc3711MasterKey, kRfc3711MasterSalt, settings);
  ASSERT_TRUE(ctx);
  auto plain = hex(
      "900f1234decafbadcafebabe BEDE0006 17414273A475262748220000C8308E4655996386B395FB00"
      "abababababababababababababababab");
  auto wire = protect(*ctx, plain);
  EXPECT_EQ(to_hex(wire), to_hex(hex("900f1234decafbadcafebabe BEDE0006 17588A9270F4E15E1C220000C8309546A994F0BC54789700"
                                     "4e55dc4ce79978d88ca4d215949d2402 5a46b3ca35c535a891c7")));
  auto rx = Context::create(Profile::kAes128CmHmacSha1_80, kRfc3711MasterKey, kRfc3711MasterSalt, settings);
  EXPECT_EQ(unprotect(*rx, wire), plain);
}

// RFC 6904 under AES-GCM (RFC 7714 8.3): the RFC 6904 packet with libsrtp's reference output
// (srtp_validate_encrypted_extensions_headers_gcm, 96-bit master salt). libsrtp uses an 8-octet tag
// there, so the header and ciphertext are compared, not the tag.
TEST(SrtpVectors, Rfc6904HeaderExtensionEncryptionGcm) {
  Settings settings;
  settings.encrypted_header_extensions.set(1).set(3).set(4);
  auto salt = std::span(kRfc3711MasterSalt).first(12);
  auto ctx = Context::create(Profile::kAeadAes128Gcm, kRfc3711MasterKey, salt, settings);
  ASSERT_TRUE(ctx);
  auto plain = hex(
      "900f1234decafbadcafebabe BEDE0006 17414273A475262748220000C8308E4655996386B395FB00"
      "abababababababababababababababab");
  auto wire = protect(*ctx, plain);
  EXPECT_EQ(to_hex(std::span(wire).first(56)),
            to_hex(hex("900f1234decafbadcafebabe BEDE0006 1712e0205bfa949b1C220000C830bb46732778d9929aab00"
                       "0eca0cf95ee955b26cd3d288b49f6ca9")));
  auto rx = Context::create(Profile::kAeadAes128Gcm, kRfc3711MasterKey, salt, settings);
  EXPECT_EQ(unprotect(*rx, wire), plain);
}

struct CryptexVector {
  const char* name;
  const char* plain;
  const char* wire;
};

void check_cryptex(Profile profile, std::span<const uint8_t> key, std::span<const uint8_t> salt,
                   const CryptexVector& v) {
  SCOPED_TRACE(v.name);
  Settings settings;
  settings.cryptex = true;
  auto ctx = Context::create(profile, key, salt, settings);
  ASSERT_TRUE(ctx);
  auto plain = hex(v.plain);
  auto wire = protect(*ctx, plain);
  EXPECT_EQ(to_hex(wire), to_hex(hex(v.wire)));
  auto rx = Context::create(profile, key, salt, settings);
  auto back = unprotect(*rx, wire);
  // The receiver hands the RTP layer the RFC 8285 profile again.
  EXPECT_EQ(to_hex(back), to_hex(plain));
}

// RFC 9335 Appendix A.1: AES_CM_128_HMAC_SHA1_80 with the RFC 3711 master key.
TEST(SrtpVectors, Rfc9335CryptexAesCm) {
  const CryptexVector vectors[] = {
      {"one-byte", "900f1235decafbadcafebabebede000151000200abababababababababababababababab",
       "900f1235decafbadcafebabec0de0001eb92365251c3e036f8de27e9c27ee3e0b4651d9fbc4218a70244522f34a5"},
      {"two-byte", "900f1236decafbadcafebabe1000000105020002abababababababababababababababab",
       "900f1236decafbadcafebabec2de00014ed9cc4e6a712b3096c5ca77339d4204ce0d77396cab69585fbce38194a5"},
      {"one-byte with CSRCs",
       "920f1238decafbadcafebabe0001e2400000b26ebede000151000200abababababababababababababababab",
       "920f1238decafbadcafebabe8bb6e12b5cff16ddc0de000192838c8c09e58393e1de3a9a74734d674567133" "8c3acf11da2df8423bee0"},
      {"two-byte with CSRCs",
       "920f1239decafbadcafebabe0001e2400000b26e1000000105020002abababababababababababababababab",
       "920f1239decafbadcafebabef70e513eb90b9b25c2de0001bbed4848faa644665f3d7f34125914e9f4d0ae923c6f479b"
       "95a0f7b53133"},
      {"empty one-byte with CSRCs", "920f123adecafbadcafebabe0001e2400000b26ebede0000abababababababababababababababab",
       "920f123adecafbadcafebabe7130b6abfe2ab0e3c0de0000e3d9f64b25c9e74cb4cf8e43fb92e3781c2c0ceab6b3a499a14c"},
      {"empty two-byte with CSRCs", "920f123bdecafbadcafebabe0001e2400000b26e10000000abababababababababababababababab",
       "920f123bdecafbadcafebabecbf24c124330e1c8c2de0000599dd45bc9d687b603e8b59d771fd38e88b170e0cd31e125eabe"},
  };
  for (const auto& v : vectors) check_cryptex(Profile::kAes128CmHmacSha1_80, kRfc3711MasterKey, kRfc3711MasterSalt, v);
}

// RFC 9335 Appendix A.2: AEAD_AES_128_GCM.
TEST(SrtpVectors, Rfc9335CryptexAesGcm) {
  const CryptexVector vectors[] = {
      {"one-byte", "900f1235decafbadcafebabebede000151000200abababababababababababababababab",
       "900f1235decafbadcafebabec0de000139972dc9572c4d99e8fc355de743fb2e94f9d8ff54e72f4193bbc5c74ffab0fa9fa0fbeb"},
      {"two-byte", "900f1236decafbadcafebabe1000000105020002abababababababababababababababab",
       "900f1236decafbadcafebabec2de0001bb75a4c545cd1f413bdb7daa2b1e3263de313667c963249081b35a65f5cb6c88b394235f"},
      {"one-byte with CSRCs",
       "920f1238decafbadcafebabe0001e2400000b26ebede000151000200abababababababababababababababab",
       "920f1238decafbadcafebabe63bbccc4a7f695c4c0de00018ad7c71fac70a80c92866b4c6ba98546ef913586e95ffaaffe956885"
       "bb0647a8bc094ac8"},
      {"two-byte with CSRCs",
       "920f1239decafbadcafebabe0001e2400000b26e1000000105020002abababababababababababababababab",
       "920f1239decafbadcafebabe3680524f8d312b00c2de0001c78d120038422bc111a7187a18246f980c059cc6bc9df8b626394eca"
       "344e4b05d80fea83"},
      {"empty one-byte with CSRCs", "920f123adecafbadcafebabe0001e2400000b26ebede0000abababababababababababababababab",
       "920f123adecafbadcafebabe15b6bb4337906fffc0de0000b7b964537a2b03ab7ba5389ce93317126b5d974df30c6884dcb651c5"
       "e120c1da"},
      {"empty two-byte with CSRCs", "920f123bdecafbadcafebabe0001e2400000b26e10000000abababababababababababababababab",
       "920f123bdecafbadcafebabedcb38c9e48bf95f4c2de000061ee432cf920317076613258d3ce4236c06ac429681ad08413512dc9"
       "8b5207d8"},
  };
  auto key = hex("000102030405060708090a0b0c0d0e0f");
  auto salt = hex("a0a1a2a3a4a5a6a7a8a9aaab");
  for (const auto& v : vectors) check_cryptex(Profile::kAeadAes128Gcm, key, salt, v);
}

}  // namespace
}  // namespace purertc::srtp
