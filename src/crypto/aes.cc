#include "crypto/aes.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include <mbedtls/aes.h>

#include "crypto/fast/cpu_features.h"
#if PURERTC_FAST_CRYPTO
#include "crypto/fast/aes_ctr.h"
#endif

namespace purertc::crypto {

struct AesBlockCipher::Impl {
  mbedtls_aes_context ctx;
  Impl() { mbedtls_aes_init(&ctx); }
  ~Impl() { mbedtls_aes_free(&ctx); }
};

AesBlockCipher::AesBlockCipher() : impl_(std::make_unique<Impl>()) {}
AesBlockCipher::~AesBlockCipher() = default;
AesBlockCipher::AesBlockCipher(AesBlockCipher&&) noexcept = default;
AesBlockCipher& AesBlockCipher::operator=(AesBlockCipher&&) noexcept = default;

Result<AesBlockCipher> AesBlockCipher::create(std::span<const uint8_t> key) {
  if (key.size() != 16 && key.size() != 24 && key.size() != 32) {
    return unexpected(Error{Errc::kInvalidArgument, "AES key must be 16, 24 or 32 bytes"});
  }
  AesBlockCipher c;
  if (mbedtls_aes_setkey_enc(&c.impl_->ctx, key.data(), static_cast<unsigned>(key.size() * 8)) != 0) {
    return unexpected(Error{Errc::kCrypto, "mbedtls_aes_setkey_enc failed"});
  }
  return c;
}

void AesBlockCipher::encrypt_block(const uint8_t in[16], uint8_t out[16]) const {
  mbedtls_aes_crypt_ecb(&impl_->ctx, MBEDTLS_AES_ENCRYPT, in, out);
}

// AES-128/256-CTR runs on the accelerated kernel (crypto/fast) when the CPU has AES-NI at creation
// time; mbedTLS handles AES-192 and CPUs without it.
struct AesCtr::Impl {
  mbedtls_aes_context ctx;
#if PURERTC_FAST_CRYPTO
  fast::AesCtrKey fast_key;
  bool use_fast = false;
#endif
  Impl() { mbedtls_aes_init(&ctx); }
  ~Impl() { mbedtls_aes_free(&ctx); }
};

AesCtr::AesCtr() : impl_(std::make_unique<Impl>()) {}
AesCtr::~AesCtr() = default;
AesCtr::AesCtr(AesCtr&&) noexcept = default;
AesCtr& AesCtr::operator=(AesCtr&&) noexcept = default;

Result<AesCtr> AesCtr::create(std::span<const uint8_t> key) {
  if (key.size() != 16 && key.size() != 24 && key.size() != 32) {
    return unexpected(Error{Errc::kInvalidArgument, "AES key must be 16, 24 or 32 bytes"});
  }
  AesCtr c;
#if PURERTC_FAST_CRYPTO
  if (key.size() != 24 && fast::use_aes_x86()) {
    fast::aes_ctr_init(c.impl_->fast_key, key.data(), key.size(), fast::use_aes_avx512());
    c.impl_->use_fast = true;
    return c;
  }
#endif
  if (mbedtls_aes_setkey_enc(&c.impl_->ctx, key.data(), static_cast<unsigned>(key.size() * 8)) != 0) {
    return unexpected(Error{Errc::kCrypto, "mbedtls_aes_setkey_enc failed"});
  }
  return c;
}

void AesCtr::crypt(const uint8_t counter_block[16], std::span<const uint8_t> in, std::span<uint8_t> out) const {
  assert(in.size() == out.size());
#if PURERTC_FAST_CRYPTO
  if (impl_->use_fast) {
    fast::aes_ctr_crypt(impl_->fast_key, counter_block, in.data(), out.data(), in.size());
    return;
  }
#endif
  uint8_t counter[16];
  uint8_t stream_block[16];
  size_t offset = 0;
  std::memcpy(counter, counter_block, 16);
  mbedtls_aes_crypt_ctr(&impl_->ctx, in.size(), &offset, counter, stream_block, in.data(), out.data());
}

namespace {

// counter += n, the 16 bytes taken as one big-endian 128-bit integer (as the keystream increments it).
void add_to_counter(uint8_t counter[16], uint64_t n) {
  for (int i = 15; i >= 0 && n != 0; --i) {
    const uint64_t sum = counter[i] + (n & 0xff);
    counter[i] = static_cast<uint8_t>(sum);
    n = (n >> 8) + (sum >> 8);
  }
}

}  // namespace

void AesCtr::crypt(const uint8_t counter_block[16], size_t keystream_offset, std::span<const uint8_t> in,
                   std::span<uint8_t> out) const {
  assert(in.size() == out.size());
  uint8_t counter[16];
  std::memcpy(counter, counter_block, 16);
  add_to_counter(counter, keystream_offset / 16);
  const size_t skip = keystream_offset % 16;
  size_t done = 0;
  if (skip != 0 && !in.empty()) {
    // The first, partial block: run the whole block and keep the bytes from `skip` on.
    uint8_t block[16] = {};
    done = std::min(in.size(), 16 - skip);
    std::memcpy(block + skip, in.data(), done);
    crypt(counter, block, block);
    std::memcpy(out.data(), block + skip, done);
    add_to_counter(counter, 1);
  }
  if (done < in.size()) crypt(counter, in.subspan(done), out.subspan(done));
}

}  // namespace purertc::crypto
