// AES block cipher and AES-CTR keystream (128- and 256-bit keys). AES-CTR is SRTP's AES_CM (RFC 3711
// 4.1.1): the 16-byte counter block is incremented as one big-endian 128-bit integer, which equals SRTP's
// 16-bit block counter for every packet size SRTP allows. AesCtr with 128- and 256-bit keys runs on the
// accelerated kernels in crypto/fast (AES-NI, or VAES/AVX-512) when the CPU has them, chosen at create().
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "common/result.h"

namespace purertc::crypto {

class AesBlockCipher {
 public:
  // key: 16 or 32 bytes (24 works too); anything else is Errc::kInvalidArgument.
  static Result<AesBlockCipher> create(std::span<const uint8_t> key);
  ~AesBlockCipher();
  AesBlockCipher(AesBlockCipher&&) noexcept;
  AesBlockCipher& operator=(AesBlockCipher&&) noexcept;

  void encrypt_block(const uint8_t in[16], uint8_t out[16]) const;

 private:
  struct Impl;
  AesBlockCipher();
  std::unique_ptr<Impl> impl_;
};

class AesCtr {
 public:
  static Result<AesCtr> create(std::span<const uint8_t> key);
  ~AesCtr();
  AesCtr(AesCtr&&) noexcept;
  AesCtr& operator=(AesCtr&&) noexcept;

  // out = in XOR keystream(counter_block, counter_block+1, ...). out may be the same memory as in;
  // out.size() must equal in.size().
  void crypt(const uint8_t counter_block[16], std::span<const uint8_t> in, std::span<uint8_t> out) const;
  // The same with the keystream started `keystream_offset` bytes in: counter_block + offset / 16, skipping
  // offset % 16 bytes of that block (RFC 6904 masks each header extension element with the keystream
  // bytes at its position in the extension block).
  void crypt(const uint8_t counter_block[16], size_t keystream_offset, std::span<const uint8_t> in,
             std::span<uint8_t> out) const;

 private:
  struct Impl;
  AesCtr();
  std::unique_ptr<Impl> impl_;
};

}  // namespace purertc::crypto
