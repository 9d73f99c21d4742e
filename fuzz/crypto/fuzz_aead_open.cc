// AEAD open on attacker-chosen ciphertext, AAD and tag under a fixed key: must never crash, and must
// never accept input it did not seal (a forged tag passing would be a catastrophic bug). Also seals the
// input and checks that open gives it back.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "crypto/aead.h"

using namespace purertc::crypto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const uint8_t kKey[32] = {7};
  if (size < 1 + kAeadNonceSize + kAeadTagSize) return 0;
  AeadAlgorithm alg = static_cast<AeadAlgorithm>(data[0] % 3);
  auto aead = Aead::create(alg, std::span(kKey, key_size(alg)));
  if (!aead) __builtin_trap();
  std::span<const uint8_t, kAeadNonceSize> nonce(data + 1, kAeadNonceSize);
  std::span<const uint8_t, kAeadTagSize> tag(data + 1 + kAeadNonceSize, kAeadTagSize);
  std::span<const uint8_t> rest(data + 1 + kAeadNonceSize + kAeadTagSize, size - 1 - kAeadNonceSize - kAeadTagSize);
  size_t aad_len = rest.empty() ? 0 : rest[0] % (rest.size());
  auto aad = rest.subspan(0, aad_len);
  auto body = rest.subspan(aad_len);

  std::vector<uint8_t> out(body.size());
  // A random tag authenticates with probability 2^-128: treat success as a bug.
  if (aead->open(nonce, aad, body, out, tag)) __builtin_trap();

  std::vector<uint8_t> sealed(body.size());
  uint8_t real_tag[kAeadTagSize];
  if (!aead->seal(nonce, aad, body, sealed, real_tag)) __builtin_trap();
  if (!aead->open(nonce, aad, sealed, out, real_tag)) __builtin_trap();
  if (!body.empty() && std::memcmp(out.data(), body.data(), body.size()) != 0) __builtin_trap();
  return 0;
}
