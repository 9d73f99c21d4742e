#include "crypto/prf.h"

#include <gtest/gtest.h>

#include "common/hex.h"
#include "tests/crypto/vectors.h"

namespace purertc::crypto {
namespace {

using testing::hex;

// The TLS 1.2 PRF vectors circulated on the IETF TLS list (P_SHA256 and P_SHA384, "test label"), also
// reproduced by `openssl kdf ... TLS1-PRF`.
TEST(Tls12Prf, Sha256Vector) {
  std::vector<uint8_t> out(100);
  tls12_prf(HashAlgorithm::kSha256, hex("9bbe436ba940f017b17652849a71db35"), "test label",
            hex("a0ba9f936cda311827a6f796ffd5198c"), out);
  EXPECT_EQ(to_hex(out),
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af"
            "0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
            "87347b66");
}

TEST(Tls12Prf, Sha384Vector) {
  std::vector<uint8_t> out(148);
  tls12_prf(HashAlgorithm::kSha384, hex("b80b733d6ceefcdc71566ea48e5567df"), "test label",
            hex("cd665cf6a8447dd6ff8b27555edb7465"), out);
  EXPECT_EQ(to_hex(out),
            "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0"
            "e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
            "9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee691c8f3a26854308d5eaa3be85e099070"
            "3d73e56f");
}

}  // namespace
}  // namespace purertc::crypto
