#include "crypto/hmac.h"

#include <gtest/gtest.h>

#include "common/hex.h"
#include "tests/crypto/vectors.h"

namespace purertc::crypto {
namespace {

using testing::ascii;
using testing::hex;

// RFC 2202 test case 2 (HMAC-SHA1) and RFC 4231 test case 2 (HMAC-SHA256/384/512).
TEST(Hmac, JefeVectors) {
  auto key = ascii("Jefe");
  auto data = ascii("what do ya want for nothing?");
  EXPECT_EQ(to_hex(hmac(HashAlgorithm::kSha1, key, data).view()), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(to_hex(hmac(HashAlgorithm::kSha256, key, data).view()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(to_hex(hmac(HashAlgorithm::kSha384, key, data).view()),
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
  EXPECT_EQ(to_hex(hmac(HashAlgorithm::kSha512, key, data).view()),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fd"
            "caeab1a34d4a6b4b636e070a38bce737");
}

// RFC 4231 test case 6: a key longer than the block size is hashed first.
TEST(Hmac, LongKey) {
  std::vector<uint8_t> key(131, 0xaa);
  auto data = ascii("Test Using Larger Than Block-Size Key - Hash Key First");
  EXPECT_EQ(to_hex(hmac(HashAlgorithm::kSha256, key, data).view()),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Hmac, PrecomputedKeyMatchesOneShotAcrossCalls) {
  auto key = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  HmacKey k(HashAlgorithm::kSha1, key);
  for (int i = 0; i < 3; ++i) {
    // RFC 2202 test case 1.
    EXPECT_EQ(to_hex(k.compute(ascii("Hi There")).view()), "b617318655057264e28bc0b6fb378c8ef146be00");
  }
  EXPECT_EQ(k.compute({ascii("Hi "), ascii("There")}), k.compute(ascii("Hi There")));
}

}  // namespace
}  // namespace purertc::crypto
