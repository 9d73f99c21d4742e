#include "crypto/hash.h"

#include <gtest/gtest.h>

#include "common/hex.h"
#include "tests/crypto/vectors.h"

namespace purertc::crypto {
namespace {

using testing::ascii;

// FIPS 180-4 examples ("abc") and RFC 1321 A.5 for MD5.
TEST(Hash, AbcVectors) {
  EXPECT_EQ(to_hex(hash(HashAlgorithm::kMd5, ascii("abc")).view()), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(to_hex(hash(HashAlgorithm::kSha1, ascii("abc")).view()), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(to_hex(hash(HashAlgorithm::kSha224, ascii("abc")).view()),
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
  EXPECT_EQ(to_hex(hash(HashAlgorithm::kSha256, ascii("abc")).view()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(hash(HashAlgorithm::kSha384, ascii("abc")).view()),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(to_hex(hash(HashAlgorithm::kSha512, ascii("abc")).view()),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
            "454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(Hash, HasherCurrentDoesNotEndTheHash) {
  Hasher h(HashAlgorithm::kSha256);
  h.update(ascii("a"));
  Digest mid = h.current();
  EXPECT_EQ(mid, hash(HashAlgorithm::kSha256, ascii("a")));
  h.update(ascii("bc"));
  EXPECT_EQ(h.current(), hash(HashAlgorithm::kSha256, ascii("abc")));
  Hasher moved = std::move(h);
  EXPECT_EQ(moved.current(), hash(HashAlgorithm::kSha256, ascii("abc")));
}

TEST(Hash, SdpNames) {
  EXPECT_EQ(to_string(HashAlgorithm::kSha256), "sha-256");
  EXPECT_EQ(hash_algorithm_from_name("SHA-384"), HashAlgorithm::kSha384);
  EXPECT_EQ(hash_algorithm_from_name("sha-1"), HashAlgorithm::kSha1);
  EXPECT_FALSE(hash_algorithm_from_name("sha256"));
  EXPECT_EQ(digest_size(HashAlgorithm::kSha512), 64u);
}

}  // namespace
}  // namespace purertc::crypto
