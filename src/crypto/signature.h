// Signing and verification for the DTLS 1.2 handshake (ServerKeyExchange, CertificateVerify): ECDSA with
// P-256/P-384 (WebRTC's default certificates) and RSA PKCS#1 v1.5 / PSS for peers with RSA certificates.
// Messages are hashed inside: callers pass the bytes TLS signs, not a digest.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/random.h"
#include "common/result.h"
#include "crypto/hash.h"

namespace purertc::crypto {

// Values are the TLS SignatureScheme codepoints (RFC 8446 4.2.3), which DTLS 1.2 uses as its
// (hash, signature) SignatureAndHashAlgorithm pairs.
enum class SignatureScheme : uint16_t {
  kRsaPkcs1Sha256 = 0x0401,
  kRsaPkcs1Sha384 = 0x0501,
  kEcdsaSecp256r1Sha256 = 0x0403,
  kEcdsaSecp384r1Sha384 = 0x0503,
  kRsaPssRsaeSha256 = 0x0804,
  kRsaPssRsaeSha384 = 0x0805,
};

std::string_view to_string(SignatureScheme scheme);
HashAlgorithm hash_of(SignatureScheme scheme);

enum class KeyType { kEcdsaP256, kEcdsaP384, kRsa };
std::string_view to_string(KeyType type);

class PublicKey {
 public:
  // DER SubjectPublicKeyInfo: P-256, P-384 (named curves) or RSA 2048..8192 bits. Errc::kMalformed,
  // Errc::kUnsupported (other algorithms/curves/sizes), Errc::kLimitExceeded (above 16 KiB).
  static Result<PublicKey> from_der(std::span<const uint8_t> spki);
  ~PublicKey();
  PublicKey(PublicKey&&) noexcept;
  PublicKey& operator=(PublicKey&&) noexcept;

  KeyType type() const { return type_; }
  // Whether `scheme` can be used with this key at all: an ECDSA key takes both ECDSA schemes (DTLS 1.2
  // does not bind the curve to the hash, RFC 5246 section 7.4.1.4.1; peers sign P-384 keys with SHA-256),
  // an RSA key the PKCS#1 v1.5 and PSS schemes.
  bool supports(SignatureScheme scheme) const;
  // Errc::kAuthFailed when the signature does not verify; Errc::kInvalidArgument when the scheme does
  // not fit the key. ECDSA signatures are DER (Ecdsa-Sig-Value), as TLS carries them.
  Status verify(SignatureScheme scheme, std::span<const uint8_t> message, std::span<const uint8_t> signature) const;

 private:
  friend class Certificate;
  friend class PrivateKey;
  struct Impl;
  PublicKey();
  KeyType type_ = KeyType::kEcdsaP256;
  std::unique_ptr<Impl> impl_;
};

class PrivateKey {
 public:
  // RSA keys are 2048 bits. Errc::kCrypto if the backend fails.
  static Result<PrivateKey> generate(KeyType type, Random& random);
  // PEM ("-----BEGIN PRIVATE KEY-----", "EC PRIVATE KEY" or "RSA PRIVATE KEY") or DER, unencrypted.
  // Errc::kMalformed for unparsable, encrypted or inconsistent keys, Errc::kUnsupported for other key
  // types/curves or RSA outside 2048..8192 bits, Errc::kLimitExceeded above 16 KiB DER / 32 KiB PEM.
  static Result<PrivateKey> from_pem(std::string_view pem, Random& random);
  static Result<PrivateKey> from_der(std::span<const uint8_t> der, Random& random);
  ~PrivateKey();
  PrivateKey(PrivateKey&&) noexcept;
  PrivateKey& operator=(PrivateKey&&) noexcept;

  KeyType type() const { return type_; }
  bool supports(SignatureScheme scheme) const;
  Result<std::vector<uint8_t>> sign(SignatureScheme scheme, std::span<const uint8_t> message, Random& random) const;
  std::string to_pem() const;
  // The matching public key as DER SubjectPublicKeyInfo.
  std::vector<uint8_t> public_key_der() const;
  // Whether `key` is this key's public half (checked mathematically, not by comparing encodings).
  bool matches(const PublicKey& key, Random& random) const;

 private:
  friend class Certificate;
  friend struct Identity;
  struct Impl;
  PrivateKey();
  static Result<PrivateKey> parse(std::span<const uint8_t> bytes, Random& random);
  KeyType type_ = KeyType::kEcdsaP256;
  std::unique_ptr<Impl> impl_;
};

}  // namespace purertc::crypto
