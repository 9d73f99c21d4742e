// X.509 certificates as WebRTC uses them: self-signed, authenticated by the fingerprint exchanged in SDP
// (RFC 8122, RFC 8827) rather than by a CA chain. Generation (ECDSA P-256 by default), DER/PEM parsing,
// fingerprints in SDP form, and the fingerprint check that authenticates a DTLS peer.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/random.h"
#include "common/result.h"
#include "crypto/hash.h"
#include "crypto/signature.h"

namespace purertc::crypto {

class Certificate {
 public:
  // Errc::kTruncated (empty), Errc::kLimitExceeded (above 16 KiB), Errc::kMalformed (not one DER
  // certificate, or trailing bytes), Errc::kUnsupported (signature algorithm other than ECDSA/RSA/PSS with
  // SHA-256/384/512, or a key that PublicKey::from_der refuses). The certificate's own signature is not
  // checked: WebRTC authenticates it by its fingerprint.
  static Result<Certificate> from_der(std::span<const uint8_t> der);
  // The first certificate in a PEM text.
  static Result<Certificate> from_pem(std::string_view pem);
  ~Certificate();
  Certificate(Certificate&&) noexcept;
  Certificate& operator=(Certificate&&) noexcept;

  std::span<const uint8_t> der() const { return der_; }
  std::string to_pem() const;
  const PublicKey& public_key() const { return *public_key_; }

  Digest fingerprint(HashAlgorithm alg) const;
  // "sha-256 AB:CD:...:EF", the value of an SDP a=fingerprint attribute.
  std::string sdp_fingerprint(HashAlgorithm alg = HashAlgorithm::kSha256) const;

 private:
  Certificate() = default;
  std::vector<uint8_t> der_;
  std::unique_ptr<PublicKey> public_key_;
};

struct CertificateOptions {
  KeyType key_type = KeyType::kEcdsaP256;
  std::string common_name = "purertc";
  // Validity runs from one day before not_before_unix_seconds (clock skew between peers) to validity_days
  // after it. The caller passes the wall-clock time: src/crypto reads no clock. Identity::
  // generate_self_signed returns Errc::kInvalidArgument for validity_days outside 1..3650, a time outside
  // 1950..9989, or a common_name that is not 1..64 characters of [A-Za-z0-9 ._-].
  int64_t not_before_unix_seconds = 0;
  int validity_days = 30;
};

// A private key with its self-signed certificate: what a PeerConnection presents in DTLS.
struct Identity {
  PrivateKey key;
  Certificate certificate;

  static Result<Identity> generate_self_signed(const CertificateOptions& options, Random& random);
  // Loads a certificate and its private key; Errc::kInvalidArgument if they do not belong together.
  static Result<Identity> from_pem(std::string_view certificate_pem, std::string_view key_pem, Random& random);
};

// Checks a peer certificate against an SDP fingerprint value ("sha-256 AB:CD:..."; sha-1, sha-224,
// sha-256, sha-384 or sha-512 as crypto::hash_algorithm_from_name spells them, hex case-insensitive).
// Errc::kMalformed for an unparsable value (including a value whose length does not fit the hash),
// Errc::kUnsupported for an unknown hash or md5 (too weak to authenticate a peer), Errc::kAuthFailed on
// mismatch. Compares in constant time.
Status verify_fingerprint(const Certificate& certificate, std::string_view sdp_fingerprint);

}  // namespace purertc::crypto
