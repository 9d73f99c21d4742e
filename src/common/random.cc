#include "common/random.h"

#include <cstring>

namespace purertc {

uint32_t Random::next_u32() {
  uint8_t b[4];
  fill(b);
  uint32_t v;
  std::memcpy(&v, b, sizeof v);
  return v;
}

uint64_t Random::next_u64() {
  uint8_t b[8];
  fill(b);
  uint64_t v;
  std::memcpy(&v, b, sizeof v);
  return v;
}

uint32_t Random::uniform(uint32_t bound) {
  // Reject the top sliver of the range so every residue is equally likely.
  uint32_t limit = static_cast<uint32_t>(-bound) % bound;  // == 2^32 mod bound
  for (;;) {
    uint32_t v = next_u32();
    if (v >= limit) return v % bound;
  }
}

double Random::next_double() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

namespace {
uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

SeededRandom::SeededRandom(uint64_t seed) {
  for (auto& s : s_) s = splitmix64(seed);
}

uint64_t SeededRandom::next() {
  uint64_t result = rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

void SeededRandom::fill(std::span<uint8_t> out) {
  size_t i = 0;
  while (i < out.size()) {
    uint64_t v = next();
    size_t n = out.size() - i < 8 ? out.size() - i : 8;
    std::memcpy(out.data() + i, &v, n);
    i += n;
  }
}

}  // namespace purertc
