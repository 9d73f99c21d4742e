#include "common/crc.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "common/random.h"

namespace purertc {
namespace {

std::span<const uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// Check values from the CRC catalogue (reveng): CRC-32/ISO-HDLC and CRC-32/ISCSI over "123456789".
TEST(Crc, CatalogueCheckValues) {
  EXPECT_EQ(crc32(bytes("123456789")), 0xCBF43926u);
  EXPECT_EQ(crc32c(bytes("123456789")), 0xE3069283u);
  EXPECT_EQ(crc32c_extend_portable(0, bytes("123456789")), 0xE3069283u);
  EXPECT_EQ(crc32(bytes("")), 0u);
  EXPECT_EQ(crc32c(bytes("")), 0u);
}

// RFC 3720 appendix B.4 CRC-32c examples (iSCSI uses the same polynomial as SCTP).
TEST(Crc, Rfc3720Vectors) {
  std::vector<uint8_t> zeros(32, 0x00), ones(32, 0xff), inc(32), dec(32);
  for (int i = 0; i < 32; ++i) {
    inc[i] = static_cast<uint8_t>(i);
    dec[i] = static_cast<uint8_t>(31 - i);
  }
  // The RFC prints the CRC as the bytes placed on the wire (little-endian), so "aa 36 91 8a" is 0x8a9136aa.
  EXPECT_EQ(crc32c(zeros), 0x8a9136aau);
  EXPECT_EQ(crc32c(ones), 0x62a8ab43u);
  EXPECT_EQ(crc32c(inc), 0x46dd794eu);
  EXPECT_EQ(crc32c(dec), 0x113fdb5cu);
}

TEST(Crc, HardwareAndPortableAgreeOnEveryLengthAndAlignment) {
  SeededRandom rng(7);
  std::vector<uint8_t> data(600);
  rng.fill(data);
  for (size_t off = 0; off < 8; ++off) {
    for (size_t len = 0; len + off <= data.size(); len += (len < 80 ? 1 : 37)) {
      std::span<const uint8_t> s(data.data() + off, len);
      ASSERT_EQ(crc32c(s), crc32c_extend_portable(0, s)) << off << " " << len;
    }
  }
}

TEST(Crc, ExtendEqualsOneShot) {
  std::string_view msg = "The quick brown fox jumps over the lazy dog";
  for (size_t split = 0; split <= msg.size(); ++split) {
    auto a = bytes(msg.substr(0, split));
    auto b = bytes(msg.substr(split));
    EXPECT_EQ(crc32_extend(crc32(a), b), crc32(bytes(msg)));
    EXPECT_EQ(crc32c_extend(crc32c(a), b), crc32c(bytes(msg)));
  }
  EXPECT_EQ(crc32(bytes(msg)), 0x414FA339u);
}

}  // namespace
}  // namespace purertc
