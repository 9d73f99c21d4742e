#include "dtls/packet/record.h"

#include <gtest/gtest.h>

#include "dtls/packet/alert.h"
#include "tests/dtls/test_util.h"

namespace purertc::dtls {
namespace {

using testing::hex;

TEST(Record, ParsesCapturedChromiumHeader) {
  auto datagrams = testing::load_hex_datagrams("chromium156_client_hello.hex");
  ASSERT_EQ(datagrams.size(), 2u);
  ByteReader r(datagrams[0]);
  auto rec = read_record(r);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->content_type, 22);
  EXPECT_EQ(rec->version, kDtls10);  // Chromium's first flight uses the DTLS 1.0 record version
  EXPECT_EQ(rec->epoch, 0);
  EXPECT_EQ(rec->sequence_number, 0u);
  EXPECT_EQ(rec->fragment.size(), 0x4a3u);
  EXPECT_TRUE(r.empty());
}

TEST(Record, SeveralRecordsPerDatagram) {
  auto d = hex("15fefd0001000000000007000201 00"
               "17fefd000100000000000800 03 616263");
  ByteReader r(d);
  auto a = read_record(r);
  auto b = read_record(r);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->content_type, 21);
  EXPECT_EQ(a->sequence_number, 7u);
  EXPECT_EQ(b->content_type, 23);
  EXPECT_EQ(b->epoch, 1);
  EXPECT_EQ(b->sequence_number, 8u);
  EXPECT_EQ(b->fragment.size(), 3u);
  EXPECT_TRUE(r.empty());
}

TEST(Record, WriteHeaderRoundTrip) {
  std::array<uint8_t, kRecordHeaderSize> h{};
  write_record_header(h, ContentType::kApplicationData, kDtls12, 1, 0x123456789abcull, 5);
  EXPECT_EQ(to_hex(h), "17fefd0001123456789abc0005");
  std::vector<uint8_t> d(h.begin(), h.end());
  d.resize(d.size() + 5);
  ByteReader r(d);
  auto rec = read_record(r);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->sequence_number, 0x123456789abcull);
}

TEST(Record, TruncatedHeader) {
  auto d = hex("16fefd000000000000");
  ByteReader r(d);
  auto rec = read_record(r);
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code, Errc::kTruncated);
}

TEST(Record, LengthPastDatagram) {
  auto d = hex("16fefd00000000000000000010 0102");
  ByteReader r(d);
  auto rec = read_record(r);
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code, Errc::kTruncated);
}

TEST(Record, LengthAboveLimit) {
  std::vector<uint8_t> d = hex("17fefd000100000000000148 01");  // 0x4801 > 2^14 + 2048
  d.resize(13 + 0x4801);
  ByteReader r(d);
  auto rec = read_record(r);
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code, Errc::kMalformed);
}

TEST(Record, ContentTypes) {
  EXPECT_EQ(content_type_from_wire(22), ContentType::kHandshake);
  EXPECT_FALSE(content_type_from_wire(24));
  EXPECT_FALSE(content_type_from_wire(0));
  EXPECT_EQ(to_string(ContentType::kAlert), "alert");
}

TEST(Alert, ParseAndSerialize) {
  auto a = Alert::parse(hex("0228"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->level, AlertLevel::kFatal);
  EXPECT_EQ(a->description, AlertDescription::kHandshakeFailure);
  EXPECT_EQ(to_string(a->description), "handshake_failure");
  auto bytes = Alert{AlertLevel::kWarning, AlertDescription::kCloseNotify}.serialize();
  EXPECT_EQ(to_hex(bytes), "0100");
  EXPECT_FALSE(Alert::parse(hex("02")));
  EXPECT_FALSE(Alert::parse(hex("022800")));
  EXPECT_FALSE(Alert::parse(hex("0328")));
}

}  // namespace
}  // namespace purertc::dtls
