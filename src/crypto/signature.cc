// Signatures on mbedTLS's pk layer, which hides the RSA and ECDSA contexts behind one type and exists in
// both 2.28 and 3.x. Every version difference is switched here, next to the call.
#include "crypto/signature.h"

#include <mbedtls/asn1.h>
#include <mbedtls/ecp.h>
#include <mbedtls/oid.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/rsa.h>

#include <string>

#include "crypto/mbedtls_util.h"
#include "crypto/pk_impl.h"

namespace purertc::crypto {
namespace {

bool is_ecdsa(SignatureScheme scheme) {
  return scheme == SignatureScheme::kEcdsaSecp256r1Sha256 || scheme == SignatureScheme::kEcdsaSecp384r1Sha384;
}
bool is_pss(SignatureScheme scheme) {
  return scheme == SignatureScheme::kRsaPssRsaeSha256 || scheme == SignatureScheme::kRsaPssRsaeSha384;
}
bool is_pkcs1(SignatureScheme scheme) {
  return scheme == SignatureScheme::kRsaPkcs1Sha256 || scheme == SignatureScheme::kRsaPkcs1Sha384;
}

bool key_supports(KeyType type, SignatureScheme scheme) {
  // DTLS 1.2 does not tie the hash to the curve (RFC 5246 section 7.4.1.4.1, RFC 8422 section 5.10):
  // a P-384 key may sign with SHA-256 and the other way round, and peers (OpenSSL) do so. Only TLS 1.3
  // binds ecdsa_secp256r1_sha256 to P-256.
  if (type == KeyType::kRsa) return is_pkcs1(scheme) || is_pss(scheme);
  return is_ecdsa(scheme);
}

bool known_scheme(SignatureScheme scheme) { return is_ecdsa(scheme) || is_pss(scheme) || is_pkcs1(scheme); }

// Releases a buffer that held private key material.
struct Zeroizing {
  std::vector<uint8_t> bytes;
  explicit Zeroizing(size_t n) : bytes(n) {}
  ~Zeroizing() { mbedtls_platform_zeroize(bytes.data(), bytes.size()); }
  Zeroizing(const Zeroizing&) = delete;
  Zeroizing& operator=(const Zeroizing&) = delete;
};

Status check_key_pair(const mbedtls_pk_context& pub, const mbedtls_pk_context& prv, Random& random) {
#if PURERTC_MBEDTLS_3
  int rc = mbedtls_pk_check_pair(&pub, &prv, detail::random_callback, &random);
#else
  (void)random;
  int rc = mbedtls_pk_check_pair(&pub, &prv);
#endif
  if (rc != 0) return unexpected(Error{Errc::kInvalidArgument, "private key does not match the public key"});
  return {};
}

}  // namespace

namespace detail {

Result<std::vector<uint8_t>> write_spki(const mbedtls_pk_context& pk) {
  // Large enough for an 8192-bit RSA key (1 KiB modulus plus DER framing).
  std::vector<uint8_t> buf(2 * 1024);
  // 2.28 takes a non-const context although it only reads it.
  int n = mbedtls_pk_write_pubkey_der(const_cast<mbedtls_pk_context*>(&pk), buf.data(), buf.size());
  if (n <= 0) return unexpected(Error{Errc::kCrypto, "could not encode the public key"});
  // Written at the end of the buffer.
  buf.erase(buf.begin(), buf.end() - n);
  return buf;
}

Result<KeyType> key_type_of(const mbedtls_pk_context& pk) {
  auto spki = write_spki(pk);
  if (!spki) return unexpected(spki.error());
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
  unsigned char* p = spki->data();
  const unsigned char* end = p + spki->size();
  size_t len = 0;
  mbedtls_asn1_buf alg{};
  mbedtls_asn1_buf params{};
  mbedtls_pk_type_t pk_alg = MBEDTLS_PK_NONE;
  if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0 ||
      mbedtls_asn1_get_alg(&p, end, &alg, &params) != 0 || mbedtls_oid_get_pk_alg(&alg, &pk_alg) != 0) {
    return unexpected(Error{Errc::kMalformed, "unparsable SubjectPublicKeyInfo"});
  }
  if (pk_alg == MBEDTLS_PK_RSA) {
    size_t bits = mbedtls_pk_get_bitlen(&pk);
    if (bits < kMinRsaBits || bits > kMaxRsaBits) {
      return unexpected(Error{Errc::kUnsupported, "RSA key size outside 2048..8192 bits"});
    }
    return KeyType::kRsa;
  }
  if (pk_alg == MBEDTLS_PK_ECKEY && params.tag == MBEDTLS_ASN1_OID) {
    mbedtls_ecp_group_id grp = MBEDTLS_ECP_DP_NONE;
    if (mbedtls_oid_get_ec_grp(&params, &grp) == 0) {
      if (grp == MBEDTLS_ECP_DP_SECP256R1) return KeyType::kEcdsaP256;
      if (grp == MBEDTLS_ECP_DP_SECP384R1) return KeyType::kEcdsaP384;
    }
    return unexpected(Error{Errc::kUnsupported, "EC key on a curve other than P-256 or P-384"});
  }
  return unexpected(Error{Errc::kUnsupported, "public key algorithm is neither RSA nor ECDSA"});
}

}  // namespace detail

std::string_view to_string(SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kRsaPkcs1Sha256: return "rsa_pkcs1_sha256";
    case SignatureScheme::kRsaPkcs1Sha384: return "rsa_pkcs1_sha384";
    case SignatureScheme::kEcdsaSecp256r1Sha256: return "ecdsa_secp256r1_sha256";
    case SignatureScheme::kEcdsaSecp384r1Sha384: return "ecdsa_secp384r1_sha384";
    case SignatureScheme::kRsaPssRsaeSha256: return "rsa_pss_rsae_sha256";
    case SignatureScheme::kRsaPssRsaeSha384: return "rsa_pss_rsae_sha384";
  }
  return "unknown";
}

HashAlgorithm hash_of(SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kRsaPkcs1Sha384:
    case SignatureScheme::kEcdsaSecp384r1Sha384:
    case SignatureScheme::kRsaPssRsaeSha384: return HashAlgorithm::kSha384;
    case SignatureScheme::kRsaPkcs1Sha256:
    case SignatureScheme::kEcdsaSecp256r1Sha256:
    case SignatureScheme::kRsaPssRsaeSha256: return HashAlgorithm::kSha256;
  }
  return HashAlgorithm::kSha256;
}

std::string_view to_string(KeyType type) {
  switch (type) {
    case KeyType::kEcdsaP256: return "ECDSA P-256";
    case KeyType::kEcdsaP384: return "ECDSA P-384";
    case KeyType::kRsa: return "RSA";
  }
  return "unknown";
}

// ---- PublicKey

PublicKey::PublicKey() : impl_(std::make_unique<Impl>()) {}
PublicKey::~PublicKey() = default;
PublicKey::PublicKey(PublicKey&&) noexcept = default;
PublicKey& PublicKey::operator=(PublicKey&&) noexcept = default;

Result<PublicKey> PublicKey::from_der(std::span<const uint8_t> spki) {
  if (spki.empty()) return unexpected(Error{Errc::kTruncated, "empty public key"});
  if (spki.size() > detail::kMaxDerSize) return unexpected(Error{Errc::kLimitExceeded, "public key too large"});
  detail::ensure_crypto_initialized();
  // The outer SEQUENCE must span the whole input: mbedtls_pk_parse_public_key ignores trailing bytes.
  {
    unsigned char* p = const_cast<unsigned char*>(spki.data());
    size_t len = 0;
    if (mbedtls_asn1_get_tag(&p, spki.data() + spki.size(), &len,
                             MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0 ||
        p + len != spki.data() + spki.size()) {
      return unexpected(Error{Errc::kMalformed, "SubjectPublicKeyInfo is not one DER SEQUENCE"});
    }
  }
  PublicKey key;
  if (mbedtls_pk_parse_public_key(&key.impl_->pk, spki.data(), spki.size()) != 0) {
    return unexpected(Error{Errc::kMalformed, "unparsable SubjectPublicKeyInfo"});
  }
  auto type = detail::key_type_of(key.impl_->pk);
  if (!type) return unexpected(type.error());
  key.type_ = *type;
  return key;
}

bool PublicKey::supports(SignatureScheme scheme) const { return key_supports(type_, scheme); }

Status PublicKey::verify(SignatureScheme scheme, std::span<const uint8_t> message,
                         std::span<const uint8_t> signature) const {
  if (!known_scheme(scheme) || !supports(scheme)) {
    return unexpected(Error{Errc::kInvalidArgument, "signature scheme does not fit the key"});
  }
  const HashAlgorithm alg = hash_of(scheme);
  const Digest digest = hash(alg, message);
  const mbedtls_md_type_t md = detail::md_type(alg);
  int rc = 0;
  if (is_pss(scheme)) {
    // rsa_pss_rsae: MGF1 with the same hash and a salt as long as the hash (RFC 8446 section 4.2.3).
    mbedtls_pk_rsassa_pss_options options{};
    options.mgf1_hash_id = md;
    options.expected_salt_len = static_cast<int>(digest.size);
    rc = mbedtls_pk_verify_ext(MBEDTLS_PK_RSASSA_PSS, &options, &impl_->pk, md, digest.bytes.data(), digest.size,
                               signature.data(), signature.size());
  } else {
    // PKCS#1 v1.5 (the key's default padding: PSS signing restores it) or a DER ECDSA signature;
    // mbedTLS rejects trailing bytes and signatures of the wrong length for both.
    rc = mbedtls_pk_verify(&impl_->pk, md, digest.bytes.data(), digest.size, signature.data(), signature.size());
  }
  if (rc != 0) return unexpected(Error{Errc::kAuthFailed, "signature does not verify"});
  return {};
}

// ---- PrivateKey

PrivateKey::PrivateKey() : impl_(std::make_unique<Impl>()) {}
PrivateKey::~PrivateKey() = default;
PrivateKey::PrivateKey(PrivateKey&&) noexcept = default;
PrivateKey& PrivateKey::operator=(PrivateKey&&) noexcept = default;

Result<PrivateKey> PrivateKey::generate(KeyType type, Random& random) {
  detail::ensure_crypto_initialized();
  PrivateKey key;
  key.type_ = type;
  mbedtls_pk_context* pk = &key.impl_->pk;
  int rc = 0;
  switch (type) {
    case KeyType::kEcdsaP256:
    case KeyType::kEcdsaP384:
      rc = mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
      if (rc == 0) {
        rc = mbedtls_ecp_gen_key(type == KeyType::kEcdsaP256 ? MBEDTLS_ECP_DP_SECP256R1 : MBEDTLS_ECP_DP_SECP384R1,
                                 mbedtls_pk_ec(*pk), detail::random_callback, &random);
      }
      break;
    case KeyType::kRsa:
      rc = mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA));
      if (rc == 0) rc = mbedtls_rsa_gen_key(mbedtls_pk_rsa(*pk), detail::random_callback, &random, 2048, 65537);
      break;
    default: return unexpected(Error{Errc::kInvalidArgument, "unknown key type"});
  }
  if (rc != 0) return unexpected(Error{Errc::kCrypto, "key generation failed"});
  return key;
}

// `bytes` is DER, or PEM text with a terminating NUL (how mbedtls_pk_parse_key tells them apart).
Result<PrivateKey> PrivateKey::parse(std::span<const uint8_t> bytes, Random& random) {
  detail::ensure_crypto_initialized();
  PrivateKey key;
#if PURERTC_MBEDTLS_3
  int rc = mbedtls_pk_parse_key(&key.impl_->pk, bytes.data(), bytes.size(), nullptr, 0, detail::random_callback,
                                &random);
#else
  int rc = mbedtls_pk_parse_key(&key.impl_->pk, bytes.data(), bytes.size(), nullptr, 0);
#endif
  if (rc != 0) return unexpected(Error{Errc::kMalformed, "unparsable or encrypted private key"});
  auto type = detail::key_type_of(key.impl_->pk);
  if (!type) return unexpected(type.error());
  key.type_ = *type;
  // A key file can carry a public key that does not belong to its private key (an EC private key's
  // optional publicKey field is taken as is); signing with such a key would produce signatures nobody
  // can verify against the certificate. Check the pair once here.
  if (!check_key_pair(key.impl_->pk, key.impl_->pk, random)) {
    return unexpected(Error{Errc::kMalformed, "private key is inconsistent"});
  }
  return key;
}

Result<PrivateKey> PrivateKey::from_der(std::span<const uint8_t> der, Random& random) {
  if (der.empty()) return unexpected(Error{Errc::kTruncated, "empty private key"});
  if (der.size() > detail::kMaxDerSize) return unexpected(Error{Errc::kLimitExceeded, "private key too large"});
  return parse(der, random);
}

Result<PrivateKey> PrivateKey::from_pem(std::string_view pem, Random& random) {
  if (pem.size() > detail::kMaxPemSize) return unexpected(Error{Errc::kLimitExceeded, "private key PEM too large"});
  if (pem.find("-----BEGIN") == std::string_view::npos) {
    return unexpected(Error{Errc::kMalformed, "no PEM private key block"});
  }
  // mbedtls_pk_parse_key recognises PEM only in a NUL-terminated buffer whose length counts the NUL.
  Zeroizing text(pem.size() + 1);
  std::copy(pem.begin(), pem.end(), text.bytes.begin());
  text.bytes.back() = 0;
  return parse(text.bytes, random);
}

bool PrivateKey::supports(SignatureScheme scheme) const { return key_supports(type_, scheme); }

Result<std::vector<uint8_t>> PrivateKey::sign(SignatureScheme scheme, std::span<const uint8_t> message,
                                              Random& random) const {
  if (!known_scheme(scheme) || !supports(scheme)) {
    return unexpected(Error{Errc::kInvalidArgument, "signature scheme does not fit the key"});
  }
  const HashAlgorithm alg = hash_of(scheme);
  const Digest digest = hash(alg, message);
  const mbedtls_md_type_t md = detail::md_type(alg);
  std::vector<uint8_t> sig(MBEDTLS_PK_SIGNATURE_MAX_SIZE);
  size_t sig_len = 0;
  int rc = 0;
  if (is_pss(scheme)) {
    // The rsa context signs with the padding it is set to; PSS is selected for this call only, so the
    // key's default stays PKCS#1 v1.5 for pk_sign/pk_verify. The salt is as long as the hash.
    mbedtls_rsa_context* rsa = mbedtls_pk_rsa(impl_->pk);
    (void)mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, md);
#if PURERTC_MBEDTLS_3
    rc = mbedtls_rsa_rsassa_pss_sign(rsa, detail::random_callback, &random, md, static_cast<unsigned>(digest.size),
                                     digest.bytes.data(), sig.data());
#else
    rc = mbedtls_rsa_rsassa_pss_sign(rsa, detail::random_callback, &random, MBEDTLS_RSA_PRIVATE, md,
                                     static_cast<unsigned>(digest.size), digest.bytes.data(), sig.data());
#endif
    (void)mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
    sig_len = mbedtls_pk_get_len(&impl_->pk);
  } else {
    // ECDSA: deterministic k (RFC 6979) with `random` used for blinding; the result is DER.
#if PURERTC_MBEDTLS_3
    rc = mbedtls_pk_sign(&impl_->pk, md, digest.bytes.data(), digest.size, sig.data(), sig.size(), &sig_len,
                         detail::random_callback, &random);
#else
    rc = mbedtls_pk_sign(&impl_->pk, md, digest.bytes.data(), digest.size, sig.data(), &sig_len,
                         detail::random_callback, &random);
#endif
  }
  if (rc != 0) return unexpected(Error{Errc::kCrypto, "signing failed"});
  sig.resize(sig_len);
  return sig;
}

std::string PrivateKey::to_pem() const {
  // An 8192-bit RSA key is about 6.5 KiB of PEM.
  Zeroizing buf(16 * 1024);
  if (mbedtls_pk_write_key_pem(&impl_->pk, buf.bytes.data(), buf.bytes.size()) != 0) return {};
  return std::string(reinterpret_cast<const char*>(buf.bytes.data()));
}

std::vector<uint8_t> PrivateKey::public_key_der() const {
  auto spki = detail::write_spki(impl_->pk);
  return spki ? std::move(*spki) : std::vector<uint8_t>{};
}

bool PrivateKey::matches(const PublicKey& key, Random& random) const {
  return static_cast<bool>(check_key_pair(key.impl_->pk, impl_->pk, random));
}

}  // namespace purertc::crypto
