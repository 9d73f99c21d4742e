#include <cstring>

#include "crypto/fast/sha.h"

namespace purertc::crypto::fast {

namespace {
// FIPS 180-4 5.3.1 and 5.3.3.
constexpr uint32_t kSha1Iv[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
constexpr uint32_t kSha256Iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
}  // namespace

ShaStream::ShaStream(ShaKind kind) : kind_(kind), state_{}, buf_{} {
  if (kind == ShaKind::kSha1) {
    std::memcpy(state_, kSha1Iv, sizeof kSha1Iv);
  } else {
    std::memcpy(state_, kSha256Iv, sizeof kSha256Iv);
  }
}

void ShaStream::compress(const uint8_t* blocks, size_t nblocks) {
  if (kind_ == ShaKind::kSha1) {
    sha1_compress_x86(state_, blocks, nblocks);
  } else {
    sha256_compress_x86(state_, blocks, nblocks);
  }
}

void ShaStream::update(const uint8_t* data, size_t len) {
  total_ += len;
  if (buf_len_ > 0) {
    const size_t take = len < 64 - buf_len_ ? len : 64 - buf_len_;
    std::memcpy(buf_ + buf_len_, data, take);
    buf_len_ += take;
    data += take;
    len -= take;
    if (buf_len_ < 64) return;
    compress(buf_, 1);
    buf_len_ = 0;
  }
  if (len >= 64) {
    compress(data, len / 64);
    data += len / 64 * 64;
    len %= 64;
  }
  if (len > 0) {
    std::memcpy(buf_, data, len);
    buf_len_ = len;
  }
}

void ShaStream::finish(uint8_t* digest) {
  // 0x80, zeros to 56 mod 64, then the message length in bits, big-endian.
  const uint64_t bits = total_ * 8;
  buf_[buf_len_++] = 0x80;
  if (buf_len_ > 56) {
    std::memset(buf_ + buf_len_, 0, 64 - buf_len_);
    compress(buf_, 1);
    buf_len_ = 0;
  }
  std::memset(buf_ + buf_len_, 0, 56 - buf_len_);
  for (int i = 0; i < 8; ++i) buf_[56 + i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
  compress(buf_, 1);
  const size_t words = digest_size() / 4;
  for (size_t i = 0; i < words; ++i) {
    digest[4 * i] = static_cast<uint8_t>(state_[i] >> 24);
    digest[4 * i + 1] = static_cast<uint8_t>(state_[i] >> 16);
    digest[4 * i + 2] = static_cast<uint8_t>(state_[i] >> 8);
    digest[4 * i + 3] = static_cast<uint8_t>(state_[i]);
  }
}

}  // namespace purertc::crypto::fast
