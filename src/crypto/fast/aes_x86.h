// AES-NI building blocks shared by the GCM and CTR kernels: key expansion and N-block encryption.
// Include only from files compiled for x86-64 with PURERTC_FAST_CRYPTO; every function carries the
// target attribute, so the file needs no -maes and the binary runs on any x86-64 (callers check
// fast::use_aes_x86() first).
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#define PURERTC_TARGET_AESNI __attribute__((target("aes,pclmul,ssse3,sse4.1")))

namespace purertc::crypto::fast::x86 {

// Round keys of an AES-128 (10 rounds) or AES-256 (14 rounds) encryption key schedule.
struct alignas(16) AesRoundKeys {
  __m128i rk[15];
  int rounds;
};

// FIPS 197 5.2: each new round-key word is the previous one XOR the word four (or eight) back, so the
// whole 128-bit lane is a prefix-XOR of the previous round key, plus the SubWord/RotWord/Rcon term.
PURERTC_TARGET_AESNI inline __m128i prefix_xor(__m128i k) {
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
  return _mm_xor_si128(k, _mm_slli_si128(k, 4));
}

template <int kRcon>
PURERTC_TARGET_AESNI inline __m128i expand128_step(__m128i k) {
  const __m128i t = _mm_shuffle_epi32(_mm_aeskeygenassist_si128(k, kRcon), 0xff);
  return _mm_xor_si128(prefix_xor(k), t);
}

PURERTC_TARGET_AESNI inline void expand_key128(const uint8_t key[16], AesRoundKeys& out) {
  __m128i* rk = out.rk;
  rk[0] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key));
  rk[1] = expand128_step<0x01>(rk[0]);
  rk[2] = expand128_step<0x02>(rk[1]);
  rk[3] = expand128_step<0x04>(rk[2]);
  rk[4] = expand128_step<0x08>(rk[3]);
  rk[5] = expand128_step<0x10>(rk[4]);
  rk[6] = expand128_step<0x20>(rk[5]);
  rk[7] = expand128_step<0x40>(rk[6]);
  rk[8] = expand128_step<0x80>(rk[7]);
  rk[9] = expand128_step<0x1b>(rk[8]);
  rk[10] = expand128_step<0x36>(rk[9]);
  out.rounds = 10;
}

// AES-256 alternates two kinds of steps: even round keys take RotWord+SubWord+Rcon of the previous
// key's last word, odd ones SubWord only.
template <int kRcon>
PURERTC_TARGET_AESNI inline void expand256_step(__m128i* rk, int i) {
  const __m128i t0 = _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[i - 1], kRcon), 0xff);
  rk[i] = _mm_xor_si128(prefix_xor(rk[i - 2]), t0);
  if (i + 1 <= 14) {
    const __m128i t1 = _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[i], 0x00), 0xaa);
    rk[i + 1] = _mm_xor_si128(prefix_xor(rk[i - 1]), t1);
  }
}

PURERTC_TARGET_AESNI inline void expand_key256(const uint8_t key[32], AesRoundKeys& out) {
  __m128i* rk = out.rk;
  rk[0] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key));
  rk[1] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key + 16));
  expand256_step<0x01>(rk, 2);
  expand256_step<0x02>(rk, 4);
  expand256_step<0x04>(rk, 6);
  expand256_step<0x08>(rk, 8);
  expand256_step<0x10>(rk, 10);
  expand256_step<0x20>(rk, 12);
  expand256_step<0x40>(rk, 14);
  out.rounds = 14;
}

// Encrypts n independent blocks in place, all n in flight through each round (n known at compile
// time so the blocks stay in registers).
template <int kRounds, int kN>
PURERTC_TARGET_AESNI inline void encrypt_blocks(const __m128i* rk, __m128i* b) {
#pragma GCC unroll 8
  for (int j = 0; j < kN; ++j) b[j] = _mm_xor_si128(b[j], rk[0]);
#pragma GCC unroll 14
  for (int r = 1; r < kRounds; ++r) {
    const __m128i k = rk[r];
#pragma GCC unroll 8
    for (int j = 0; j < kN; ++j) b[j] = _mm_aesenc_si128(b[j], k);
  }
#pragma GCC unroll 8
  for (int j = 0; j < kN; ++j) b[j] = _mm_aesenclast_si128(b[j], rk[kRounds]);
}

// Runtime n (1..8) dispatch to the compile-time width above.
template <int kRounds>
PURERTC_TARGET_AESNI inline void encrypt_up_to_8(const __m128i* rk, __m128i* b, size_t n) {
  switch (n) {
    case 1: encrypt_blocks<kRounds, 1>(rk, b); break;
    case 2: encrypt_blocks<kRounds, 2>(rk, b); break;
    case 3: encrypt_blocks<kRounds, 3>(rk, b); break;
    case 4: encrypt_blocks<kRounds, 4>(rk, b); break;
    case 5: encrypt_blocks<kRounds, 5>(rk, b); break;
    case 6: encrypt_blocks<kRounds, 6>(rk, b); break;
    case 7: encrypt_blocks<kRounds, 7>(rk, b); break;
    case 8: encrypt_blocks<kRounds, 8>(rk, b); break;
    default: break;
  }
}

PURERTC_TARGET_AESNI inline __m128i load128(const uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
PURERTC_TARGET_AESNI inline void store128(uint8_t* p, __m128i v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}
// Reverses the 16 bytes: big-endian wire order <-> little-endian lanes.
PURERTC_TARGET_AESNI inline __m128i byte_reverse(__m128i v) {
  return _mm_shuffle_epi8(v, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

}  // namespace purertc::crypto::fast::x86
