#include <immintrin.h>

#include <cstring>

#include "crypto/fast/aes_ctr.h"
#include "crypto/fast/aes_x86.h"

namespace purertc::crypto::fast {
namespace {

// XORs the n keystream blocks in b[] into in -> out starting at byte `off`; the last block may be
// partial.
PURERTC_TARGET_AESNI inline void xor_out(const __m128i* b, size_t n, const uint8_t* in, uint8_t* out, size_t off,
                                         size_t len) {
  for (size_t j = 0; j < n; ++j, off += 16) {
    if (len - off >= 16) {
      x86::store128(out + off, _mm_xor_si128(b[j], x86::load128(in + off)));
    } else {
      uint8_t buf[16] = {};
      std::memcpy(buf, in + off, len - off);
      x86::store128(buf, _mm_xor_si128(b[j], x86::load128(buf)));
      std::memcpy(out + off, buf, len - off);
    }
  }
}

template <int kRounds>
PURERTC_TARGET_AESNI void crypt_impl(const AesCtrKey& key, const uint8_t counter_block[16], const uint8_t* in,
                                     uint8_t* out, size_t len) {
  const __m128i* rk = reinterpret_cast<const __m128i*>(key.round_keys);
  const size_t nblocks = (len + 15) / 16;
  // Byte-reversed, the counter block is a little-endian 128-bit integer: qword 0 low, qword 1 high.
  __m128i ctr = x86::byte_reverse(x86::load128(counter_block));
  const uint64_t low = static_cast<uint64_t>(_mm_cvtsi128_si64(ctr));
  const __m128i one = _mm_set_epi64x(0, 1);
  // The carry out of the low 64 bits needs the slow path only when this message crosses it.
  const bool carry_free = low <= UINT64_MAX - nblocks;
  size_t off = 0;
  while (off < len) {
    const size_t n = (len - off) >= 128 ? 8 : (len - off + 15) / 16;
    __m128i b[8];
    for (size_t j = 0; j < n; ++j) {
      b[j] = x86::byte_reverse(ctr);
      ctr = _mm_add_epi64(ctr, one);
      if (!carry_free && _mm_cvtsi128_si64(ctr) == 0) ctr = _mm_add_epi64(ctr, _mm_set_epi64x(1, 0));
    }
    if (n == 8) {
      x86::encrypt_blocks<kRounds, 8>(rk, b);
    } else {
      x86::encrypt_up_to_8<kRounds>(rk, b, n);
    }
    xor_out(b, n, in, out, off, len);
    off += 16 * n;
  }
}

}  // namespace

PURERTC_TARGET_AESNI void aes_ctr_init(AesCtrKey& key, const uint8_t* key_bytes, size_t key_len, bool avx512) {
  x86::AesRoundKeys rk;
  if (key_len == 32) {
    x86::expand_key256(key_bytes, rk);
  } else {
    x86::expand_key128(key_bytes, rk);
  }
  for (int i = 0; i <= rk.rounds; ++i) _mm_store_si128(reinterpret_cast<__m128i*>(key.round_keys[i]), rk.rk[i]);
  key.rounds = rk.rounds;
  key.avx512 = avx512;
}

void aes_ctr_crypt(const AesCtrKey& key, const uint8_t counter_block[16], const uint8_t* in, uint8_t* out,
                   size_t len) {
  if (key.avx512) return detail::aes_ctr_crypt_vaes(key, counter_block, in, out, len);
  if (key.rounds == 10) return crypt_impl<10>(key, counter_block, in, out, len);
  return crypt_impl<14>(key, counter_block, in, out, len);
}

}  // namespace purertc::crypto::fast
