// The production randomness source: mbedTLS CTR_DRBG (AES-256) seeded from the operating system's
// entropy (getrandom/urandom via mbedtls_entropy). One instance per owner; not thread-safe (owners
// live on one thread). Construction fails only if the OS has no entropy to give.
#pragma once

#include <memory>

#include "common/random.h"
#include "common/result.h"

namespace purertc::crypto {

class Csprng final : public Random {
 public:
  static Result<std::unique_ptr<Csprng>> create();
  ~Csprng() override;
  void fill(std::span<uint8_t> out) override;

 private:
  struct Impl;
  Csprng();
  std::unique_ptr<Impl> impl_;
};

}  // namespace purertc::crypto
