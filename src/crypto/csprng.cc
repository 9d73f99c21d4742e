#include "crypto/csprng.h"

#include <cstdlib>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>

namespace purertc::crypto {

struct Csprng::Impl {
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  Impl() {
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
  }
  ~Impl() {
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
  }
};

Csprng::Csprng() : impl_(std::make_unique<Impl>()) {}
Csprng::~Csprng() = default;

Result<std::unique_ptr<Csprng>> Csprng::create() {
  std::unique_ptr<Csprng> rng(new Csprng());
  static constexpr unsigned char kPersonalization[] = "purertc csprng";
  if (mbedtls_ctr_drbg_seed(&rng->impl_->drbg, mbedtls_entropy_func, &rng->impl_->entropy, kPersonalization,
                            sizeof kPersonalization - 1) != 0) {
    return unexpected(Error{Errc::kCrypto, "could not seed CTR_DRBG from OS entropy"});
  }
  // Reseed automatically from OS entropy at mbedTLS's interval; prediction resistance off (it would
  // reseed on every call).
  return rng;
}

void Csprng::fill(std::span<uint8_t> out) {
  // CTR_DRBG hands out at most MBEDTLS_CTR_DRBG_MAX_REQUEST bytes per call.
  size_t pos = 0;
  while (pos < out.size()) {
    size_t n = out.size() - pos;
    if (n > MBEDTLS_CTR_DRBG_MAX_REQUEST) n = MBEDTLS_CTR_DRBG_MAX_REQUEST;
    if (mbedtls_ctr_drbg_random(&impl_->drbg, out.data() + pos, n) != 0) {
      // Only a failed reseed from the OS can get here; continuing with predictable bytes would be worse
      // than stopping.
      std::abort();
    }
    pos += n;
  }
}

}  // namespace purertc::crypto
