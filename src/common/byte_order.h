// Unchecked big-endian loads and stores at a pointer. Callers check bounds first (once per fixed header);
// ByteReader/ByteWriter are the checked cursors built on these. The shift-and-OR loads compile to single
// bswapped moves with g++ and clang at -O2; the 32- and 64-bit stores use the byte-swap builtin, which
// g++ does not derive from byte-wise stores.
#pragma once

#include <cstdint>
#include <cstring>

namespace purertc {

inline uint8_t load_u8(const uint8_t* p) { return p[0]; }
inline uint16_t load_u16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint32_t load_u24(const uint8_t* p) {
  return (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | uint32_t{p[2]};
}
inline uint32_t load_u32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
inline uint64_t load_u48(const uint8_t* p) {
  return (uint64_t{load_u16(p)} << 32) | load_u32(p + 2);
}
inline uint64_t load_u64(const uint8_t* p) {
  return (uint64_t{load_u32(p)} << 32) | load_u32(p + 4);
}

inline void store_u8(uint8_t* p, uint8_t v) { p[0] = v; }
inline void store_u16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void store_u24(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 16);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v);
}
inline void store_u32(uint8_t* p, uint32_t v) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  // g++ 12 does not merge the four byte stores below into one (it builds the word with shifts and ORs);
  // the explicit byte swap is one bswap + one store.
  v = __builtin_bswap32(v);
  std::memcpy(p, &v, sizeof v);
#else
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
#endif
}
inline void store_u48(uint8_t* p, uint64_t v) {
  store_u16(p, static_cast<uint16_t>(v >> 32));
  store_u32(p + 2, static_cast<uint32_t>(v));
}
inline void store_u64(uint8_t* p, uint64_t v) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  v = __builtin_bswap64(v);
  std::memcpy(p, &v, sizeof v);
#else
  store_u32(p, static_cast<uint32_t>(v >> 32));
  store_u32(p + 4, static_cast<uint32_t>(v));
#endif
}

}  // namespace purertc
