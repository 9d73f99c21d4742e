#include "crypto/aes.h"

#include <gtest/gtest.h>

#include "common/hex.h"
#include "tests/crypto/vectors.h"

namespace purertc::crypto {
namespace {

using testing::hex;

// FIPS-197 appendix C.1 and C.3.
TEST(Aes, Fips197Blocks) {
  auto pt = hex("00112233445566778899aabbccddeeff");
  uint8_t out[16];
  auto a128 = AesBlockCipher::create(hex("000102030405060708090a0b0c0d0e0f"));
  ASSERT_TRUE(a128);
  a128->encrypt_block(pt.data(), out);
  EXPECT_EQ(to_hex(out), "69c4e0d86a7b0430d8cdb78070b4c55a");
  auto a256 = AesBlockCipher::create(hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
  ASSERT_TRUE(a256);
  a256->encrypt_block(pt.data(), out);
  EXPECT_EQ(to_hex(out), "8ea2b7ca516745bfeafc49904b496089");
}

TEST(Aes, RejectsBadKeySizes) {
  auto bad = AesBlockCipher::create(hex("00112233"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
  EXPECT_FALSE(AesCtr::create({}));
}

// NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt) and F.5.5 (CTR-AES256.Encrypt), all four blocks.
TEST(AesCtr, Sp80038aVectors) {
  auto ctr = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  auto pt = hex(
      "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
      "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");
  std::vector<uint8_t> out(pt.size());
  auto c128 = AesCtr::create(hex("2b7e151628aed2a6abf7158809cf4f3c"));
  ASSERT_TRUE(c128);
  c128->crypt(ctr.data(), pt, out);
  EXPECT_EQ(to_hex(out),
            "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
            "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee");
  auto c256 = AesCtr::create(hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"));
  ASSERT_TRUE(c256);
  c256->crypt(ctr.data(), pt, out);
  EXPECT_EQ(to_hex(out),
            "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
            "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");
}

TEST(AesCtr, InPlaceAndPartialBlocksMatchOutOfPlace) {
  auto c = AesCtr::create(hex("2b7e151628aed2a6abf7158809cf4f3c"));
  ASSERT_TRUE(c);
  uint8_t iv[16] = {1, 2, 3};
  std::vector<uint8_t> data(37);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i);
  std::vector<uint8_t> out(data.size());
  c->crypt(iv, data, out);
  std::vector<uint8_t> inplace = data;
  c->crypt(iv, inplace, inplace);
  EXPECT_EQ(inplace, out);
  c->crypt(iv, out, out);
  EXPECT_EQ(out, data);
}

}  // namespace
}  // namespace purertc::crypto
