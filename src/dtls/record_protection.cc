#include "dtls/record_protection.h"

#include <cstring>

#include "common/byte_order.h"

namespace purertc::dtls {

Result<RecordProtection> RecordProtection::create(const CipherSuiteInfo& suite, std::span<const uint8_t> key,
                                                  std::span<const uint8_t> fixed_iv) {
  if (fixed_iv.size() != suite.fixed_iv_size || key.size() != suite.key_size) {
    return unexpected(Error{Errc::kInvalidArgument, "record key or IV size does not fit the cipher suite"});
  }
  auto aead = crypto::Aead::create(suite.aead, key);
  if (!aead) return unexpected(aead.error());
  RecordProtection p(std::move(*aead), suite.explicit_nonce_size);
  std::memcpy(p.iv_.data(), fixed_iv.data(), fixed_iv.size());
  p.iv_size_ = fixed_iv.size();
  return p;
}

std::array<uint8_t, crypto::kAeadNonceSize> RecordProtection::nonce(uint64_t epoch_seq,
                                                                    std::span<const uint8_t> explicit_nonce) const {
  std::array<uint8_t, crypto::kAeadNonceSize> n{};
  if (explicit_nonce_size_ == 8) {
    std::memcpy(n.data(), iv_.data(), 4);
    std::memcpy(n.data() + 4, explicit_nonce.data(), 8);
  } else {
    std::memcpy(n.data(), iv_.data(), 12);
    uint8_t seq_bytes[8];
    store_u64(seq_bytes, epoch_seq);
    for (size_t i = 0; i < 8; ++i) n[4 + i] ^= seq_bytes[i];
  }
  return n;
}

namespace {
std::array<uint8_t, 13> additional_data(uint64_t epoch_seq, uint8_t type, uint16_t version, uint16_t length) {
  std::array<uint8_t, 13> ad{};
  store_u64(ad.data(), epoch_seq);
  ad[8] = type;
  store_u16(ad.data() + 9, version);
  store_u16(ad.data() + 11, length);
  return ad;
}
}  // namespace

Result<size_t> RecordProtection::seal(ContentType type, uint16_t version, uint16_t epoch, uint64_t seq,
                                      std::span<const uint8_t> plaintext, std::span<uint8_t> out) const {
  size_t fragment_size = overhead() + plaintext.size();
  if (plaintext.size() > kMaxPlaintextLength || out.size() < kRecordHeaderSize + fragment_size) {
    return unexpected(Error{Errc::kBufferTooSmall, "record does not fit the output buffer"});
  }
  uint64_t epoch_seq = (uint64_t{epoch} << 48) | seq;
  write_record_header(out.first<kRecordHeaderSize>(), type, version, epoch, seq, static_cast<uint16_t>(fragment_size));
  uint8_t* explicit_nonce = out.data() + kRecordHeaderSize;
  if (explicit_nonce_size_ == 8) store_u64(explicit_nonce, epoch_seq);
  uint8_t* body = explicit_nonce + explicit_nonce_size_;
  // Moving the plaintext into place first makes in-place and out-of-place callers the same case.
  if (!plaintext.empty() && plaintext.data() != body) std::memmove(body, plaintext.data(), plaintext.size());
  auto ad = additional_data(epoch_seq, static_cast<uint8_t>(type), version, static_cast<uint16_t>(plaintext.size()));
  auto n = nonce(epoch_seq, {explicit_nonce, explicit_nonce_size_});
  std::span<uint8_t> body_span(body, plaintext.size());
  auto st = aead_.seal(n, ad, body_span, body_span, std::span<uint8_t, crypto::kAeadTagSize>(body + plaintext.size(),
                                                                                             crypto::kAeadTagSize));
  if (!st) return unexpected(st.error());
  return kRecordHeaderSize + fragment_size;
}

Result<std::span<uint8_t>> RecordProtection::open(uint8_t type, uint16_t version, uint16_t epoch, uint64_t seq,
                                                  std::span<uint8_t> fragment) const {
  if (fragment.size() < overhead()) return unexpected(Error{Errc::kMalformed, "protected record too short"});
  std::span<uint8_t> body = fragment.subspan(explicit_nonce_size_, fragment.size() - overhead());
  auto st = open_into(type, version, epoch, seq, fragment, body);
  if (!st) return unexpected(st.error());
  return body;
}

Status RecordProtection::open_into(uint8_t type, uint16_t version, uint16_t epoch, uint64_t seq,
                                   std::span<const uint8_t> fragment, std::span<uint8_t> out) const {
  if (fragment.size() < overhead()) return unexpected(Error{Errc::kMalformed, "protected record too short"});
  size_t length = fragment.size() - overhead();
  if (out.size() != length) return unexpected(Error{Errc::kBufferTooSmall, "plaintext buffer does not fit the record"});
  uint64_t epoch_seq = (uint64_t{epoch} << 48) | seq;
  auto ad = additional_data(epoch_seq, type, version, static_cast<uint16_t>(length));
  auto n = nonce(epoch_seq, fragment.first(explicit_nonce_size_));
  std::span<const uint8_t> body = fragment.subspan(explicit_nonce_size_, length);
  std::span<const uint8_t, crypto::kAeadTagSize> tag(fragment.data() + explicit_nonce_size_ + length,
                                                     crypto::kAeadTagSize);
  return aead_.open(n, ad, body, out, tag);
}

}  // namespace purertc::dtls
