// AES-GCM with AES-NI and PCLMULQDQ (128-bit registers): the baseline x86-64 kernel, and the one that
// precomputes the hash-key powers for every tier.
//
// GHASH runs in the byte-reversed domain with H pre-multiplied by x ("doubled"), which turns the
// 256-bit carry-less product into a field element with two folding multiplications by the constant
// 0xc2 << 56 and no bit shifts (Gueron and Kounavis, "Intel Carry-Less Multiplication Instruction and
// its Usage for Computing the GCM Mode"). Eight blocks are multiplied by H^8..H^1 and summed before one
// reduction (aggregated reduction), and in the bulk loop those multiplications are issued between the
// AES rounds of the next eight counter blocks.
#include <immintrin.h>

#include <cstring>

#include "crypto/constant_time.h"
#include "crypto/fast/aes_gcm.h"
#include "crypto/fast/aes_x86.h"

namespace purertc::crypto::fast {
namespace {

// Low, high and Karatsuba middle partial products of a sum of 128x128 carry-less products.
struct Partial {
  __m128i lo;
  __m128i hi;
  __m128i mid;
};

PURERTC_TARGET_AESNI inline Partial partial_zero() {
  return {_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128()};
}

// p += x * h, with hk = h.lo ^ h.hi precomputed (Karatsuba: three multiplications instead of four).
PURERTC_TARGET_AESNI inline void mul_add(Partial& p, __m128i x, __m128i h, __m128i hk) {
  p.lo = _mm_xor_si128(p.lo, _mm_clmulepi64_si128(x, h, 0x00));
  p.hi = _mm_xor_si128(p.hi, _mm_clmulepi64_si128(x, h, 0x11));
  const __m128i xk = _mm_xor_si128(x, _mm_shuffle_epi32(x, 0x4e));
  p.mid = _mm_xor_si128(p.mid, _mm_clmulepi64_si128(xk, hk, 0x00));
}

PURERTC_TARGET_AESNI inline __m128i reduce(const Partial& p) {
  const __m128i mid = _mm_xor_si128(p.mid, _mm_xor_si128(p.lo, p.hi));
  __m128i lo = _mm_xor_si128(p.lo, _mm_slli_si128(mid, 8));
  const __m128i hi = _mm_xor_si128(p.hi, _mm_srli_si128(mid, 8));
  // The GHASH polynomial x^128 + x^7 + x^2 + x + 1, bit-reflected: 0xc2 << 56 in the high qword.
  const __m128i poly = _mm_set_epi64x(static_cast<int64_t>(0xc200000000000000ULL), 1);
  __m128i t = _mm_clmulepi64_si128(lo, poly, 0x10);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t);
  t = _mm_clmulepi64_si128(lo, poly, 0x10);
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t);
  return _mm_xor_si128(lo, hi);
}

PURERTC_TARGET_AESNI inline __m128i power(const GcmKey& key, size_t i) {
  return _mm_load_si128(reinterpret_cast<const __m128i*>(key.h_powers[i]));
}
PURERTC_TARGET_AESNI inline __m128i karatsuba(const GcmKey& key, size_t i) {
  return _mm_load_si128(reinterpret_cast<const __m128i*>(key.h_karatsuba[i]));
}

// acc = GHASH update over n byte-reversed blocks x[], up to 16 per reduction.
PURERTC_TARGET_AESNI inline __m128i ghash_blocks(const GcmKey& key, __m128i acc, const __m128i* x, size_t n) {
  while (n > 0) {
    const size_t k = n > 16 ? 16 : n;
    Partial p = partial_zero();
    mul_add(p, _mm_xor_si128(x[0], acc), power(key, k - 1), karatsuba(key, k - 1));
    for (size_t i = 1; i < k; ++i) mul_add(p, x[i], power(key, k - 1 - i), karatsuba(key, k - 1 - i));
    acc = reduce(p);
    x += k;
    n -= k;
  }
  return acc;
}

// GHASH over bytes, the last partial block zero-padded (the AAD).
PURERTC_TARGET_AESNI inline __m128i ghash_bytes(const GcmKey& key, __m128i acc, const uint8_t* data, size_t len) {
  __m128i x[16];
  while (len > 0) {
    size_t n = 0;
    while (n < 16 && len >= 16) {
      x[n++] = x86::byte_reverse(x86::load128(data));
      data += 16;
      len -= 16;
    }
    if (n < 16 && len > 0) {
      uint8_t pad[16] = {};
      std::memcpy(pad, data, len);
      x[n++] = x86::byte_reverse(x86::load128(pad));
      len = 0;
    }
    acc = ghash_blocks(key, acc, x, n);
  }
  return acc;
}

// GHASH of the concatenated AAD pieces from a zero accumulator; *total receives their length. Whole
// blocks are hashed straight from each piece; a block that straddles two pieces is gathered on the
// stack, and the final partial block is zero-padded as SP 800-38D asks.
PURERTC_TARGET_AESNI inline __m128i ghash_aad_pieces(const GcmKey& key, const AadPiece* aad, size_t count,
                                        size_t* total) {
  __m128i acc = _mm_setzero_si128();
  if (count == 1) {
    *total = aad[0].len;
    return aad[0].len > 0 ? ghash_bytes(key, acc, aad[0].data, aad[0].len) : acc;
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
      acc = ghash_bytes(key, acc, carry, 16);
      carry_len = 0;
    }
    const size_t whole = n / 16 * 16;
    if (whole > 0) acc = ghash_bytes(key, acc, p, whole);
    if (n > whole) {
      std::memcpy(carry, p + whole, n - whole);
      carry_len = n - whole;
    }
  }
  if (carry_len > 0) acc = ghash_bytes(key, acc, carry, carry_len);
  *total = sum;
  return acc;
}

PURERTC_TARGET_AESNI inline void init_powers(GcmKey& key, __m128i h_block) {
  __m128i h = x86::byte_reverse(h_block);
  // H * x in GF(2^128): shift the 128-bit value left by one, folding the carry out of bit 127 back in
  // with the polynomial.
  const __m128i poly = _mm_set_epi64x(static_cast<int64_t>(0xc200000000000000ULL), 1);
  const __m128i carry_mask = _mm_srai_epi32(_mm_shuffle_epi32(h, 0xff), 31);
  const __m128i carries = _mm_slli_si128(_mm_srli_epi32(h, 31), 4);
  h = _mm_xor_si128(_mm_xor_si128(_mm_slli_epi32(h, 1), carries), _mm_and_si128(carry_mask, poly));
  const __m128i hk = _mm_xor_si128(h, _mm_shuffle_epi32(h, 0x4e));
  __m128i cur = h;
  for (size_t i = 0; i < 16; ++i) {
    _mm_store_si128(reinterpret_cast<__m128i*>(key.h_powers[i]), cur);
    _mm_store_si128(reinterpret_cast<__m128i*>(key.h_karatsuba[i]), _mm_xor_si128(cur, _mm_shuffle_epi32(cur, 0x4e)));
    Partial p = partial_zero();
    mul_add(p, cur, h, hk);
    cur = reduce(p);
  }
  for (size_t k = 0; k < 20; ++k) {
    const __m128i v = k < 16 ? _mm_load_si128(reinterpret_cast<const __m128i*>(key.h_powers[15 - k])) : _mm_setzero_si128();
    _mm_storeu_si128(reinterpret_cast<__m128i*>(key.h_desc[k]), v);
  }
}

// Encrypts the last (fewer than eight full blocks plus a partial) bytes from block `block` on, and
// appends their byte-reversed, zero-padded ciphertext to x[]. `ctr` is the last counter used.
template <int kRounds>
PURERTC_TARGET_AESNI inline size_t crypt_tail(const __m128i* rk, __m128i ctr, const uint8_t* in, uint8_t* out, size_t len,
                                    size_t done, bool decrypt, __m128i* x) {
  const size_t rem = len - done;
  if (rem == 0) return 0;
  const size_t nb = (rem + 15) / 16;
  const __m128i one = _mm_set_epi32(0, 0, 0, 1);
  __m128i b[8];
  for (size_t j = 0; j < nb; ++j) {
    ctr = _mm_add_epi32(ctr, one);
    b[j] = x86::byte_reverse(ctr);
  }
  x86::encrypt_up_to_8<kRounds>(rk, b, nb);
  for (size_t j = 0; j < nb; ++j) {
    const size_t off = done + 16 * j;
    const size_t n = len - off < 16 ? len - off : 16;
    if (n == 16) {
      const __m128i v = x86::load128(in + off);
      const __m128i r = _mm_xor_si128(v, b[j]);
      x86::store128(out + off, r);
      x[j] = x86::byte_reverse(decrypt ? v : r);
    } else {
      uint8_t buf[16] = {};
      std::memcpy(buf, in + off, n);
      const __m128i v = x86::load128(buf);
      x86::store128(buf, _mm_xor_si128(v, b[j]));
      std::memcpy(out + off, buf, n);
      if (decrypt) {
        x[j] = x86::byte_reverse(v);
      } else {
        std::memset(buf + n, 0, 16 - n);
        x[j] = x86::byte_reverse(x86::load128(buf));
      }
    }
  }
  return nb;
}

// The lengths block of SP 800-38D 7.1 step 5 (bit lengths of AAD and ciphertext, big-endian),
// already byte-reversed.
PURERTC_TARGET_AESNI inline __m128i lengths_block(size_t aad_len, size_t len) {
  return _mm_set_epi64x(static_cast<int64_t>(static_cast<uint64_t>(aad_len) * 8),
                        static_cast<int64_t>(static_cast<uint64_t>(len) * 8));
}

PURERTC_TARGET_AESNI inline __m128i counter_start(const uint8_t nonce[12]) {
  uint8_t j0[16] = {};
  std::memcpy(j0, nonce, 12);
  j0[15] = 1;
  return x86::load128(j0);
}

// One stitched batch: the AES of eight counter blocks, with the GHASH of eight byte-reversed blocks
// (`ghash_src`, ciphertext) multiplied in between the rounds. Returns the reduced GHASH.
template <int kRounds>
PURERTC_TARGET_AESNI inline __m128i stitched8(const GcmKey& key, const __m128i* rk, __m128i& ctr, __m128i acc,
                                    const uint8_t* ghash_src, __m128i* b) {
  const __m128i one = _mm_set_epi32(0, 0, 0, 1);
#pragma GCC unroll 8
  for (int j = 0; j < 8; ++j) {
    ctr = _mm_add_epi32(ctr, one);
    b[j] = _mm_xor_si128(x86::byte_reverse(ctr), rk[0]);
  }
  Partial p = partial_zero();
#pragma GCC unroll 8
  for (int r = 1; r <= 8; ++r) {
    const __m128i k = rk[r];
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) b[j] = _mm_aesenc_si128(b[j], k);
    __m128i x = x86::byte_reverse(x86::load128(ghash_src + 16 * (r - 1)));
    if (r == 1) x = _mm_xor_si128(x, acc);
    mul_add(p, x, power(key, static_cast<size_t>(8 - r)), karatsuba(key, static_cast<size_t>(8 - r)));
  }
#pragma GCC unroll 6
  for (int r = 9; r < kRounds; ++r) {
    const __m128i k = rk[r];
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) b[j] = _mm_aesenc_si128(b[j], k);
  }
  const __m128i last = rk[kRounds];
#pragma GCC unroll 8
  for (int j = 0; j < 8; ++j) b[j] = _mm_aesenclast_si128(b[j], last);
  return reduce(p);
}

template <int kRounds>
PURERTC_TARGET_AESNI void seal_impl(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count,
                          const uint8_t* in, uint8_t* out, size_t len, uint8_t tag[16]) {
  const __m128i* rk = reinterpret_cast<const __m128i*>(key.round_keys);
  const __m128i j0 = counter_start(nonce);
  __m128i ctr = x86::byte_reverse(j0);  // lane 0 holds the 32-bit block counter
  __m128i tag_mask = j0;
  x86::encrypt_blocks<kRounds, 1>(rk, &tag_mask);
  size_t aad_len = 0;
  __m128i acc = ghash_aad_pieces(key, aad, aad_count, &aad_len);

  const size_t nfull = len / 16;
  size_t done = 0;  // blocks encrypted
  __m128i x[17];
  size_t nx = 0;
  if (nfull >= 8) {
    __m128i b[8];
    const __m128i one = _mm_set_epi32(0, 0, 0, 1);
    for (int j = 0; j < 8; ++j) {
      ctr = _mm_add_epi32(ctr, one);
      b[j] = x86::byte_reverse(ctr);
    }
    x86::encrypt_blocks<kRounds, 8>(rk, b);
    for (int j = 0; j < 8; ++j) x86::store128(out + 16 * j, _mm_xor_si128(b[j], x86::load128(in + 16 * j)));
    done = 8;
    // Each batch hashes the ciphertext the previous one wrote while it encrypts the next eight blocks.
    while (nfull - done >= 8) {
      acc = stitched8<kRounds>(key, rk, ctr, acc, out + 16 * (done - 8), b);
      for (int j = 0; j < 8; ++j) {
        const size_t off = 16 * (done + static_cast<size_t>(j));
        x86::store128(out + off, _mm_xor_si128(b[j], x86::load128(in + off)));
      }
      done += 8;
    }
    for (size_t j = 0; j < 8; ++j) x[nx++] = x86::byte_reverse(x86::load128(out + 16 * (done - 8 + j)));
  }
  nx += crypt_tail<kRounds>(rk, ctr, in, out, len, 16 * done, false, x + nx);
  x[nx++] = lengths_block(aad_len, len);
  acc = ghash_blocks(key, acc, x, nx);
  x86::store128(tag, _mm_xor_si128(x86::byte_reverse(acc), tag_mask));
}

template <int kRounds>
PURERTC_TARGET_AESNI bool open_impl(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count,
                          const uint8_t* in, uint8_t* out, size_t len, const uint8_t tag[16]) {
  const __m128i* rk = reinterpret_cast<const __m128i*>(key.round_keys);
  const __m128i j0 = counter_start(nonce);
  __m128i ctr = x86::byte_reverse(j0);
  __m128i tag_mask = j0;
  x86::encrypt_blocks<kRounds, 1>(rk, &tag_mask);
  size_t aad_len = 0;
  __m128i acc = ghash_aad_pieces(key, aad, aad_count, &aad_len);

  const size_t nfull = len / 16;
  size_t done = 0;
  // Decryption hashes the ciphertext it is about to decrypt: input and hash are both known up front.
  while (nfull - done >= 8) {
    __m128i b[8];
    const uint8_t* src = in + 16 * done;
    acc = stitched8<kRounds>(key, rk, ctr, acc, src, b);
    for (int j = 0; j < 8; ++j) {
      const size_t off = 16 * (done + static_cast<size_t>(j));
      x86::store128(out + off, _mm_xor_si128(b[j], x86::load128(in + off)));
    }
    done += 8;
  }
  __m128i x[9];
  size_t nx = crypt_tail<kRounds>(rk, ctr, in, out, len, 16 * done, true, x);
  x[nx++] = lengths_block(aad_len, len);
  acc = ghash_blocks(key, acc, x, nx);
  uint8_t expected[16];
  x86::store128(expected, _mm_xor_si128(x86::byte_reverse(acc), tag_mask));
  if (constant_time_equal({expected, 16}, {tag, 16})) return true;
  if (len > 0) std::memset(out, 0, len);
  return false;
}

}  // namespace

PURERTC_TARGET_AESNI void gcm_init(GcmKey& key, const uint8_t* key_bytes, size_t key_len, bool avx512) {
  x86::AesRoundKeys rk;
  __m128i h = _mm_setzero_si128();
  if (key_len == 32) {
    x86::expand_key256(key_bytes, rk);
    x86::encrypt_blocks<14, 1>(rk.rk, &h);
  } else {
    x86::expand_key128(key_bytes, rk);
    x86::encrypt_blocks<10, 1>(rk.rk, &h);
  }
  for (int i = 0; i <= rk.rounds; ++i) _mm_store_si128(reinterpret_cast<__m128i*>(key.round_keys[i]), rk.rk[i]);
  key.rounds = rk.rounds;
  key.avx512 = avx512;
  init_powers(key, h);
}

void gcm_seal(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count, const uint8_t* in,
              uint8_t* out, size_t len, uint8_t tag[16]) {
  if (key.avx512) return detail::gcm_seal_vaes(key, nonce, aad, aad_count, in, out, len, tag);
  if (key.rounds == 10) return seal_impl<10>(key, nonce, aad, aad_count, in, out, len, tag);
  return seal_impl<14>(key, nonce, aad, aad_count, in, out, len, tag);
}

bool gcm_open(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count, const uint8_t* in,
              uint8_t* out, size_t len, const uint8_t tag[16]) {
  if (key.avx512) return detail::gcm_open_vaes(key, nonce, aad, aad_count, in, out, len, tag);
  if (key.rounds == 10) return open_impl<10>(key, nonce, aad, aad_count, in, out, len, tag);
  return open_impl<14>(key, nonce, aad, aad_count, in, out, len, tag);
}

}  // namespace purertc::crypto::fast
