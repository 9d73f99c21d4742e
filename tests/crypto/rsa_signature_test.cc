// RSA PKCS#1 v1.5 and PSS (rsa_pss_rsae, RFC 8446 section 4.2.3): a fixed vector made once with
// OpenSSL 3.0 (`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`, then `openssl dgst
// -sha256 -sign` and `openssl dgst -sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest
// -sign`), cross-checks against the openssl CLI at test time, and round trips.
#include <gtest/gtest.h>

#include "common/hex.h"
#include "crypto/certificate.h"
#include "crypto/signature.h"
#include "tests/crypto/openssl_cli.h"
#include "tests/crypto/vectors.h"

namespace purertc::crypto {
namespace {

using testing::ascii;
using testing::hex;

constexpr std::string_view kFixedMessage = "purertc fixed RSA vector";
constexpr std::string_view kFixedSpki =
    "30820122300d06092a864886f70d01010105000382010f003082010a0282010100aafc9abbecfbd87eb620ffdbd671c4"
    "e5cf50fe30398bd9072938bf51a84a5b9c61f4d0726eaed2ce897a539973f1e9bf172c0d13dc49311fa481109d4618f0"
    "b71c20d73c0f8ebf4c338d6d9f2cf19fdc389bc69a0600d2af9d83b47096d1cb178bcdd50189911624958dc6542f0821"
    "a0885d8de32a48b2dadcaef4e1efce358f4ecac3ad1f227c8c6930e71b49307047a837f5c6be3c942223392616d10c45"
    "d8c8c047953b4cb7af538281eb54b3fdb62c191080536142fadc52af418153a7588434e9f65c6fb7581f43e1fa3e4120"
    "8967fc5bbc105cfb02f25ceb7809955a2037be6ee213684d16a3a3c4772f5272c5c8bcf7aa10f9ff8864fd28dac210dc"
    "a90203010001";
// rsa_pkcs1_sha256
constexpr std::string_view kFixedPkcs1Sha256 =
    "362cf784531dd27a233a215f03d89abb4dc9c1a5f3d6b02428a61616079b2af7fbf9f2aa878a3be0e306e7ebdc241d13"
    "b799b1e0bb25bfe5b409bf6ea4d983fa0b0716cd6b8fedfcdb3e00b31731d7726b2840f58ba17e7a457e464ae0ed9d9a"
    "b1ca423e2c591c2868eea52045a1d7952e16cc7fa2ca9daef73df190f2f6cb14562fdc6111542f15a7c3f2e30f84b045"
    "7e5b06ba84a19ba6210dce7d26b576f8dd2cf03a89ec04129d07a24fa7430cab3804eb47146522fa46d3281cd0acfb4b"
    "c427d22a19b52925b37cd55aca08b7e945bffef21be4a66dd8ff50fd3bf0142bfc8210ec5961aa2fed1fec8fb5fafde1"
    "1bcf7097f563f621208a3731d437e8c3";
// rsa_pss_rsae_sha384 (MGF1-SHA384, 48-byte salt)
constexpr std::string_view kFixedPssSha384 =
    "13e0a6383fb39883aaac2c6a9bfb3b9e640fb34ee67620d0c27a573a9c565434a981ded5e1fc2a07b4404cd5c2d62d15"
    "3e84b774dc92eaa58c99b2e11ad2ecca1670107b3e8e9023cdaa40f56ffdbbc83dbac6e30c4d4644e7fe192417086e1a"
    "ae93bb96dd38e1991ef35c856caec48d00803953465987d72b9e0c729bf68d0010aa32839b136d5ac087afc2d2754d7f"
    "d6114a2d48f9061be9de74f4f4daa9f31cdf4ef28c1a45908be129dc8f4e06569546630049c91fab9728c236b0d3975b"
    "aafc6c42fb04aaa90c3c5583b908b6e038f59b7e5c6cac4c7d9fd5396db95d978d45f488b0757a42a3c448e8052f0be5"
    "6a9266464d1d03c5db39cdb1265f7545";

TEST(RsaFixedVector, Verifies) {
  auto key = PublicKey::from_der(hex(kFixedSpki));
  ASSERT_TRUE(key) << to_string(key.error());
  EXPECT_EQ(key->type(), KeyType::kRsa);
  const auto pkcs1 = hex(kFixedPkcs1Sha256);
  const auto pss = hex(kFixedPssSha384);
  EXPECT_TRUE(key->verify(SignatureScheme::kRsaPkcs1Sha256, ascii(kFixedMessage), pkcs1));
  EXPECT_TRUE(key->verify(SignatureScheme::kRsaPssRsaeSha384, ascii(kFixedMessage), pss));
}

TEST(RsaFixedVector, WrongSchemeMessageOrSignatureFails) {
  auto key = PublicKey::from_der(hex(kFixedSpki));
  ASSERT_TRUE(key);
  const auto pkcs1 = hex(kFixedPkcs1Sha256);
  const auto pss = hex(kFixedPssSha384);
  auto expect_auth_failed = [&](SignatureScheme scheme, std::span<const uint8_t> msg, std::span<const uint8_t> sig) {
    auto r = key->verify(scheme, msg, sig);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::kAuthFailed);
  };
  // The right bytes under another padding or hash.
  expect_auth_failed(SignatureScheme::kRsaPssRsaeSha256, ascii(kFixedMessage), pkcs1);
  expect_auth_failed(SignatureScheme::kRsaPkcs1Sha384, ascii(kFixedMessage), pkcs1);
  expect_auth_failed(SignatureScheme::kRsaPkcs1Sha384, ascii(kFixedMessage), pss);
  expect_auth_failed(SignatureScheme::kRsaPssRsaeSha256, ascii(kFixedMessage), pss);
  // A changed message.
  expect_auth_failed(SignatureScheme::kRsaPkcs1Sha256, ascii("purertc fixed RSA vectoR"), pkcs1);
  expect_auth_failed(SignatureScheme::kRsaPssRsaeSha384, ascii("purertc fixed RSA vectoR"), pss);
  // A flipped bit, a short and a long signature.
  for (auto [scheme, sig] : {std::pair{SignatureScheme::kRsaPkcs1Sha256, pkcs1},
                             std::pair{SignatureScheme::kRsaPssRsaeSha384, pss}}) {
    for (size_t i : {size_t{0}, size_t{100}, sig.size() - 1}) {
      auto bad = sig;
      bad[i] ^= 0x10;
      expect_auth_failed(scheme, ascii(kFixedMessage), bad);
    }
    expect_auth_failed(scheme, ascii(kFixedMessage), std::span(sig).first(sig.size() - 1));
    auto longer = sig;
    longer.insert(longer.begin(), 0);
    expect_auth_failed(scheme, ascii(kFixedMessage), longer);
    expect_auth_failed(scheme, ascii(kFixedMessage), {});
  }
  // ECDSA schemes do not apply to an RSA key.
  auto r = key->verify(SignatureScheme::kEcdsaSecp256r1Sha256, ascii(kFixedMessage), pkcs1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
}

// One generated 2048-bit key for the round-trip tests (generation is the slow part).
const PrivateKey& rsa_key() {
  static const PrivateKey key = [] {
    SeededRandom random(41);
    auto k = PrivateKey::generate(KeyType::kRsa, random);
    EXPECT_TRUE(k);
    return std::move(*k);
  }();
  return key;
}

TEST(Rsa, GeneratedKeySignsAndVerifiesEveryScheme) {
  SeededRandom random(42);
  const PrivateKey& priv = rsa_key();
  EXPECT_EQ(priv.type(), KeyType::kRsa);
  auto pub = PublicKey::from_der(priv.public_key_der());
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->type(), KeyType::kRsa);
  const std::string_view msg = "CertificateVerify handshake hash input";
  for (SignatureScheme scheme : {SignatureScheme::kRsaPkcs1Sha256, SignatureScheme::kRsaPkcs1Sha384,
                                 SignatureScheme::kRsaPssRsaeSha256, SignatureScheme::kRsaPssRsaeSha384}) {
    SCOPED_TRACE(to_string(scheme));
    EXPECT_TRUE(priv.supports(scheme));
    auto sig = priv.sign(scheme, ascii(msg), random);
    ASSERT_TRUE(sig);
    EXPECT_EQ(sig->size(), 256u);
    EXPECT_TRUE(pub->verify(scheme, ascii(msg), *sig));
    auto bad = *sig;
    bad[7] ^= 1;
    EXPECT_EQ(pub->verify(scheme, ascii(msg), bad).error().code, Errc::kAuthFailed);
    EXPECT_EQ(pub->verify(scheme, ascii("other"), *sig).error().code, Errc::kAuthFailed);
  }
  // PSS signing must not leave the key in PSS mode: PKCS#1 v1.5 still verifies afterwards.
  auto pss = priv.sign(SignatureScheme::kRsaPssRsaeSha256, ascii(msg), random);
  auto pkcs1 = priv.sign(SignatureScheme::kRsaPkcs1Sha256, ascii(msg), random);
  ASSERT_TRUE(pss);
  ASSERT_TRUE(pkcs1);
  EXPECT_TRUE(pub->verify(SignatureScheme::kRsaPkcs1Sha256, ascii(msg), *pkcs1));
  // PKCS#1 v1.5 is deterministic, PSS is salted.
  EXPECT_EQ(*pkcs1, *priv.sign(SignatureScheme::kRsaPkcs1Sha256, ascii(msg), random));
  EXPECT_NE(*pss, *priv.sign(SignatureScheme::kRsaPssRsaeSha256, ascii(msg), random));
  EXPECT_FALSE(priv.supports(SignatureScheme::kEcdsaSecp256r1Sha256));
  EXPECT_EQ(priv.sign(SignatureScheme::kEcdsaSecp256r1Sha256, ascii(msg), random).error().code,
            Errc::kInvalidArgument);
}

TEST(Rsa, PemRoundTrip) {
  SeededRandom random(43);
  const std::string pem = rsa_key().to_pem();
  EXPECT_NE(pem.find("-----BEGIN RSA PRIVATE KEY-----"), std::string::npos);
  auto back = PrivateKey::from_pem(pem, random);
  ASSERT_TRUE(back) << to_string(back.error());
  EXPECT_EQ(back->type(), KeyType::kRsa);
  EXPECT_EQ(back->public_key_der(), rsa_key().public_key_der());
}

TEST(Rsa, SelfSignedCertificate) {
  SeededRandom random(44);
  CertificateOptions options;
  options.key_type = KeyType::kRsa;
  options.not_before_unix_seconds = 1700000000;
  auto id = Identity::generate_self_signed(options, random);
  ASSERT_TRUE(id) << to_string(id.error());
  EXPECT_EQ(id->certificate.public_key().type(), KeyType::kRsa);
  EXPECT_TRUE(verify_fingerprint(id->certificate, id->certificate.sdp_fingerprint()));
  auto sig = id->key.sign(SignatureScheme::kRsaPssRsaeSha256, ascii("x"), random);
  ASSERT_TRUE(sig);
  EXPECT_TRUE(id->certificate.public_key().verify(SignatureScheme::kRsaPssRsaeSha256, ascii("x"), *sig));
}

// OpenSSL's RSA signatures verify with purertc and the other way round, for all four schemes.
TEST(RsaOpenssl, CrossVerification) {
  PURERTC_REQUIRE_OPENSSL();
  testing::OpensslDir dir;
  ASSERT_TRUE(dir.ok());
  SeededRandom random(45);
  const std::vector<uint8_t> message(200, 0x5c);
  dir.write("msg", message);
  ASSERT_EQ(dir.run("genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out k.pem"), 0) << dir.errors();
  ASSERT_EQ(dir.run("pkey -in k.pem -pubout -outform DER -out pub.der"), 0) << dir.errors();
  auto pub = PublicKey::from_der(dir.read("pub.der"));
  ASSERT_TRUE(pub) << to_string(pub.error());
  auto priv = PrivateKey::from_pem(dir.read_text("k.pem"), random);  // PKCS#8
  ASSERT_TRUE(priv) << to_string(priv.error());
  EXPECT_TRUE(priv->matches(*pub, random));

  struct Case {
    SignatureScheme scheme;
    const char* dgst;
    const char* opts;
  };
  const char* pss = " -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest -sigopt rsa_mgf1_md:";
  for (const Case& c : {Case{SignatureScheme::kRsaPkcs1Sha256, "sha256", ""},
                        Case{SignatureScheme::kRsaPkcs1Sha384, "sha384", ""},
                        Case{SignatureScheme::kRsaPssRsaeSha256, "sha256", "pss"},
                        Case{SignatureScheme::kRsaPssRsaeSha384, "sha384", "pss"}}) {
    SCOPED_TRACE(to_string(c.scheme));
    const std::string opts = std::string(c.opts) == "pss" ? std::string(pss) + c.dgst : std::string();
    ASSERT_EQ(dir.run(std::string("dgst -") + c.dgst + opts + " -sign k.pem -out sig msg"), 0) << dir.errors();
    EXPECT_TRUE(pub->verify(c.scheme, message, dir.read("sig")));

    auto ours = priv->sign(c.scheme, message, random);
    ASSERT_TRUE(ours);
    dir.write("oursig", *ours);
    EXPECT_EQ(dir.run(std::string("dgst -") + c.dgst + opts + " -verify pub.der -keyform DER -signature oursig msg"),
              0)
        << dir.output() << dir.errors();
  }
  // rsa_pss_rsae requires the salt to be as long as the hash (RFC 8446 section 4.2.3): a 20-byte salt
  // under SHA-256 is refused.
  ASSERT_EQ(dir.run("dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:20 -sign k.pem -out sig20 msg"),
            0)
      << dir.errors();
  EXPECT_EQ(pub->verify(SignatureScheme::kRsaPssRsaeSha256, message, dir.read("sig20")).error().code,
            Errc::kAuthFailed);
}

TEST(RsaOpenssl, KeySizeLimits) {
  PURERTC_REQUIRE_OPENSSL();
  testing::OpensslDir dir;
  ASSERT_TRUE(dir.ok());
  SeededRandom random(46);
  ASSERT_EQ(dir.run("genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out k.pem"), 0) << dir.errors();
  ASSERT_EQ(dir.run("pkey -in k.pem -pubout -outform DER -out pub.der"), 0) << dir.errors();
  EXPECT_EQ(PublicKey::from_der(dir.read("pub.der")).error().code, Errc::kUnsupported);
  EXPECT_EQ(PrivateKey::from_pem(dir.read_text("k.pem"), random).error().code, Errc::kUnsupported);
  // An OpenSSL RSA certificate (3072 bits) loads as an Identity.
  ASSERT_EQ(dir.run("req -x509 -newkey rsa:3072 -nodes -keyout rk.pem -out rc.pem -subj /CN=rsa -days 2"), 0)
      << dir.errors();
  auto id = Identity::from_pem(dir.read_text("rc.pem"), dir.read_text("rk.pem"), random);
  ASSERT_TRUE(id) << to_string(id.error());
  EXPECT_EQ(id->certificate.public_key().type(), KeyType::kRsa);
}

}  // namespace
}  // namespace purertc::crypto
