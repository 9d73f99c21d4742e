#include "crypto/aead.h"

#include <gtest/gtest.h>

#include "common/hex.h"
#include "common/random.h"
#include "tests/crypto/vectors.h"

namespace purertc::crypto {
namespace {

using testing::ascii;
using testing::hex;

struct Vector {
  AeadAlgorithm alg;
  const char* key;
  const char* nonce;
  const char* aad;
  const char* plaintext;
  const char* ciphertext;
  const char* tag;
};

// GCM: McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 2, 4 (AES-128) and 14, 16
// (AES-256). ChaCha20-Poly1305: RFC 8439 section 2.8.2.
const Vector kVectors[] = {
    {AeadAlgorithm::kAes128Gcm, "00000000000000000000000000000000", "000000000000000000000000", "",
     "00000000000000000000000000000000", "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"},
    {AeadAlgorithm::kAes128Gcm, "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
     "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
     "b16aedf5aa0de657ba637b39",
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
     "1ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {AeadAlgorithm::kAes256Gcm, "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "00000000000000000000000000000000", "cea7403d4d606b6e074ec5d3baf39d18",
     "d0d1c8a799996bf0265b98b5d48ab919"},
    {AeadAlgorithm::kAes256Gcm, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
     "b16aedf5aa0de657ba637b39",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
     "c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    {AeadAlgorithm::kChaCha20Poly1305, "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
     "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7",
     "4c616469657320616e642047656e746c656d656e206f662074686520636c617373206f66202739393a204966204920636f"
     "756c64206f6666657220796f75206f6e6c79206f6e652074697020666f7220746865206675747572652c2073756e7363"
     "7265656e20776f756c642062652069742e",
     "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
     "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
     "3ff4def08e4b7a9de576d26586cec64b6116",
     "1ae10b594f09e26a7e902ecbd0600691"},
};

TEST(Aead, PublishedVectorsSealAndOpen) {
  for (const auto& v : kVectors) {
    SCOPED_TRACE(std::string(to_string(v.alg)));
    auto aead = Aead::create(v.alg, hex(v.key));
    ASSERT_TRUE(aead);
    auto nonce = hex(v.nonce);
    auto aad = hex(v.aad);
    auto pt = hex(v.plaintext);
    std::vector<uint8_t> ct(pt.size());
    uint8_t tag[kAeadTagSize];
    ASSERT_TRUE(aead->seal(std::span<const uint8_t, 12>(nonce.data(), 12), aad, pt, ct, tag));
    EXPECT_EQ(to_hex(ct), v.ciphertext);
    EXPECT_EQ(to_hex(tag), v.tag);

    std::vector<uint8_t> back(ct.size());
    ASSERT_TRUE(aead->open(std::span<const uint8_t, 12>(nonce.data(), 12), aad, ct, back, tag));
    EXPECT_EQ(back, pt);

    // Any flipped bit in tag, ciphertext or AAD fails authentication.
    tag[3] ^= 0x01;
    auto bad = aead->open(std::span<const uint8_t, 12>(nonce.data(), 12), aad, ct, back, tag);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::kAuthFailed);
    tag[3] ^= 0x01;
    if (!ct.empty()) {
      ct[0] ^= 0x80;
      EXPECT_FALSE(aead->open(std::span<const uint8_t, 12>(nonce.data(), 12), aad, ct, back, tag));
      ct[0] ^= 0x80;
    }
    if (!aad.empty()) {
      aad.back() ^= 0x01;
      EXPECT_FALSE(aead->open(std::span<const uint8_t, 12>(nonce.data(), 12), aad, ct, back, tag));
    }
  }
}

TEST(Aead, InPlaceRoundTripAllAlgorithmsAndLengths) {
  SeededRandom rng(3);
  for (auto alg : {AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm, AeadAlgorithm::kChaCha20Poly1305}) {
    std::vector<uint8_t> key(key_size(alg));
    rng.fill(key);
    auto aead = Aead::create(alg, key);
    ASSERT_TRUE(aead);
    for (size_t len : {0u, 1u, 15u, 16u, 17u, 200u, 1200u}) {
      std::vector<uint8_t> data(len), aad(13);
      uint8_t nonce[12], tag[16];
      rng.fill(data);
      rng.fill(aad);
      rng.fill(nonce);
      auto original = data;
      ASSERT_TRUE(aead->seal(nonce, aad, data, data, tag));
      if (len > 0) {
        EXPECT_NE(data, original);
      }
      ASSERT_TRUE(aead->open(nonce, aad, data, data, tag));
      EXPECT_EQ(data, original);
    }
  }
}

TEST(Aead, RejectsWrongKeySize) {
  std::vector<uint8_t> key(16);
  EXPECT_FALSE(Aead::create(AeadAlgorithm::kAes256Gcm, key));
  EXPECT_FALSE(Aead::create(AeadAlgorithm::kChaCha20Poly1305, key));
  EXPECT_TRUE(Aead::create(AeadAlgorithm::kAes128Gcm, key));
}

}  // namespace
}  // namespace purertc::crypto
