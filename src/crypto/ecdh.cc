// ECDHE on mbedTLS's ecp/ecdh primitives. The group, private scalar and shared secret stay in mbedTLS
// types; only public points and shared secrets cross the API, as bytes in TLS wire form:
// - P-256/P-384 (RFC 8422 section 5.4.1): uncompressed point 0x04 || X || Y, shared secret = X (big-endian,
//   fixed length, leading zeros kept as RFC 8422 section 5.10 requires);
// - X25519 (RFC 7748 section 5, RFC 8422 section 5.11): 32-byte little-endian u-coordinate both ways.
// The plain ecp/ecdh functions are used instead of mbedtls_ecdh_context because they exist unchanged in
// mbedTLS 2.28 and 3.x and need no access to struct fields (private in 3.x).
#include "crypto/ecdh.h"

#include <mbedtls/bignum.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/ecp.h>

#include <array>

#include "common/hex.h"
#include "crypto/mbedtls_util.h"
#include "crypto/pk_impl.h"

namespace purertc::crypto {
namespace {

mbedtls_ecp_group_id group_id(NamedGroup group) {
  switch (group) {
    case NamedGroup::kSecp256r1: return MBEDTLS_ECP_DP_SECP256R1;
    case NamedGroup::kSecp384r1: return MBEDTLS_ECP_DP_SECP384R1;
    case NamedGroup::kX25519: return MBEDTLS_ECP_DP_CURVE25519;
  }
  return MBEDTLS_ECP_DP_NONE;
}

// Size of a coordinate / scalar / shared secret in bytes.
size_t field_size(NamedGroup group) { return group == NamedGroup::kSecp384r1 ? 48 : 32; }

size_t public_key_size(NamedGroup group) {
  return group == NamedGroup::kX25519 ? 32 : 1 + 2 * field_size(group);
}

bool known_group(NamedGroup group) {
  return group == NamedGroup::kSecp256r1 || group == NamedGroup::kSecp384r1 || group == NamedGroup::kX25519;
}

// The base points in their wire form (SEC 2 section 2.4.2 / 2.5.1; RFC 7748 section 4.1: u = 9). The
// group's own copy is a struct field that mbedTLS 3.x made private, and from_private_key needs d*G.
constexpr std::string_view kP256Generator =
    "04"
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
constexpr std::string_view kP384Generator =
    "04"
    "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7"
    "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f";
constexpr std::string_view kX25519Generator = "0900000000000000000000000000000000000000000000000000000000000000";

std::string_view generator_hex(NamedGroup group) {
  switch (group) {
    case NamedGroup::kSecp256r1: return kP256Generator;
    case NamedGroup::kSecp384r1: return kP384Generator;
    case NamedGroup::kX25519: return kX25519Generator;
  }
  return {};
}

struct Point {
  mbedtls_ecp_point p;
  Point() { mbedtls_ecp_point_init(&p); }
  ~Point() { mbedtls_ecp_point_free(&p); }
  Point(const Point&) = delete;
  Point& operator=(const Point&) = delete;
};

struct Mpi {
  mbedtls_mpi m;
  Mpi() { mbedtls_mpi_init(&m); }
  ~Mpi() { mbedtls_mpi_free(&m); }
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
};

}  // namespace

std::string_view to_string(NamedGroup group) {
  switch (group) {
    case NamedGroup::kSecp256r1: return "P-256";
    case NamedGroup::kSecp384r1: return "P-384";
    case NamedGroup::kX25519: return "X25519";
  }
  return "unknown";
}

struct EcdhKeyPair::Impl {
  mbedtls_ecp_group grp;
  mbedtls_mpi d;
  Impl() {
    mbedtls_ecp_group_init(&grp);
    mbedtls_mpi_init(&d);
  }
  ~Impl() {
    mbedtls_mpi_free(&d);  // zeroizes the scalar
    mbedtls_ecp_group_free(&grp);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
};

EcdhKeyPair::EcdhKeyPair(NamedGroup group) : group_(group), impl_(std::make_unique<Impl>()) {}
EcdhKeyPair::~EcdhKeyPair() = default;
EcdhKeyPair::EcdhKeyPair(EcdhKeyPair&&) noexcept = default;
EcdhKeyPair& EcdhKeyPair::operator=(EcdhKeyPair&&) noexcept = default;

namespace {

Result<std::vector<uint8_t>> write_point(const mbedtls_ecp_group& grp, const mbedtls_ecp_point& q, size_t size) {
  std::vector<uint8_t> out(size);
  size_t olen = 0;
  if (mbedtls_ecp_point_write_binary(&grp, &q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, out.data(), out.size()) != 0 ||
      olen != size) {
    return unexpected(Error{Errc::kCrypto, "could not encode the ECDH public key"});
  }
  return out;
}

}  // namespace

Result<EcdhKeyPair> EcdhKeyPair::generate(NamedGroup group, Random& random) {
  if (!known_group(group)) return unexpected(Error{Errc::kInvalidArgument, "unknown ECDH group"});
  detail::ensure_crypto_initialized();
  EcdhKeyPair kp(group);
  Point q;
  if (mbedtls_ecp_group_load(&kp.impl_->grp, group_id(group)) != 0 ||
      mbedtls_ecp_gen_keypair(&kp.impl_->grp, &kp.impl_->d, &q.p, detail::random_callback, &random) != 0) {
    return unexpected(Error{Errc::kCrypto, "ECDH key generation failed"});
  }
  auto pub = write_point(kp.impl_->grp, q.p, public_key_size(group));
  if (!pub) return unexpected(pub.error());
  kp.public_key_ = std::move(*pub);
  return kp;
}

Result<EcdhKeyPair> EcdhKeyPair::from_private_key(NamedGroup group, std::span<const uint8_t> private_key,
                                                  Random& random) {
  if (!known_group(group)) return unexpected(Error{Errc::kInvalidArgument, "unknown ECDH group"});
  if (private_key.size() != field_size(group)) {
    return unexpected(Error{Errc::kInvalidArgument, "ECDH private key has the wrong length"});
  }
  detail::ensure_crypto_initialized();
  EcdhKeyPair kp(group);
  if (mbedtls_ecp_group_load(&kp.impl_->grp, group_id(group)) != 0) {
    return unexpected(Error{Errc::kCrypto, "could not load the ECDH group"});
  }
  int rc = 0;
  if (group == NamedGroup::kX25519) {
    // RFC 7748 section 5 decodeScalar25519: clear the 3 low bits and bit 255, set bit 254.
    std::array<uint8_t, 32> k;
    std::copy(private_key.begin(), private_key.end(), k.begin());
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;
    rc = mbedtls_mpi_read_binary_le(&kp.impl_->d, k.data(), k.size());
    std::fill(k.begin(), k.end(), uint8_t{0});
  } else {
    rc = mbedtls_mpi_read_binary(&kp.impl_->d, private_key.data(), private_key.size());
  }
  if (rc != 0 || mbedtls_ecp_check_privkey(&kp.impl_->grp, &kp.impl_->d) != 0) {
    return unexpected(Error{Errc::kInvalidArgument, "ECDH private key out of range"});
  }
  auto g_bytes = from_hex(generator_hex(group));
  Point g;
  Point q;
  if (!g_bytes || mbedtls_ecp_point_read_binary(&kp.impl_->grp, &g.p, g_bytes->data(), g_bytes->size()) != 0 ||
      mbedtls_ecp_mul(&kp.impl_->grp, &q.p, &kp.impl_->d, &g.p, detail::random_callback, &random) != 0) {
    return unexpected(Error{Errc::kCrypto, "could not compute the ECDH public key"});
  }
  auto pub = write_point(kp.impl_->grp, q.p, public_key_size(group));
  if (!pub) return unexpected(pub.error());
  kp.public_key_ = std::move(*pub);
  return kp;
}

Result<std::vector<uint8_t>> EcdhKeyPair::compute_shared_secret(std::span<const uint8_t> peer_public_key,
                                                                Random& random) const {
  const bool x25519 = group_ == NamedGroup::kX25519;
  // Exact lengths: mbedTLS would also accept the 1-byte encoding of the point at infinity (0x00), and a
  // compressed point is not what RFC 8422 section 5.1.2 lets a peer send once uncompressed is negotiated.
  if (peer_public_key.size() != public_key_size(group_) || (!x25519 && peer_public_key[0] != 0x04)) {
    return unexpected(Error{Errc::kMalformed, "ECDH peer public key has the wrong length or format"});
  }
  Point peer;
  if (mbedtls_ecp_point_read_binary(&impl_->grp, &peer.p, peer_public_key.data(), peer_public_key.size()) != 0) {
    return unexpected(Error{Errc::kMalformed, "ECDH peer public key does not decode"});
  }
  // For NIST curves this is the on-curve check (an invalid-curve point would leak the scalar). For
  // X25519 every 32-byte string is a valid u (RFC 7748 section 5) and mbedTLS rejects only the
  // small-order points, whose shared secret would be all zeros: the section 6.1 check, done early.
  if (mbedtls_ecp_check_pubkey(&impl_->grp, &peer.p) != 0) {
    if (x25519) return unexpected(Error{Errc::kAuthFailed, "X25519 peer public key has small order"});
    return unexpected(Error{Errc::kMalformed, "ECDH peer public key is not on the curve"});
  }
  Mpi z;
  if (mbedtls_ecdh_compute_shared(&impl_->grp, &z.m, &peer.p, &impl_->d, detail::random_callback, &random) != 0) {
    return unexpected(Error{Errc::kCrypto, "ECDH computation failed"});
  }
  std::vector<uint8_t> secret(field_size(group_));
  int rc = x25519 ? mbedtls_mpi_write_binary_le(&z.m, secret.data(), secret.size())
                  : mbedtls_mpi_write_binary(&z.m, secret.data(), secret.size());
  if (rc != 0) return unexpected(Error{Errc::kCrypto, "ECDH shared secret does not fit"});
  if (x25519) {
    // RFC 7748 section 6.1: check for the all-zero value, in constant time. Unreachable while mbedTLS
    // rejects small-order points above; kept because the RFC makes it the normative check.
    uint8_t acc = 0;
    for (uint8_t b : secret) acc |= b;
    if (acc == 0) return unexpected(Error{Errc::kAuthFailed, "X25519 shared secret is all zeros"});
  }
  return secret;
}

}  // namespace purertc::crypto
