// CRC-32 (ISO-HDLC, reflected 0x04C11DB7: STUN FINGERPRINT, RFC 8489 14.7) and CRC-32c (Castagnoli,
// reflected 0x1EDC6F41: SCTP, RFC 9260 appendix B). Both use the standard init ~0 and final xor ~0, so
// crc32("123456789") == 0xCBF43926 and crc32c("123456789") == 0xE3069283.
//
// CRC-32c runs on the SSE4.2 crc32 instruction when the CPU has it (chosen once at startup), else on a
// portable slicing-by-8 table. CRC-32 has no x86 instruction; it uses slicing-by-8 (STUN messages are
// ~100 bytes, where a carry-less-multiply fold would not pay for its setup).
#pragma once

#include <cstdint>
#include <span>

namespace purertc {

uint32_t crc32(std::span<const uint8_t> data);
uint32_t crc32c(std::span<const uint8_t> data);

// Continue a CRC over more data: crc32c_extend(crc32c(a), b) == crc32c(a ++ b).
uint32_t crc32_extend(uint32_t crc, std::span<const uint8_t> data);
uint32_t crc32c_extend(uint32_t crc, std::span<const uint8_t> data);

// The portable implementations, exposed so tests and benchmarks can compare them with the hardware path.
uint32_t crc32c_extend_portable(uint32_t crc, std::span<const uint8_t> data);
bool crc32c_has_hardware();

}  // namespace purertc
