#include "ice/srflx_discovery.h"

#include <gtest/gtest.h>

#include "stun/packet/message_builder.h"

namespace purertc::ice {
namespace {

const SocketAddress kBase{IpAddress::v4(192, 168, 1, 2), 5000};
const SocketAddress kServer{IpAddress::v4(198, 51, 100, 1), 3478};
const SocketAddress kMapped{IpAddress::v4(203, 0, 113, 7), 61000};

struct Harness {
  SeededRandom random{9};
  ServerReflexiveDiscovery d{SrflxSettings{}, random};
  Timestamp now = Timestamp::from_millis(1000);
  std::vector<SrflxTransmit> sent;
  std::vector<SrflxResult> results;

  void drain() {
    while (auto o = d.poll_output()) {
      if (auto* t = std::get_if<SrflxTransmit>(&*o)) sent.push_back(*t);
      else results.push_back(std::get<SrflxResult>(*o));
    }
  }
  std::vector<uint8_t> answer(const SrflxTransmit& request, stun::MessageClass cls, bool xor_mapped = true) {
    auto req = stun::MessageView::parse(request.data);
    EXPECT_TRUE(req);
    std::vector<uint8_t> buf(256);
    stun::MessageBuilder b(buf, stun::MessageType(stun::Method::kBinding, cls), req->transaction_id_copy());
    if (cls == stun::MessageClass::kSuccessResponse) {
      b.add_address(xor_mapped ? stun::AttributeType::kXorMappedAddress : stun::AttributeType::kMappedAddress, kMapped);
    } else {
      b.add_error_code(400, "Bad Request");
    }
    b.add_fingerprint();
    auto out = b.finish();
    return {out->begin(), out->end()};
  }
};

TEST(SrflxDiscovery, SendsABindingRequestFromTheBaseAndReportsTheMappedAddress) {
  Harness h;
  ASSERT_TRUE(h.d.start(kBase, kServer, h.now));
  h.drain();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].from, kBase);
  EXPECT_EQ(h.sent[0].to, kServer);
  auto req = stun::MessageView::parse(h.sent[0].data);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->type().method, static_cast<uint16_t>(stun::Method::kBinding));
  EXPECT_TRUE(req->verify_fingerprint());
  EXPECT_TRUE(h.d.handle_input(h.answer(h.sent[0], stun::MessageClass::kSuccessResponse), kBase, kServer, h.now));
  h.drain();
  ASSERT_EQ(h.results.size(), 1u);
  EXPECT_EQ(h.results[0].base, kBase);
  EXPECT_EQ(h.results[0].server, kServer);
  EXPECT_EQ(h.results[0].mapped, kMapped);
  EXPECT_EQ(h.d.outstanding(), 0u);
  EXPECT_EQ(h.d.next_timeout(), Timestamp::infinite());
}

TEST(SrflxDiscovery, AcceptsTheRfc3489MappedAddress) {
  Harness h;
  ASSERT_TRUE(h.d.start(kBase, kServer, h.now));
  h.drain();
  EXPECT_TRUE(h.d.handle_input(h.answer(h.sent[0], stun::MessageClass::kSuccessResponse, false), kBase, kServer, h.now));
  h.drain();
  ASSERT_EQ(h.results.size(), 1u);
  EXPECT_EQ(h.results[0].mapped, kMapped);
}

TEST(SrflxDiscovery, AnswersFromElsewhereOrToAnotherBaseAreNotOurs) {
  Harness h;
  ASSERT_TRUE(h.d.start(kBase, kServer, h.now));
  h.drain();
  const auto a = h.answer(h.sent[0], stun::MessageClass::kSuccessResponse);
  EXPECT_FALSE(h.d.handle_input(a, kBase, SocketAddress{kServer.ip, 9999}, h.now));
  EXPECT_FALSE(h.d.handle_input(a, SocketAddress{kBase.ip, 5001}, kServer, h.now));
  const uint8_t not_stun[] = {0x80, 0, 0, 0};
  EXPECT_FALSE(h.d.handle_input(not_stun, kBase, kServer, h.now));
  h.drain();
  EXPECT_TRUE(h.results.empty());
  // A duplicate after the first answer is consumed but changes nothing.
  EXPECT_TRUE(h.d.handle_input(a, kBase, kServer, h.now));
  EXPECT_FALSE(h.d.handle_input(a, kBase, kServer, h.now));
  h.drain();
  EXPECT_EQ(h.results.size(), 1u);
}

TEST(SrflxDiscovery, ErrorResponseEndsTheRequestWithoutAnAddress) {
  Harness h;
  ASSERT_TRUE(h.d.start(kBase, kServer, h.now));
  h.drain();
  EXPECT_TRUE(h.d.handle_input(h.answer(h.sent[0], stun::MessageClass::kErrorResponse), kBase, kServer, h.now));
  h.drain();
  ASSERT_EQ(h.results.size(), 1u);
  EXPECT_EQ(h.results[0].mapped, std::nullopt);
  EXPECT_EQ(h.d.stats().errors, 1u);
}

TEST(SrflxDiscovery, RetransmitsThenGivesUpAtTheTimeout) {
  Harness h;
  ASSERT_TRUE(h.d.start(kBase, kServer, h.now));
  h.drain();
  // RFC 8489 schedule with RTO 500 ms: sends at 0, 0.5, 1.5, 3.5 s; the 5 s timeout ends it before 7.5 s.
  const Timestamp start = h.now;
  while (h.d.next_timeout() != Timestamp::infinite()) {
    h.now = h.d.next_timeout();
    h.d.handle_timeout(h.now);
    h.drain();
  }
  EXPECT_EQ(h.sent.size(), 4u);
  EXPECT_EQ(h.now - start, Duration::seconds(5));
  ASSERT_EQ(h.results.size(), 1u);
  EXPECT_EQ(h.results[0].mapped, std::nullopt);
  EXPECT_EQ(h.d.stats().timeouts, 1u);
}

TEST(SrflxDiscovery, RejectsMixedFamiliesAndTooManyRequests) {
  SeededRandom random(1);
  SrflxSettings s;
  s.max_requests = 1;
  ServerReflexiveDiscovery d(s, random);
  EXPECT_FALSE(d.start(kBase, SocketAddress{*IpAddress::parse("2001:db8::1"), 3478}, Timestamp::from_millis(0)));
  EXPECT_TRUE(d.start(kBase, kServer, Timestamp::from_millis(0)));
  auto r = d.start(kBase, kServer, Timestamp::from_millis(0));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kLimitExceeded);
}

}  // namespace
}  // namespace purertc::ice
