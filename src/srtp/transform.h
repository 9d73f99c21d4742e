// The cryptographic transform of one direction: encryption and authentication of RTP and RTCP packets
// whose packet index is already known (RFC 3711 3-4, RFC 7714 7-10). Stateless per packet: the index
// bookkeeping (ROC, SRTCP index, replay) lives in Context. Everything happens in place.
//
// AES-CM + HMAC-SHA1 (RFC 3711 4.1.1, 4.2.1):
//   IV  = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)     (16 octets, AES-CTR counter block)
//   SRTP  tag = HMAC-SHA1(k_a, header || payload || ROC) truncated to 80 or 32 bits
//   SRTCP tag = HMAC-SHA1(k_a, header || payload || E|index) truncated to 80 bits
// AES-GCM (RFC 7714 8.1, 9.1):
//   IV  = (00 00 || SSRC || ROC || SEQ) XOR salt              (12 octets)
//   SRTP:  AAD = header, plaintext = payload, 16-octet tag appended
//   SRTCP: IV uses 00 00 || SSRC || 00 00 || index; AAD = first 8 octets || E|index when E = 1, the
//          whole packet || E|index when E = 0; the tag precedes the E|index word on the wire.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "common/result.h"
#include "crypto/aead.h"
#include "crypto/aes.h"
#include "crypto/hmac.h"
#include "srtp/key_derivation.h"
#include "srtp/profile.h"

namespace purertc::srtp {

constexpr uint32_t kSrtcpEncryptedFlag = 0x80000000u;
constexpr uint32_t kMaxSrtcpIndex = 0x7fffffffu;
constexpr size_t kRtcpHeaderSize = 8;
constexpr size_t kSrtcpIndexSize = 4;

// A 14-octet SRTP salt as two big-endian words, zero-padded to 16 octets: the IVs are built from it with
// word XORs.
struct SaltWords {
  uint64_t hi = 0;
  uint64_t lo = 0;
};

class Transform {
 public:
  // header_extension_encryption: also set up the RFC 6904 keystream cipher.
  static Result<Transform> create(const SessionKeys& keys, bool header_extension_encryption);
  ~Transform();
  Transform(Transform&&) noexcept = default;
  Transform& operator=(Transform&&) noexcept = default;

  Profile profile() const { return profile_; }
  size_t rtp_tag_size() const { return params_->rtp_tag_size; }
  size_t rtcp_tag_size() const { return params_->rtcp_tag_size; }
  bool encrypts() const { return params_->cipher != CipherKind::kNull; }

  // `packet` is the authenticated portion of an RTP packet (header || payload); the first aad_size bytes
  // are authenticated but not encrypted. Encrypts the rest in place and writes rtp_tag_size() bytes at
  // `tag` (which must not overlap `packet`). cryptex_csrc_size > 0 (RFC 9335): the cipher sees the
  // packet with the extension header moved in front of that many CSRC bytes (header_extension.h);
  // the HMAC of the CM profiles covers the packet as sent.
  void protect_rtp(std::span<uint8_t> packet, size_t aad_size, uint32_t ssrc, uint64_t index, uint8_t* tag,
                   size_t cryptex_csrc_size = 0);
  // Verifies the tag (constant time) and only then decrypts in place. Errc::kAuthFailed on mismatch,
  // leaving `packet` unchanged for the CM profiles.
  Status unprotect_rtp(std::span<uint8_t> packet, size_t aad_size, uint32_t ssrc, uint64_t index,
                       const uint8_t* tag, size_t cryptex_csrc_size = 0);

  // RFC 6904: XORs `data` with the header extension keystream of
  // the packet (AES-CM with the header key and salt, the payload's IV layout) starting at byte
  // `keystream_offset`. Only if created with header extension encryption.
  void xor_header_keystream(uint32_t ssrc, uint64_t index, size_t keystream_offset, std::span<uint8_t> data);

  // `packet` is a plaintext compound RTCP packet; rtcp_overhead(profile) bytes after it are written:
  // E|index and the tag in the profile's wire order. The E flag is set when the profile encrypts.
  void protect_rtcp(std::span<uint8_t> packet, uint32_t ssrc, uint32_t index, uint8_t* trailer);
  // `srtcp` is a whole received SRTCP packet (at least 8 + rtcp_overhead bytes, checked by the caller).
  // Verifies and decrypts in place; returns the RTCP length.
  Result<size_t> unprotect_rtcp(std::span<uint8_t> srtcp, uint32_t ssrc);
  // The E|index word of a received SRTCP packet of that length (caller checked the minimum size).
  uint32_t srtcp_index_word(std::span<const uint8_t> srtcp) const;

 private:
  Transform() = default;

  Profile profile_ = Profile::kAes128CmHmacSha1_80;
  const ProfileParams* params_ = nullptr;
  std::optional<crypto::AesCtr> rtp_ctr_, rtcp_ctr_, header_ctr_;
  std::optional<crypto::HmacKey> rtp_mac_, rtcp_mac_;
  std::optional<crypto::Aead> rtp_aead_, rtcp_aead_;
  SaltWords rtp_salt_, rtcp_salt_, header_salt_;
};

}  // namespace purertc::srtp
