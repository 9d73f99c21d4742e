// Randomness is injected, never global: every module that needs random bytes (transaction ids, SCTP
// verification tags, DTLS randoms, ICE tie-breakers) takes a Random& from its owner. Production code
// passes a crypto::Csprng (src/crypto/csprng.h); tests, simulations and fuzzers pass a SeededRandom so
// that every run is reproducible.
#pragma once

#include <cstdint>
#include <span>

namespace purertc {

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<uint8_t> out) = 0;

  uint32_t next_u32();
  uint64_t next_u64();
  // Uniform in [0, bound); bound must be > 0. Unbiased (rejection sampling).
  uint32_t uniform(uint32_t bound);
  // Uniform in [0, 1).
  double next_double();
};

// Deterministic, fast, NOT cryptographically secure (xoshiro256**, seeded through splitmix64). For tests,
// simulated networks and fuzzers only.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed);
  void fill(std::span<uint8_t> out) override;

 private:
  uint64_t next();
  uint64_t s_[4];
};

}  // namespace purertc
