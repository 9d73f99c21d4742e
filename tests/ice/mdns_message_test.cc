#include "ice/mdns_message.h"

#include <gtest/gtest.h>

namespace purertc::ice {
namespace {

// A response as browsers' mDNS responders send it for a hidden ICE host candidate: one A record for
// "<uuid>.local", cache-flush set, TTL 120, followed by a second record whose name is a compression
// pointer to the first (offset 12) - the form every real responder uses for repeated names.
const std::vector<uint8_t> kResponse = {
    0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,  // id 0, QR|AA, 2 answers
    36,   '1',  'f',  '2',  'e',  '3',  'd',  '4',  'c',  '-',  '5',  'b',  '6',  'a',  '-',  '4',  '7',
    '9',  '8',  '-',  '8',  '0',  'a',  'b',  '-',  'c',  'd',  'e',  'f',  '0',  '1',  '2',  '3',  '4',
    '5',  '6',  '7',  5,    'l',  'o',  'c',  'a',  'l',  0,                                     // name
    0x00, 0x01, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x04, 192,  0,    2,    10,          // A 192.0.2.10
    0xc0, 0x0c,                                                                                  // -> offset 12
    0x00, 0x1c, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x10,                                  // AAAA
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a,
};
const char* kName = "1f2e3d4c-5b6a-4798-80ab-cdef01234567.local";

TEST(MdnsMessage, ParsesARealResponseWithACompressionPointer) {
  auto m = MdnsMessage::parse(kResponse);
  ASSERT_TRUE(m) << to_string(m.error());
  EXPECT_TRUE(m->response);
  EXPECT_TRUE(m->authoritative);
  EXPECT_TRUE(m->questions.empty());
  ASSERT_EQ(m->answers.size(), 2u);
  EXPECT_EQ(m->answers[0].name, kName);
  EXPECT_EQ(m->answers[0].type, kDnsTypeA);
  EXPECT_TRUE(m->answers[0].cache_flush);
  EXPECT_EQ(m->answers[0].ttl, 120u);
  EXPECT_EQ(m->answers[0].address, IpAddress::v4(192, 0, 2, 10));
  EXPECT_EQ(m->answers[1].name, kName);
  EXPECT_EQ(m->answers[1].address, IpAddress::parse("2001:db8::a"));
}

TEST(MdnsMessage, QueryRoundTrip) {
  auto q = make_mdns_query(kName);
  auto bytes = q.serialize();
  ASSERT_TRUE(bytes);
  auto back = MdnsMessage::parse(*bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, q);
  EXPECT_FALSE(back->response);
  ASSERT_EQ(back->questions.size(), 2u);
  EXPECT_EQ(back->questions[0].type, kDnsTypeA);
  EXPECT_EQ(back->questions[1].type, kDnsTypeAaaa);
}

TEST(MdnsMessage, AnswerRoundTripBothFamilies) {
  for (const auto& ip : {IpAddress::v4(10, 1, 2, 3), *IpAddress::parse("fd00::2")}) {
    auto a = make_mdns_answer(kName, ip, 120);
    auto bytes = a.serialize();
    ASSERT_TRUE(bytes);
    auto back = MdnsMessage::parse(*bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, a);
    EXPECT_EQ(back->answers[0].type, ip.is_v4() ? kDnsTypeA : kDnsTypeAaaa);
  }
}

TEST(MdnsMessage, QuestionWithTheUnicastResponseBit) {
  MdnsMessage m;
  m.questions.push_back(DnsQuestion{"a.local", kDnsTypeAny, true});
  auto bytes = m.serialize();
  ASSERT_TRUE(bytes);
  EXPECT_EQ((*bytes)[bytes->size() - 2], 0x80);  // QCLASS top bit
  auto back = MdnsMessage::parse(*bytes);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->questions[0].unicast_response);
}

TEST(MdnsMessage, OtherRecordTypesAreSkippedNotRejected) {
  // A PTR record (type 12) with 2 bytes of data (a pointer name) as avahi announces them.
  std::vector<uint8_t> m = {0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 'x', 0, 0, 12, 0, 1, 0, 0, 0, 10, 0, 2, 0xc0, 0x0c};
  auto parsed = MdnsMessage::parse(m);
  ASSERT_TRUE(parsed) << to_string(parsed.error());
  ASSERT_EQ(parsed->answers.size(), 1u);
  EXPECT_EQ(parsed->answers[0].type, 12);
  EXPECT_FALSE(parsed->answers[0].address.has_value());
}

TEST(MdnsMessage, NamesCompareCaseInsensitively) {
  EXPECT_TRUE(dns_names_equal("ABC.Local", "abc.local"));
  EXPECT_FALSE(dns_names_equal("abc.local", "abd.local"));
  EXPECT_FALSE(dns_names_equal("abc.local", "abc.local."));
}

// ---- malformed input, one case each ----

Error parse_error(std::vector<uint8_t> m) {
  auto r = MdnsMessage::parse(m);
  EXPECT_FALSE(r);
  return r ? Error{} : r.error();
}

TEST(MdnsMessage, RejectsShortHeader) {
  EXPECT_EQ(parse_error({0, 0, 0, 0}).code, Errc::kTruncated);
}

TEST(MdnsMessage, RejectsEveryTruncationOfARealResponse) {
  for (size_t n = 0; n < kResponse.size(); ++n) {
    auto r = MdnsMessage::parse(std::span(kResponse).first(n));
    EXPECT_FALSE(r) << "length " << n;
  }
}

TEST(MdnsMessage, RejectsSelfPointer) {
  EXPECT_EQ(parse_error({0, 0, 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1}).code, Errc::kMalformed);
}

TEST(MdnsMessage, RejectsForwardPointer) {
  EXPECT_EQ(parse_error({0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x10, 0, 1, 0, 1, 0}).code, Errc::kMalformed);
}

TEST(MdnsMessage, RejectsReservedLabelType) {
  EXPECT_EQ(parse_error({0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 1, 0, 1}).code, Errc::kMalformed);
}

TEST(MdnsMessage, RejectsNamesOver255Bytes) {
  std::vector<uint8_t> m = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 5; ++i) {
    m.push_back(63);
    m.insert(m.end(), 63, 'a');
  }
  m.insert(m.end(), {0, 0, 1, 0, 1});
  EXPECT_EQ(parse_error(m).code, Errc::kMalformed);
}

TEST(MdnsMessage, RejectsWrongAddressLengths) {
  std::vector<uint8_t> a = {0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 'x', 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 3, 1, 2, 3};
  EXPECT_EQ(parse_error(a).code, Errc::kMalformed);
  std::vector<uint8_t> aaaa = {0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 'x', 0, 0, 28, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4};
  EXPECT_EQ(parse_error(aaaa).code, Errc::kMalformed);
}

TEST(MdnsMessage, RejectsNonQueryOpcode) {
  EXPECT_EQ(parse_error({0, 0, 0x28, 0, 0, 0, 0, 0, 0, 0, 0, 0}).code, Errc::kMalformed);  // UPDATE
}

TEST(MdnsMessage, RejectsTooManyEntries) {
  EXPECT_EQ(parse_error({0, 0, 0, 0, 0, 33, 0, 0, 0, 0, 0, 0}).code, Errc::kLimitExceeded);
  EXPECT_EQ(parse_error({0, 0, 0x84, 0, 0, 0, 0, 30, 0, 30, 0, 30}).code, Errc::kLimitExceeded);
}

// A first record "a" of an unknown type whose data is a chain of `links` pointers, each to the one
// before (the first to the name "a"), and a second, A record whose name points at the chain's end: its
// name takes links + 1 pointer jumps to read.
std::vector<uint8_t> pointer_chain(size_t links) {
  std::vector<uint8_t> m = {0, 0, 0x84, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 'a', 0, 0, 99, 0, 1, 0, 0, 0, 0};
  m.push_back(static_cast<uint8_t>((2 * links) >> 8));
  m.push_back(static_cast<uint8_t>(2 * links));
  size_t prev = 12;
  for (size_t i = 0; i < links; ++i) {
    const size_t here = m.size();
    m.push_back(static_cast<uint8_t>(0xc0 | (prev >> 8)));
    m.push_back(static_cast<uint8_t>(prev & 0xff));
    prev = here;
  }
  m.push_back(static_cast<uint8_t>(0xc0 | (prev >> 8)));
  m.push_back(static_cast<uint8_t>(prev & 0xff));
  m.insert(m.end(), {0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 10, 0, 0, 1});
  return m;
}

TEST(MdnsMessage, PointerChainsAreBounded) {
  auto ok = MdnsMessage::parse(pointer_chain(kMaxPointerJumps - 1));
  ASSERT_TRUE(ok) << to_string(ok.error());
  EXPECT_EQ(ok->answers[1].name, "a");
  EXPECT_EQ(ok->answers[1].address, IpAddress::v4(10, 0, 0, 1));
  EXPECT_EQ(parse_error(pointer_chain(kMaxPointerJumps)).code, Errc::kMalformed);
}

TEST(MdnsMessage, SerializeRejectsBadNamesAndRecords) {
  MdnsMessage m;
  m.questions.push_back(DnsQuestion{"a..local", kDnsTypeA, false});
  EXPECT_FALSE(m.serialize());
  m.questions[0].name = std::string(64, 'a') + ".local";
  EXPECT_FALSE(m.serialize());
  MdnsMessage r = make_mdns_answer("x.local", IpAddress::v4(1, 2, 3, 4), 1);
  r.answers[0].type = kDnsTypeAaaa;
  EXPECT_FALSE(r.serialize());
}

}  // namespace
}  // namespace purertc::ice
