#include <immintrin.h>

#include <cstring>

#include "crypto/constant_time.h"
#include "crypto/fast/aes_gcm.h"
#include "crypto/fast/aes_x86.h"

namespace purertc::crypto::fast {
namespace {

namespace sse {
#define GCM_TARGET PURERTC_TARGET_AESNI
#include "crypto/fast/gcm_kernel_x86.inc"
#undef GCM_TARGET
}  // namespace sse

namespace avx512 {
#define GCM_TARGET \
  __attribute__((target("aes,pclmul,ssse3,sse4.1,avx,avx2,avx512f,avx512vl,avx512bw,vaes,vpclmulqdq")))
#include "crypto/fast/gcm_kernel_x86.inc"
#undef GCM_TARGET
}  // namespace avx512

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
  sse::init_powers(key, h);
}

void gcm_seal(const GcmKey& key, const uint8_t nonce[12], const uint8_t* aad, size_t aad_len, const uint8_t* in,
              uint8_t* out, size_t len, uint8_t tag[16]) {
  if (key.avx512) {
    if (key.rounds == 10) return avx512::seal_impl<10>(key, nonce, aad, aad_len, in, out, len, tag);
    return avx512::seal_impl<14>(key, nonce, aad, aad_len, in, out, len, tag);
  }
  if (key.rounds == 10) return sse::seal_impl<10>(key, nonce, aad, aad_len, in, out, len, tag);
  return sse::seal_impl<14>(key, nonce, aad, aad_len, in, out, len, tag);
}

bool gcm_open(const GcmKey& key, const uint8_t nonce[12], const uint8_t* aad, size_t aad_len, const uint8_t* in,
              uint8_t* out, size_t len, const uint8_t tag[16]) {
  if (key.avx512) {
    if (key.rounds == 10) return avx512::open_impl<10>(key, nonce, aad, aad_len, in, out, len, tag);
    return avx512::open_impl<14>(key, nonce, aad, aad_len, in, out, len, tag);
  }
  if (key.rounds == 10) return sse::open_impl<10>(key, nonce, aad, aad_len, in, out, len, tag);
  return sse::open_impl<14>(key, nonce, aad, aad_len, in, out, len, tag);
}

}  // namespace purertc::crypto::fast
