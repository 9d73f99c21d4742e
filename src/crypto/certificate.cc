// X.509 on mbedTLS's x509 module (parsing) and x509write (self-signed generation). Only the fields that
// stay public in mbedTLS 3.x are read from mbedtls_x509_crt: raw, sig_oid and pk_raw.
#include "crypto/certificate.h"

#include <mbedtls/base64.h>
#include <mbedtls/bignum.h>
#include <mbedtls/oid.h>
#include <mbedtls/pem.h>
#include <mbedtls/x509_crt.h>

#include <array>
#include <chrono>
#include <cstdio>

#include "common/hex.h"
#include "crypto/constant_time.h"
#include "crypto/mbedtls_util.h"
#include "crypto/pk_impl.h"

namespace purertc::crypto {
namespace {

constexpr std::string_view kPemBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kPemEnd = "-----END CERTIFICATE-----";

struct X509Crt {
  mbedtls_x509_crt crt;
  X509Crt() { mbedtls_x509_crt_init(&crt); }
  ~X509Crt() { mbedtls_x509_crt_free(&crt); }
  X509Crt(const X509Crt&) = delete;
  X509Crt& operator=(const X509Crt&) = delete;
};

struct X509WriteCert {
  mbedtls_x509write_cert ctx;
  X509WriteCert() { mbedtls_x509write_crt_init(&ctx); }
  ~X509WriteCert() { mbedtls_x509write_crt_free(&ctx); }
  X509WriteCert(const X509WriteCert&) = delete;
  X509WriteCert& operator=(const X509WriteCert&) = delete;
};

// The certificate signature algorithms purertc accepts: ECDSA and RSA (PKCS#1 v1.5 or PSS) with SHA-2.
// SHA-1 and MD5 signatures are refused: a WebRTC certificate is authenticated by its fingerprint, but
// accepting them would still let weak certificates through unnoticed.
bool acceptable_signature_algorithm(const mbedtls_x509_buf& sig_oid) {
  mbedtls_md_type_t md = MBEDTLS_MD_NONE;
  mbedtls_pk_type_t pk = MBEDTLS_PK_NONE;
  if (mbedtls_oid_get_sig_alg(&sig_oid, &md, &pk) != 0) return false;
  // RSASSA-PSS names its hash in the parameters, which mbedTLS has already checked against the hashes
  // it supports.
  if (pk == MBEDTLS_PK_RSASSA_PSS) return true;
  if (pk != MBEDTLS_PK_ECDSA && pk != MBEDTLS_PK_RSA) return false;
  return md == MBEDTLS_MD_SHA256 || md == MBEDTLS_MD_SHA384 || md == MBEDTLS_MD_SHA512;
}

// A common name is written into the DN string mbedTLS parses ("CN=..."); allowing only characters
// without meaning in that syntax (',', '=', '+', '\\', quotes...) keeps the name from injecting fields.
bool valid_common_name(std::string_view cn) {
  if (cn.empty() || cn.size() > 64) return false;
  for (char c : cn) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '-' ||
              c == '.' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// mbedTLS writes validity as "YYYYMMDDhhmmss" (UTCTime before 2050, GeneralizedTime after).
constexpr int64_t kMinTime = -631152000;    // 1950-01-01T00:00:00Z, where X.509 UTCTime starts
constexpr int64_t kMaxTime = 253402300799;  // 9999-12-31T23:59:59Z, the last GeneralizedTime year
constexpr int64_t kDay = 86400;
constexpr int kMaxValidityDays = 3650;

std::array<char, 32> x509_time(int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_seconds tp{seconds{unix_seconds}};
  const sys_days day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{tp - day};
  std::array<char, 32> out{};
  std::snprintf(out.data(), out.size(), "%04d%02u%02u%02d%02d%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return out;
}

Status set_serial(mbedtls_x509write_cert& ctx, Random& random) {
  // RFC 5280 section 4.1.2.2: positive, at most 20 octets; 16 random bytes make it unique in practice.
  std::array<uint8_t, 16> serial;
  random.fill(serial);
  serial[0] &= 0x7f;
  serial[0] |= 0x01;  // non-zero and no leading zero octet to strip
#if MBEDTLS_VERSION_NUMBER >= 0x03040000
  if (mbedtls_x509write_crt_set_serial_raw(&ctx, serial.data(), serial.size()) != 0) {
    return unexpected(Error{Errc::kCrypto, "could not set the certificate serial"});
  }
#else
  mbedtls_mpi mpi;
  mbedtls_mpi_init(&mpi);
  int rc = mbedtls_mpi_read_binary(&mpi, serial.data(), serial.size());
  if (rc == 0) rc = mbedtls_x509write_crt_set_serial(&ctx, &mpi);
  mbedtls_mpi_free(&mpi);
  if (rc != 0) return unexpected(Error{Errc::kCrypto, "could not set the certificate serial"});
#endif
  return {};
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Certificate::~Certificate() = default;
Certificate::Certificate(Certificate&&) noexcept = default;
Certificate& Certificate::operator=(Certificate&&) noexcept = default;

Result<Certificate> Certificate::from_der(std::span<const uint8_t> der) {
  if (der.empty()) return unexpected(Error{Errc::kTruncated, "empty certificate"});
  if (der.size() > detail::kMaxDerSize) return unexpected(Error{Errc::kLimitExceeded, "certificate too large"});
  detail::ensure_crypto_initialized();
  X509Crt x;
  if (mbedtls_x509_crt_parse_der(&x.crt, der.data(), der.size()) != 0) {
    return unexpected(Error{Errc::kMalformed, "unparsable X.509 certificate"});
  }
  // mbedTLS stops at the end of the outer SEQUENCE; bytes after it would not be covered by the
  // fingerprint's meaning of "this certificate".
  if (x.crt.raw.len != der.size()) return unexpected(Error{Errc::kMalformed, "trailing bytes after certificate"});
  if (!acceptable_signature_algorithm(x.crt.sig_oid)) {
    return unexpected(Error{Errc::kUnsupported, "certificate signature algorithm is not ECDSA/RSA with SHA-2"});
  }
  auto key = PublicKey::from_der({x.crt.pk_raw.p, x.crt.pk_raw.len});
  if (!key) return unexpected(key.error());
  Certificate cert;
  cert.der_.assign(der.begin(), der.end());
  cert.public_key_ = std::make_unique<PublicKey>(std::move(*key));
  return cert;
}

Result<Certificate> Certificate::from_pem(std::string_view pem) {
  if (pem.size() > detail::kMaxPemSize) return unexpected(Error{Errc::kLimitExceeded, "certificate PEM too large"});
  const size_t begin = pem.find(kPemBegin);
  if (begin == std::string_view::npos) return unexpected(Error{Errc::kMalformed, "no PEM certificate block"});
  const size_t body = begin + kPemBegin.size();
  const size_t end = pem.find(kPemEnd, body);
  if (end == std::string_view::npos) return unexpected(Error{Errc::kTruncated, "PEM certificate block not closed"});
  const auto* src = reinterpret_cast<const unsigned char*>(pem.data() + body);
  const size_t src_len = end - body;
  size_t der_len = 0;
  // First call sizes the output (or reports bad base64).
  int rc = mbedtls_base64_decode(nullptr, 0, &der_len, src, src_len);
  if (rc == MBEDTLS_ERR_BASE64_INVALID_CHARACTER) return unexpected(Error{Errc::kMalformed, "bad base64 in PEM"});
  std::vector<uint8_t> der(der_len);
  if (mbedtls_base64_decode(der.data(), der.size(), &der_len, src, src_len) != 0) {
    return unexpected(Error{Errc::kMalformed, "bad base64 in PEM"});
  }
  der.resize(der_len);
  return from_der(der);
}

std::string Certificate::to_pem() const {
  // Base64 grows 4/3, plus a newline per 64 characters and the two marker lines.
  std::vector<unsigned char> buf(der_.size() * 2 + 128);
  size_t olen = 0;
  if (mbedtls_pem_write_buffer("-----BEGIN CERTIFICATE-----\n", "-----END CERTIFICATE-----\n", der_.data(),
                               der_.size(), buf.data(), buf.size(), &olen) != 0) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(buf.data()));
}

Digest Certificate::fingerprint(HashAlgorithm alg) const { return hash(alg, der_); }

std::string Certificate::sdp_fingerprint(HashAlgorithm alg) const {
  std::string out(to_string(alg));
  out += ' ';
  out += to_hex_upper(fingerprint(alg).view(), ':');
  return out;
}

Result<Identity> Identity::generate_self_signed(const CertificateOptions& options, Random& random) {
  if (!valid_common_name(options.common_name)) {
    return unexpected(Error{Errc::kInvalidArgument, "common name must be 1..64 of [A-Za-z0-9 ._-]"});
  }
  if (options.validity_days < 1 || options.validity_days > kMaxValidityDays) {
    return unexpected(Error{Errc::kInvalidArgument, "validity must be 1..3650 days"});
  }
  const int64_t not_before = options.not_before_unix_seconds - kDay;
  if (options.not_before_unix_seconds < kMinTime + kDay ||
      options.not_before_unix_seconds > kMaxTime - int64_t{kMaxValidityDays} * kDay) {
    return unexpected(Error{Errc::kInvalidArgument, "validity start outside 1950..9989"});
  }
  const int64_t not_after = options.not_before_unix_seconds + int64_t{options.validity_days} * kDay;

  auto key = PrivateKey::generate(options.key_type, random);
  if (!key) return unexpected(key.error());
  mbedtls_pk_context* pk = &key->impl_->pk;

  X509WriteCert w;
  mbedtls_x509write_crt_set_version(&w.ctx, MBEDTLS_X509_CRT_VERSION_3);
  mbedtls_x509write_crt_set_md_alg(&w.ctx, options.key_type == KeyType::kEcdsaP384 ? MBEDTLS_MD_SHA384
                                                                                   : MBEDTLS_MD_SHA256);
  mbedtls_x509write_crt_set_subject_key(&w.ctx, pk);
  mbedtls_x509write_crt_set_issuer_key(&w.ctx, pk);
  const std::string dn = "CN=" + options.common_name;
  const auto from = x509_time(not_before);
  const auto to = x509_time(not_after);
  if (mbedtls_x509write_crt_set_subject_name(&w.ctx, dn.c_str()) != 0 ||
      mbedtls_x509write_crt_set_issuer_name(&w.ctx, dn.c_str()) != 0 ||
      mbedtls_x509write_crt_set_validity(&w.ctx, from.data(), to.data()) != 0) {
    return unexpected(Error{Errc::kCrypto, "could not fill in the certificate"});
  }
  if (auto ok = set_serial(w.ctx, random); !ok) return unexpected(ok.error());

  std::vector<uint8_t> buf(8 * 1024);
  const int n = mbedtls_x509write_crt_der(&w.ctx, buf.data(), buf.size(), detail::random_callback, &random);
  if (n <= 0) return unexpected(Error{Errc::kCrypto, "could not sign the certificate"});
  // Written at the end of the buffer.
  auto cert = Certificate::from_der(std::span(buf).subspan(buf.size() - static_cast<size_t>(n)));
  if (!cert) return unexpected(cert.error());
  return Identity{std::move(*key), std::move(*cert)};
}

Result<Identity> Identity::from_pem(std::string_view certificate_pem, std::string_view key_pem, Random& random) {
  auto cert = Certificate::from_pem(certificate_pem);
  if (!cert) return unexpected(cert.error());
  auto key = PrivateKey::from_pem(key_pem, random);
  if (!key) return unexpected(key.error());
  if (!key->matches(cert->public_key(), random)) {
    return unexpected(Error{Errc::kInvalidArgument, "private key does not belong to the certificate"});
  }
  return Identity{std::move(*key), std::move(*cert)};
}

Status verify_fingerprint(const Certificate& certificate, std::string_view sdp_fingerprint) {
  // RFC 8122 section 5: fingerprint-attribute = hash-func SP fingerprint, fingerprint = 2UHEX *(":" 2UHEX).
  // Lower-case hex and extra blanks are accepted (RFC 8122 itself notes implementations differ).
  std::string_view s = sdp_fingerprint;
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  size_t sep = 0;
  while (sep < s.size() && !is_space(s[sep])) ++sep;
  if (sep == 0 || sep == s.size()) return unexpected(Error{Errc::kMalformed, "fingerprint needs a hash name and a value"});
  const std::string_view name = s.substr(0, sep);
  std::string_view value = s.substr(sep);
  while (!value.empty() && is_space(value.front())) value.remove_prefix(1);

  const auto alg = hash_algorithm_from_name(name);
  // MD5 is listed by RFC 8122 but is too weak to authenticate a peer (RFC 8827 requires SHA-256 or better
  // from senders; sha-1 and sha-224 are still accepted from older peers).
  if (!alg || *alg == HashAlgorithm::kMd5) return unexpected(Error{Errc::kUnsupported, "unknown fingerprint hash"});

  const size_t n = digest_size(*alg);
  // Exactly n pairs of hex digits separated by single colons: 3n - 1 characters.
  if (value.size() != 3 * n - 1) return unexpected(Error{Errc::kMalformed, "fingerprint has the wrong length"});
  std::array<uint8_t, kMaxDigestSize> expected{};
  for (size_t i = 0; i < n; ++i) {
    const int hi = hex_value(value[3 * i]);
    const int lo = hex_value(value[3 * i + 1]);
    if (hi < 0 || lo < 0 || (i + 1 < n && value[3 * i + 2] != ':')) {
      return unexpected(Error{Errc::kMalformed, "fingerprint is not colon-separated hex"});
    }
    expected[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  const Digest actual = certificate.fingerprint(*alg);
  if (!constant_time_equal(actual.view(), std::span<const uint8_t>(expected.data(), n))) {
    return unexpected(Error{Errc::kAuthFailed, "certificate fingerprint does not match"});
  }
  return {};
}

}  // namespace purertc::crypto
