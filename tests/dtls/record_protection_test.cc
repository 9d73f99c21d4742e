#include "dtls/record_protection.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/dtls/test_util.h"

namespace purertc::dtls {
namespace {

class RecordProtectionTest : public ::testing::TestWithParam<CipherSuite> {};

RecordProtection make(const CipherSuiteInfo& info, uint8_t fill) {
  std::vector<uint8_t> key(info.key_size, fill), iv(info.fixed_iv_size, static_cast<uint8_t>(fill + 1));
  auto p = RecordProtection::create(info, key, iv);
  EXPECT_TRUE(p);
  return std::move(*p);
}

TEST_P(RecordProtectionTest, SealOpenRoundTrip) {
  const CipherSuiteInfo* info = find_cipher_suite(static_cast<uint16_t>(GetParam()));
  ASSERT_NE(info, nullptr);
  RecordProtection p = make(*info, 7);
  std::vector<uint8_t> plaintext(1200);
  for (size_t i = 0; i < plaintext.size(); ++i) plaintext[i] = static_cast<uint8_t>(i);
  std::vector<uint8_t> out(kRecordHeaderSize + p.overhead() + plaintext.size());
  auto n = p.seal(ContentType::kApplicationData, kDtls12, 1, 42, plaintext, out);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, out.size());
  EXPECT_EQ(p.overhead(), info->explicit_nonce_size + 16);

  ByteReader r(out);
  auto rec = read_record(r);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->epoch, 1);
  EXPECT_EQ(rec->sequence_number, 42u);
  std::span<uint8_t> frag(out.data() + kRecordHeaderSize, rec->fragment.size());
  auto opened = p.open(rec->content_type, rec->version, rec->epoch, rec->sequence_number, frag);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(std::equal(opened->begin(), opened->end(), plaintext.begin(), plaintext.end()));
}

TEST_P(RecordProtectionTest, TamperingFailsAuthentication) {
  const CipherSuiteInfo* info = find_cipher_suite(static_cast<uint16_t>(GetParam()));
  RecordProtection p = make(*info, 9);
  std::vector<uint8_t> plaintext(100, 0x55);
  std::vector<uint8_t> sealed(kRecordHeaderSize + p.overhead() + plaintext.size());
  ASSERT_TRUE(p.seal(ContentType::kApplicationData, kDtls12, 1, 3, plaintext, sealed));
  auto try_open = [&](std::vector<uint8_t> rec, uint16_t epoch, uint64_t seq, uint8_t type) {
    std::span<uint8_t> frag(rec.data() + kRecordHeaderSize, rec.size() - kRecordHeaderSize);
    return p.open(type, kDtls12, epoch, seq, frag).has_value();
  };
  EXPECT_TRUE(try_open(sealed, 1, 3, 23));
  for (size_t at : {kRecordHeaderSize, sealed.size() / 2, sealed.size() - 1}) {
    auto t = sealed;
    t[at] ^= 1;
    EXPECT_FALSE(try_open(t, 1, 3, 23)) << "flip at " << at;
  }
  EXPECT_FALSE(try_open(sealed, 1, 4, 23));  // sequence number is authenticated
  EXPECT_FALSE(try_open(sealed, 2, 3, 23));  // epoch is authenticated
  EXPECT_FALSE(try_open(sealed, 1, 3, 22));  // content type is authenticated
  RecordProtection other = make(*info, 10);
  std::span<uint8_t> frag(sealed.data() + kRecordHeaderSize, sealed.size() - kRecordHeaderSize);
  EXPECT_FALSE(other.open(23, kDtls12, 1, 3, frag));
}

TEST_P(RecordProtectionTest, ShortFragmentIsMalformed) {
  const CipherSuiteInfo* info = find_cipher_suite(static_cast<uint16_t>(GetParam()));
  RecordProtection p = make(*info, 1);
  std::vector<uint8_t> frag(p.overhead() - 1);
  auto r = p.open(23, kDtls12, 1, 0, frag);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kMalformed);
}

INSTANTIATE_TEST_SUITE_P(Suites, RecordProtectionTest,
                         ::testing::Values(CipherSuite::kEcdheEcdsaWithAes128GcmSha256,
                                           CipherSuite::kEcdheEcdsaWithAes256GcmSha384,
                                           CipherSuite::kEcdheEcdsaWithChaCha20Poly1305Sha256));

TEST(RecordProtection, RejectsWrongKeySize) {
  const CipherSuiteInfo* info = find_cipher_suite(0xC02B);
  std::vector<uint8_t> key(15), iv(4);
  EXPECT_FALSE(RecordProtection::create(*info, key, iv));
}

TEST(CipherSuite, Table) {
  EXPECT_EQ(find_cipher_suite(0xC02B)->prf_hash, crypto::HashAlgorithm::kSha256);
  EXPECT_EQ(find_cipher_suite(0xC030)->prf_hash, crypto::HashAlgorithm::kSha384);
  EXPECT_FALSE(find_cipher_suite(0xC030)->ecdsa);
  EXPECT_EQ(find_cipher_suite(0xCCA9)->fixed_iv_size, 12u);
  EXPECT_EQ(find_cipher_suite(0x009C), nullptr);
  EXPECT_EQ(to_string(CipherSuite::kEcdheEcdsaWithAes128GcmSha256), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
}

}  // namespace
}  // namespace purertc::dtls
