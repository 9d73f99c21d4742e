#include "common/crc.h"

#include <array>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <nmmintrin.h>
#define PURERTC_CRC_X86 1
#endif

namespace purertc {
namespace {

using Tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr Tables make_tables(uint32_t reflected_poly) {
  Tables t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ reflected_poly : c >> 1;
    t[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; ++i) {
    for (int s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
  }
  return t;
}

constexpr Tables kCrc32Tables = make_tables(0xEDB88320u);
constexpr Tables kCrc32cTables = make_tables(0x82F63B78u);

// Slicing-by-8 over the raw (not inverted) register.
uint32_t slice8(const Tables& t, uint32_t c, const uint8_t* p, size_t n) {
  while (n >= 8) {
    uint32_t lo = c ^ (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24);
    uint32_t hi = uint32_t{p[4]} | uint32_t{p[5]} << 8 | uint32_t{p[6]} << 16 | uint32_t{p[7]} << 24;
    c = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
        t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) c = (c >> 8) ^ t[0][(c ^ *p++) & 0xff];
  return c;
}

#if PURERTC_CRC_X86
[[gnu::target("sse4.2")]] uint32_t crc32c_sse42(uint32_t c, const uint8_t* p, size_t n) {
#if defined(__x86_64__)
  uint64_t c64 = c;
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    c64 = _mm_crc32_u64(c64, v);
    p += 8;
    n -= 8;
  }
  c = static_cast<uint32_t>(c64);
#endif
  while (n-- > 0) c = _mm_crc32_u8(c, *p++);
  return c;
}

bool detect_sse42() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2");
}
const bool kHasSse42 = detect_sse42();
#endif

}  // namespace

uint32_t crc32_extend(uint32_t crc, std::span<const uint8_t> data) {
  return ~slice8(kCrc32Tables, ~crc, data.data(), data.size());
}

uint32_t crc32(std::span<const uint8_t> data) { return crc32_extend(0, data); }

uint32_t crc32c_extend_portable(uint32_t crc, std::span<const uint8_t> data) {
  return ~slice8(kCrc32cTables, ~crc, data.data(), data.size());
}

uint32_t crc32c_extend(uint32_t crc, std::span<const uint8_t> data) {
#if PURERTC_CRC_X86
  if (kHasSse42) return ~crc32c_sse42(~crc, data.data(), data.size());
#endif
  return crc32c_extend_portable(crc, data);
}

uint32_t crc32c(std::span<const uint8_t> data) { return crc32c_extend(0, data); }

bool crc32c_has_hardware() {
#if PURERTC_CRC_X86
  return kHasSse42;
#else
  return false;
#endif
}

}  // namespace purertc
