// SRTP key derivation (RFC 3711 4.3) with key derivation rate 0, the only rate DTLS-SRTP uses
// (RFC 5764 4.1.2): every session key is derived once, from packet index 0.
//
// The PRF is AES-CM keyed with the master key (AES-128 or AES-256, RFC 6188 7.2 / RFC 7714 11).
// Its input block is  (master_salt XOR (label << 48)) || 0x0000,  where the 112-bit master salt has the
// label at octet 7. AEAD profiles have a 96-bit master salt, which RFC 7714 11 pads with two zero octets
// on the right to reach the 112 bits the PRF takes.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.h"
#include "crypto/aes.h"
#include "srtp/profile.h"

namespace purertc::srtp {

// RFC 3711 4.3.2 labels 0-5, RFC 6904 4.3 labels 6-7 (header extension key and salt).
enum class KeyLabel : uint8_t {
  kRtpEncryption = 0x00,
  kRtpAuthentication = 0x01,
  kRtpSalt = 0x02,
  kRtcpEncryption = 0x03,
  kRtcpAuthentication = 0x04,
  kRtcpSalt = 0x05,
  kRtpHeaderEncryption = 0x06,
  kRtpHeaderSalt = 0x07,
};

std::string_view to_string(KeyLabel label);

constexpr size_t kPrfSaltSize = 14;

class KeyDerivation {
 public:
  // master_key: 16 or 32 bytes; master_salt: at most 14 bytes (shorter salts are zero-padded).
  static Result<KeyDerivation> create(std::span<const uint8_t> master_key, std::span<const uint8_t> master_salt);
  ~KeyDerivation();
  KeyDerivation(KeyDerivation&&) noexcept = default;
  KeyDerivation& operator=(KeyDerivation&&) noexcept = default;

  // Fills `out` with the PRF output for `label` (any length; AES-CM keystream blocks 0, 1, ...).
  void derive(KeyLabel label, std::span<uint8_t> out) const;

 private:
  explicit KeyDerivation(crypto::AesCtr prf) : prf_(std::move(prf)) {}
  crypto::AesCtr prf_;
  std::array<uint8_t, kPrfSaltSize> salt_{};
};

// The session keys of one direction (one master key), as the transforms consume them. Sizes come from
// the profile; unused tails stay zero. Secrets are wiped on destruction.
struct SessionKeys {
  Profile profile = Profile::kAes128CmHmacSha1_80;
  std::array<uint8_t, 32> rtp_key{};
  std::array<uint8_t, 20> rtp_auth_key{};
  std::array<uint8_t, 14> rtp_salt{};
  std::array<uint8_t, 32> rtcp_key{};
  std::array<uint8_t, 20> rtcp_auth_key{};
  std::array<uint8_t, 14> rtcp_salt{};
  // RFC 6904 header extension keystream: an AES-CM key of the profile's key size and a salt of the
  // profile's salt size (zero-padded to 112 bits), also for the AEAD profiles (RFC 7714 8.3 encrypts
  // header extensions with AES-CM).
  std::array<uint8_t, 32> rtp_header_key{};
  std::array<uint8_t, 14> rtp_header_salt{};

  SessionKeys() = default;
  SessionKeys(const SessionKeys&) = default;
  SessionKeys& operator=(const SessionKeys&) = default;
  ~SessionKeys();
};

// Derives all session keys of `profile` from one master key and salt of the profile's sizes
// (Errc::kInvalidArgument otherwise).
Result<SessionKeys> derive_session_keys(Profile profile, std::span<const uint8_t> master_key,
                                        std::span<const uint8_t> master_salt);

// Overwrites memory in a way the optimizer keeps.
void secure_wipe(std::span<uint8_t> data);

}  // namespace purertc::srtp
