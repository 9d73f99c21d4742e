// SHA-1 and SHA-256 (FIPS 180-4) with the x86 SHA extensions (SHA-NI): the compression functions and
// a small streaming wrapper. They back HmacKey (STUN MESSAGE-INTEGRITY, SRTP HMAC-SHA1, the DTLS PRF)
// and hash() for these two algorithms. Built only with PURERTC_FAST_CRYPTO; callers check
// fast::use_sha1_x86() / use_sha256_x86() first.
#pragma once

#include <cstddef>
#include <cstdint>

namespace purertc::crypto::fast {

// state: h0..h4 (SHA-1) or h0..h7 (SHA-256) in FIPS 180-4 order; blocks: nblocks * 64 bytes.
void sha1_compress_x86(uint32_t state[5], const uint8_t* blocks, size_t nblocks);
void sha256_compress_x86(uint32_t state[8], const uint8_t* blocks, size_t nblocks);

enum class ShaKind : uint8_t { kSha1, kSha256 };

// Merkle-Damgard streaming over 64-byte blocks with FIPS 180-4 5.1.1 padding. Plain data without
// allocation, cheap to copy: HMAC keeps its keyed inner and outer states as two of these.
class ShaStream {
 public:
  explicit ShaStream(ShaKind kind);
  ShaKind kind() const { return kind_; }
  size_t digest_size() const { return kind_ == ShaKind::kSha1 ? 20 : 32; }
  void update(const uint8_t* data, size_t len);
  // Writes digest_size() bytes. The stream is spent afterwards.
  void finish(uint8_t* digest);

 private:
  void compress(const uint8_t* blocks, size_t nblocks);

  ShaKind kind_;
  uint32_t state_[8];
  uint8_t buf_[64];
  size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

}  // namespace purertc::crypto::fast
