#include "crypto/signature.h"

#include <gtest/gtest.h>

#include "common/hex.h"
#include "tests/crypto/openssl_cli.h"
#include "tests/crypto/vectors.h"

namespace purertc::crypto {
namespace {

using testing::ascii;
using testing::hex;

// SubjectPublicKeyInfo prefixes for id-ecPublicKey with a named curve; the uncompressed point follows.
constexpr std::string_view kP256SpkiPrefix = "3059301306072a8648ce3d020106082a8648ce3d030107034200";
constexpr std::string_view kP384SpkiPrefix = "3076301006072a8648ce3d020106052b81040022036200";

std::vector<uint8_t> der_integer(std::vector<uint8_t> v) {
  while (v.size() > 1 && v[0] == 0 && v[1] < 0x80) v.erase(v.begin());
  if (v[0] & 0x80) v.insert(v.begin(), 0);
  v.insert(v.begin(), static_cast<uint8_t>(v.size()));
  v.insert(v.begin(), 0x02);
  return v;
}

// Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 / RFC 8422 section 5.4), as TLS sends it.
std::vector<uint8_t> der_signature(std::string_view r, std::string_view s) {
  std::vector<uint8_t> body = der_integer(hex(r));
  std::vector<uint8_t> s_der = der_integer(hex(s));
  body.insert(body.end(), s_der.begin(), s_der.end());
  std::vector<uint8_t> out = {0x30};
  if (body.size() >= 0x80) out.push_back(0x81);
  out.push_back(static_cast<uint8_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

struct Rfc6979Vector {
  SignatureScheme scheme;
  KeyType type;
  std::string_view spki_prefix;
  const char* x;  // private key
  const char* ux;
  const char* uy;
  const char* r;  // signature of "sample"
  const char* s;
  // SEC 1 ECPrivateKey DER around x: prefix || x || suffix (namedCurve parameters).
  const char* sec1_prefix;
  const char* sec1_suffix;
};

// RFC 6979 appendix A.2.5 (P-256, SHA-256) and A.2.6 (P-384, SHA-384), message "sample".
const Rfc6979Vector kRfc6979[] = {
    {SignatureScheme::kEcdsaSecp256r1Sha256, KeyType::kEcdsaP256, kP256SpkiPrefix,
     "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
     "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
     "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299",
     "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
     "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8", "30310201010420",
     "a00a06082a8648ce3d030107"},
    {SignatureScheme::kEcdsaSecp384r1Sha384, KeyType::kEcdsaP384, kP384SpkiPrefix,
     "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5",
     "ec3a4e415b4e19a4568618029f427fa5da9a8bc4ae92e02e06aae5286b300c64def8f0ea9055866064a254515480bc13",
     "8015d9b72d7d57244ea8ef9ac0c621896708a59367f9dfb9f54ca84b3f1c9db1288b231c3ae0d4fe7344fd2533264720",
     "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46",
     "99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8",
     "303e0201010430", "a00706052b81040022"},
};

PublicKey rfc6979_public_key(const Rfc6979Vector& v) {
  auto key = PublicKey::from_der(hex(std::string(v.spki_prefix) + "04" + v.ux + v.uy));
  EXPECT_TRUE(key) << to_string(key.error());
  return std::move(*key);
}

TEST(Ecdsa, Rfc6979SignaturesVerify) {
  for (const auto& v : kRfc6979) {
    SCOPED_TRACE(to_string(v.scheme));
    PublicKey key = rfc6979_public_key(v);
    EXPECT_EQ(key.type(), v.type);
    const auto sig = der_signature(v.r, v.s);
    EXPECT_TRUE(key.verify(v.scheme, ascii("sample"), sig));

    auto wrong_message = key.verify(v.scheme, ascii("samplf"), sig);
    ASSERT_FALSE(wrong_message);
    EXPECT_EQ(wrong_message.error().code, Errc::kAuthFailed);

    for (size_t i : {size_t{6}, sig.size() / 2, sig.size() - 1}) {
      auto bad = sig;
      bad[i] ^= 0x01;
      auto r = key.verify(v.scheme, ascii("sample"), bad);
      ASSERT_FALSE(r) << i;
      EXPECT_EQ(r.error().code, Errc::kAuthFailed) << i;
    }
    auto truncated = key.verify(v.scheme, ascii("sample"), std::span(sig).first(sig.size() - 1));
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().code, Errc::kAuthFailed);
    auto trailing = sig;
    trailing.push_back(0);
    EXPECT_EQ(key.verify(v.scheme, ascii("sample"), trailing).error().code, Errc::kAuthFailed);
    EXPECT_EQ(key.verify(v.scheme, ascii("sample"), {}).error().code, Errc::kAuthFailed);
    // Raw r || s (the JOSE/WebCrypto form) is not what TLS carries.
    auto raw = hex(std::string(v.r) + v.s);
    EXPECT_EQ(key.verify(v.scheme, ascii("sample"), raw).error().code, Errc::kAuthFailed);
  }
}

// The RFC's private key, loaded from SEC 1 DER, signs "sample" so that the RFC's public key verifies it.
TEST(Ecdsa, Rfc6979PrivateKeySignsVerifiably) {
  SeededRandom random(11);
  for (const auto& v : kRfc6979) {
    SCOPED_TRACE(to_string(v.scheme));
    auto priv = PrivateKey::from_der(hex(std::string(v.sec1_prefix) + v.x + v.sec1_suffix), random);
    ASSERT_TRUE(priv) << to_string(priv.error());
    EXPECT_EQ(priv->type(), v.type);
    EXPECT_EQ(to_hex(priv->public_key_der()), std::string(v.spki_prefix) + "04" + v.ux + v.uy);
    auto sig = priv->sign(v.scheme, ascii("sample"), random);
    ASSERT_TRUE(sig);
    PublicKey key = rfc6979_public_key(v);
    EXPECT_TRUE(key.verify(v.scheme, ascii("sample"), *sig));
    EXPECT_TRUE(priv->matches(key, random));
  }
}

TEST(Ecdsa, SchemesFitKeys) {
  SeededRandom random(12);
  auto p256 = PrivateKey::generate(KeyType::kEcdsaP256, random);
  ASSERT_TRUE(p256);
  EXPECT_TRUE(p256->supports(SignatureScheme::kEcdsaSecp256r1Sha256));
  // DTLS 1.2 lets any ECDSA key sign with either hash.
  EXPECT_TRUE(p256->supports(SignatureScheme::kEcdsaSecp384r1Sha384));
  EXPECT_FALSE(p256->supports(SignatureScheme::kRsaPkcs1Sha256));
  EXPECT_FALSE(p256->supports(SignatureScheme::kRsaPssRsaeSha256));
  auto r = p256->sign(SignatureScheme::kRsaPkcs1Sha256, ascii("m"), random);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  auto pub = PublicKey::from_der(p256->public_key_der());
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->verify(SignatureScheme::kRsaPssRsaeSha256, ascii("m"), std::vector<uint8_t>(256)).error().code,
            Errc::kInvalidArgument);
  EXPECT_EQ(pub->verify(static_cast<SignatureScheme>(0x0601), ascii("m"), std::vector<uint8_t>(72)).error().code,
            Errc::kInvalidArgument);
}

// Sign and verify with every scheme each key type supports; a changed message or signature fails.
void check_round_trips(const PrivateKey& priv, Random& random) {
  auto pub = PublicKey::from_der(priv.public_key_der());
  ASSERT_TRUE(pub) << to_string(pub.error());
  EXPECT_EQ(pub->type(), priv.type());
  const std::string_view message = "ServerKeyExchange params: client_random || server_random || ECDH point";
  int tried = 0;
  for (SignatureScheme scheme :
       {SignatureScheme::kEcdsaSecp256r1Sha256, SignatureScheme::kEcdsaSecp384r1Sha384,
        SignatureScheme::kRsaPkcs1Sha256, SignatureScheme::kRsaPkcs1Sha384, SignatureScheme::kRsaPssRsaeSha256,
        SignatureScheme::kRsaPssRsaeSha384}) {
    if (!priv.supports(scheme)) continue;
    ++tried;
    SCOPED_TRACE(to_string(scheme));
    EXPECT_TRUE(pub->supports(scheme));
    auto sig = priv.sign(scheme, ascii(message), random);
    ASSERT_TRUE(sig);
    EXPECT_TRUE(pub->verify(scheme, ascii(message), *sig));
    std::string other(message);
    other[0] ^= 1;
    EXPECT_EQ(pub->verify(scheme, ascii(other), *sig).error().code, Errc::kAuthFailed);
    auto bad = *sig;
    bad[bad.size() - 3] ^= 0x40;
    EXPECT_EQ(pub->verify(scheme, ascii(message), bad).error().code, Errc::kAuthFailed);
  }
  EXPECT_EQ(tried, priv.type() == KeyType::kRsa ? 4 : 2);
}

TEST(Ecdsa, SignVerifyRoundTrips) {
  SeededRandom random(13);
  for (KeyType type : {KeyType::kEcdsaP256, KeyType::kEcdsaP384}) {
    SCOPED_TRACE(to_string(type));
    auto priv = PrivateKey::generate(type, random);
    ASSERT_TRUE(priv);
    EXPECT_EQ(priv->type(), type);
    check_round_trips(*priv, random);
  }
}

TEST(PrivateKeyPem, RoundTrip) {
  SeededRandom random(14);
  for (KeyType type : {KeyType::kEcdsaP256, KeyType::kEcdsaP384}) {
    SCOPED_TRACE(to_string(type));
    auto priv = PrivateKey::generate(type, random);
    ASSERT_TRUE(priv);
    const std::string pem = priv->to_pem();
    EXPECT_NE(pem.find("-----BEGIN EC PRIVATE KEY-----"), std::string::npos);
    auto again = PrivateKey::from_pem(pem, random);
    ASSERT_TRUE(again) << to_string(again.error());
    EXPECT_EQ(again->type(), type);
    EXPECT_EQ(again->public_key_der(), priv->public_key_der());
    auto pub = PublicKey::from_der(priv->public_key_der());
    ASSERT_TRUE(pub);
    EXPECT_TRUE(again->matches(*pub, random));
  }
}

TEST(PrivateKeyPem, RejectsGarbageAndMismatchedPublicKey) {
  SeededRandom random(15);
  EXPECT_EQ(PrivateKey::from_pem("", random).error().code, Errc::kMalformed);
  EXPECT_EQ(PrivateKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", random)
                .error()
                .code,
            Errc::kMalformed);
  EXPECT_EQ(PrivateKey::from_der({}, random).error().code, Errc::kTruncated);
  EXPECT_EQ(PrivateKey::from_der(std::vector<uint8_t>(20000, 0x30), random).error().code, Errc::kLimitExceeded);
  EXPECT_EQ(PrivateKey::from_pem(std::string(40000, 'A'), random).error().code, Errc::kLimitExceeded);
  // SEC 1 key whose embedded publicKey is another key's point: refused instead of signing with a key
  // that does not match what it claims.
  const auto& v = kRfc6979[0];
  std::string sec1_body = "020101" "0420" + std::string(v.x) + "a00a06082a8648ce3d030107" + "a144034200" + "04" +
                          "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
                          "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab";
  auto mismatched = PrivateKey::from_der(hex("3077" + sec1_body), random);
  ASSERT_FALSE(mismatched);
  EXPECT_EQ(mismatched.error().code, Errc::kMalformed);
  // The same structure with the right point loads.
  std::string good_body = "020101" "0420" + std::string(v.x) + "a00a06082a8648ce3d030107" + "a144034200" + "04" +
                          v.ux + v.uy;
  EXPECT_TRUE(PrivateKey::from_der(hex("3077" + good_body), random));
}

TEST(PublicKeyDer, RejectsMalformedInput) {
  const auto& v = kRfc6979[0];
  auto good = hex(std::string(v.spki_prefix) + "04" + v.ux + v.uy);
  EXPECT_TRUE(PublicKey::from_der(good));
  EXPECT_EQ(PublicKey::from_der({}).error().code, Errc::kTruncated);
  EXPECT_EQ(PublicKey::from_der(std::span(good).first(good.size() - 1)).error().code, Errc::kMalformed);
  auto trailing = good;
  trailing.push_back(0);
  EXPECT_EQ(PublicKey::from_der(trailing).error().code, Errc::kMalformed);
  auto off_curve = good;
  off_curve.back() ^= 1;
  EXPECT_FALSE(PublicKey::from_der(off_curve));
  EXPECT_EQ(PublicKey::from_der(std::vector<uint8_t>(20000, 0x30)).error().code, Errc::kLimitExceeded);
  // secp256k1 (1.3.132.0.10): a valid key on a curve purertc does not accept.
  auto k1 = hex("3056301006072a8648ce3d020106052b8104000a034200"
                "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
  auto r = PublicKey::from_der(k1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kUnsupported);
}

TEST(Signature, ToStringAndHashes) {
  EXPECT_EQ(to_string(SignatureScheme::kEcdsaSecp256r1Sha256), "ecdsa_secp256r1_sha256");
  EXPECT_EQ(to_string(SignatureScheme::kRsaPssRsaeSha384), "rsa_pss_rsae_sha384");
  EXPECT_EQ(to_string(static_cast<SignatureScheme>(0x0201)), "unknown");
  EXPECT_EQ(hash_of(SignatureScheme::kEcdsaSecp384r1Sha384), HashAlgorithm::kSha384);
  EXPECT_EQ(hash_of(SignatureScheme::kRsaPkcs1Sha256), HashAlgorithm::kSha256);
  EXPECT_EQ(hash_of(SignatureScheme::kRsaPssRsaeSha256), HashAlgorithm::kSha256);
  EXPECT_EQ(to_string(KeyType::kEcdsaP256), "ECDSA P-256");
  EXPECT_EQ(to_string(KeyType::kRsa), "RSA");
}

// Our ECDSA signatures verify in OpenSSL and OpenSSL's verify with us.
TEST(EcdsaOpenssl, CrossVerification) {
  PURERTC_REQUIRE_OPENSSL();
  testing::OpensslDir dir;
  ASSERT_TRUE(dir.ok());
  SeededRandom random(16);
  const std::vector<uint8_t> message(ascii("CertificateVerify transcript").begin(),
                                     ascii("CertificateVerify transcript").end());
  dir.write("msg", message);
  for (auto [type, curve, dgst, scheme] :
       {std::tuple{KeyType::kEcdsaP256, "prime256v1", "-sha256", SignatureScheme::kEcdsaSecp256r1Sha256},
        std::tuple{KeyType::kEcdsaP384, "secp384r1", "-sha384", SignatureScheme::kEcdsaSecp384r1Sha384}}) {
    SCOPED_TRACE(curve);
    // OpenSSL key -> OpenSSL signature -> purertc verifies (and loads the key).
    ASSERT_EQ(dir.run(std::string("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:") + curve + " -out k.pem"), 0)
        << dir.errors();
    ASSERT_EQ(dir.run("pkey -in k.pem -pubout -outform DER -out pub.der"), 0) << dir.errors();
    ASSERT_EQ(dir.run(std::string("dgst ") + dgst + " -sign k.pem -out sig msg"), 0) << dir.errors();
    auto pub = PublicKey::from_der(dir.read("pub.der"));
    ASSERT_TRUE(pub);
    EXPECT_EQ(pub->type(), type);
    EXPECT_TRUE(pub->verify(scheme, message, dir.read("sig")));
    auto priv = PrivateKey::from_pem(dir.read_text("k.pem"), random);  // PKCS#8 "PRIVATE KEY"
    ASSERT_TRUE(priv) << to_string(priv.error());
    EXPECT_EQ(priv->public_key_der(), dir.read("pub.der"));

    // purertc signature -> OpenSSL verifies.
    auto sig = priv->sign(scheme, message, random);
    ASSERT_TRUE(sig);
    dir.write("oursig", *sig);
    EXPECT_EQ(dir.run(std::string("dgst ") + dgst + " -verify pub.der -keyform DER -signature oursig msg"), 0)
        << dir.output() << dir.errors();
  }
}

}  // namespace
}  // namespace purertc::crypto
