#include "crypto/certificate.h"

#include <gtest/gtest.h>

#include <cctype>

#include "common/hex.h"
#include "tests/crypto/openssl_cli.h"
#include "tests/crypto/vectors.h"

namespace purertc::crypto {
namespace {

using testing::ascii;

constexpr int64_t kNov14_2023 = 1700000000;  // 2023-11-14T22:13:20Z

Identity make_identity(KeyType type = KeyType::kEcdsaP256, uint64_t seed = 21) {
  SeededRandom random(seed);
  CertificateOptions options;
  options.key_type = type;
  options.not_before_unix_seconds = kNov14_2023;
  auto id = Identity::generate_self_signed(options, random);
  EXPECT_TRUE(id) << to_string(id.error());
  return std::move(*id);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(Certificate, SelfSignedParsesBackWithItsKey) {
  for (KeyType type : {KeyType::kEcdsaP256, KeyType::kEcdsaP384}) {
    SCOPED_TRACE(to_string(type));
    Identity id = make_identity(type);
    EXPECT_EQ(id.key.type(), type);
    EXPECT_EQ(id.certificate.public_key().type(), type);
    SeededRandom random(22);
    EXPECT_TRUE(id.key.matches(id.certificate.public_key(), random));
    auto parsed = Certificate::from_der(id.certificate.der());
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->fingerprint(HashAlgorithm::kSha256), id.certificate.fingerprint(HashAlgorithm::kSha256));
    // The certificate key verifies what the identity key signs (the DTLS CertificateVerify path).
    auto scheme = type == KeyType::kEcdsaP256 ? SignatureScheme::kEcdsaSecp256r1Sha256
                                              : SignatureScheme::kEcdsaSecp384r1Sha384;
    auto sig = id.key.sign(scheme, ascii("handshake"), random);
    ASSERT_TRUE(sig);
    EXPECT_TRUE(parsed->public_key().verify(scheme, ascii("handshake"), *sig));
  }
}

TEST(Certificate, DefaultsAreEcdsaP256AndDistinct) {
  CertificateOptions defaults;
  EXPECT_EQ(defaults.key_type, KeyType::kEcdsaP256);
  SeededRandom random(23);
  auto a = Identity::generate_self_signed(defaults, random);
  auto b = Identity::generate_self_signed(defaults, random);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->certificate.public_key().type(), KeyType::kEcdsaP256);
  EXPECT_NE(a->certificate.sdp_fingerprint(), b->certificate.sdp_fingerprint());
}

TEST(Certificate, SdpFingerprintForm) {
  Identity id = make_identity();
  const std::string fp = id.certificate.sdp_fingerprint();
  ASSERT_EQ(fp.size(), std::string("sha-256 ").size() + 32 * 3 - 1);
  EXPECT_EQ(fp.substr(0, 8), "sha-256 ");
  EXPECT_EQ(fp.substr(8), to_hex_upper(hash(HashAlgorithm::kSha256, id.certificate.der()).view(), ':'));
  EXPECT_EQ(id.certificate.sdp_fingerprint(HashAlgorithm::kSha1).substr(0, 6), "sha-1 ");
  EXPECT_EQ(id.certificate.fingerprint(HashAlgorithm::kSha512).size, 64u);
}

TEST(Certificate, RejectsBadOptions) {
  SeededRandom random(24);
  CertificateOptions options;
  options.not_before_unix_seconds = kNov14_2023;
  for (const char* cn : {"", "a,O=evil", "x=y", "back\\slash", "quote\"", "plus+"}) {
    options.common_name = cn;
    EXPECT_EQ(Identity::generate_self_signed(options, random).error().code, Errc::kInvalidArgument) << cn;
  }
  options.common_name = std::string(65, 'a');
  EXPECT_EQ(Identity::generate_self_signed(options, random).error().code, Errc::kInvalidArgument);
  options.common_name = "ok";
  options.validity_days = 0;
  EXPECT_EQ(Identity::generate_self_signed(options, random).error().code, Errc::kInvalidArgument);
  options.validity_days = 3651;
  EXPECT_EQ(Identity::generate_self_signed(options, random).error().code, Errc::kInvalidArgument);
  options.validity_days = 30;
  options.not_before_unix_seconds = -700000000;  // 1947
  EXPECT_EQ(Identity::generate_self_signed(options, random).error().code, Errc::kInvalidArgument);
  options.not_before_unix_seconds = 253402300000;  // 9999
  EXPECT_EQ(Identity::generate_self_signed(options, random).error().code, Errc::kInvalidArgument);
}

TEST(Certificate, PemRoundTrip) {
  Identity id = make_identity();
  const std::string pem = id.certificate.to_pem();
  EXPECT_EQ(pem.rfind("-----BEGIN CERTIFICATE-----\n", 0), 0u);
  auto back = Certificate::from_pem(pem);
  ASSERT_TRUE(back) << to_string(back.error());
  EXPECT_EQ(std::vector<uint8_t>(back->der().begin(), back->der().end()),
            std::vector<uint8_t>(id.certificate.der().begin(), id.certificate.der().end()));
  // Text around the block and a second certificate after it: the first one is taken.
  Identity other = make_identity(KeyType::kEcdsaP256, 99);
  auto chain = Certificate::from_pem("subject=CN = purertc\r\n" + pem + other.certificate.to_pem());
  ASSERT_TRUE(chain);
  EXPECT_EQ(chain->sdp_fingerprint(), id.certificate.sdp_fingerprint());
}

TEST(Certificate, PemErrors) {
  EXPECT_EQ(Certificate::from_pem("").error().code, Errc::kMalformed);
  EXPECT_EQ(Certificate::from_pem("-----BEGIN CERTIFICATE-----\nMIIB").error().code, Errc::kTruncated);
  EXPECT_EQ(Certificate::from_pem("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n").error().code,
            Errc::kMalformed);
  EXPECT_EQ(Certificate::from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").error().code,
            Errc::kMalformed);
  EXPECT_EQ(Certificate::from_pem(std::string(40000, ' ')).error().code, Errc::kLimitExceeded);
}

TEST(Certificate, DerErrors) {
  Identity id = make_identity();
  std::vector<uint8_t> der(id.certificate.der().begin(), id.certificate.der().end());
  EXPECT_EQ(Certificate::from_der({}).error().code, Errc::kTruncated);
  for (size_t cut : {size_t{1}, size_t{4}, der.size() / 2, der.size() - 1}) {
    EXPECT_EQ(Certificate::from_der(std::span(der).first(cut)).error().code, Errc::kMalformed) << cut;
  }
  auto trailing = der;
  trailing.push_back(0);
  EXPECT_EQ(Certificate::from_der(trailing).error().code, Errc::kMalformed);
  EXPECT_EQ(Certificate::from_der(std::vector<uint8_t>(16 * 1024 + 1, 0x30)).error().code, Errc::kLimitExceeded);
  auto garbage = der;
  garbage[0] = 0x31;  // SET instead of SEQUENCE
  EXPECT_EQ(Certificate::from_der(garbage).error().code, Errc::kMalformed);
}

TEST(Certificate, MovesKeepTheKey) {
  Identity id = make_identity();
  Certificate moved = std::move(id.certificate);
  EXPECT_EQ(moved.public_key().type(), KeyType::kEcdsaP256);
  Identity id2 = make_identity(KeyType::kEcdsaP256, 77);
  moved = std::move(id2.certificate);
  EXPECT_EQ(moved.sdp_fingerprint(), Certificate::from_der(moved.der())->sdp_fingerprint());
}

TEST(Identity, FromPemRoundTripAndMismatch) {
  SeededRandom random(25);
  Identity id = make_identity();
  auto loaded = Identity::from_pem(id.certificate.to_pem(), id.key.to_pem(), random);
  ASSERT_TRUE(loaded) << to_string(loaded.error());
  EXPECT_EQ(loaded->certificate.sdp_fingerprint(), id.certificate.sdp_fingerprint());

  Identity other = make_identity(KeyType::kEcdsaP256, 26);
  auto mismatched = Identity::from_pem(id.certificate.to_pem(), other.key.to_pem(), random);
  ASSERT_FALSE(mismatched);
  EXPECT_EQ(mismatched.error().code, Errc::kInvalidArgument);
  Identity p384 = make_identity(KeyType::kEcdsaP384, 27);
  EXPECT_EQ(Identity::from_pem(id.certificate.to_pem(), p384.key.to_pem(), random).error().code,
            Errc::kInvalidArgument);
  EXPECT_EQ(Identity::from_pem("nope", id.key.to_pem(), random).error().code, Errc::kMalformed);
  EXPECT_EQ(Identity::from_pem(id.certificate.to_pem(), "nope", random).error().code, Errc::kMalformed);
}

TEST(VerifyFingerprint, EveryHashAcceptsItsOwnValueInEitherCase) {
  Identity id = make_identity();
  for (HashAlgorithm alg : {HashAlgorithm::kSha1, HashAlgorithm::kSha224, HashAlgorithm::kSha256,
                            HashAlgorithm::kSha384, HashAlgorithm::kSha512}) {
    SCOPED_TRACE(to_string(alg));
    const std::string fp = id.certificate.sdp_fingerprint(alg);
    EXPECT_TRUE(verify_fingerprint(id.certificate, fp));
    EXPECT_TRUE(verify_fingerprint(id.certificate, lower(fp)));
    std::string upper_name = fp;
    for (size_t i = 0; i < upper_name.find(' '); ++i) upper_name[i] = static_cast<char>(std::toupper(upper_name[i]));
    EXPECT_TRUE(verify_fingerprint(id.certificate, upper_name));
    EXPECT_TRUE(verify_fingerprint(id.certificate, "  " + fp + " \t"));

    // One flipped nibble anywhere fails authentication.
    for (size_t pos : {fp.find(' ') + 1, fp.size() / 2 + (fp[fp.size() / 2] == ':' ? 1 : 0), fp.size() - 1}) {
      std::string bad = fp;
      bad[pos] = bad[pos] == '0' ? '1' : '0';
      auto r = verify_fingerprint(id.certificate, bad);
      ASSERT_FALSE(r) << bad;
      EXPECT_EQ(r.error().code, Errc::kAuthFailed) << bad;
    }
  }
}

TEST(VerifyFingerprint, AnotherCertificateFails) {
  Identity a = make_identity(KeyType::kEcdsaP256, 31);
  Identity b = make_identity(KeyType::kEcdsaP256, 32);
  EXPECT_EQ(verify_fingerprint(a.certificate, b.certificate.sdp_fingerprint()).error().code, Errc::kAuthFailed);
}

TEST(VerifyFingerprint, MalformedValues) {
  Identity id = make_identity();
  const std::string fp = id.certificate.sdp_fingerprint();
  const std::string hex_part = fp.substr(8);
  std::string no_colons;
  for (char c : hex_part) {
    if (c != ':') no_colons += c;
  }
  std::string dash_sep = hex_part;
  for (char& c : dash_sep) {
    if (c == ':') c = '-';
  }
  std::string non_hex = hex_part;
  non_hex[0] = 'G';
  std::string one_digit_group = hex_part;
  one_digit_group.erase(0, 1);  // "B:CD:..." (first group has one digit)
  for (const std::string& bad : {
           std::string(""),
           std::string("sha-256"),
           std::string("sha-256 "),
           hex_part,                                   // no hash name
           "sha-256 " + no_colons,                     // separators missing
           "sha-256 " + dash_sep,                      // wrong separator
           "sha-256 " + non_hex,                       // not hex
           "sha-256 " + one_digit_group,               // a one-digit group
           "sha-256 " + hex_part + ":",                // trailing colon
           "sha-256 " + hex_part + ":AB",              // one byte too many
           "sha-256 " + hex_part.substr(0, hex_part.size() - 3),  // one byte short
           "sha-256 " + hex_part + " extra",           // trailing token
           "sha-256 :" + hex_part,                     // leading colon
       }) {
    auto r = verify_fingerprint(id.certificate, bad);
    ASSERT_FALSE(r) << "'" << bad << "'";
    EXPECT_EQ(r.error().code, Errc::kMalformed) << "'" << bad << "'";
  }
  // A sha-1 length value labelled sha-256.
  EXPECT_EQ(verify_fingerprint(id.certificate, "sha-256 " + id.certificate.sdp_fingerprint(HashAlgorithm::kSha1).substr(6))
                .error()
                .code,
            Errc::kMalformed);
}

TEST(VerifyFingerprint, UnknownOrWeakHash) {
  Identity id = make_identity();
  const std::string hex_part = id.certificate.sdp_fingerprint().substr(8);
  for (const char* name : {"sha-3", "sha256", "blake2", "md2", "md5"}) {
    auto r = verify_fingerprint(id.certificate, std::string(name) + " " + hex_part);
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().code, Errc::kUnsupported) << name;
  }
}

// OpenSSL reads our certificate and computes the same fingerprint; the validity window is as asked.
TEST(CertificateOpenssl, FingerprintAndValidityMatchOpenssl) {
  PURERTC_REQUIRE_OPENSSL();
  testing::OpensslDir dir;
  ASSERT_TRUE(dir.ok());
  for (KeyType type : {KeyType::kEcdsaP256, KeyType::kEcdsaP384}) {
    SCOPED_TRACE(to_string(type));
    Identity id = make_identity(type);
    dir.write("c.der", std::vector<uint8_t>(id.certificate.der().begin(), id.certificate.der().end()));
    ASSERT_EQ(dir.run("x509 -inform DER -in c.der -noout -fingerprint -sha256"), 0) << dir.errors();
    // "sha256 Fingerprint=AB:CD:...\n" (the label's case differs between OpenSSL versions).
    std::string out = dir.output();
    const size_t eq = out.find('=');
    ASSERT_NE(eq, std::string::npos) << out;
    std::string theirs = out.substr(eq + 1);
    while (!theirs.empty() && (theirs.back() == '\n' || theirs.back() == '\r')) theirs.pop_back();
    EXPECT_EQ("sha-256 " + theirs, id.certificate.sdp_fingerprint());
    EXPECT_TRUE(verify_fingerprint(id.certificate, "sha-256 " + theirs));

    ASSERT_EQ(dir.run("x509 -inform DER -in c.der -noout -startdate -enddate -subject"), 0) << dir.errors();
    out = dir.output();
    EXPECT_NE(out.find("notBefore=Nov 13 22:13:20 2023 GMT"), std::string::npos) << out;
    EXPECT_NE(out.find("notAfter=Dec 14 22:13:20 2023 GMT"), std::string::npos) << out;
    EXPECT_NE(out.find("CN = purertc"), std::string::npos) << out;

    // The PEM form parses too, and the self-signature verifies with the certificate's own key.
    dir.write_text("c.pem", id.certificate.to_pem());
    EXPECT_EQ(dir.run("x509 -in c.pem -noout -pubkey -out pub.pem"), 0) << dir.errors();
    EXPECT_EQ(dir.run("verify -attime 1700000000 -no-CAfile -no-CApath -partial_chain -trusted c.pem c.pem"), 0)
        << dir.output() << dir.errors();
  }
}

// A certificate and key made by OpenSSL (as PEERS.md suggests for DTLS tests) load as an Identity, and
// the fingerprints agree; OpenSSL's SHA-1 signed certificates are refused.
TEST(CertificateOpenssl, LoadsOpensslIdentity) {
  PURERTC_REQUIRE_OPENSSL();
  testing::OpensslDir dir;
  ASSERT_TRUE(dir.ok());
  SeededRandom random(33);
  ASSERT_EQ(dir.run("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout k.pem -out c.pem "
                    "-subj /CN=peer -days 2"),
            0)
      << dir.errors();
  auto id = Identity::from_pem(dir.read_text("c.pem"), dir.read_text("k.pem"), random);
  ASSERT_TRUE(id) << to_string(id.error());
  EXPECT_EQ(id->certificate.public_key().type(), KeyType::kEcdsaP256);
  ASSERT_EQ(dir.run("x509 -in c.pem -noout -fingerprint -sha1"), 0);
  std::string out = dir.output();
  std::string theirs = out.substr(out.find('=') + 1);
  while (!theirs.empty() && theirs.back() == '\n') theirs.pop_back();
  EXPECT_TRUE(verify_fingerprint(id->certificate, "sha-1 " + theirs));

  ASSERT_EQ(dir.run("req -x509 -sha1 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout k1.pem "
                    "-out c1.pem -subj /CN=old -days 2"),
            0)
      << dir.errors();
  auto sha1 = Certificate::from_pem(dir.read_text("c1.pem"));
  ASSERT_FALSE(sha1);
  EXPECT_EQ(sha1.error().code, Errc::kUnsupported);

  ASSERT_EQ(dir.run("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp521r1 -nodes -keyout k2.pem "
                    "-out c2.pem -subj /CN=p521 -days 2"),
            0)
      << dir.errors();
  auto p521 = Certificate::from_pem(dir.read_text("c2.pem"));
  ASSERT_FALSE(p521);
  EXPECT_EQ(p521.error().code, Errc::kUnsupported);
}

}  // namespace
}  // namespace purertc::crypto
