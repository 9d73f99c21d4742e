// Accelerated AES-CTR keystream (SP 800-38A 6.5) behind crypto::AesCtr: SRTP's AES_CM (RFC 3711
// 4.1.1), whose 16-byte counter block is incremented as one big-endian 128-bit integer. Eight blocks are
// in flight through the AES-NI rounds. Built only with PURERTC_FAST_CRYPTO; callers check
// fast::use_aes_x86() before aes_ctr_init().
#pragma once

#include <cstddef>
#include <cstdint>

namespace purertc::crypto::fast {

struct alignas(16) AesCtrKey {
  uint8_t round_keys[15][16];
  int rounds = 0;
  bool avx512 = false;
};

// key_len is 16 or 32. avx512 selects the VAES kernel, sixteen blocks in flight (only when
// use_aes_avx512()).
void aes_ctr_init(AesCtrKey& key, const uint8_t* key_bytes, size_t key_len, bool avx512);
// out = in XOR keystream(counter_block, counter_block + 1, ...); out may equal in.
void aes_ctr_crypt(const AesCtrKey& key, const uint8_t counter_block[16], const uint8_t* in, uint8_t* out,
                   size_t len);

namespace detail {
// The VAES/AVX-512 kernel (aes_ctr_vaes.cc), reached through aes_ctr_crypt.
void aes_ctr_crypt_vaes(const AesCtrKey& key, const uint8_t counter_block[16], const uint8_t* in, uint8_t* out,
                        size_t len);
}  // namespace detail

}  // namespace purertc::crypto::fast
