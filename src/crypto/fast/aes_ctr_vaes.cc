// AES-CTR with VAES and AVX-512: four blocks per 512-bit register, sixteen in flight, masked loads and
// stores for the tail. The 128-bit big-endian counter (SRTP AES_CM) is kept byte-reversed so that
// lanes add as little-endian 64-bit words; a message that would carry out of the low 64 bits takes the
// AES-NI kernel instead, which propagates the carry block by block.
#include <immintrin.h>

#include "crypto/fast/aes_ctr.h"

#define VAES_TARGET __attribute__((target("aes,ssse3,sse4.1,avx,avx2,avx512f,avx512vl,avx512bw,vaes")))

namespace purertc::crypto::fast::detail {
namespace {

// Zero-masked forms with a full mask: GCC 12's plain broadcast trips -Wuninitialized (GCC bug 105593).
VAES_TARGET inline __m512i broadcast128(__m128i v) { return _mm512_maskz_broadcast_i32x4(0xffff, v); }

VAES_TARGET inline __m512i bswap_lanes(__m512i v) {
  return _mm512_shuffle_epi8(v, broadcast128(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)));
}

VAES_TARGET inline __mmask64 byte_mask(size_t bytes) {
  return bytes >= 64 ? ~__mmask64{0} : ((__mmask64{1} << bytes) - 1);
}

template <int kRounds, int kN>
VAES_TARGET inline void encrypt_wide(const __m512i* rk, __m512i* b) {
#pragma GCC unroll 4
  for (int g = 0; g < kN; ++g) b[g] = _mm512_xor_si512(b[g], rk[0]);
#pragma GCC unroll 14
  for (int r = 1; r < kRounds; ++r) {
#pragma GCC unroll 4
    for (int g = 0; g < kN; ++g) b[g] = _mm512_aesenc_epi128(b[g], rk[r]);
  }
#pragma GCC unroll 4
  for (int g = 0; g < kN; ++g) b[g] = _mm512_aesenclast_epi128(b[g], rk[kRounds]);
}

template <int kRounds>
VAES_TARGET void crypt_impl(const AesCtrKey& key, const uint8_t counter_block[16], const uint8_t* in, uint8_t* out,
                            size_t len) {
  __m512i rk[kRounds + 1];
  for (int i = 0; i <= kRounds; ++i) {
    rk[i] = broadcast128(_mm_load_si128(reinterpret_cast<const __m128i*>(key.round_keys[i])));
  }
  const __m128i ctr = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(counter_block)),
                                       _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  // Lane l of register g holds counter + 4g + l (qword 0 of each lane is the low half).
  __m512i c = _mm512_add_epi64(broadcast128(ctr), _mm512_set_epi64(0, 3, 0, 2, 0, 1, 0, 0));
  const __m512i four = _mm512_set_epi64(0, 4, 0, 4, 0, 4, 0, 4);
  size_t off = 0;
  while (len - off >= 256) {
    __m512i b[4];
#pragma GCC unroll 4
    for (int g = 0; g < 4; ++g) {
      b[g] = bswap_lanes(c);
      c = _mm512_add_epi64(c, four);
    }
    encrypt_wide<kRounds, 4>(rk, b);
#pragma GCC unroll 4
    for (int g = 0; g < 4; ++g) {
      const size_t o = off + 64 * static_cast<size_t>(g);
      _mm512_storeu_si512(out + o, _mm512_xor_si512(b[g], _mm512_loadu_si512(in + o)));
    }
    off += 256;
  }
  if (off == len) return;
  const size_t groups = (len - off + 63) / 64;
  __m512i b[4];
  for (size_t g = 0; g < 4; ++g) {
    b[g] = bswap_lanes(c);
    c = _mm512_add_epi64(c, four);
  }
  switch (groups) {
    case 1: encrypt_wide<kRounds, 1>(rk, b); break;
    case 2: encrypt_wide<kRounds, 2>(rk, b); break;
    case 3: encrypt_wide<kRounds, 3>(rk, b); break;
    default: encrypt_wide<kRounds, 4>(rk, b); break;
  }
  for (size_t g = 0; g < groups; ++g, off += 64) {
    const __mmask64 m = byte_mask(len - off);
    _mm512_mask_storeu_epi8(out + off, m, _mm512_xor_si512(b[g], _mm512_maskz_loadu_epi8(m, in + off)));
  }
}

}  // namespace

void aes_ctr_crypt_vaes(const AesCtrKey& key, const uint8_t counter_block[16], const uint8_t* in, uint8_t* out,
                        size_t len) {
  uint64_t low = 0;
  for (int i = 8; i < 16; ++i) low = (low << 8) | counter_block[i];
  const uint64_t nblocks = (len + 15) / 16;
  if (low > UINT64_MAX - nblocks) {
    // Rare: the low 64 bits wrap inside this message.
    AesCtrKey narrow = key;
    narrow.avx512 = false;
    return aes_ctr_crypt(narrow, counter_block, in, out, len);
  }
  if (key.rounds == 10) return crypt_impl<10>(key, counter_block, in, out, len);
  return crypt_impl<14>(key, counter_block, in, out, len);
}

}  // namespace purertc::crypto::fast::detail
