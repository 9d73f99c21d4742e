// Accelerated AES-GCM (NIST SP 800-38D) for 12-byte nonces and 16-byte tags: the kernel behind
// crypto::Aead on x86-64 CPUs with AES-NI and PCLMULQDQ (and, where present, VAES/VPCLMULQDQ/AVX-512).
// Built only with PURERTC_FAST_CRYPTO; callers check fast::use_aes_x86() before gcm_init().
//
// Constant time by construction: AES runs in the AES-NI instructions and GHASH in carry-less
// multiplications, so no memory access or branch depends on the key or the data.
#pragma once

#include <cstddef>
#include <cstdint>

namespace purertc::crypto::fast {

// Everything one key needs, computed once: the AES round keys and the powers H^1..H^16 of the hash key
// (in the bit-reflected, pre-doubled form the carry-less multiply wants, plus their Karatsuba halves).
// h_desc holds the same powers in descending order, H^16..H^1 then zeros, so that the wide kernel loads
// the factors for k consecutive blocks (H^k..H^1) as one contiguous run starting at h_desc[16 - k].
struct alignas(64) GcmKey {
  uint8_t h_desc[20][16];
  uint8_t round_keys[15][16];
  uint8_t h_powers[16][16];
  uint8_t h_karatsuba[16][16];
  int rounds = 0;
  bool avx512 = false;
};

// Associated data as consecutive pieces: GHASH covers their concatenation, so a caller whose AAD is not
// contiguous in memory (SRTCP: the 8-octet RTCP header and the E|index word after the payload) need not
// join it first.
struct AadPiece {
  const uint8_t* data;
  size_t len;
};

// key_len is 16 or 32. avx512 selects the VAES/VPCLMULQDQ kernel (only when use_aes_avx512()).
void gcm_init(GcmKey& key, const uint8_t* key_bytes, size_t key_len, bool avx512);

// out may equal in (in place); any other overlap is not allowed. aad_count pieces (none when 0).
void gcm_seal(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count, const uint8_t* in,
              uint8_t* out, size_t len, uint8_t tag[16]);
// Returns false (and zeroes out) when the tag does not verify; the comparison is constant time.
bool gcm_open(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count, const uint8_t* in,
              uint8_t* out, size_t len, const uint8_t tag[16]);

namespace detail {
// The VAES/VPCLMULQDQ/AVX-512 kernel (aes_gcm_vaes.cc), reached through gcm_seal/gcm_open.
void gcm_seal_vaes(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count,
                   const uint8_t* in, uint8_t* out, size_t len, uint8_t tag[16]);
bool gcm_open_vaes(const GcmKey& key, const uint8_t nonce[12], const AadPiece* aad, size_t aad_count,
                   const uint8_t* in, uint8_t* out, size_t len, const uint8_t tag[16]);
}  // namespace detail

}  // namespace purertc::crypto::fast
