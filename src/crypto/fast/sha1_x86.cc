// SHA-1 compression (FIPS 180-4 6.1.2) with the SHA-NI instructions. Each SHA1RNDS4 performs four
// rounds; SHA1NEXTE derives the next E from A four rounds back, and SHA1MSG1/SHA1MSG2 compute the
// message schedule W[t] = ROTL1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]) four words at a time.
#include <immintrin.h>

#include <utility>

#include "crypto/fast/sha.h"

#define PURERTC_TARGET_SHA __attribute__((target("sha,ssse3,sse4.1")))

namespace purertc::crypto::fast {
namespace {

// SHA1RNDS4 takes its round-function selector (0..3, one per 20 rounds) as an immediate.
template <int kGroup>
PURERTC_TARGET_SHA inline void four_rounds(__m128i& abcd, __m128i& e_prev, __m128i& e_next, __m128i* w) {
  constexpr int kW = kGroup % 4;
  if constexpr (kGroup >= 4) {
    // W for this group from the four groups before it (held in the ring w[0..3]).
    w[kW] = _mm_sha1msg2_epu32(
        _mm_xor_si128(_mm_sha1msg1_epu32(w[kW], w[(kGroup + 1) % 4]), w[(kGroup + 2) % 4]), w[(kGroup + 3) % 4]);
  }
  e_next = _mm_sha1nexte_epu32(e_prev, w[kW]);
  e_prev = abcd;
  abcd = _mm_sha1rnds4_epu32(abcd, e_next, kGroup / 5);
}

template <int... kGroups>
PURERTC_TARGET_SHA inline void rounds_4_to_79(__m128i& abcd, __m128i& e_prev, __m128i* w,
                                              std::integer_sequence<int, kGroups...>) {
  __m128i e_next;
  (four_rounds<kGroups + 1>(abcd, e_prev, e_next, w), ...);
}

}  // namespace

PURERTC_TARGET_SHA void sha1_compress_x86(uint32_t state[5], const uint8_t* blocks, size_t nblocks) {
  // The byte shuffle turns four big-endian words into lanes with W[t] in the highest lane, as the SHA
  // instructions expect; ABCD is kept with A in the highest lane likewise.
  const __m128i bswap = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0x1b);
  __m128i e0 = _mm_set_epi32(static_cast<int>(state[4]), 0, 0, 0);
  for (size_t i = 0; i < nblocks; ++i, blocks += 64) {
    const __m128i abcd_save = abcd;
    const __m128i e_save = e0;
    __m128i w[4];
    for (int j = 0; j < 4; ++j) {
      w[j] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 16 * j)), bswap);
    }
    // Rounds 0-3 add E directly; every later group gets it from SHA1NEXTE.
    __m128i e_prev = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, _mm_add_epi32(e0, w[0]), 0);
    rounds_4_to_79(abcd, e_prev, w, std::make_integer_sequence<int, 19>{});
    e0 = _mm_sha1nexte_epu32(e_prev, e_save);
    abcd = _mm_add_epi32(abcd, abcd_save);
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_shuffle_epi32(abcd, 0x1b));
  state[4] = static_cast<uint32_t>(_mm_extract_epi32(e0, 3));
}

}  // namespace purertc::crypto::fast
