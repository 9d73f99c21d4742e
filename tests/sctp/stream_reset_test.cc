// RFC 6525 Incoming SSN Reset Requests: the peer asks us to reset the streams we send on, and we do it
// with an Outgoing SSN Reset Request that carries the answer (RFC 6525 4.1, 5.2.3).
#include <gtest/gtest.h>

#include "sctp/packet/parameters.h"
#include "sctp/packet/reconfig_chunk.h"
#include "tests/sctp/injector.h"

namespace purertc::sctp {
namespace {

using testing::Injector;
using testing::SeenChunk;

std::vector<uint8_t> incoming_request(uint32_t sequence, std::vector<uint16_t> streams) {
  std::vector<uint8_t> params;
  IncomingSsnResetRequest{sequence, std::move(streams)}.append_to(params);
  std::vector<uint8_t> chunk;
  append_reconfig_chunk(chunk, params);
  return chunk;
}

struct ReconfigSeen {
  std::vector<OutgoingSsnResetRequest> requests;
  std::vector<ReconfigurationResponse> responses;
};

ReconfigSeen reconfig_params(const std::vector<SeenChunk>& chunks) {
  ReconfigSeen seen;
  for (const auto& c : chunks) {
    if (c.type != ChunkType::kReconfig) continue;
    auto params = parse_reconfig_chunk(ChunkView{static_cast<uint8_t>(c.type), c.flags, c.value(), c.whole});
    EXPECT_TRUE(params.has_value());
    if (!params) continue;
    for (const auto& p : *params) {
      if (p.type == static_cast<uint16_t>(ParameterType::kOutgoingSsnResetRequest)) {
        auto r = OutgoingSsnResetRequest::parse(p.value);
        EXPECT_TRUE(r.has_value());
        if (r) seen.requests.push_back(*r);
      } else if (p.type == static_cast<uint16_t>(ParameterType::kReconfigurationResponse)) {
        auto r = ReconfigurationResponse::parse(p.value);
        EXPECT_TRUE(r.has_value());
        if (r) seen.responses.push_back(*r);
      }
    }
  }
  return seen;
}

// a has sent two messages on stream 4 that b has received.
void prepare(Injector& i) {
  ASSERT_TRUE(i.p.connect());
  ASSERT_TRUE(i.p.a.assoc->send(4, 51, {1}, SendOptions{}, i.p.now).has_value());
  ASSERT_TRUE(i.p.a.assoc->send(4, 51, {2}, SendOptions{}, i.p.now).has_value());
  ASSERT_TRUE(i.p.run_until([&] { return i.p.b.messages.size() == 2; }));
}

TEST(SctpIncomingReset, AnsweredByAnOutgoingRequestThatCarriesTheResponse) {
  Injector i;
  prepare(i);
  // "b" asks a to reset its outgoing stream 4; b's first request sequence number is its initial TSN.
  i.inject(i.p.a, i.tag_a, {incoming_request(i.tsn_b, {4})});
  auto seen = reconfig_params(i.take(i.p.a));
  ASSERT_EQ(seen.requests.size(), 1u);
  EXPECT_TRUE(seen.responses.empty());  // the Outgoing SSN Reset Request is the answer
  EXPECT_EQ(seen.requests[0].response_sequence, i.tsn_b);
  EXPECT_EQ(seen.requests[0].request_sequence, i.tsn_a);
  EXPECT_EQ(seen.requests[0].streams, std::vector<uint16_t>{4});
  EXPECT_EQ(seen.requests[0].last_assigned_tsn, i.tsn_a + 1);  // both messages were sent before it

  // The taken request never reached b; a's reconfig timer repeats it, b performs it, a sees it done.
  ASSERT_TRUE(i.p.run_until([&] { return i.p.a.count<OutgoingStreamsReset>() == 1; }));
  EXPECT_EQ(i.p.b.count<IncomingStreamsReset>(), 1);
  // Stream 4 starts again from sequence number 0, which b now expects.
  ASSERT_TRUE(i.p.a.assoc->send(4, 51, {3}, SendOptions{}, i.p.now).has_value());
  ASSERT_TRUE(i.p.run_until([&] { return i.p.b.messages.size() == 3; }));
  EXPECT_EQ(i.p.b.messages[2].payload, std::vector<uint8_t>{3});
}

TEST(SctpIncomingReset, RetransmittedRequestGetsNoSecondAnswer) {
  Injector i;
  prepare(i);
  i.inject(i.p.a, i.tag_a, {incoming_request(i.tsn_b, {4})});
  ASSERT_EQ(reconfig_params(i.take(i.p.a)).requests.size(), 1u);
  i.inject(i.p.a, i.tag_a, {incoming_request(i.tsn_b, {4})});
  auto again = reconfig_params(i.take(i.p.a));
  EXPECT_TRUE(again.requests.empty());  // the first one is still outstanding; its timer repeats it
  EXPECT_TRUE(again.responses.empty());
}

TEST(SctpIncomingReset, BadSequenceNumberIsAnswered) {
  Injector i;
  prepare(i);
  i.inject(i.p.a, i.tag_a, {incoming_request(i.tsn_b + 5, {4})});
  auto seen = reconfig_params(i.take(i.p.a));
  ASSERT_EQ(seen.responses.size(), 1u);
  EXPECT_EQ(seen.responses[0].response_sequence, i.tsn_b + 5);
  EXPECT_EQ(seen.responses[0].result, ReconfigResult::kErrorBadSequenceNumber);
  EXPECT_TRUE(seen.requests.empty());
}

TEST(SctpIncomingReset, StreamWeDoNotSendOnIsRefused) {
  SctpSettings s;
  s.max_outbound_streams = 16;
  Injector i(s, SctpSettings{});
  prepare(i);
  i.inject(i.p.a, i.tag_a, {incoming_request(i.tsn_b, {4, 16})});
  auto seen = reconfig_params(i.take(i.p.a));
  ASSERT_EQ(seen.responses.size(), 1u);
  EXPECT_EQ(seen.responses[0].result, ReconfigResult::kErrorWrongSsn);
  EXPECT_TRUE(seen.requests.empty());
  // The refusal is repeated for a retransmission of the same request.
  i.inject(i.p.a, i.tag_a, {incoming_request(i.tsn_b, {4, 16})});
  seen = reconfig_params(i.take(i.p.a));
  ASSERT_EQ(seen.responses.size(), 1u);
  EXPECT_EQ(seen.responses[0].result, ReconfigResult::kErrorWrongSsn);
}

TEST(SctpIncomingReset, RefusedWhileOurOwnRequestIsOutstanding) {
  Injector i;
  prepare(i);
  i.drop_b = [](const std::vector<uint8_t>& pkt) { return Injector::contains(testing::chunks_of(pkt), ChunkType::kReconfig); };
  i.drop_a = i.drop_b;  // keep a's own request unanswered
  std::vector<uint16_t> streams{7};
  ASSERT_TRUE(i.p.a.assoc->reset_streams(streams, i.p.now).has_value());
  i.p.drain();
  i.inject(i.p.a, i.tag_a, {incoming_request(i.tsn_b, {4})});
  auto seen = reconfig_params(i.take(i.p.a));
  ASSERT_EQ(seen.responses.size(), 1u);
  EXPECT_EQ(seen.responses[0].result, ReconfigResult::kErrorRequestAlreadyInProgress);
}

TEST(SctpIncomingReset, QueuedMessagesAreSentBeforeTheReset) {
  Injector i;
  prepare(i);
  // More than one window's worth: the request must wait until all of it has TSNs.
  ASSERT_TRUE(i.p.a.assoc->send(4, 51, testing::pattern(200000, 1), SendOptions{}, i.p.now).has_value());
  i.inject(i.p.a, i.tag_a, {incoming_request(i.tsn_b, {4})});
  ASSERT_TRUE(i.p.a.assoc->send(4, 51, {9}, SendOptions{}, i.p.now).has_value());  // after the request: waits
  ASSERT_TRUE(i.p.run_until([&] { return i.p.b.messages.size() == 4; }));
  EXPECT_EQ(i.p.b.messages[2].payload, testing::pattern(200000, 1));
  EXPECT_EQ(i.p.b.messages[3].payload, std::vector<uint8_t>{9});
  EXPECT_EQ(i.p.a.count<OutgoingStreamsReset>(), 1);
  EXPECT_EQ(i.p.b.count<IncomingStreamsReset>(), 1);
}

TEST(SctpIncomingReset, EmptyListResetsEveryStream) {
  Injector i;
  prepare(i);
  ASSERT_TRUE(i.p.a.assoc->send(9, 51, {5}, SendOptions{}, i.p.now).has_value());
  ASSERT_TRUE(i.p.run_until([&] { return i.p.b.messages.size() == 3; }));
  i.inject(i.p.a, i.tag_a, {incoming_request(i.tsn_b, {})});
  // A stream first used while the reset is pending is part of it: its message waits for the reset.
  ASSERT_TRUE(i.p.a.assoc->send(11, 51, {6}, SendOptions{}, i.p.now).has_value());
  auto seen = reconfig_params(i.take(i.p.a));
  ASSERT_EQ(seen.requests.size(), 1u);
  EXPECT_TRUE(seen.requests[0].streams.empty());
  ASSERT_TRUE(i.p.run_until([&] { return i.p.a.count<OutgoingStreamsReset>() == 1 && i.p.b.messages.size() == 4; }));
  EXPECT_EQ(i.p.b.messages[3].stream, 11);
  // Every stream numbers from 0 again on both sides.
  ASSERT_TRUE(i.p.a.assoc->send(4, 51, {7}, SendOptions{}, i.p.now).has_value());
  ASSERT_TRUE(i.p.a.assoc->send(9, 51, {8}, SendOptions{}, i.p.now).has_value());
  ASSERT_TRUE(i.p.a.assoc->send(11, 51, {10}, SendOptions{}, i.p.now).has_value());
  ASSERT_TRUE(i.p.run_until([&] { return i.p.b.messages.size() == 7; }));
}

TEST(SctpIncomingReset, OutgoingResetRejectsEmptyList) {
  Injector i;
  ASSERT_TRUE(i.p.connect());
  EXPECT_FALSE(i.p.a.assoc->reset_streams({}, i.p.now).has_value());
}

}  // namespace
}  // namespace purertc::sctp
