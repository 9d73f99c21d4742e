// Differential fuzzing of the accelerated kernels (crypto/fast) against mbedTLS called directly: for a
// fuzzer-chosen key, nonce, AAD, message and counter block, AES-GCM seal/open, AES-CTR, HMAC and hashes
// must give byte-identical results on every kernel tier this machine has, and a tampered tag must
// never open. Any difference traps.
#include <mbedtls/aes.h>
#include <mbedtls/gcm.h>
#include <mbedtls/md.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "crypto/aead.h"
#include "crypto/aes.h"
#include "crypto/fast/cpu_features.h"
#include "crypto/hash.h"
#include "crypto/hmac.h"

using namespace purertc::crypto;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void fuzz_gcm(fast::Tier tier, bool aes256, const uint8_t* key, const uint8_t* nonce, std::span<const uint8_t> aad,
              std::span<const uint8_t> msg) {
  const AeadAlgorithm alg = aes256 ? AeadAlgorithm::kAes256Gcm : AeadAlgorithm::kAes128Gcm;
  const size_t klen = key_size(alg);
  fast::set_tier_limit(tier);
  auto aead = Aead::create(alg, std::span(key, klen));
  fast::set_tier_limit(fast::Tier::kX86Avx512);
  check(aead.has_value());

  mbedtls_gcm_context ref;
  mbedtls_gcm_init(&ref);
  check(mbedtls_gcm_setkey(&ref, MBEDTLS_CIPHER_ID_AES, key, static_cast<unsigned>(klen * 8)) == 0);
  std::vector<uint8_t> want(msg.size());
  uint8_t want_tag[16];
  check(mbedtls_gcm_crypt_and_tag(&ref, MBEDTLS_GCM_ENCRYPT, msg.size(), nonce, 12, aad.data(), aad.size(),
                                  msg.data(), want.data(), 16, want_tag) == 0);
  mbedtls_gcm_free(&ref);

  std::span<const uint8_t, 12> n(nonce, 12);
  std::vector<uint8_t> got(msg.begin(), msg.end());
  uint8_t tag[16];
  check(aead->seal(n, aad, got, got, tag).has_value());
  check(got == want);
  check(std::memcmp(tag, want_tag, 16) == 0);
  std::vector<uint8_t> back(msg.size());
  check(aead->open(n, aad, got, back, tag).has_value());
  check(std::equal(back.begin(), back.end(), msg.begin()));
  // The message itself as a forged tag (when long enough) or a flipped tag bit must not verify.
  tag[msg.size() % 16] ^= static_cast<uint8_t>(1u << (aad.size() % 8));
  check(!aead->open(n, aad, got, back, tag).has_value());
}

void fuzz_ctr(fast::Tier tier, const uint8_t* key, size_t klen, const uint8_t* counter, std::span<const uint8_t> msg) {
  fast::set_tier_limit(tier);
  auto ctr = AesCtr::create(std::span(key, klen));
  fast::set_tier_limit(fast::Tier::kX86Avx512);
  check(ctr.has_value());
  mbedtls_aes_context ref;
  mbedtls_aes_init(&ref);
  check(mbedtls_aes_setkey_enc(&ref, key, static_cast<unsigned>(klen * 8)) == 0);
  uint8_t nc[16];
  uint8_t block[16];
  size_t off = 0;
  std::memcpy(nc, counter, 16);
  std::vector<uint8_t> want(msg.size());
  check(mbedtls_aes_crypt_ctr(&ref, msg.size(), &off, nc, block, msg.data(), want.data()) == 0);
  mbedtls_aes_free(&ref);
  std::vector<uint8_t> got(msg.size());
  ctr->crypt(counter, msg, got);
  check(got == want);
}

void fuzz_hmac(fast::Tier tier, bool sha256, std::span<const uint8_t> key, std::span<const uint8_t> msg) {
  const HashAlgorithm alg = sha256 ? HashAlgorithm::kSha256 : HashAlgorithm::kSha1;
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(sha256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA1);
  uint8_t want[32];
  check(mbedtls_md_hmac(info, key.data(), key.size(), msg.data(), msg.size(), want) == 0);
  fast::set_tier_limit(tier);
  HmacKey hk(alg, key);
  Digest one_shot = hmac(alg, key, msg);
  Digest h = hash(alg, msg);
  fast::set_tier_limit(fast::Tier::kX86Avx512);
  const size_t split = msg.size() / 3;
  Digest d = hk.compute({msg.subspan(0, split), msg.subspan(split)});
  check(std::memcmp(d.bytes.data(), want, digest_size(alg)) == 0);
  check(std::memcmp(one_shot.bytes.data(), want, digest_size(alg)) == 0);
  check(mbedtls_md(info, msg.data(), msg.size(), want) == 0);
  check(std::memcmp(h.bytes.data(), want, digest_size(alg)) == 0);
}

}  // namespace

// Input: 1 selector byte, 32 key bytes, 16 nonce/counter bytes, 1 AAD length byte, then AAD and message.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 50) return 0;
  const uint8_t sel = data[0];
  const uint8_t* key = data + 1;
  const uint8_t* iv = data + 33;
  std::span<const uint8_t> rest(data + 50, size - 50);
  const size_t aad_len = rest.empty() ? 0 : data[49] % (rest.size() + 1);
  auto aad = rest.subspan(0, aad_len);
  auto msg = rest.subspan(aad_len);
  for (fast::Tier tier : {fast::Tier::kPortable, fast::Tier::kX86, fast::Tier::kX86Avx512}) {
    if (static_cast<int>(tier) > static_cast<int>(fast::detected_tier())) break;
    switch (sel % 3) {
      case 0: fuzz_gcm(tier, (sel >> 2) & 1, key, iv, aad, msg); break;
      case 1: fuzz_ctr(tier, key, ((sel >> 2) & 1) ? 32 : 16, iv, msg); break;
      default: fuzz_hmac(tier, (sel >> 2) & 1, rest.subspan(0, aad_len), msg); break;
    }
  }
  return 0;
}
