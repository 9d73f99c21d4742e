#include "srtp/transform.h"

#include <cstring>

#include "common/byte_order.h"
#include "crypto/constant_time.h"
#include "srtp/header_extension.h"

namespace purertc::srtp {

namespace {

// RFC 3711 4.1.1 counter block: salt in octets 0-13, SSRC XORed into octets 4-7, the 48-bit index into
// octets 8-13, octets 14-15 zero (the block counter).
inline void cm_iv(const std::array<uint8_t, 14>& salt, uint32_t ssrc, uint64_t index, uint8_t iv[16]) {
  uint8_t in[16] = {};
  store_u32(in + 4, ssrc);
  store_u48(in + 8, index);
  for (size_t i = 0; i < 14; ++i) iv[i] = salt[i] ^ in[i];
  iv[14] = 0;
  iv[15] = 0;
}

// RFC 7714 8.1 / 9.1 IV: 00 00 || SSRC || 48-bit index (ROC||SEQ, or 00 00 || SRTCP index), XOR salt.
inline void gcm_iv(const std::array<uint8_t, 14>& salt, uint32_t ssrc, uint64_t index,
                   uint8_t iv[crypto::kAeadNonceSize]) {
  uint8_t in[crypto::kAeadNonceSize] = {};
  store_u32(in + 2, ssrc);
  store_u48(in + 6, index);
  for (size_t i = 0; i < crypto::kAeadNonceSize; ++i) iv[i] = salt[i] ^ in[i];
}

}  // namespace

Transform::~Transform() {
  secure_wipe(rtp_salt_);
  secure_wipe(rtcp_salt_);
  secure_wipe(header_salt_);
}

Result<Transform> Transform::create(const SessionKeys& keys, bool header_extension_encryption) {
  Transform t;
  t.profile_ = keys.profile;
  t.params_ = &params(keys.profile);
  const size_t k = t.params_->master_key_size;
  t.rtp_salt_ = keys.rtp_salt;
  t.rtcp_salt_ = keys.rtcp_salt;
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
    t.header_salt_ = keys.rtp_header_salt;
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
  crypto::Digest d = rtp_mac_->compute({std::span<const uint8_t>(packet), std::span<const uint8_t>(roc)});
  std::memcpy(tag, d.bytes.data(), params_->rtp_tag_size);
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
  crypto::Digest d = rtp_mac_->compute({std::span<const uint8_t>(packet), std::span<const uint8_t>(roc)});
  if (!crypto::constant_time_equal(std::span(d.bytes.data(), params_->rtp_tag_size),
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
  // Start at the block holding keystream_offset: add the block number to the counter (a 128-bit
  // big-endian integer, as AesCtr increments it), then skip into the block.
  uint64_t add = keystream_offset / 16;
  for (int i = 15; i >= 0 && add != 0; --i) {
    uint64_t sum = iv[i] + (add & 0xff);
    iv[i] = static_cast<uint8_t>(sum);
    add = (add >> 8) + (sum >> 8);
  }
  const size_t skip = keystream_offset % 16;
  uint8_t buf[16 + kMaxHeaderElementSize] = {};
  std::memcpy(buf + skip, data.data(), data.size());
  std::span<uint8_t> work(buf, skip + data.size());
  header_ctr_->crypt(iv, work, work);
  std::memcpy(data.data(), buf + skip, data.size());
}

void Transform::protect_rtcp(std::span<uint8_t> packet, uint32_t ssrc, uint32_t index, uint8_t* trailer) {
  auto body = packet.subspan(kRtcpHeaderSize);
  if (params_->cipher == CipherKind::kAesGcm) {
    uint32_t e_index = kSrtcpEncryptedFlag | index;
    uint8_t iv[crypto::kAeadNonceSize];
    gcm_iv(rtcp_salt_, ssrc, index, iv);
    uint8_t aad[kRtcpHeaderSize + kSrtcpIndexSize];
    std::memcpy(aad, packet.data(), kRtcpHeaderSize);
    store_u32(aad + kRtcpHeaderSize, e_index);
    (void)rtcp_aead_->seal(std::span<const uint8_t, crypto::kAeadNonceSize>(iv), aad, body, body,
                           std::span<uint8_t, crypto::kAeadTagSize>(trailer, crypto::kAeadTagSize));
    store_u32(trailer + crypto::kAeadTagSize, e_index);
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
  crypto::Digest d = rtcp_mac_->compute(
      {std::span<const uint8_t>(packet), std::span<const uint8_t>(trailer, kSrtcpIndexSize)});
  std::memcpy(trailer + kSrtcpIndexSize, d.bytes.data(), params_->rtcp_tag_size);
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
    uint8_t tag[crypto::kAeadTagSize];
    std::memcpy(tag, base + rtcp_size, crypto::kAeadTagSize);
    Status st;
    if (encrypted) {
      uint8_t aad[kRtcpHeaderSize + kSrtcpIndexSize];
      std::memcpy(aad, base, kRtcpHeaderSize);
      store_u32(aad + kRtcpHeaderSize, e_index);
      auto body = srtcp.subspan(kRtcpHeaderSize, rtcp_size - kRtcpHeaderSize);
      st = rtcp_aead_->open(std::span<const uint8_t, crypto::kAeadNonceSize>(iv), aad, body, body, tag);
    } else {
      // The AAD is the whole packet followed by E|index, which sits after the tag on the wire: move the
      // word next to the packet (the tag was saved) so the AAD is one contiguous span.
      store_u32(base + rtcp_size, e_index);
      st = rtcp_aead_->open(std::span<const uint8_t, crypto::kAeadNonceSize>(iv),
                            srtcp.first(rtcp_size + kSrtcpIndexSize), {}, {}, tag);
      std::memcpy(base + rtcp_size, tag, crypto::kAeadTagSize);
      store_u32(base + rtcp_size + crypto::kAeadTagSize, e_index);
    }
    if (!st) return unexpected(Error{Errc::kAuthFailed, "SRTCP AEAD tag mismatch"});
    return rtcp_size;
  }
  crypto::Digest d = rtcp_mac_->compute(srtcp.first(rtcp_size + kSrtcpIndexSize));
  if (!crypto::constant_time_equal(std::span(d.bytes.data(), tag_size),
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
