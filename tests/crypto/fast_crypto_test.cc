// The accelerated kernels (crypto/fast) against mbedTLS called directly as the reference, for every
// kernel tier this machine supports: the portable tier runs the mbedTLS adapter path, so both the fast
// and the fallback paths are exercised on one machine. Lengths 0..300 exhaustively, random lengths up to
// 4096, random keys, nonces and AAD, in place and out of place, and forged inputs.
#include <mbedtls/aes.h>
#include <mbedtls/gcm.h>
#include <mbedtls/md.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "common/hex.h"
#include "common/random.h"
#include "crypto/aead.h"
#include "crypto/aes.h"
#include "crypto/fast/cpu_features.h"
#include "crypto/hash.h"
#include "crypto/hmac.h"
#include "tests/crypto/vectors.h"

namespace purertc::crypto {
namespace {

using fast::Tier;
using testing::hex;

// Caps the kernel tier for the objects a test creates; restores the default when it goes out of scope.
class TierLimit {
 public:
  explicit TierLimit(Tier t) { fast::set_tier_limit(t); }
  ~TierLimit() { fast::set_tier_limit(Tier::kX86Avx512); }
  TierLimit(const TierLimit&) = delete;
  TierLimit& operator=(const TierLimit&) = delete;
};

std::vector<Tier> tiers() {
  std::vector<Tier> out;
  for (Tier t : {Tier::kPortable, Tier::kX86, Tier::kX86Avx512}) {
    if (static_cast<int>(t) <= static_cast<int>(fast::detected_tier())) out.push_back(t);
  }
  return out;
}

std::vector<uint8_t> bytes_of(const Digest& d) { return {d.bytes.begin(), d.bytes.begin() + static_cast<std::ptrdiff_t>(d.size)}; }

std::vector<uint8_t> random_bytes(Random& rng, size_t n) {
  std::vector<uint8_t> v(n);
  rng.fill(v);
  return v;
}

struct GcmResult {
  std::vector<uint8_t> ciphertext;
  std::vector<uint8_t> tag;
};

GcmResult mbedtls_gcm_seal(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
                           std::span<const uint8_t> aad, std::span<const uint8_t> pt) {
  mbedtls_gcm_context ctx;
  mbedtls_gcm_init(&ctx);
  EXPECT_EQ(mbedtls_gcm_setkey(&ctx, MBEDTLS_CIPHER_ID_AES, key.data(), static_cast<unsigned>(key.size() * 8)), 0);
  GcmResult r{std::vector<uint8_t>(pt.size()), std::vector<uint8_t>(16)};
  EXPECT_EQ(mbedtls_gcm_crypt_and_tag(&ctx, MBEDTLS_GCM_ENCRYPT, pt.size(), nonce.data(), nonce.size(), aad.data(),
                                      aad.size(), pt.data(), r.ciphertext.data(), 16, r.tag.data()),
            0);
  mbedtls_gcm_free(&ctx);
  return r;
}

// One seal/open case against the reference: out of place, in place, and three forgeries.
void check_gcm_case(const Aead& aead, std::span<const uint8_t> key, Random& rng, size_t len, size_t aad_len) {
  auto nonce_v = random_bytes(rng, 12);
  std::span<const uint8_t, 12> nonce(nonce_v.data(), 12);
  auto aad = random_bytes(rng, aad_len);
  auto pt = random_bytes(rng, len);
  GcmResult want = mbedtls_gcm_seal(key, nonce, aad, pt);

  std::vector<uint8_t> ct(len);
  uint8_t tag[16];
  ASSERT_TRUE(aead.seal(nonce, aad, pt, ct, tag));
  ASSERT_EQ(ct, want.ciphertext) << "len " << len << " aad " << aad_len;
  ASSERT_EQ(std::vector<uint8_t>(tag, tag + 16), want.tag) << "len " << len << " aad " << aad_len;

  // In place at an odd offset: the kernels must not assume aligned packet buffers.
  const size_t shift = 1 + len % 15;
  std::vector<uint8_t> storage(shift + len);
  std::copy(pt.begin(), pt.end(), storage.begin() + static_cast<std::ptrdiff_t>(shift));
  std::span<uint8_t> buf(storage.data() + shift, len);
  ASSERT_TRUE(aead.seal(nonce, aad, buf, buf, tag));
  ASSERT_TRUE(std::equal(buf.begin(), buf.end(), want.ciphertext.begin()));
  ASSERT_TRUE(aead.open(nonce, aad, buf, buf, tag));
  ASSERT_TRUE(std::equal(buf.begin(), buf.end(), pt.begin()));

  std::vector<uint8_t> out(len);
  // A flipped bit anywhere (tag, ciphertext, AAD) must fail, and no plaintext is released.
  uint8_t bad_tag[16];
  std::copy(tag, tag + 16, bad_tag);
  bad_tag[rng.uniform(16)] ^= static_cast<uint8_t>(1u << rng.uniform(8));
  auto r = aead.open(nonce, aad, want.ciphertext, out, bad_tag);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kAuthFailed);
  if (len > 0) {
    auto bad_ct = want.ciphertext;
    bad_ct[rng.uniform(static_cast<uint32_t>(len))] ^= static_cast<uint8_t>(1u << rng.uniform(8));
    ASSERT_FALSE(aead.open(nonce, aad, bad_ct, out, tag));
  }
  if (aad_len > 0) {
    auto bad_aad = aad;
    bad_aad[rng.uniform(static_cast<uint32_t>(aad_len))] ^= 0x80;
    ASSERT_FALSE(aead.open(nonce, bad_aad, want.ciphertext, out, tag));
  }
}

TEST(FastCrypto, DetectsTheKernelsThisCpuHas) {
  const auto& f = fast::cpu_features();
  SCOPED_TRACE(std::string(fast::to_string(fast::detected_tier())));
  if (!fast::built_with_fast_kernels()) {
    EXPECT_EQ(fast::detected_tier(), Tier::kPortable);
    EXPECT_FALSE(f.aesni);
    return;
  }
  const bool baseline = f.aesni && f.pclmul && f.ssse3 && f.sse41;
  EXPECT_EQ(fast::detected_tier() != Tier::kPortable, baseline);
  EXPECT_EQ(fast::detected_tier() == Tier::kX86Avx512, baseline && f.avx512 && f.vaes && f.vpclmul);
  {
    TierLimit limit(Tier::kPortable);
    EXPECT_EQ(fast::active_tier(), Tier::kPortable);
    EXPECT_FALSE(fast::use_aes_x86());
    EXPECT_FALSE(fast::use_sha1_x86());
  }
  EXPECT_EQ(fast::active_tier(), fast::detected_tier());
}

// McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 1-4 and 13-16 (the 96-bit IV
// ones), on every tier.
TEST(FastCrypto, GcmSpecVectorsOnEveryTier) {
  struct V {
    const char *key, *nonce, *aad, *pt, *ct, *tag;
  };
  const char* k0 = "00000000000000000000000000000000";
  const char* k1 = "feffe9928665731c6d6a8f9467308308";
  const char* n0 = "000000000000000000000000";
  const char* n1 = "cafebabefacedbaddecaf888";
  const char* p64 =
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
      "b16aedf5aa0de657ba637b391aafd255";
  const char* p60 =
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
      "b16aedf5aa0de657ba637b39";
  const char* aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
  std::string k256_0 = std::string(k0) + k0;
  std::string k256_1 = std::string(k1) + k1;
  const V vectors[] = {
      {k0, n0, "", "", "", "58e2fccefa7e3061367f1d57a4e7455a"},
      {k0, n0, "", "00000000000000000000000000000000", "0388dace60b6a392f328c2b971b2fe78",
       "ab6e47d42cec13bdf53a67b21257bddf"},
      {k1, n1, "", p64,
       "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
       "1ba30b396a0aac973d58e091473f5985",
       "4d5c2af327cd64a62cf35abd2ba6fab4"},
      {k1, n1, aad, p60,
       "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
       "1ba30b396a0aac973d58e091",
       "5bc94fbc3221a5db94fae95ae7121a47"},
      {k256_0.c_str(), n0, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
      {k256_0.c_str(), n0, "", "00000000000000000000000000000000", "cea7403d4d606b6e074ec5d3baf39d18",
       "d0d1c8a799996bf0265b98b5d48ab919"},
      {k256_1.c_str(), n1, "", p64,
       "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
       "c5f61e6393ba7a0abcc9f662898015ad",
       "b094dac5d93471bdec1a502270e3cc6c"},
      {k256_1.c_str(), n1, aad, p60,
       "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
       "c5f61e6393ba7a0abcc9f662",
       "76fc6ece0f4e1768cddf8853bb2d551b"},
  };
  for (Tier tier : tiers()) {
    TierLimit limit(tier);
    SCOPED_TRACE(std::string(fast::to_string(tier)));
    for (const V& v : vectors) {
      auto key = hex(v.key);
      auto aead = Aead::create(key.size() == 16 ? AeadAlgorithm::kAes128Gcm : AeadAlgorithm::kAes256Gcm, key);
      ASSERT_TRUE(aead);
      auto nonce = hex(v.nonce);
      auto pt = hex(v.pt);
      std::vector<uint8_t> ct(pt.size());
      uint8_t tag[16];
      ASSERT_TRUE(aead->seal(std::span<const uint8_t, 12>(nonce.data(), 12), hex(v.aad), pt, ct, tag));
      EXPECT_EQ(to_hex(ct), v.ct);
      EXPECT_EQ(to_hex(std::span<const uint8_t>(tag, 16)), v.tag);
    }
  }
}

TEST(FastCrypto, GcmMatchesMbedTlsEveryLengthTo300) {
  for (Tier tier : tiers()) {
    TierLimit limit(tier);
    SCOPED_TRACE(std::string(fast::to_string(tier)));
    SeededRandom rng(1000 + static_cast<uint64_t>(tier));
    for (AeadAlgorithm alg : {AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm}) {
      SCOPED_TRACE(std::string(to_string(alg)));
      auto key = random_bytes(rng, key_size(alg));
      auto aead = Aead::create(alg, key);
      ASSERT_TRUE(aead);
      for (size_t len = 0; len <= 300; ++len) {
        // AAD lengths cycle through none, short headers, block boundaries and multi-block.
        const size_t aad_len = (len * 7) % 53;
        check_gcm_case(*aead, key, rng, len, aad_len);
        if (HasFatalFailure()) return;
      }
    }
  }
}

TEST(FastCrypto, GcmMatchesMbedTlsRandomKeysAndLengthsTo4096) {
  for (Tier tier : tiers()) {
    TierLimit limit(tier);
    SCOPED_TRACE(std::string(fast::to_string(tier)));
    SeededRandom rng(2000 + static_cast<uint64_t>(tier));
    for (int i = 0; i < 300; ++i) {
      const AeadAlgorithm alg = rng.uniform(2) == 0 ? AeadAlgorithm::kAes128Gcm : AeadAlgorithm::kAes256Gcm;
      auto key = random_bytes(rng, key_size(alg));
      auto aead = Aead::create(alg, key);
      ASSERT_TRUE(aead);
      const size_t len = rng.uniform(4097);
      const size_t aad_len = rng.uniform(4) == 0 ? rng.uniform(600) : rng.uniform(33);
      check_gcm_case(*aead, key, rng, len, aad_len);
      if (HasFatalFailure()) return;
    }
  }
}

void mbedtls_ctr(std::span<const uint8_t> key, const uint8_t counter[16], std::span<const uint8_t> in,
                 std::span<uint8_t> out) {
  mbedtls_aes_context ctx;
  mbedtls_aes_init(&ctx);
  EXPECT_EQ(mbedtls_aes_setkey_enc(&ctx, key.data(), static_cast<unsigned>(key.size() * 8)), 0);
  uint8_t nc[16];
  uint8_t block[16];
  size_t off = 0;
  std::copy(counter, counter + 16, nc);
  EXPECT_EQ(mbedtls_aes_crypt_ctr(&ctx, in.size(), &off, nc, block, in.data(), out.data()), 0);
  mbedtls_aes_free(&ctx);
}

void check_ctr_case(const AesCtr& ctr, std::span<const uint8_t> key, Random& rng, const uint8_t counter[16],
                    size_t len) {
  auto pt = random_bytes(rng, len);
  std::vector<uint8_t> want(len);
  mbedtls_ctr(key, counter, pt, want);
  std::vector<uint8_t> got(len);
  ctr.crypt(counter, pt, got);
  ASSERT_EQ(got, want) << "len " << len;
  ctr.crypt(counter, pt, pt);
  ASSERT_EQ(pt, want) << "in place, len " << len;
}

TEST(FastCrypto, AesCtrMatchesMbedTlsIncludingCounterCarries) {
  for (Tier tier : tiers()) {
    TierLimit limit(tier);
    SCOPED_TRACE(std::string(fast::to_string(tier)));
    SeededRandom rng(3000 + static_cast<uint64_t>(tier));
    for (size_t key_len : {16, 24, 32}) {
      SCOPED_TRACE(key_len);
      auto key = random_bytes(rng, key_len);
      auto ctr = AesCtr::create(key);
      ASSERT_TRUE(ctr);
      for (size_t len = 0; len <= 300; ++len) {
        auto counter = random_bytes(rng, 16);
        check_ctr_case(*ctr, key, rng, counter.data(), len);
        if (HasFatalFailure()) return;
      }
      for (int i = 0; i < 100; ++i) {
        auto counter = random_bytes(rng, 16);
        check_ctr_case(*ctr, key, rng, counter.data(), rng.uniform(4097));
        if (HasFatalFailure()) return;
      }
      // The 128-bit counter carries across the low 64 bits, across several bytes, and wraps at 2^128.
      const char* edges[] = {"0000000000000000fffffffffffffffa", "00000000000000fffffffffffffffff0",
                             "fffffffffffffffffffffffffffffffd", "f0f1f2f3f4f5f6f7f8f9fafbfcfdfffe"};
      for (const char* e : edges) {
        auto counter = hex(e);
        for (size_t len : {1, 16, 17, 100, 128, 129, 300}) check_ctr_case(*ctr, key, rng, counter.data(), len);
      }
    }
  }
}

TEST(FastCrypto, HmacAndHashMatchMbedTls) {
  for (Tier tier : tiers()) {
    TierLimit limit(tier);
    SCOPED_TRACE(std::string(fast::to_string(tier)));
    SeededRandom rng(4000 + static_cast<uint64_t>(tier));
    for (HashAlgorithm alg : {HashAlgorithm::kSha1, HashAlgorithm::kSha256}) {
      SCOPED_TRACE(std::string(to_string(alg)));
      const mbedtls_md_info_t* info =
          mbedtls_md_info_from_type(alg == HashAlgorithm::kSha1 ? MBEDTLS_MD_SHA1 : MBEDTLS_MD_SHA256);
      for (size_t key_len : {0, 1, 16, 20, 32, 63, 64, 65, 131}) {
        auto key = random_bytes(rng, key_len);
        HmacKey hk(alg, key);
        for (size_t len = 0; len <= 300; len += (key_len == 20 ? 1 : 7)) {
          auto data = random_bytes(rng, len);
          uint8_t want[32];
          ASSERT_EQ(mbedtls_md_hmac(info, key.data(), key.size(), data.data(), data.size(), want), 0);
          const std::vector<uint8_t> expected(want, want + digest_size(alg));
          ASSERT_EQ(bytes_of(hk.compute(data)), expected);
          Digest one_shot = hmac(alg, key, data);
          ASSERT_EQ(bytes_of(one_shot), expected);
          // Split into three pieces at random points (SRTP: header, payload, ROC).
          const size_t a = rng.uniform(static_cast<uint32_t>(len + 1));
          const size_t b = a + rng.uniform(static_cast<uint32_t>(len - a + 1));
          std::span<const uint8_t> d(data);
          Digest pieces = hk.compute({d.subspan(0, a), d.subspan(a, b - a), d.subspan(b)});
          ASSERT_EQ(bytes_of(pieces), expected) << len;

          ASSERT_EQ(mbedtls_md(info, data.data(), data.size(), want), 0);
          Digest h = hash(alg, data);
          ASSERT_EQ(to_hex(h.view()), to_hex(std::span<const uint8_t>(want, digest_size(alg)))) << len;
        }
      }
      // An incremental transcript read at several points, fed in uneven pieces.
      {
        Hasher hasher(alg);
        auto data = random_bytes(rng, 700);
        size_t fed = 0;
        for (size_t step : {0, 1, 63, 64, 65, 3, 200, 304}) {
          hasher.update(std::span<const uint8_t>(data).subspan(fed, step));
          fed += step;
          uint8_t want[32];
          ASSERT_EQ(mbedtls_md(info, data.data(), fed, want), 0);
          ASSERT_EQ(to_hex(hasher.current().view()), to_hex(std::span<const uint8_t>(want, digest_size(alg)))) << fed;
        }
      }
      // Long messages cross many blocks in one update.
      for (size_t len : {1000, 4096, 10007}) {
        auto data = random_bytes(rng, len);
        uint8_t want[32];
        ASSERT_EQ(mbedtls_md(info, data.data(), data.size(), want), 0);
        EXPECT_EQ(to_hex(hash(alg, data).view()), to_hex(std::span<const uint8_t>(want, digest_size(alg))));
      }
    }
  }
}

// AAD given in pieces (SRTCP: header, then the E|index word) authenticates exactly as the joined AAD
// does in mbedTLS, for every split: pieces shorter than a block, straddling block boundaries, empty
// pieces, more pieces than the kernel takes at once, and a joined AAD larger than the stack buffer.
TEST(FastCrypto, GcmAadInPiecesMatchesMbedTlsOnTheJoinedAad) {
  for (Tier tier : tiers()) {
    TierLimit limit(tier);
    SCOPED_TRACE(std::string(fast::to_string(tier)));
    SeededRandom rng(5000 + static_cast<uint64_t>(tier));
    for (AeadAlgorithm alg : {AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm}) {
      SCOPED_TRACE(std::string(to_string(alg)));
      auto key = random_bytes(rng, key_size(alg));
      auto aead = Aead::create(alg, key);
      ASSERT_TRUE(aead);
      for (int i = 0; i < 400; ++i) {
        const size_t aad_len = i < 300 ? static_cast<size_t>(i % 100) : 500 + rng.uniform(700);
        const size_t len = rng.uniform(300);
        auto aad = random_bytes(rng, aad_len);
        auto pt = random_bytes(rng, len);
        auto nonce_v = random_bytes(rng, 12);
        std::span<const uint8_t, 12> nonce(nonce_v.data(), 12);
        GcmResult want = mbedtls_gcm_seal(key, nonce, aad, pt);
        // Five cut points, so up to six pieces, some of them empty.
        size_t cut[5];
        for (size_t& c : cut) c = rng.uniform(static_cast<uint32_t>(aad_len + 1));
        std::sort(cut, cut + 5);
        std::span<const uint8_t> a(aad);
        auto piece = [&](size_t from, size_t to) { return a.subspan(from, to - from); };
        std::vector<uint8_t> ct(len);
        uint8_t tag[16];
        SCOPED_TRACE(::testing::Message() << "aad " << aad_len << " len " << len);
        // Two pieces (the SRTCP shape) and six.
        ASSERT_TRUE(aead->seal(nonce, {piece(0, cut[2]), piece(cut[2], aad_len)}, pt, ct, tag));
        ASSERT_EQ(ct, want.ciphertext);
        ASSERT_EQ(std::vector<uint8_t>(tag, tag + 16), want.tag);
        std::fill(ct.begin(), ct.end(), 0);
        ASSERT_TRUE(aead->seal(nonce,
                               {piece(0, cut[0]), piece(cut[0], cut[1]), piece(cut[1], cut[2]), piece(cut[2], cut[3]),
                                piece(cut[3], cut[4]), piece(cut[4], aad_len)},
                               pt, ct, tag));
        ASSERT_EQ(ct, want.ciphertext);
        ASSERT_EQ(std::vector<uint8_t>(tag, tag + 16), want.tag);

        std::vector<uint8_t> out(len);
        ASSERT_TRUE(aead->open(nonce, {piece(0, cut[1]), piece(cut[1], cut[4]), piece(cut[4], aad_len)},
                               want.ciphertext, out, std::span<const uint8_t, 16>(want.tag.data(), 16)));
        ASSERT_EQ(out, pt);
        if (aad_len > 0) {
          auto bad = aad;
          bad[rng.uniform(static_cast<uint32_t>(aad_len))] ^= 0x01;
          std::span<const uint8_t> b(bad);
          auto r = aead->open(nonce, {b.first(cut[2]), b.subspan(cut[2])}, want.ciphertext, out,
                              std::span<const uint8_t, 16>(want.tag.data(), 16));
          ASSERT_FALSE(r);
          EXPECT_EQ(r.error().code, Errc::kAuthFailed);
        }
      }
    }
  }
}

// Starting the keystream at a byte offset equals running it from the counter block and dropping that
// many bytes (mbedTLS as the reference), including offsets whose block number carries through the
// counter's low bytes.
TEST(FastCrypto, AesCtrAtAKeystreamOffsetMatchesMbedTls) {
  for (Tier tier : tiers()) {
    TierLimit limit(tier);
    SCOPED_TRACE(std::string(fast::to_string(tier)));
    SeededRandom rng(6000 + static_cast<uint64_t>(tier));
    for (size_t key_len : {16, 32}) {
      auto key = random_bytes(rng, key_len);
      auto ctr = AesCtr::create(key);
      ASSERT_TRUE(ctr);
      for (int i = 0; i < 300; ++i) {
        auto counter = i % 3 == 0 ? hex("000102030405060708090a0b0c0dfff0") : random_bytes(rng, 16);
        const size_t offset = i < 100 ? static_cast<size_t>(i) : rng.uniform(5000);
        const size_t len = rng.uniform(300);
        auto pt = random_bytes(rng, len);
        std::vector<uint8_t> prefixed(offset + len, 0);
        std::copy(pt.begin(), pt.end(), prefixed.begin() + static_cast<std::ptrdiff_t>(offset));
        std::vector<uint8_t> full(offset + len);
        mbedtls_ctr(key, counter.data(), prefixed, full);
        const std::vector<uint8_t> want(full.begin() + static_cast<std::ptrdiff_t>(offset), full.end());
        std::vector<uint8_t> got(len);
        ctr->crypt(counter.data(), offset, pt, got);
        ASSERT_EQ(got, want) << "offset " << offset << " len " << len;
        ctr->crypt(counter.data(), offset, pt, pt);
        ASSERT_EQ(pt, want) << "in place, offset " << offset << " len " << len;
      }
    }
  }
}

// Truncated HMAC tags written and checked in place equal the leading bytes of mbedTLS's HMAC; a tag that
// differs in any bit, and tags of size 0 or beyond the digest, never verify.
TEST(FastCrypto, HmacTruncatedTagsMatchMbedTls) {
  for (Tier tier : tiers()) {
    TierLimit limit(tier);
    SCOPED_TRACE(std::string(fast::to_string(tier)));
    SeededRandom rng(7000 + static_cast<uint64_t>(tier));
    for (HashAlgorithm alg : {HashAlgorithm::kSha1, HashAlgorithm::kSha256}) {
      SCOPED_TRACE(std::string(to_string(alg)));
      const mbedtls_md_info_t* info =
          mbedtls_md_info_from_type(alg == HashAlgorithm::kSha1 ? MBEDTLS_MD_SHA1 : MBEDTLS_MD_SHA256);
      auto key = random_bytes(rng, 20);
      HmacKey hk(alg, key);
      for (size_t len = 0; len <= 1300; len += 13) {
        auto data = random_bytes(rng, len);
        uint8_t want[32];
        ASSERT_EQ(mbedtls_md_hmac(info, key.data(), key.size(), data.data(), data.size(), want), 0);
        const size_t a = rng.uniform(static_cast<uint32_t>(len + 1));
        std::span<const uint8_t> d(data);
        for (size_t tag_len : {size_t{4}, size_t{10}, digest_size(alg)}) {
          std::vector<uint8_t> tag(tag_len + 2, 0xee);  // guard bytes after the tag stay untouched
          hk.compute_truncated({d.first(a), d.subspan(a)}, std::span(tag).first(tag_len));
          ASSERT_TRUE(std::equal(tag.begin(), tag.begin() + static_cast<std::ptrdiff_t>(tag_len), want)) << len;
          ASSERT_EQ(tag[tag_len], 0xee);
          ASSERT_EQ(tag[tag_len + 1], 0xee);
          const std::span<const uint8_t> t(tag.data(), tag_len);
          ASSERT_TRUE(hk.verify_truncated({d.first(a), d.subspan(a)}, t));
          ASSERT_TRUE(hk.verify_truncated({d}, t));
          auto bad = std::vector<uint8_t>(t.begin(), t.end());
          bad[rng.uniform(static_cast<uint32_t>(tag_len))] ^= static_cast<uint8_t>(1u << rng.uniform(8));
          ASSERT_FALSE(hk.verify_truncated({d}, bad));
          if (len > 0) {
            auto bad_data = data;
            bad_data[rng.uniform(static_cast<uint32_t>(len))] ^= 0x40;
            ASSERT_FALSE(hk.verify_truncated({std::span<const uint8_t>(bad_data)}, t));
          }
        }
        EXPECT_FALSE(hk.verify_truncated({d}, std::span<const uint8_t>()));
        std::vector<uint8_t> too_long(want, want + digest_size(alg));
        too_long.push_back(0);
        EXPECT_FALSE(hk.verify_truncated({d}, too_long));
      }
    }
  }
}

// FIPS 180-4 examples (NIST CSRC "SHA1.pdf"/"SHA256.pdf"): the two-block "abcdbcdecdef..." message.
TEST(FastCrypto, ShaTwoBlockVectorsOnEveryTier) {
  auto msg = testing::ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  for (Tier tier : tiers()) {
    TierLimit limit(tier);
    SCOPED_TRACE(std::string(fast::to_string(tier)));
    EXPECT_EQ(to_hex(hash(HashAlgorithm::kSha1, msg).view()), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    EXPECT_EQ(to_hex(hash(HashAlgorithm::kSha256, msg).view()),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }
}

}  // namespace
}  // namespace purertc::crypto
