#include "srtp/transform.h"

#include <cstring>

#include "common/byte_order.h"
#include "srtp/header_extension.h"

namespace purertc::srtp {

namespace {

// RFC 3711 4.1.1 counter block: salt in octets 0-13, SSRC XORed into octets 4-7, the 48-bit index into
// octets 8-13, octets 14-15 zero (the block counter). With the salt held as two big-endian words (octets
// 14-15 zero) that is two XORs and two stores per packet.
inline void cm_iv(const SaltWords& salt, uint32_t ssrc, uint64_t index, uint8_t iv[16]) {
  store_u64(iv, salt.hi ^ ssrc);
  store_u64(iv + 8, salt.lo ^ (index << 16));
}

// RFC 7714 8.1 / 9.1 IV: 00 00 || SSRC || 48-bit index (ROC||SEQ, or 00 00 || SRTCP index), XOR salt:
// octets 0-7 take the SSRC and the index's top 16 bits, octets 8-11 its low 32 bits.
inline void gcm_iv(const SaltWords& salt, uint32_t ssrc, uint64_t index, uint8_t iv[crypto::kAeadNonceSize]) {
  store_u64(iv, salt.hi ^ (uint64_t{ssrc} << 16) ^ ((index >> 32) & 0xffff));
  store_u32(iv + 8, static_cast<uint32_t>(salt.lo >> 32) ^ static_cast<uint32_t>(index));
}

SaltWords salt_words(const std::array<uint8_t, 14>& salt) {
  uint8_t padded[16] = {};
  std::memcpy(padded, salt.data(), salt.size());
  return SaltWords{load_u64(padded), load_u64(padded + 8)};
}

}  // namespace

Transform::~Transform() {
  secure_wipe(std::span(reinterpret_cast<uint8_t*>(&rtp_salt_), sizeof rtp_salt_));
  secure_wipe(std::span(reinterpret_cast<uint8_t*>(&rtcp_salt_), sizeof rtcp_salt_));
  secure_wipe(std::span(reinterpret_cast<uint8_t*>(&header_salt_), sizeof header_salt_));
}

Result<Transform> Transform::create(const SessionKeys& keys, bool header_extension_encryption) {
  Transform t;
  t.profile_ = keys.profile;
  t.params_ = &params(keys.profile);
  const size_t k = t.params_->master_key_size;
  t.rtp_salt_ = salt_words(keys.rtp_salt);
  t.rtcp_salt_ = salt_words(keys.rtcp_salt);
  switch (t.params_->cipher) {
    case CipherKind::kAesCm: {
      auto rtp = crypto::AesCtr::create(std::span(keys.rtp_key).first(k));
      auto rtcp = crypto::AesCtr::create(std::span(keys.rtcp_key).first(k));
      if (!rtp || !rtcp) return unexpected(Error{Errc::kCrypto, "AES-CM key setup failed"});
      t.rtp_ctr_.emplace(std::move(*rtp));
      t.rtcp_ctr_.emplace(std::move(*rtcp));
      break;
    }
    case CipherKind::kNull: break;
    case CipherKind::kAesGcm: {
      auto alg = k == 16 ? crypto::AeadAlgorithm::kAes128Gcm : crypto::AeadAlgorithm::kAes256Gcm;
      auto rtp = crypto::Aead::create(alg, std::span(keys.rtp_key).first(k));
      auto rtcp = crypto::Aead::create(alg, std::span(keys.rtcp_key).first(k));
      if (!rtp || !rtcp) return unexpected(Error{Errc::kCrypto, "AES-GCM key setup failed"});
      t.rtp_aead_.emplace(std::move(*rtp));
      t.rtcp_aead_.emplace(std::move(*rtcp));
      break;
    }
  }
  if (t.params_->auth_key_size > 0) {
    t.rtp_mac_.emplace(crypto::HashAlgorithm::kSha1, std::span(keys.rtp_auth_key).first(t.params_->auth_key_size));
    t.rtcp_mac_.emplace(crypto::HashAlgorithm::kSha1, std::span(keys.rtcp_auth_key).first(t.params_->auth_key_size));
  }
  if (header_extension_encryption) {
    auto hdr = crypto::AesCtr::create(std::span(keys.rtp_header_key).first(k));
    if (!hdr) return unexpected(Error{Errc::kCrypto, "header extension key setup failed"});
    t.header_ctr_.emplace(std::move(*hdr));
    t.header_salt_ = salt_words(keys.rtp_header_salt);
  }
  return t;
}

void Transform::protect_rtp(std::span<uint8_t> packet, size_t aad_size, uint32_t ssrc, uint64_t index,
                            uint8_t* tag, size_t cryptex_csrc_size) {
  auto payload = packet.subspan(aad_size);
  if (cryptex_csrc_size > 0) cryptex_move_extension_header_first(packet.data(), cryptex_csrc_size);
  if (params_->cipher == CipherKind::kAesGcm) {
    uint8_t iv[crypto::kAeadNonceSize];
    gcm_iv(rtp_salt_, ssrc, index, iv);
    // Sealing cannot fail with matching sizes and a valid key.
    (void)rtp_aead_->seal(std::span<const uint8_t, crypto::kAeadNonceSize>(iv), packet.first(aad_size), payload,
                          payload, std::span<uint8_t, crypto::kAeadTagSize>(tag, crypto::kAeadTagSize));
    if (cryptex_csrc_size > 0) cryptex_move_extension_header_back(packet.data(), cryptex_csrc_size);
    return;
  }
  if (rtp_ctr_) {
    uint8_t iv[16];
    cm_iv(rtp_salt_, ssrc, index, iv);
    rtp_ctr_->crypt(iv, payload, payload);
  }
  if (cryptex_csrc_size > 0) cryptex_move_extension_header_back(packet.data(), cryptex_csrc_size);
  uint8_t roc[4];
  store_u32(roc, static_cast<uint32_t>(index >> 16));
  rtp_mac_->compute_truncated({std::span<const uint8_t>(packet), std::span<const uint8_t>(roc)},
                              std::span(tag, params_->rtp_tag_size));
}

Status Transform::unprotect_rtp(std::span<uint8_t> packet, size_t aad_size, uint32_t ssrc, uint64_t index,
                                const uint8_t* tag, size_t cryptex_csrc_size) {
  auto payload = packet.subspan(aad_size);
  if (params_->cipher == CipherKind::kAesGcm) {
    uint8_t iv[crypto::kAeadNonceSize];
    gcm_iv(rtp_salt_, ssrc, index, iv);
    if (cryptex_csrc_size > 0) cryptex_move_extension_header_first(packet.data(), cryptex_csrc_size);
    auto st = rtp_aead_->open(std::span<const uint8_t, crypto::kAeadNonceSize>(iv), packet.first(aad_size), payload,
                              payload, std::span<const uint8_t, crypto::kAeadTagSize>(tag, crypto::kAeadTagSize));
    if (cryptex_csrc_size > 0) cryptex_move_extension_header_back(packet.data(), cryptex_csrc_size);
    if (!st) return unexpected(Error{Errc::kAuthFailed, "SRTP AEAD tag mismatch"});
    return {};
  }
  uint8_t roc[4];
  store_u32(roc, static_cast<uint32_t>(index >> 16));
  if (!rtp_mac_->verify_truncated({std::span<const uint8_t>(packet), std::span<const uint8_t>(roc)},
                                  std::span(tag, params_->rtp_tag_size))) {
    return unexpected(Error{Errc::kAuthFailed, "SRTP auth tag mismatch"});
  }
  if (rtp_ctr_) {
    uint8_t iv[16];
    cm_iv(rtp_salt_, ssrc, index, iv);
    if (cryptex_csrc_size > 0) cryptex_move_extension_header_first(packet.data(), cryptex_csrc_size);
    rtp_ctr_->crypt(iv, payload, payload);
    if (cryptex_csrc_size > 0) cryptex_move_extension_header_back(packet.data(), cryptex_csrc_size);
  }
  return {};
}

void Transform::xor_header_keystream(uint32_t ssrc, uint64_t index, size_t keystream_offset,
                                     std::span<uint8_t> data) {
  uint8_t iv[16];
  cm_iv(header_salt_, ssrc, index, iv);
  header_ctr_->crypt(iv, keystream_offset, data, data);
}

void Transform::protect_rtcp(std::span<uint8_t> packet, uint32_t ssrc, uint32_t index, uint8_t* trailer) {
  auto body = packet.subspan(kRtcpHeaderSize);
  if (params_->cipher == CipherKind::kAesGcm) {
    uint32_t e_index = kSrtcpEncryptedFlag | index;
    uint8_t iv[crypto::kAeadNonceSize];
    gcm_iv(rtcp_salt_, ssrc, index, iv);
    // RFC 7714 9.1: AAD = header || E|index; the word is written to its place in the trailer first and
    // authenticated from there.
    uint8_t* index_word = trailer + crypto::kAeadTagSize;
    store_u32(index_word, e_index);
    (void)rtcp_aead_->seal(std::span<const uint8_t, crypto::kAeadNonceSize>(iv),
                           {packet.first(kRtcpHeaderSize), std::span<const uint8_t>(index_word, kSrtcpIndexSize)},
                           body, body, std::span<uint8_t, crypto::kAeadTagSize>(trailer, crypto::kAeadTagSize));
    return;
  }
  uint32_t e_index = index;
  if (rtcp_ctr_) {
    e_index |= kSrtcpEncryptedFlag;
    uint8_t iv[16];
    cm_iv(rtcp_salt_, ssrc, index, iv);
    rtcp_ctr_->crypt(iv, body, body);
  }
  store_u32(trailer, e_index);
  rtcp_mac_->compute_truncated({std::span<const uint8_t>(packet), std::span<const uint8_t>(trailer, kSrtcpIndexSize)},
                               std::span(trailer + kSrtcpIndexSize, params_->rtcp_tag_size));
}

uint32_t Transform::srtcp_index_word(std::span<const uint8_t> srtcp) const {
  size_t tag = params_->rtcp_tag_size;
  if (params_->cipher == CipherKind::kAesGcm) return load_u32(srtcp.data() + srtcp.size() - kSrtcpIndexSize);
  return load_u32(srtcp.data() + srtcp.size() - tag - kSrtcpIndexSize);
}

Result<size_t> Transform::unprotect_rtcp(std::span<uint8_t> srtcp, uint32_t ssrc) {
  const size_t tag_size = params_->rtcp_tag_size;
  const size_t rtcp_size = srtcp.size() - tag_size - kSrtcpIndexSize;
  const uint32_t e_index = srtcp_index_word(srtcp);
  const bool encrypted = (e_index & kSrtcpEncryptedFlag) != 0;
  const uint32_t index = e_index & kMaxSrtcpIndex;
  uint8_t* base = srtcp.data();
  if (params_->cipher == CipherKind::kAesGcm) {
    uint8_t iv[crypto::kAeadNonceSize];
    gcm_iv(rtcp_salt_, ssrc, index, iv);
    // RFC 7714 9.1: the AAD is the first 8 octets (E = 1) or the whole packet (E = 0), then the E|index
    // word, which follows the tag on the wire: both are authenticated where they lie.
    const std::span<const uint8_t> tag(base + rtcp_size, crypto::kAeadTagSize);
    const std::span<const uint8_t> index_word(base + rtcp_size + crypto::kAeadTagSize, kSrtcpIndexSize);
    const auto nonce = std::span<const uint8_t, crypto::kAeadNonceSize>(iv);
    const auto tag16 = std::span<const uint8_t, crypto::kAeadTagSize>(tag.data(), crypto::kAeadTagSize);
    Status st;
    if (encrypted) {
      auto body = srtcp.subspan(kRtcpHeaderSize, rtcp_size - kRtcpHeaderSize);
      st = rtcp_aead_->open(nonce, {srtcp.first(kRtcpHeaderSize), index_word}, body, body, tag16);
    } else {
      st = rtcp_aead_->open(nonce, {srtcp.first(rtcp_size), index_word}, {}, {}, tag16);
    }
    if (!st) return unexpected(Error{Errc::kAuthFailed, "SRTCP AEAD tag mismatch"});
    return rtcp_size;
  }
  if (!rtcp_mac_->verify_truncated({srtcp.first(rtcp_size + kSrtcpIndexSize)},
                                   srtcp.subspan(rtcp_size + kSrtcpIndexSize, tag_size))) {
    return unexpected(Error{Errc::kAuthFailed, "SRTCP auth tag mismatch"});
  }
  if (encrypted && rtcp_ctr_) {
    uint8_t iv[16];
    cm_iv(rtcp_salt_, ssrc, index, iv);
    auto body = srtcp.subspan(kRtcpHeaderSize, rtcp_size - kRtcpHeaderSize);
    rtcp_ctr_->crypt(iv, body, body);
  }
  return rtcp_size;
}

}  // namespace purertc::srtp
