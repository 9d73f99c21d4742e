// SRTP protection profiles (RFC 5764 4.1.2, RFC 7714 14.2) and the transform parameters each one fixes.
// The enum values are the two-byte DTLS use_srtp identifiers, so a negotiated profile converts directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace purertc::srtp {

enum class Profile : uint16_t {
  kAes128CmHmacSha1_80 = 0x0001,
  kAes128CmHmacSha1_32 = 0x0002,
  kNullHmacSha1_80 = 0x0005,  // authentication only; for tests and debugging
  kAeadAes128Gcm = 0x0007,
  kAeadAes256Gcm = 0x0008,
};

enum class CipherKind { kAesCm, kNull, kAesGcm };

struct ProfileParams {
  CipherKind cipher;
  size_t master_key_size;   // also the session encryption key size
  size_t master_salt_size;  // also the session salt size
  size_t auth_key_size;     // 0 for AEAD profiles
  size_t rtp_tag_size;
  size_t rtcp_tag_size;
};

// The parameters of a profile. For SRTP_NULL_HMAC_SHA1_80 the key derivation still runs AES-CM over a
// 128-bit master key and 112-bit master salt (RFC 3711 4.3.3), as libsrtp does.
const ProfileParams& params(Profile profile);

// Maps a DTLS-SRTP profile identifier to a supported profile.
std::optional<Profile> profile_from_id(uint16_t id);

// The RFC 5764 / RFC 7714 name, e.g. "SRTP_AEAD_AES_128_GCM".
std::string_view to_string(Profile profile);
std::string_view to_string(CipherKind kind);

// Bytes appended to an RTP packet by protect: the auth tag.
inline size_t rtp_overhead(Profile profile) { return params(profile).rtp_tag_size; }
// Bytes appended to an RTCP packet by protect: E flag + SRTCP index, then the auth tag.
inline size_t rtcp_overhead(Profile profile) { return 4 + params(profile).rtcp_tag_size; }
// Largest per-packet overhead of any profile, for sizing tailroom once.
constexpr size_t kMaxRtpOverhead = 16;
constexpr size_t kMaxRtcpOverhead = 4 + 16;

}  // namespace purertc::srtp
