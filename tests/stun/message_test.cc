// MessageView / MessageBuilder: structure rules, one test per malformed case, integrity and fingerprint
// tamper detection, and a round-trip property over random messages.
#include <gtest/gtest.h>

#include <vector>

#include "common/random.h"
#include "stun/packet/message.h"
#include "stun/packet/message_builder.h"
#include "stun/packet/unknown_attributes.h"
#include "tests/stun/test_util.h"
#include "tests/vectors/stun_vectors.h"

namespace purertc::stun {
namespace {

using testing::ascii;
using testing::hex;

const TransactionId kTid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

// A message header followed by raw attribute bytes, with the length field set from them.
std::vector<uint8_t> raw_message(std::vector<uint8_t> attrs, uint16_t type = 0x0001) {
  std::vector<uint8_t> m = {static_cast<uint8_t>(type >> 8), static_cast<uint8_t>(type), 0, 0, 0x21, 0x12, 0xa4, 0x42};
  m.insert(m.end(), kTid.begin(), kTid.end());
  m[2] = static_cast<uint8_t>(attrs.size() >> 8);
  m[3] = static_cast<uint8_t>(attrs.size());
  m.insert(m.end(), attrs.begin(), attrs.end());
  return m;
}

Error parse_error(const std::vector<uint8_t>& bytes) {
  auto r = MessageView::parse(bytes);
  EXPECT_FALSE(r) << "parsed but should not have";
  return r ? Error{} : r.error();
}

TEST(MessageParse, EmptyBindingRequest) {
  auto bytes = raw_message({});
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->type().is(Method::kBinding, MessageClass::kRequest));
  EXPECT_EQ(m->attribute_count(), 0u);
  EXPECT_EQ(m->transaction_id_copy(), kTid);
  EXPECT_FALSE(m->has_message_integrity());
}

TEST(MessageParse, TruncatedHeader) {
  auto bytes = raw_message({});
  bytes.resize(19);
  EXPECT_EQ(parse_error(bytes).code, Errc::kTruncated);
}

TEST(MessageParse, TopBitsSet) {
  auto bytes = raw_message({});
  bytes[0] |= 0x80;
  EXPECT_EQ(parse_error(bytes).code, Errc::kMalformed);
}

TEST(MessageParse, WrongMagicCookie) {
  auto bytes = raw_message({});
  bytes[7] ^= 1;
  EXPECT_EQ(parse_error(bytes).code, Errc::kMalformed);
}

TEST(MessageParse, LengthNotMultipleOfFourFromUnpaddedAttribute) {
  // USERNAME "abc" written without its padding byte.
  auto bytes = raw_message({0x00, 0x06, 0x00, 0x03, 'a', 'b', 'c'});
  EXPECT_EQ(parse_error(bytes).code, Errc::kMalformed);
}

TEST(MessageParse, LengthFieldLongerThanData) {
  auto bytes = raw_message({0x80, 0x22, 0x00, 0x04, 'a', 'b', 'c', 'd'});
  bytes.resize(bytes.size() - 4);
  EXPECT_EQ(parse_error(bytes).code, Errc::kTruncated);
}

TEST(MessageParse, TrailingBytesAfterMessage) {
  auto bytes = raw_message({});
  bytes.insert(bytes.end(), {0, 0, 0, 0});
  EXPECT_EQ(parse_error(bytes).code, Errc::kMalformed);
}

TEST(MessageParse, AttributeLengthPastEnd) {
  auto bytes = raw_message({0x80, 0x22, 0x00, 0x08, 'a', 'b', 'c', 'd'});
  EXPECT_EQ(parse_error(bytes).code, Errc::kTruncated);
}

TEST(MessageParse, MessageIntegrityWrongLength) {
  std::vector<uint8_t> attrs = {0x00, 0x08, 0x00, 0x10};
  attrs.resize(4 + 16, 0);
  EXPECT_EQ(parse_error(raw_message(attrs)).code, Errc::kMalformed);
}

TEST(MessageParse, MessageIntegritySha256WrongLength) {
  std::vector<uint8_t> attrs = {0x00, 0x1c, 0x00, 0x0c};
  attrs.resize(4 + 12, 0);
  EXPECT_EQ(parse_error(raw_message(attrs)).code, Errc::kMalformed);
}

TEST(MessageParse, FingerprintWrongLength) {
  EXPECT_EQ(parse_error(raw_message({0x80, 0x28, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0})).code, Errc::kMalformed);
}

TEST(MessageParse, AttributeAfterFingerprint) {
  EXPECT_EQ(parse_error(raw_message({0x80, 0x28, 0x00, 0x04, 0, 0, 0, 0, 0x80, 0x22, 0x00, 0x00})).code,
            Errc::kMalformed);
}

TEST(MessageParse, DuplicateKnownAttribute) {
  EXPECT_EQ(parse_error(raw_message({0x00, 0x06, 0x00, 0x01, 'a', 0, 0, 0, 0x00, 0x06, 0x00, 0x01, 'b', 0, 0, 0})).code,
            Errc::kMalformed);
}

TEST(MessageParse, RepeatedXorPeerAddressAndUnknownOptionalAreAllowed) {
  uint8_t buf[128];
  MessageBuilder b(buf, MessageType(Method::kCreatePermission, MessageClass::kRequest), kTid);
  b.add_address(AttributeType::kXorPeerAddress, SocketAddress{IpAddress::v4(10, 0, 0, 1), 1});
  b.add_address(AttributeType::kXorPeerAddress, SocketAddress{IpAddress::v4(10, 0, 0, 2), 2});
  b.add(0x8fff, ascii("x"));
  b.add(0x8fff, ascii("y"));
  auto out = b.finish();
  ASSERT_TRUE(out);
  auto m = MessageView::parse(*out);
  ASSERT_TRUE(m) << to_string(m.error());
  ASSERT_EQ(m->attribute_count(), 4u);
  EXPECT_EQ(*parse_xor_address(m->attribute(1).value, m->transaction_id()), (SocketAddress{IpAddress::v4(10, 0, 0, 2), 2}));
}

TEST(MessageParse, TooManyAttributes) {
  std::vector<uint8_t> attrs;
  for (int i = 0; i < 33; ++i) attrs.insert(attrs.end(), {0x80, 0x50, 0x00, 0x00});
  EXPECT_EQ(parse_error(raw_message(attrs)).code, Errc::kLimitExceeded);
}

TEST(MessageParse, UnknownComprehensionRequiredReportedOptionalIgnored) {
  // The view points into its input, which must outlive it.
  auto bytes = raw_message({0x7f, 0x01, 0x00, 0x00, 0xc0, 0x57, 0x00, 0x04, 0, 1, 0, 1, 0x00, 0x33, 0x00, 0x00});
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->unknown_comprehension_required().size(), 2u);
  EXPECT_EQ(m->unknown_comprehension_required()[0], 0x7f01);
  EXPECT_EQ(m->unknown_comprehension_required()[1], 0x0033);
  // GOOG-NETWORK-INFO is tolerated and still reachable.
  EXPECT_TRUE(m->has(AttributeType::kGoogNetworkInfo));

  // A server answers with 420 listing them.
  uint8_t buf[64];
  MessageBuilder b(buf, MessageType(Method::kBinding, MessageClass::kErrorResponse), kTid);
  b.add_error_code(kErrorUnknownAttribute, "Unknown Attribute");
  b.add_unknown_attributes(m->unknown_comprehension_required());
  auto out = b.finish();
  ASSERT_TRUE(out);
  auto resp = MessageView::parse(*out);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->error_code()->code, 420);
  EXPECT_EQ(resp->error_code()->reason, "Unknown Attribute");
  auto list = UnknownAttributesView::parse(*resp->get(AttributeType::kUnknownAttributes));
  ASSERT_TRUE(list);
  ASSERT_EQ(list->count(), 2u);
  EXPECT_EQ(list->type(1), 0x0033);
}

TEST(MessageParse, RepeatedUnknownComprehensionRequiredIsReportedOnce) {
  auto bytes = raw_message({0x7f, 0x01, 0x00, 0x00, 0x7f, 0x01, 0x00, 0x00});
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->unknown_comprehension_required().size(), 1u);
  EXPECT_EQ(m->attribute_count(), 2u);
  EXPECT_TRUE(is_known_attribute(0x0020));
  EXPECT_FALSE(is_known_attribute(0x7f01));
  EXPECT_EQ(to_string(AttributeType::kXorMappedAddress), "XOR-MAPPED-ADDRESS");
}

TEST(MessageParse, UnknownAttributesOddLength) {
  EXPECT_EQ(UnknownAttributesView::parse(ascii("abc")).error().code, Errc::kMalformed);
}

TEST(MessageParse, AttributesAfterIntegrityAreIgnored) {
  uint8_t buf[128];
  MessageBuilder b(buf, MessageType(Method::kBinding, MessageClass::kRequest), kTid);
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, ascii("pw"));
  b.add_message_integrity(key);
  auto out = b.finish();
  ASSERT_TRUE(out);
  // Append a SOFTWARE attribute after MESSAGE-INTEGRITY by hand (the builder refuses to).
  std::vector<uint8_t> bytes(out->begin(), out->end());
  bytes.insert(bytes.end(), {0x80, 0x22, 0x00, 0x00});
  bytes[3] = static_cast<uint8_t>(bytes.size() - 20);
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->has(AttributeType::kSoftware));
  // The integrity still verifies: it covers the message only up to itself.
  EXPECT_TRUE(m->verify_message_integrity(key));
}

TEST(MessageIntegrity, EveryFlippedByteIsDetected) {
  auto bytes = hex(vectors::kRfc5769Request);
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, ascii("VOkJxbRl1RmTxUk/WvJxBt"));
  // Flip a bit in each byte before MESSAGE-INTEGRITY's value (the length field and the magic cookie make
  // the parse fail; every other change must fail the integrity check).
  for (size_t i = 0; i < 76; ++i) {
    auto tampered = bytes;
    tampered[i] ^= 0x01;
    auto m = MessageView::parse(tampered);
    if (!m) continue;
    EXPECT_FALSE(m->verify_message_integrity(key)) << "byte " << i;
    EXPECT_FALSE(m->verify_fingerprint()) << "byte " << i;
  }
}

TEST(MessageIntegrity, MissingIntegrityAndFingerprintAreAuthFailures) {
  auto bytes = raw_message({});
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, ascii("pw"));
  crypto::HmacKey key256(crypto::HashAlgorithm::kSha256, ascii("pw"));
  EXPECT_EQ(m->verify_message_integrity(key).error().code, Errc::kAuthFailed);
  EXPECT_EQ(m->verify_message_integrity_sha256(key256).error().code, Errc::kAuthFailed);
  EXPECT_EQ(m->verify_fingerprint().error().code, Errc::kAuthFailed);
}

TEST(MessageIntegrity, WrongKeyAlgorithmIsRejected) {
  auto bytes = hex(vectors::kRfc5769Request);
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  crypto::HmacKey key256(crypto::HashAlgorithm::kSha256, ascii("VOkJxbRl1RmTxUk/WvJxBt"));
  EXPECT_EQ(m->verify_message_integrity(key256).error().code, Errc::kInvalidArgument);
}

TEST(MessageIntegrity, BothIntegritiesAndFingerprint) {
  uint8_t buf[256];
  MessageBuilder b(buf, MessageType(Method::kAllocate, MessageClass::kRequest), kTid);
  b.add_string(AttributeType::kUsername, "alice");
  crypto::HmacKey k1(crypto::HashAlgorithm::kSha1, ascii("key"));
  crypto::HmacKey k2(crypto::HashAlgorithm::kSha256, ascii("key"));
  b.add_message_integrity(k1);
  b.add_message_integrity_sha256(k2);
  b.add_fingerprint();
  auto out = b.finish();
  ASSERT_TRUE(out);
  auto m = MessageView::parse(*out);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->verify_message_integrity(k1));
  EXPECT_TRUE(m->verify_message_integrity_sha256(k2));
  EXPECT_TRUE(m->verify_fingerprint());
}

TEST(MessageIntegrity, TruncatedSha256IsVerified) {
  // RFC 8489 14.6 allows MESSAGE-INTEGRITY-SHA256 truncated to 16 bytes; build one by hand.
  uint8_t buf[128];
  MessageBuilder b(buf, MessageType(Method::kBinding, MessageClass::kRequest), kTid);
  crypto::HmacKey key(crypto::HashAlgorithm::kSha256, ascii("key"));
  b.add_message_integrity_sha256(key);
  auto out = b.finish();
  ASSERT_TRUE(out);
  std::vector<uint8_t> bytes(out->begin(), out->end());
  bytes.resize(20 + 4 + 16);
  bytes[3] = 20;
  bytes[23] = 16;
  // Recompute the MAC for the new length field.
  crypto::Digest mac = key.compute(std::span(bytes).first(20));
  std::copy(mac.bytes.begin(), mac.bytes.begin() + 16, bytes.begin() + 24);
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->verify_message_integrity_sha256(key));
  bytes[30] ^= 1;
  EXPECT_FALSE(MessageView::parse(bytes)->verify_message_integrity_sha256(key));
}

TEST(AddressAttribute, MalformedCases) {
  EXPECT_EQ(parse_address(ascii("abc")).error().code, Errc::kTruncated);
  std::vector<uint8_t> bad_family = {0, 3, 0, 1, 1, 2, 3, 4};
  EXPECT_EQ(parse_address(bad_family).error().code, Errc::kMalformed);
  std::vector<uint8_t> v4_too_long = {0, 1, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(parse_address(v4_too_long).error().code, Errc::kMalformed);
  std::vector<uint8_t> v6_too_short = {0, 2, 0, 1, 1, 2, 3, 4};
  EXPECT_EQ(parse_address(v6_too_short).error().code, Errc::kMalformed);
}

TEST(ErrorCodeAttribute, MalformedCases) {
  EXPECT_EQ(parse_error_code(ascii("ab")).error().code, Errc::kTruncated);
  std::vector<uint8_t> bad_class = {0, 0, 7, 0};
  EXPECT_EQ(parse_error_code(bad_class).error().code, Errc::kMalformed);
  std::vector<uint8_t> bad_number = {0, 0, 4, 100};
  EXPECT_EQ(parse_error_code(bad_number).error().code, Errc::kMalformed);
  std::vector<uint8_t> too_long(4 + 764, 'a');
  too_long[2] = 4;
  too_long[3] = 0;
  EXPECT_EQ(parse_error_code(too_long).error().code, Errc::kMalformed);
}

TEST(PasswordAlgorithms, ParseListAndSingle) {
  std::vector<uint8_t> list = {0, 1, 0, 0, 0, 9, 0, 2, 0xaa, 0xbb, 0, 0, 0, 2, 0, 0};
  auto v = parse_password_algorithms(list);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->md5);
  EXPECT_TRUE(v->sha256);
  std::vector<uint8_t> cut = {0, 1, 0, 4, 0};
  EXPECT_EQ(parse_password_algorithms(cut).error().code, Errc::kTruncated);
  EXPECT_EQ(parse_password_algorithms({}).error().code, Errc::kMalformed);
  std::vector<uint8_t> unknown = {0, 9, 0, 0};
  EXPECT_EQ(parse_password_algorithm(unknown).error().code, Errc::kUnsupported);
  std::vector<uint8_t> with_params = {0, 2, 0, 4, 1, 2, 3, 4};
  EXPECT_EQ(parse_password_algorithm(with_params).error().code, Errc::kMalformed);
}

TEST(MessageBuilder, BufferTooSmall) {
  uint8_t buf[30];
  MessageBuilder b(buf, MessageType(Method::kBinding, MessageClass::kRequest), kTid);
  b.add_string(AttributeType::kSoftware, "a software name that does not fit");
  b.add_fingerprint();
  EXPECT_EQ(b.finish().error().code, Errc::kBufferTooSmall);
  uint8_t tiny[10];
  MessageBuilder t(tiny, MessageType(Method::kBinding, MessageClass::kRequest), kTid);
  EXPECT_EQ(t.finish().error().code, Errc::kBufferTooSmall);
}

TEST(MessageBuilder, RefusesAttributesAfterIntegrityOrFingerprint) {
  uint8_t buf[128];
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, ascii("k"));
  MessageBuilder a(buf, MessageType(Method::kBinding, MessageClass::kRequest), kTid);
  a.add_message_integrity(key);
  a.add_string(AttributeType::kSoftware, "x");
  EXPECT_EQ(a.finish().error().code, Errc::kInvalidArgument);
  MessageBuilder f(buf, MessageType(Method::kBinding, MessageClass::kRequest), kTid);
  f.add_fingerprint();
  f.add_message_integrity(key);
  EXPECT_EQ(f.finish().error().code, Errc::kInvalidArgument);
  MessageBuilder e(buf, MessageType(Method::kBinding, MessageClass::kErrorResponse), kTid);
  e.add_error_code(200, "not an error");
  EXPECT_EQ(e.finish().error().code, Errc::kInvalidArgument);
}

TEST(MessageFraming, StreamSizeAndDemux) {
  auto bytes = hex(vectors::kRfc5769Request);
  EXPECT_TRUE(is_stun_message(bytes));
  EXPECT_EQ(*stun_message_size(bytes), bytes.size());
  EXPECT_EQ(stun_message_size(std::span(bytes).first(10)).error().code, Errc::kTruncated);
  std::vector<uint8_t> dtls(20, 0x16);
  EXPECT_FALSE(is_stun_message(dtls));
  EXPECT_EQ(stun_message_size(dtls).error().code, Errc::kMalformed);
}

// Random messages built with MessageBuilder parse back to the same attributes in the same order, with
// integrity and fingerprint verifying.
TEST(MessageRoundTrip, RandomMessages) {
  SeededRandom rng(20240601);
  crypto::HmacKey k1(crypto::HashAlgorithm::kSha1, ascii("secret"));
  crypto::HmacKey k2(crypto::HashAlgorithm::kSha256, ascii("secret"));
  std::vector<uint8_t> buf(4096);
  for (int iter = 0; iter < 2000; ++iter) {
    TransactionId tid = random_transaction_id(rng);
    MessageType type(static_cast<uint16_t>(rng.uniform(0x1000)), static_cast<MessageClass>(rng.uniform(4)));
    MessageBuilder b(buf, type, tid);
    struct Expected {
      uint16_t type;
      std::vector<uint8_t> value;
    };
    std::vector<Expected> expected;
    size_t n = rng.uniform(10);
    for (size_t i = 0; i < n; ++i) {
      switch (rng.uniform(5)) {
        case 0: {  // an unknown comprehension-optional attribute with random bytes
          uint16_t t = static_cast<uint16_t>(0x9000 + rng.uniform(0x1000));
          if (is_known_attribute(t)) break;
          std::vector<uint8_t> v(rng.uniform(40));
          rng.fill(v);
          b.add(t, v);
          expected.push_back({t, v});
          break;
        }
        case 1: {
          if (std::any_of(expected.begin(), expected.end(), [](auto& e) { return e.type == 0x0006; })) break;
          std::vector<uint8_t> v(1 + rng.uniform(30));
          for (auto& c : v) c = static_cast<uint8_t>('a' + rng.uniform(26));
          b.add(AttributeType::kUsername, v);
          expected.push_back({0x0006, v});
          break;
        }
        case 2: {
          std::array<uint8_t, 16> ip;
          rng.fill(ip);
          uint16_t port = static_cast<uint16_t>(rng.uniform(65536));
          const IpAddress addr = rng.uniform(2) ? *IpAddress::from_bytes(ip) : IpAddress::v4(ip[0], ip[1], ip[2], ip[3]);
          SocketAddress a{addr, port};
          b.add_address(AttributeType::kXorPeerAddress, a);
          std::vector<uint8_t> v(address_value_size(a.ip.family()));
          write_xor_address(v, a, tid);
          expected.push_back({0x0012, v});
          break;
        }
        case 3: {
          if (std::any_of(expected.begin(), expected.end(), [](auto& e) { return e.type == 0x0009; })) break;
          uint16_t code = static_cast<uint16_t>(300 + rng.uniform(400));
          b.add_error_code(code, "reason");
          std::vector<uint8_t> v(4 + 6);
          write_error_code(v, code, "reason");
          expected.push_back({0x0009, v});
          break;
        }
        default: {
          if (std::any_of(expected.begin(), expected.end(), [](auto& e) { return e.type == 0x0024; })) break;
          uint32_t p = rng.next_u32();
          b.add_u32(AttributeType::kPriority, p);
          std::vector<uint8_t> v = {static_cast<uint8_t>(p >> 24), static_cast<uint8_t>(p >> 16),
                                    static_cast<uint8_t>(p >> 8), static_cast<uint8_t>(p)};
          expected.push_back({0x0024, v});
          break;
        }
      }
    }
    bool mi = rng.uniform(2), mi256 = rng.uniform(2), fp = rng.uniform(2);
    if (mi) b.add_message_integrity(k1);
    if (mi256) b.add_message_integrity_sha256(k2);
    if (fp) b.add_fingerprint();
    auto out = b.finish();
    ASSERT_TRUE(out) << to_string(out.error());
    auto m = MessageView::parse(*out);
    ASSERT_TRUE(m) << to_string(m.error()) << " iteration " << iter;
    EXPECT_EQ(m->type(), type);
    EXPECT_EQ(m->transaction_id_copy(), tid);
    ASSERT_EQ(m->attribute_count(), expected.size() + mi + mi256 + fp);
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(m->attribute(i).type, expected[i].type);
      EXPECT_EQ(to_hex(m->attribute(i).value), to_hex(expected[i].value));
    }
    EXPECT_EQ(m->verify_message_integrity(k1).has_value(), mi);
    EXPECT_EQ(m->verify_message_integrity_sha256(k2).has_value(), mi256);
    EXPECT_EQ(m->verify_fingerprint().has_value(), fp);
  }
}

}  // namespace
}  // namespace purertc::stun
