#include "srtp/profile.h"

namespace purertc::srtp {

namespace {
// RFC 5764 4.1.2: AES128_CM_HMAC_SHA1_32 shortens only the SRTP tag; SRTCP keeps 80 bits.
constexpr ProfileParams kAesCm80{CipherKind::kAesCm, 16, 14, 20, 10, 10};
constexpr ProfileParams kAesCm32{CipherKind::kAesCm, 16, 14, 20, 4, 10};
constexpr ProfileParams kNull80{CipherKind::kNull, 16, 14, 20, 10, 10};
// RFC 7714 12: 96-bit salts, 128-bit tags, no separate authentication key.
constexpr ProfileParams kGcm128{CipherKind::kAesGcm, 16, 12, 0, 16, 16};
constexpr ProfileParams kGcm256{CipherKind::kAesGcm, 32, 12, 0, 16, 16};
}  // namespace

const ProfileParams& params(Profile profile) {
  switch (profile) {
    case Profile::kAes128CmHmacSha1_80: return kAesCm80;
    case Profile::kAes128CmHmacSha1_32: return kAesCm32;
    case Profile::kNullHmacSha1_80: return kNull80;
    case Profile::kAeadAes128Gcm: return kGcm128;
    case Profile::kAeadAes256Gcm: return kGcm256;
  }
  return kAesCm80;
}

std::optional<Profile> profile_from_id(uint16_t id) {
  switch (id) {
    case 0x0001: return Profile::kAes128CmHmacSha1_80;
    case 0x0002: return Profile::kAes128CmHmacSha1_32;
    case 0x0005: return Profile::kNullHmacSha1_80;
    case 0x0007: return Profile::kAeadAes128Gcm;
    case 0x0008: return Profile::kAeadAes256Gcm;
    default: return std::nullopt;
  }
}

std::string_view to_string(Profile profile) {
  switch (profile) {
    case Profile::kAes128CmHmacSha1_80: return "SRTP_AES128_CM_HMAC_SHA1_80";
    case Profile::kAes128CmHmacSha1_32: return "SRTP_AES128_CM_HMAC_SHA1_32";
    case Profile::kNullHmacSha1_80: return "SRTP_NULL_HMAC_SHA1_80";
    case Profile::kAeadAes128Gcm: return "SRTP_AEAD_AES_128_GCM";
    case Profile::kAeadAes256Gcm: return "SRTP_AEAD_AES_256_GCM";
  }
  return "unknown";
}

std::string_view to_string(CipherKind kind) {
  switch (kind) {
    case CipherKind::kAesCm: return "AES-CM";
    case CipherKind::kNull: return "NULL";
    case CipherKind::kAesGcm: return "AES-GCM";
  }
  return "unknown";
}

}  // namespace purertc::srtp
