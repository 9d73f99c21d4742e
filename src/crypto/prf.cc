#include "crypto/prf.h"

#include <algorithm>
#include <cstring>

#include "crypto/hmac.h"

namespace purertc::crypto {

void tls12_prf(HashAlgorithm alg, std::span<const uint8_t> secret, std::string_view label,
               std::span<const uint8_t> seed, std::span<uint8_t> out) {
  // P_hash(secret, s) = HMAC(secret, A(1) + s) + HMAC(secret, A(2) + s) + ...
  // with A(0) = s and A(i) = HMAC(secret, A(i-1)), where s = label + seed.
  HmacKey key(alg, secret);
  std::span<const uint8_t> label_bytes(reinterpret_cast<const uint8_t*>(label.data()), label.size());
  Digest a = key.compute({label_bytes, seed});
  size_t pos = 0;
  while (pos < out.size()) {
    Digest block = key.compute({a.view(), label_bytes, seed});
    size_t n = std::min(block.size, out.size() - pos);
    std::memcpy(out.data() + pos, block.bytes.data(), n);
    pos += n;
    a = key.compute(a.view());
  }
}

}  // namespace purertc::crypto
