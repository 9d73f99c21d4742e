#include "srtp/key_derivation.h"

#include <algorithm>
#include <cstring>

namespace purertc::srtp {

std::string_view to_string(KeyLabel label) {
  switch (label) {
    case KeyLabel::kRtpEncryption: return "SRTP encryption key";
    case KeyLabel::kRtpAuthentication: return "SRTP authentication key";
    case KeyLabel::kRtpSalt: return "SRTP salt";
    case KeyLabel::kRtcpEncryption: return "SRTCP encryption key";
    case KeyLabel::kRtcpAuthentication: return "SRTCP authentication key";
    case KeyLabel::kRtcpSalt: return "SRTCP salt";
    case KeyLabel::kRtpHeaderEncryption: return "SRTP header encryption key";
    case KeyLabel::kRtpHeaderSalt: return "SRTP header salt";
  }
  return "unknown";
}

void secure_wipe(std::span<uint8_t> data) {
  volatile uint8_t* p = data.data();
  for (size_t i = 0; i < data.size(); ++i) p[i] = 0;
}

Result<KeyDerivation> KeyDerivation::create(std::span<const uint8_t> master_key,
                                            std::span<const uint8_t> master_salt) {
  if (master_key.size() != 16 && master_key.size() != 32) {
    return unexpected(Error{Errc::kInvalidArgument, "SRTP master key must be 16 or 32 bytes"});
  }
  if (master_salt.size() > kPrfSaltSize) {
    return unexpected(Error{Errc::kInvalidArgument, "SRTP master salt longer than 112 bits"});
  }
  auto prf = crypto::AesCtr::create(master_key);
  if (!prf) return unexpected(prf.error());
  KeyDerivation kd(std::move(*prf));
  std::copy(master_salt.begin(), master_salt.end(), kd.salt_.begin());
  return kd;
}

KeyDerivation::~KeyDerivation() { secure_wipe(salt_); }

void KeyDerivation::derive(KeyLabel label, std::span<uint8_t> out) const {
  // x = key_id XOR master_salt with key_id = label || (index DIV kdr) = label || 0^48; the label lands
  // on octet 7 of the 14-octet salt. The AES-CM input is x * 2^16.
  uint8_t block[16] = {};
  std::memcpy(block, salt_.data(), kPrfSaltSize);
  block[7] ^= static_cast<uint8_t>(label);
  std::fill(out.begin(), out.end(), uint8_t{0});
  prf_.crypt(block, out, out);
}

SessionKeys::~SessionKeys() {
  secure_wipe(rtp_key);
  secure_wipe(rtp_auth_key);
  secure_wipe(rtp_salt);
  secure_wipe(rtcp_key);
  secure_wipe(rtcp_auth_key);
  secure_wipe(rtcp_salt);
  secure_wipe(rtp_header_key);
  secure_wipe(rtp_header_salt);
}

Result<SessionKeys> derive_session_keys(Profile profile, std::span<const uint8_t> master_key,
                                        std::span<const uint8_t> master_salt) {
  const ProfileParams& p = params(profile);
  if (master_key.size() != p.master_key_size || master_salt.size() != p.master_salt_size) {
    return unexpected(Error{Errc::kInvalidArgument, "master key or salt size does not match the SRTP profile"});
  }
  auto kd = KeyDerivation::create(master_key, master_salt);
  if (!kd) return unexpected(kd.error());
  SessionKeys keys;
  keys.profile = profile;
  const size_t k = p.master_key_size;
  const size_t s = p.master_salt_size;
  kd->derive(KeyLabel::kRtpEncryption, std::span(keys.rtp_key).first(k));
  kd->derive(KeyLabel::kRtpSalt, std::span(keys.rtp_salt).first(s));
  kd->derive(KeyLabel::kRtcpEncryption, std::span(keys.rtcp_key).first(k));
  kd->derive(KeyLabel::kRtcpSalt, std::span(keys.rtcp_salt).first(s));
  if (p.auth_key_size > 0) {
    kd->derive(KeyLabel::kRtpAuthentication, std::span(keys.rtp_auth_key).first(p.auth_key_size));
    kd->derive(KeyLabel::kRtcpAuthentication, std::span(keys.rtcp_auth_key).first(p.auth_key_size));
  }
  kd->derive(KeyLabel::kRtpHeaderEncryption, std::span(keys.rtp_header_key).first(k));
  // The header salt is as long as the profile's salt; under AES-GCM its AES-CM use pads it with two zero
  // octets (what libsrtp, and so Chrome, does: RFC 7714 8.3 leaves the salt length open).
  kd->derive(KeyLabel::kRtpHeaderSalt, std::span(keys.rtp_header_salt).first(s));
  return keys;
}

}  // namespace purertc::srtp
