// Ephemeral elliptic-curve Diffie-Hellman for the DTLS 1.2 ECDHE key exchange (RFC 8422): X25519
// (RFC 7748), P-256 and P-384. Public keys are in their TLS wire form; the shared secret is what TLS
// feeds into the master secret (the X coordinate for NIST curves, the 32-byte u for X25519).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "common/random.h"
#include "common/result.h"

namespace purertc::crypto {

// Values are the TLS NamedGroup codepoints (IANA "TLS Supported Groups").
enum class NamedGroup : uint16_t { kSecp256r1 = 23, kSecp384r1 = 24, kX25519 = 29 };

std::string_view to_string(NamedGroup group);  // "P-256", "P-384", "X25519"

class EcdhKeyPair {
 public:
  static Result<EcdhKeyPair> generate(NamedGroup group, Random& random);
  // A key pair with a fixed private key, for known-answer tests (RFC 7748, RFC 5903); DTLS always uses
  // generate(). NIST curves: the big-endian scalar (32/48 bytes, 1 <= d < n). X25519: the 32-byte
  // RFC 7748 scalar, clamped here as X25519 does. Errc::kInvalidArgument for a wrong length or range.
  static Result<EcdhKeyPair> from_private_key(NamedGroup group, std::span<const uint8_t> private_key,
                                              Random& random);
  ~EcdhKeyPair();
  EcdhKeyPair(EcdhKeyPair&&) noexcept;
  EcdhKeyPair& operator=(EcdhKeyPair&&) noexcept;

  NamedGroup group() const { return group_; }
  // Uncompressed point 0x04 || X || Y for P-256/P-384 (65/97 bytes); 32 bytes for X25519.
  std::span<const uint8_t> public_key() const { return public_key_; }

  // Errc::kMalformed for a peer key of the wrong length or format, or a point not on the curve;
  // Errc::kAuthFailed for an X25519 small-order peer point, whose result would be all zeros (RFC 7748
  // section 6.1). `random` blinds the scalar multiplication against side channels.
  Result<std::vector<uint8_t>> compute_shared_secret(std::span<const uint8_t> peer_public_key, Random& random) const;

 private:
  struct Impl;
  explicit EcdhKeyPair(NamedGroup group);
  NamedGroup group_;
  std::vector<uint8_t> public_key_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace purertc::crypto
