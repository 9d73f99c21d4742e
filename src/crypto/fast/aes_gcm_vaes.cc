// AES-GCM with VAES, VPCLMULQDQ and AVX-512: each 512-bit register carries four blocks, so one
// instruction performs an AES round (or a carry-less multiply) on four blocks at once. The bulk loop
// runs sixteen blocks per iteration, the AES rounds of the next sixteen counter blocks interleaved with
// the GHASH of sixteen ciphertext blocks against H^16..H^1 (one reduction per sixteen blocks). Tails
// use masked loads and stores, so any length runs with no scalar loop. Same field representation as the
// AES-NI kernel (aes_gcm_x86.cc); the four partial products are schoolbook (no Karatsuba) since
// the wide multiplier is cheap and this saves a shuffle and two XORs per block.
#include <immintrin.h>

#include <cstring>

#include "crypto/constant_time.h"
#include "crypto/fast/aes_gcm.h"

#define VAES_TARGET \
  __attribute__((target("aes,pclmul,ssse3,sse4.1,avx,avx2,avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")))

namespace purertc::crypto::fast::detail {
namespace {

// GCC 12's plain broadcast, extract and cast intrinsics start from _mm*_undefined_*(), which trips
// -Wuninitialized (GCC bug 105593); the zero-masked forms with a full mask compile to the same
// instructions without it.
VAES_TARGET inline __m512i broadcast128(__m128i v) { return _mm512_maskz_broadcast_i32x4(0xffff, v); }
VAES_TARGET inline __m256i upper256(__m512i v) { return _mm512_maskz_extracti64x4_epi64(0xff, v, 1); }
VAES_TARGET inline __m256i lower256(__m512i v) { return _mm512_maskz_extracti64x4_epi64(0xff, v, 0); }
VAES_TARGET inline __m128i lower128(__m512i v) { return _mm512_maskz_extracti32x4_epi32(0xf, v, 0); }
VAES_TARGET inline __m128i lower128(__m256i v) { return _mm256_maskz_extracti32x4_epi32(0xf, v, 0); }
VAES_TARGET inline __m128i upper128(__m256i v) { return _mm256_maskz_extracti32x4_epi32(0xf, v, 1); }

VAES_TARGET inline __m512i bswap_lanes(__m512i v) {
  const __m512i mask = broadcast128(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  return _mm512_shuffle_epi8(v, mask);
}

VAES_TARGET inline __m128i bswap128(__m128i v) {
  return _mm_shuffle_epi8(v, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

// XOR of the four 128-bit lanes.
VAES_TARGET inline __m128i fold_lanes(__m512i v) {
  const __m256i y = _mm256_xor_si256(lower256(v), upper256(v));
  return _mm_xor_si128(lower128(y), upper128(y));
}

// Sums of the low, high and middle partial products of several 4-block multiplications.
struct Wide {
  __m512i lo;
  __m512i hi;
  __m512i mid;
};

VAES_TARGET inline Wide wide_zero() { return {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512()}; }

VAES_TARGET inline void wide_mul_lo_hi(Wide& w, __m512i x, __m512i h) {
  w.lo = _mm512_xor_si512(w.lo, _mm512_clmulepi64_epi128(x, h, 0x00));
  w.hi = _mm512_xor_si512(w.hi, _mm512_clmulepi64_epi128(x, h, 0x11));
}
VAES_TARGET inline void wide_mul_mid(Wide& w, __m512i x, __m512i h) {
  // mid ^= (x.hi * h.lo) ^ (x.lo * h.hi), as one three-way XOR.
  w.mid = _mm512_ternarylogic_epi64(w.mid, _mm512_clmulepi64_epi128(x, h, 0x01), _mm512_clmulepi64_epi128(x, h, 0x10),
                                    0x96);
}

VAES_TARGET inline __m128i wide_reduce(const Wide& w) {
  const __m128i mid = fold_lanes(w.mid);
  __m128i lo = _mm_xor_si128(fold_lanes(w.lo), _mm_slli_si128(mid, 8));
  const __m128i hi = _mm_xor_si128(fold_lanes(w.hi), _mm_srli_si128(mid, 8));
  const __m128i poly = _mm_set_epi64x(static_cast<int64_t>(0xc200000000000000ULL), 1);
  __m128i t = _mm_clmulepi64_si128(lo, poly, 0x10);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t);
  t = _mm_clmulepi64_si128(lo, poly, 0x10);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t);
  return _mm_xor_si128(lo, hi);
}

// The factors for block j of a run of k blocks (k <= 16): H^(k-j), four blocks per register.
VAES_TARGET inline __m512i powers_for(const GcmKey& key, size_t k, size_t group) {
  return _mm512_loadu_si512(key.h_desc[16 - k + 4 * group]);
}

// acc = GHASH update over k (1..16) byte-reversed blocks held four per register in x[] (lanes past k
// are zero).
VAES_TARGET inline __m128i ghash_wide(const GcmKey& key, __m128i acc, __m512i* x, size_t k) {
  x[0] = _mm512_xor_si512(x[0], _mm512_zextsi128_si512(acc));
  Wide w = wide_zero();
  const size_t groups = (k + 3) / 4;
  for (size_t g = 0; g < groups; ++g) {
    const __m512i h = powers_for(key, k, g);
    wide_mul_lo_hi(w, x[g], h);
    wide_mul_mid(w, x[g], h);
  }
  return wide_reduce(w);
}

// Byte mask for the `bytes` (0..64) leading bytes of a 64-byte register.
VAES_TARGET inline __mmask64 byte_mask(size_t bytes) {
  return bytes >= 64 ? ~__mmask64{0} : ((__mmask64{1} << bytes) - 1);
}

VAES_TARGET inline __m128i ghash_aad(const GcmKey& key, __m128i acc, const uint8_t* aad, size_t len) {
  while (len > 0) {
    const size_t chunk = len < 256 ? len : 256;
    const size_t k = (chunk + 15) / 16;
    __m512i x[4];
    for (size_t g = 0; g < 4; ++g) {
      const size_t off = 64 * g;
      const size_t n = off < chunk ? chunk - off : 0;
      x[g] = bswap_lanes(_mm512_maskz_loadu_epi8(byte_mask(n), aad + (n > 0 ? off : 0)));
    }
    acc = ghash_wide(key, acc, x, k);
    aad += chunk;
    len -= chunk;
  }
  return acc;
}

// GHASH of the concatenated AAD pieces from a zero accumulator; *total receives their length. Whole
// blocks are hashed straight from each piece; a block that straddles two pieces is gathered on the
// stack, and the final partial block is zero-padded as SP 800-38D asks.
VAES_TARGET inline __m128i ghash_aad_pieces(const GcmKey& key, const AadPiece* aad, size_t count,
                                        size_t* total) {
  __m128i acc = _mm_setzero_si128();
  if (count == 1) {
    *total = aad[0].len;
    return aad[0].len > 0 ? ghash_aad(key, acc, aad[0].data, aad[0].len) : acc;
  }
  uint8_t carry[16];
  size_t carry_len = 0;
  size_t sum = 0;
  for (size_t i = 0; i < count; ++i) {
    const uint8_t* p = aad[i].data;
    size_t n = aad[i].len;
    if (n == 0) continue;
    sum += n;
    if (carry_len > 0) {
      const size_t take = n < 16 - carry_len ? n : 16 - carry_len;
      std::memcpy(carry + carry_len, p, take);
      carry_len += take;
      p += take;
      n -= take;
      if (carry_len < 16) continue;
      acc = ghash_aad(key, acc, carry, 16);
      carry_len = 0;
    }
    const size_t whole = n / 16 * 16;
    if (whole > 0) acc = ghash_aad(key, acc, p, whole);
    if (n > whole) {
      std::memcpy(carry, p + whole, n - whole);
      carry_len = n - whole;
    }
  }
  if (carry_len > 0) acc = ghash_aad(key, acc, carry, carry_len);
  *total = sum;
  return acc;
}

template <int kRounds>
struct RoundKeys {
  __m512i k[kRounds + 1];
};

template <int kRounds>
VAES_TARGET inline RoundKeys<kRounds> broadcast_keys(const GcmKey& key) {
  RoundKeys<kRounds> r;
  for (int i = 0; i <= kRounds; ++i) {
    r.k[i] = broadcast128(_mm_load_si128(reinterpret_cast<const __m128i*>(key.round_keys[i])));
  }
  return r;
}

// Counter registers for the next 4*n blocks after `ctr` (the last counter used), byte order restored.
template <int kN>
VAES_TARGET inline void counters(__m128i& ctr, __m512i* b) {
  const __m512i base = _mm512_add_epi32(broadcast128(ctr), _mm512_set_epi32(0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1));
  const __m512i four = _mm512_set_epi32(0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4);
  __m512i c = base;
#pragma GCC unroll 4
  for (int g = 0; g < kN; ++g) {
    b[g] = bswap_lanes(c);
    c = _mm512_add_epi32(c, four);
  }
  ctr = _mm_add_epi32(ctr, _mm_set_epi32(0, 0, 0, 4 * kN));
}

template <int kRounds, int kN>
VAES_TARGET inline void encrypt_wide(const RoundKeys<kRounds>& rk, __m512i* b) {
#pragma GCC unroll 4
  for (int g = 0; g < kN; ++g) b[g] = _mm512_xor_si512(b[g], rk.k[0]);
#pragma GCC unroll 14
  for (int r = 1; r < kRounds; ++r) {
#pragma GCC unroll 4
    for (int g = 0; g < kN; ++g) b[g] = _mm512_aesenc_epi128(b[g], rk.k[r]);
  }
#pragma GCC unroll 4
  for (int g = 0; g < kN; ++g) b[g] = _mm512_aesenclast_epi128(b[g], rk.k[kRounds]);
}

// Sixteen counter blocks through AES while sixteen ciphertext blocks at ghash_src go through GHASH.
template <int kRounds>
VAES_TARGET inline __m128i stitched16(const GcmKey& key, const RoundKeys<kRounds>& rk, __m128i& ctr, __m128i acc,
                                      const uint8_t* ghash_src, __m512i* b) {
  counters<4>(ctr, b);
#pragma GCC unroll 4
  for (int g = 0; g < 4; ++g) b[g] = _mm512_xor_si512(b[g], rk.k[0]);
  __m512i x[4];
#pragma GCC unroll 4
  for (int g = 0; g < 4; ++g) x[g] = bswap_lanes(_mm512_loadu_si512(ghash_src + 64 * g));
  x[0] = _mm512_xor_si512(x[0], _mm512_zextsi128_si512(acc));
  Wide w = wide_zero();
#pragma GCC unroll 8
  for (int r = 1; r <= 8; ++r) {
#pragma GCC unroll 4
    for (int g = 0; g < 4; ++g) b[g] = _mm512_aesenc_epi128(b[g], rk.k[r]);
    const int g = (r - 1) / 2;
    const __m512i h = _mm512_load_si512(key.h_desc[4 * g]);  // h_desc leads the 64-byte aligned GcmKey
    if (r % 2 == 1) {
      wide_mul_lo_hi(w, x[g], h);
    } else {
      wide_mul_mid(w, x[g], h);
    }
  }
#pragma GCC unroll 6
  for (int r = 9; r < kRounds; ++r) {
#pragma GCC unroll 4
    for (int g = 0; g < 4; ++g) b[g] = _mm512_aesenc_epi128(b[g], rk.k[r]);
  }
#pragma GCC unroll 4
  for (int g = 0; g < 4; ++g) b[g] = _mm512_aesenclast_epi128(b[g], rk.k[kRounds]);
  return wide_reduce(w);
}

template <int kRounds>
VAES_TARGET inline void encrypt_groups(const RoundKeys<kRounds>& rk, __m512i* b, size_t n) {
  switch (n) {
    case 1: encrypt_wide<kRounds, 1>(rk, b); break;
    case 2: encrypt_wide<kRounds, 2>(rk, b); break;
    case 3: encrypt_wide<kRounds, 3>(rk, b); break;
    default: encrypt_wide<kRounds, 4>(rk, b); break;
  }
}

// The last len - done (< 256) bytes: keystream, XOR, and the GHASH of their ciphertext together with
// the lengths block. Returns the final GHASH value.
template <int kRounds>
VAES_TARGET inline __m128i finish(const GcmKey& key, const RoundKeys<kRounds>& rk, __m128i ctr, __m128i acc,
                                  const uint8_t* in, uint8_t* out, size_t len, size_t done, size_t aad_len,
                                  bool decrypt) {
  const size_t rem = len - done;
  const size_t nb = (rem + 15) / 16;
  __m512i x[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512()};
  if (nb > 0) {
    const size_t groups = (nb + 3) / 4;
    __m512i b[4];
    const __m512i base =
        _mm512_add_epi32(broadcast128(ctr), _mm512_set_epi32(0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1));
    const __m512i four = _mm512_set_epi32(0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4);
    __m512i c = base;
    for (size_t g = 0; g < 4; ++g) {
      b[g] = bswap_lanes(c);
      c = _mm512_add_epi32(c, four);
    }
    encrypt_groups<kRounds>(rk, b, groups);
    for (size_t g = 0; g < groups; ++g) {
      const size_t off = done + 64 * g;
      const __mmask64 m = byte_mask(len - off);
      const __m512i v = _mm512_maskz_loadu_epi8(m, in + off);
      const __m512i r = _mm512_xor_si512(v, b[g]);
      _mm512_mask_storeu_epi8(out + off, m, r);
      x[g] = bswap_lanes(decrypt ? v : _mm512_maskz_mov_epi8(m, r));
    }
  }
  // The lengths block of SP 800-38D 7.1 step 5 (bit lengths, big-endian), already byte-reversed.
  const __m128i lengths = _mm_set_epi64x(static_cast<int64_t>(static_cast<uint64_t>(aad_len) * 8),
                                         static_cast<int64_t>(static_cast<uint64_t>(len) * 8));
  if (nb < 16) {
    x[nb / 4] = _mm512_mask_broadcast_i32x4(x[nb / 4], static_cast<__mmask16>(0xf << (4 * (nb % 4))), lengths);
    return ghash_wide(key, acc, x, nb + 1);
  }
  acc = ghash_wide(key, acc, x, 16);
  __m512i l[4] = {_mm512_zextsi128_si512(lengths), _mm512_setzero_si512(), _mm512_setzero_si512(),
                  _mm512_setzero_si512()};
  return ghash_wide(key, acc, l, 1);
}

template <int kRounds>
VAES_TARGET void seal_impl(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count,
                           const uint8_t* in, uint8_t* out, size_t len, uint8_t tag[16]) {
  const RoundKeys<kRounds> rk = broadcast_keys<kRounds>(key);
  uint8_t j0b[16] = {};
  std::memcpy(j0b, nonce, 12);
  j0b[15] = 1;
  const __m128i j0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(j0b));
  __m128i ctr = bswap128(j0);
  __m512i tm[1] = {_mm512_zextsi128_si512(j0)};
  encrypt_wide<kRounds, 1>(rk, tm);
  size_t aad_len = 0;
  __m128i acc = ghash_aad_pieces(key, aad, aad_count, &aad_len);

  const size_t nfull = len / 16;
  size_t done = 0;  // bytes
  if (nfull >= 16) {
    __m512i b[4];
    counters<4>(ctr, b);
    encrypt_wide<kRounds, 4>(rk, b);
    for (int g = 0; g < 4; ++g) {
      _mm512_storeu_si512(out + 64 * g, _mm512_xor_si512(b[g], _mm512_loadu_si512(in + 64 * g)));
    }
    done = 256;
    // Each batch hashes the ciphertext the previous one wrote while it encrypts the next sixteen blocks.
    while (len - done >= 256) {
      acc = stitched16<kRounds>(key, rk, ctr, acc, out + done - 256, b);
      for (size_t g = 0; g < 4; ++g) {
        const size_t off = done + 64 * g;
        _mm512_storeu_si512(out + off, _mm512_xor_si512(b[g], _mm512_loadu_si512(in + off)));
      }
      done += 256;
    }
    __m512i x[4];
    for (size_t g = 0; g < 4; ++g) x[g] = bswap_lanes(_mm512_loadu_si512(out + done - 256 + 64 * g));
    acc = ghash_wide(key, acc, x, 16);
  }
  acc = finish<kRounds>(key, rk, ctr, acc, in, out, len, done, aad_len, false);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(tag), _mm_xor_si128(bswap128(acc), lower128(tm[0])));
}

template <int kRounds>
VAES_TARGET bool open_impl(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count,
                           const uint8_t* in, uint8_t* out, size_t len, const uint8_t tag[16]) {
  const RoundKeys<kRounds> rk = broadcast_keys<kRounds>(key);
  uint8_t j0b[16] = {};
  std::memcpy(j0b, nonce, 12);
  j0b[15] = 1;
  const __m128i j0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(j0b));
  __m128i ctr = bswap128(j0);
  __m512i tm[1] = {_mm512_zextsi128_si512(j0)};
  encrypt_wide<kRounds, 1>(rk, tm);
  size_t aad_len = 0;
  __m128i acc = ghash_aad_pieces(key, aad, aad_count, &aad_len);

  size_t done = 0;
  // Decryption hashes the ciphertext it is about to decrypt: input and hash are both known up front.
  while (len - done >= 256) {
    __m512i b[4];
    acc = stitched16<kRounds>(key, rk, ctr, acc, in + done, b);
    for (size_t g = 0; g < 4; ++g) {
      const size_t off = done + 64 * g;
      _mm512_storeu_si512(out + off, _mm512_xor_si512(b[g], _mm512_loadu_si512(in + off)));
    }
    done += 256;
  }
  acc = finish<kRounds>(key, rk, ctr, acc, in, out, len, done, aad_len, true);
  uint8_t expected[16];
  _mm_storeu_si128(reinterpret_cast<__m128i*>(expected), _mm_xor_si128(bswap128(acc), lower128(tm[0])));
  if (constant_time_equal({expected, 16}, {tag, 16})) return true;
  if (len > 0) std::memset(out, 0, len);
  return false;
}

}  // namespace

void gcm_seal_vaes(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count, const uint8_t* in,
                   uint8_t* out, size_t len, uint8_t tag[16]) {
  if (key.rounds == 10) return seal_impl<10>(key, nonce, aad, aad_count, in, out, len, tag);
  return seal_impl<14>(key, nonce, aad, aad_count, in, out, len, tag);
}

bool gcm_open_vaes(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count, const uint8_t* in,
                   uint8_t* out, size_t len, const uint8_t tag[16]) {
  if (key.rounds == 10) return open_impl<10>(key, nonce, aad, aad_count, in, out, len, tag);
  return open_impl<14>(key, nonce, aad, aad_count, in, out, len, tag);
}

}  // namespace purertc::crypto::fast::detail
