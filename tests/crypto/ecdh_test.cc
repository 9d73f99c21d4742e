#include "crypto/ecdh.h"

#include <gtest/gtest.h>

#include "common/hex.h"
#include "tests/crypto/vectors.h"

namespace purertc::crypto {
namespace {

using testing::hex;

std::vector<uint8_t> x25519(std::span<const uint8_t> scalar, std::span<const uint8_t> u) {
  SeededRandom random(1);
  auto kp = EcdhKeyPair::from_private_key(NamedGroup::kX25519, scalar, random);
  EXPECT_TRUE(kp);
  if (!kp) return {};
  auto z = kp->compute_shared_secret(u, random);
  EXPECT_TRUE(z) << to_string(z.error());
  return z ? *z : std::vector<uint8_t>{};
}

// RFC 7748 section 5.2: the two single-multiplication vectors. The second u has bit 255 set, which
// X25519 must ignore; both scalars are unclamped.
TEST(X25519, Rfc7748Section5_2Vectors) {
  EXPECT_EQ(to_hex(x25519(hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                          hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))),
            "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  EXPECT_EQ(to_hex(x25519(hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                          hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))),
            "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

// RFC 7748 section 5.2, iterated: k = u = 9; repeat (k, u) = (X25519(k, u), k).
TEST(X25519, Rfc7748Section5_2Iterated) {
  std::vector<uint8_t> k = hex("0900000000000000000000000000000000000000000000000000000000000000");
  std::vector<uint8_t> u = k;
  for (int i = 1; i <= 1000; ++i) {
    std::vector<uint8_t> next = x25519(k, u);
    u = k;
    k = next;
    if (i == 1) {
      EXPECT_EQ(to_hex(k), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
  }
  EXPECT_EQ(to_hex(k), "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
}

// RFC 7748 section 6.1: Alice and Bob derive their public keys and the same shared secret.
TEST(X25519, Rfc7748Section6_1KeyAgreement) {
  SeededRandom random(2);
  auto alice = EcdhKeyPair::from_private_key(
      NamedGroup::kX25519, hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"), random);
  auto bob = EcdhKeyPair::from_private_key(
      NamedGroup::kX25519, hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"), random);
  ASSERT_TRUE(alice);
  ASSERT_TRUE(bob);
  EXPECT_EQ(to_hex(alice->public_key()), "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(to_hex(bob->public_key()), "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  auto k1 = alice->compute_shared_secret(bob->public_key(), random);
  auto k2 = bob->compute_shared_secret(alice->public_key(), random);
  ASSERT_TRUE(k1);
  ASSERT_TRUE(k2);
  EXPECT_EQ(to_hex(*k1), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_EQ(*k1, *k2);
}

// RFC 7748 section 6.1: a small-order peer point gives the all-zero secret, which must be refused.
TEST(X25519, SmallOrderPeerPointsAreRejected) {
  SeededRandom random(3);
  auto kp = EcdhKeyPair::generate(NamedGroup::kX25519, random);
  ASSERT_TRUE(kp);
  for (const char* u : {
           "0000000000000000000000000000000000000000000000000000000000000000",  // u = 0
           "0100000000000000000000000000000000000000000000000000000000000000",  // u = 1 (order 4)
           "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",  // order 8
           "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",  // order 8
           "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p - 1 (order 2)
           "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p, non-canonical 0
       }) {
    auto z = kp->compute_shared_secret(hex(u), random);
    ASSERT_FALSE(z) << u;
    EXPECT_EQ(z.error().code, Errc::kAuthFailed) << u;
  }
}

TEST(X25519, WrongLengthPeerKeyIsMalformed) {
  SeededRandom random(4);
  auto kp = EcdhKeyPair::generate(NamedGroup::kX25519, random);
  ASSERT_TRUE(kp);
  std::vector<uint8_t> short_key(31, 9);
  std::vector<uint8_t> long_key(33, 9);
  EXPECT_EQ(kp->compute_shared_secret(short_key, random).error().code, Errc::kMalformed);
  EXPECT_EQ(kp->compute_shared_secret(long_key, random).error().code, Errc::kMalformed);
  EXPECT_EQ(kp->compute_shared_secret({}, random).error().code, Errc::kMalformed);
}

struct NistVector {
  NamedGroup group;
  const char* i;
  const char* gi;
  const char* r;
  const char* gr;
  const char* shared;  // x coordinate of g^ir
};

// RFC 5903 section 8.1 (256-bit random ECP group) and 8.2 (384-bit). The RFC prints public values as
// x || y; TLS sends 04 || x || y.
const NistVector kRfc5903[] = {
    {NamedGroup::kSecp256r1, "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
     "04dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
     "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
     "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
     "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
     "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
     "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"},
    {NamedGroup::kSecp384r1,
     "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194",
     "04667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa"
     "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c",
     "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a7448fc",
     "04e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571"
     "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c",
     "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746"},
};

TEST(EcdhNist, Rfc5903Section8Vectors) {
  SeededRandom random(5);
  for (const auto& v : kRfc5903) {
    SCOPED_TRACE(to_string(v.group));
    auto initiator = EcdhKeyPair::from_private_key(v.group, hex(v.i), random);
    auto responder = EcdhKeyPair::from_private_key(v.group, hex(v.r), random);
    ASSERT_TRUE(initiator);
    ASSERT_TRUE(responder);
    EXPECT_EQ(to_hex(initiator->public_key()), v.gi);
    EXPECT_EQ(to_hex(responder->public_key()), v.gr);
    auto z1 = initiator->compute_shared_secret(responder->public_key(), random);
    auto z2 = responder->compute_shared_secret(initiator->public_key(), random);
    ASSERT_TRUE(z1);
    ASSERT_TRUE(z2);
    EXPECT_EQ(to_hex(*z1), v.shared);
    EXPECT_EQ(to_hex(*z2), v.shared);
  }
}

TEST(EcdhNist, InvalidPeerPointsAreMalformed) {
  SeededRandom random(6);
  for (const auto& v : kRfc5903) {
    SCOPED_TRACE(to_string(v.group));
    auto kp = EcdhKeyPair::from_private_key(v.group, hex(v.i), random);
    ASSERT_TRUE(kp);
    std::vector<uint8_t> good = hex(v.gr);

    std::vector<uint8_t> off_curve = good;
    off_curve.back() ^= 1;  // (x, y') with y' != y is not on the curve
    EXPECT_EQ(kp->compute_shared_secret(off_curve, random).error().code, Errc::kMalformed);

    std::vector<uint8_t> compressed(good.begin(), good.begin() + 1 + (good.size() - 1) / 2);
    compressed[0] = 0x02;
    EXPECT_EQ(kp->compute_shared_secret(compressed, random).error().code, Errc::kMalformed);

    std::vector<uint8_t> wrong_prefix = good;
    wrong_prefix[0] = 0x06;  // "hybrid" form
    EXPECT_EQ(kp->compute_shared_secret(wrong_prefix, random).error().code, Errc::kMalformed);

    const uint8_t infinity[] = {0x00};
    EXPECT_EQ(kp->compute_shared_secret(infinity, random).error().code, Errc::kMalformed);

    std::vector<uint8_t> x_too_big(good.size(), 0xff);  // coordinates >= p
    x_too_big[0] = 0x04;
    EXPECT_EQ(kp->compute_shared_secret(x_too_big, random).error().code, Errc::kMalformed);

    // The other curve's point of the other size.
    const NistVector& other = v.group == NamedGroup::kSecp256r1 ? kRfc5903[1] : kRfc5903[0];
    EXPECT_EQ(kp->compute_shared_secret(hex(other.gr), random).error().code, Errc::kMalformed);
  }
}

TEST(Ecdh, GeneratedKeysAgreeForEveryGroup) {
  SeededRandom random(7);
  for (NamedGroup group : {NamedGroup::kX25519, NamedGroup::kSecp256r1, NamedGroup::kSecp384r1}) {
    SCOPED_TRACE(to_string(group));
    auto a = EcdhKeyPair::generate(group, random);
    auto b = EcdhKeyPair::generate(group, random);
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(a->group(), group);
    const size_t expected_public = group == NamedGroup::kX25519 ? 32 : group == NamedGroup::kSecp256r1 ? 65 : 97;
    EXPECT_EQ(a->public_key().size(), expected_public);
    EXPECT_NE(to_hex(a->public_key()), to_hex(b->public_key()));
    auto z1 = a->compute_shared_secret(b->public_key(), random);
    auto z2 = b->compute_shared_secret(a->public_key(), random);
    ASSERT_TRUE(z1);
    ASSERT_TRUE(z2);
    EXPECT_EQ(*z1, *z2);
    EXPECT_EQ(z1->size(), group == NamedGroup::kSecp384r1 ? 48u : 32u);
  }
}

TEST(Ecdh, KeyPairMovesKeepWorking) {
  SeededRandom random(8);
  auto a = EcdhKeyPair::generate(NamedGroup::kSecp256r1, random);
  auto b = EcdhKeyPair::generate(NamedGroup::kSecp256r1, random);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EcdhKeyPair moved = std::move(*a);
  EXPECT_TRUE(moved.compute_shared_secret(b->public_key(), random));
}

TEST(Ecdh, FromPrivateKeyRejectsBadScalars) {
  SeededRandom random(9);
  std::vector<uint8_t> zero(32, 0);
  EXPECT_EQ(EcdhKeyPair::from_private_key(NamedGroup::kSecp256r1, zero, random).error().code,
            Errc::kInvalidArgument);
  // n (the group order) itself is out of range.
  EXPECT_EQ(EcdhKeyPair::from_private_key(
                NamedGroup::kSecp256r1, hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"), random)
                .error()
                .code,
            Errc::kInvalidArgument);
  EXPECT_EQ(EcdhKeyPair::from_private_key(NamedGroup::kSecp384r1, zero, random).error().code,
            Errc::kInvalidArgument);
  std::vector<uint8_t> short_scalar(31, 1);
  EXPECT_EQ(EcdhKeyPair::from_private_key(NamedGroup::kX25519, short_scalar, random).error().code,
            Errc::kInvalidArgument);
  EXPECT_EQ(EcdhKeyPair::generate(static_cast<NamedGroup>(30), random).error().code, Errc::kInvalidArgument);
}

TEST(Ecdh, ToString) {
  EXPECT_EQ(to_string(NamedGroup::kX25519), "X25519");
  EXPECT_EQ(to_string(NamedGroup::kSecp256r1), "P-256");
  EXPECT_EQ(to_string(NamedGroup::kSecp384r1), "P-384");
  EXPECT_EQ(to_string(static_cast<NamedGroup>(1)), "unknown");
}

}  // namespace
}  // namespace purertc::crypto
