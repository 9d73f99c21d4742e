// Wire-format tests for the SCTP packet layer: every chunk round-trips, malformed input is refused.
#include <gtest/gtest.h>

#include <vector>

#include "common/hex.h"
#include "sctp/packet/chunk_type.h"
#include "sctp/packet/control_chunks.h"
#include "sctp/packet/data_chunk.h"
#include "sctp/packet/error_cause.h"
#include "sctp/packet/forward_tsn_chunk.h"
#include "sctp/packet/init_chunk.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/reconfig_chunk.h"
#include "sctp/packet/sack_chunk.h"
#include "sctp/packet/sctp_packet.h"

namespace purertc::sctp {
namespace {

// Wraps chunk bytes in a packet and returns the first chunk view (the packet must outlive it).
struct OneChunk {
  std::vector<uint8_t> packet;
  ChunkView chunk;
  explicit OneChunk(const std::vector<uint8_t>& chunk_bytes) {
    PacketBuilder b;
    b.reset(5000, 5000, 0x01020304, 1500);
    b.append_chunk(chunk_bytes);
    packet = b.finish(false);
    auto p = PacketView::parse(packet);
    EXPECT_TRUE(p.has_value());
    chunk = p->first_chunk();
  }
};

TEST(SctpPacket, ChecksumMatchesRfcAlgorithm) {
  // An INIT header: the CRC-32c is stored least significant byte first and covers every byte
  // (usrsctp_interop_test checks the byte order against a real peer).
  auto bytes = from_hex(
      "13881388000000000000000001000014a1b2c3d4000100000400040011223344");
  ASSERT_TRUE(bytes.has_value());
  std::vector<uint8_t> p = *bytes;
  uint32_t crc = compute_checksum(p);
  p[8] = static_cast<uint8_t>(crc);
  p[9] = static_cast<uint8_t>(crc >> 8);
  p[10] = static_cast<uint8_t>(crc >> 16);
  p[11] = static_cast<uint8_t>(crc >> 24);
  EXPECT_TRUE(verify_checksum(p, false));
  p[20] ^= 1;
  EXPECT_FALSE(verify_checksum(p, false));
}

TEST(SctpPacket, ZeroChecksumOnlyWhenAccepted) {
  PacketBuilder b;
  b.reset(5000, 5000, 7, 100);
  std::vector<uint8_t> ack;
  append_simple_chunk(ack, ChunkType::kCookieAck, 0, {});
  b.append_chunk(ack);
  auto p = b.finish(true);
  EXPECT_FALSE(verify_checksum(p, false));
  EXPECT_TRUE(verify_checksum(p, true));
}

TEST(SctpPacket, ParsesHeaderAndChunks) {
  PacketBuilder b;
  b.reset(1, 2, 0xdeadbeef, 100);
  std::vector<uint8_t> c1, c2;
  append_simple_chunk(c1, ChunkType::kCookieEcho, 0, std::vector<uint8_t>{1, 2, 3});
  append_simple_chunk(c2, ChunkType::kCookieAck, 0, {});
  b.append_chunk(c1);
  b.append_chunk(c2);
  auto bytes = b.finish(false);
  auto p = PacketView::parse(bytes);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->header().source_port, 1);
  EXPECT_EQ(p->header().destination_port, 2);
  EXPECT_EQ(p->header().verification_tag, 0xdeadbeefu);
  EXPECT_EQ(p->chunk_count(), 2u);
  std::vector<uint8_t> types;
  for (const auto& c : *p) types.push_back(c.type);
  EXPECT_EQ(types, (std::vector<uint8_t>{10, 11}));
  EXPECT_EQ(p->first_chunk().value.size(), 3u);
}

TEST(SctpPacket, RejectsMalformed) {
  EXPECT_FALSE(PacketView::parse(std::vector<uint8_t>(11, 0)).has_value());
  EXPECT_FALSE(PacketView::parse(std::vector<uint8_t>(12, 0)).has_value());  // no chunks
  std::vector<uint8_t> p(16, 0);
  p[15] = 3;  // chunk length 3
  EXPECT_EQ(PacketView::parse(p).error().code, Errc::kMalformed);
  p[15] = 8;  // chunk longer than packet
  EXPECT_EQ(PacketView::parse(p).error().code, Errc::kTruncated);
  p[15] = 4;
  p.resize(19);  // a valid empty chunk, then 3 bytes: a truncated chunk header
  EXPECT_EQ(PacketView::parse(p).error().code, Errc::kTruncated);
}

TEST(SctpPacket, ToleratesMissingFinalPadding) {
  std::vector<uint8_t> p(12, 0);
  std::vector<uint8_t> c;
  append_simple_chunk(c, ChunkType::kCookieEcho, 0, std::vector<uint8_t>{9});
  p.insert(p.end(), c.begin(), c.begin() + 5);
  auto v = PacketView::parse(p);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->first_chunk().value.size(), 1u);
}

TEST(SctpDataChunk, RoundTripData) {
  std::vector<uint8_t> payload{1, 2, 3, 4, 5};
  DataView d{0x11223344, 7, 9, 51, 0, true, true, false, true, payload};
  std::vector<uint8_t> out;
  append_data_chunk(out, d);
  EXPECT_EQ(out.size(), 24u);  // 16 + 5 padded
  OneChunk one(out);
  auto p = parse_data_chunk(one.chunk);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->tsn, 0x11223344u);
  EXPECT_EQ(p->stream, 7);
  EXPECT_EQ(p->ssn_or_mid, 9u);
  EXPECT_EQ(p->ppid, 51u);
  EXPECT_TRUE(p->unordered);
  EXPECT_TRUE(p->beginning);
  EXPECT_FALSE(p->end);
  EXPECT_TRUE(p->immediate);
  EXPECT_EQ(std::vector<uint8_t>(p->payload.begin(), p->payload.end()), payload);
}

TEST(SctpDataChunk, RoundTripIData) {
  std::vector<uint8_t> payload{7, 7};
  DataView first{5, 3, 0x01020304, 53, 0, false, true, false, false, payload};
  DataView middle{6, 3, 0x01020304, 0, 4, false, false, true, false, payload};
  for (const auto& d : {first, middle}) {
    std::vector<uint8_t> out;
    append_idata_chunk(out, d);
    OneChunk one(out);
    auto p = parse_idata_chunk(one.chunk);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->ssn_or_mid, 0x01020304u);
    EXPECT_EQ(p->ppid, d.ppid);
    EXPECT_EQ(p->fsn, d.fsn);
    EXPECT_EQ(p->end, d.end);
  }
}

TEST(SctpDataChunk, RejectsShort) {
  std::vector<uint8_t> out;
  append_simple_chunk(out, ChunkType::kData, 3, std::vector<uint8_t>(11, 0));
  OneChunk one(out);
  EXPECT_FALSE(parse_data_chunk(one.chunk).has_value());
  std::vector<uint8_t> out2;
  append_simple_chunk(out2, ChunkType::kIData, 3, std::vector<uint8_t>(15, 0));
  OneChunk two(out2);
  EXPECT_FALSE(parse_idata_chunk(two.chunk).has_value());
}

TEST(SctpInitChunk, RoundTripWithCapabilities) {
  InitChunk init;
  init.initiate_tag = 0xabcdef01;
  init.a_rwnd = 131072;
  init.outbound_streams = 1024;
  init.inbound_streams = 2048;
  init.initial_tsn = 42;
  init.capabilities = {true, true, true, true};
  std::vector<uint8_t> out;
  init.append_to(out, false);
  OneChunk one(out);
  auto p = InitChunk::parse(one.chunk, false);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->initiate_tag, 0xabcdef01u);
  EXPECT_EQ(p->a_rwnd, 131072u);
  EXPECT_EQ(p->outbound_streams, 1024);
  EXPECT_EQ(p->inbound_streams, 2048);
  EXPECT_EQ(p->initial_tsn, 42u);
  EXPECT_TRUE(p->capabilities.partial_reliability);
  EXPECT_TRUE(p->capabilities.reconfig);
  EXPECT_TRUE(p->capabilities.interleaving);
  EXPECT_TRUE(p->capabilities.zero_checksum);
  // INIT ACK requires the cookie.
  EXPECT_FALSE(InitChunk::parse(one.chunk, true).has_value());
}

TEST(SctpInitChunk, InitAckCarriesCookieAndUnrecognized) {
  InitChunk ack;
  ack.initiate_tag = 1;
  ack.outbound_streams = ack.inbound_streams = 1;
  std::vector<uint8_t> cookie{1, 2, 3, 4, 5};
  ack.state_cookie = cookie;
  std::vector<uint8_t> unknown{0x40, 0x99, 0, 4};
  ack.unrecognized.push_back(unknown);
  std::vector<uint8_t> out;
  ack.append_to(out, true);
  OneChunk one(out);
  auto p = InitChunk::parse(one.chunk, true);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(std::vector<uint8_t>(p->state_cookie.begin(), p->state_cookie.end()), cookie);
  EXPECT_FALSE(p->capabilities.reconfig);
}

TEST(SctpInitChunk, RejectsZeroTagAndStreams) {
  InitChunk init;
  init.initiate_tag = 0;
  init.outbound_streams = init.inbound_streams = 1;
  std::vector<uint8_t> out;
  init.append_to(out, false);
  OneChunk zero_tag(out);
  EXPECT_FALSE(InitChunk::parse(zero_tag.chunk, false).has_value());
  init.initiate_tag = 5;
  init.inbound_streams = 0;
  out.clear();
  init.append_to(out, false);
  OneChunk zero_streams(out);
  EXPECT_FALSE(InitChunk::parse(zero_streams.chunk, false).has_value());
}

TEST(SctpInitChunk, ReportsUnknownParametersByTypeBits) {
  InitChunk init;
  init.initiate_tag = 5;
  init.outbound_streams = init.inbound_streams = 1;
  std::vector<uint8_t> out;
  init.append_to(out, false);
  // 0xC123: skip and report; 0x0777: stop processing (the following Forward-TSN param is ignored).
  append_parameter(out, 0xC123, std::vector<uint8_t>{1});
  append_parameter(out, 0x0777, {});
  append_parameter(out, 0xC000, {});
  store_u16(out.data() + 2, static_cast<uint16_t>(out.size()));
  OneChunk one(out);
  auto p = InitChunk::parse(one.chunk, false);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->unrecognized.size(), 1u);
  EXPECT_FALSE(p->capabilities.partial_reliability);
}

TEST(SctpSackChunk, RoundTripAndValidation) {
  std::vector<GapBlock> gaps{{2, 3}, {5, 9}};
  std::vector<uint32_t> dups{100, 200, 300};
  std::vector<uint8_t> out;
  append_sack_chunk(out, 1000, 65536, gaps, dups);
  OneChunk one(out);
  auto s = SackView::parse(one.chunk);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->cumulative_tsn_ack(), 1000u);
  EXPECT_EQ(s->a_rwnd(), 65536u);
  ASSERT_EQ(s->gap_block_count(), 2u);
  EXPECT_EQ(s->gap_block(1).start, 5);
  EXPECT_EQ(s->gap_block(1).end, 9);
  ASSERT_EQ(s->duplicate_count(), 3u);
  EXPECT_EQ(s->duplicate(2), 300u);

  std::vector<uint8_t> bad;
  std::vector<GapBlock> inverted{{4, 2}};
  append_sack_chunk(bad, 1, 1, inverted, {});
  OneChunk b(bad);
  EXPECT_FALSE(SackView::parse(b.chunk).has_value());
  std::vector<uint8_t> wrong_count = out;
  wrong_count[13] = 9;  // claims 9 duplicates
  OneChunk w(wrong_count);
  EXPECT_FALSE(SackView::parse(w.chunk).has_value());
}

TEST(SctpControlChunks, HeartbeatShutdownRoundTrip) {
  std::vector<uint8_t> info{1, 2, 3, 4, 5, 6};
  std::vector<uint8_t> hb;
  append_heartbeat(hb, true, info);
  OneChunk one(hb);
  EXPECT_EQ(one.chunk.type, static_cast<uint8_t>(ChunkType::kHeartbeatAck));
  auto got = parse_heartbeat(one.chunk);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(std::vector<uint8_t>(got->begin(), got->end()), info);

  std::vector<uint8_t> empty_hb;
  append_simple_chunk(empty_hb, ChunkType::kHeartbeat, 0, {});
  OneChunk e(empty_hb);
  EXPECT_FALSE(parse_heartbeat(e.chunk).has_value());

  std::vector<uint8_t> sd;
  append_shutdown(sd, 0x55667788);
  OneChunk s(sd);
  EXPECT_EQ(*parse_shutdown(s.chunk), 0x55667788u);
  std::vector<uint8_t> short_sd;
  append_simple_chunk(short_sd, ChunkType::kShutdown, 0, std::vector<uint8_t>{1, 2});
  OneChunk ss(short_sd);
  EXPECT_FALSE(parse_shutdown(ss.chunk).has_value());
}

TEST(SctpErrorCause, RoundTripAndDescribe) {
  std::vector<uint8_t> causes;
  std::string text = "bye";
  append_error_cause(causes, CauseCode::kUserInitiatedAbort, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  append_error_cause(causes, CauseCode::kStaleCookie, std::vector<uint8_t>{0, 0, 0, 1});
  auto parsed = parse_error_causes(causes);
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ(describe(*parsed), "user-initiated-abort: bye; stale-cookie");
  std::vector<uint8_t> bad{0, 1, 0, 9, 0};
  EXPECT_FALSE(parse_error_causes(bad).has_value());
}

TEST(SctpForwardTsn, RoundTripBothFormats) {
  ForwardTsnChunk f{77, {{1, false, 5}, {9, true, 0x10000}}};
  std::vector<uint8_t> out;
  f.append_to(out, true);
  OneChunk one(out);
  EXPECT_EQ(one.chunk.type, static_cast<uint8_t>(ChunkType::kIForwardTsn));
  auto p = ForwardTsnChunk::parse(one.chunk, true);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->new_cumulative_tsn, 77u);
  EXPECT_EQ(p->skipped, f.skipped);

  ForwardTsnChunk g{78, {{2, false, 3}}};
  std::vector<uint8_t> out2;
  g.append_to(out2, false);
  OneChunk two(out2);
  auto q = ForwardTsnChunk::parse(two.chunk, false);
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->skipped, g.skipped);
  // Partial entry.
  std::vector<uint8_t> bad;
  append_simple_chunk(bad, ChunkType::kForwardTsn, 0, std::vector<uint8_t>{0, 0, 0, 1, 0, 2});
  OneChunk b(bad);
  EXPECT_FALSE(ForwardTsnChunk::parse(b.chunk, false).has_value());
  EXPECT_EQ(ForwardTsnChunk::parse(one.chunk, true, 1).error().code, Errc::kLimitExceeded);
}

TEST(SctpReconfig, RequestAndResponseRoundTrip) {
  std::vector<uint8_t> params;
  OutgoingSsnResetRequest req{10, 20, 30, {1, 3, 5}};
  req.append_to(params);
  ReconfigurationResponse{10, ReconfigResult::kInProgress}.append_to(params);
  std::vector<uint8_t> chunk;
  append_reconfig_chunk(chunk, params);
  OneChunk one(chunk);
  auto p = parse_reconfig_chunk(one.chunk);
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->size(), 2u);
  auto r = OutgoingSsnResetRequest::parse((*p)[0].value);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->request_sequence, 10u);
  EXPECT_EQ(r->response_sequence, 20u);
  EXPECT_EQ(r->last_assigned_tsn, 30u);
  EXPECT_EQ(r->streams, (std::vector<uint16_t>{1, 3, 5}));
  auto resp = ReconfigurationResponse::parse((*p)[1].value);
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(resp->result, ReconfigResult::kInProgress);

  IncomingSsnResetRequest in{4, {7}};
  std::vector<uint8_t> inp;
  in.append_to(inp);
  auto ip = parse_parameters(inp);
  ASSERT_TRUE(ip.has_value());
  EXPECT_EQ(IncomingSsnResetRequest::parse((*ip)[0].value)->streams, (std::vector<uint16_t>{7}));

  EXPECT_FALSE(OutgoingSsnResetRequest::parse(std::vector<uint8_t>(11, 0)).has_value());
  EXPECT_FALSE(OutgoingSsnResetRequest::parse(std::vector<uint8_t>(13, 0)).has_value());
  EXPECT_FALSE(ReconfigurationResponse::parse(std::vector<uint8_t>{0, 0, 0, 1, 0, 0, 0, 9}).has_value());
  std::vector<uint8_t> empty;
  append_simple_chunk(empty, ChunkType::kReconfig, 0, {});
  OneChunk e(empty);
  EXPECT_FALSE(parse_reconfig_chunk(e.chunk).has_value());
}

TEST(SctpParameters, RejectsBadLengths) {
  EXPECT_FALSE(parse_parameters(std::vector<uint8_t>{0, 1, 0}).has_value());
  EXPECT_FALSE(parse_parameters(std::vector<uint8_t>{0, 1, 0, 2}).has_value());
  EXPECT_FALSE(parse_parameters(std::vector<uint8_t>{0, 1, 0, 9, 0, 0}).has_value());
  std::vector<uint8_t> many;
  for (int i = 0; i < 5; ++i) append_parameter(many, 1, {});
  EXPECT_EQ(parse_parameters(many, 4).error().code, Errc::kLimitExceeded);
}

TEST(SctpNames, ToString) {
  EXPECT_EQ(to_string(ChunkType::kIForwardTsn), "I-FORWARD-TSN");
  EXPECT_EQ(to_string(ParameterType::kZeroChecksumAcceptable), "zero-checksum-acceptable");
  EXPECT_EQ(to_string(CauseCode::kNoUserData), "no-user-data");
  EXPECT_EQ(to_string(ReconfigResult::kDenied), "denied");
}

}  // namespace
}  // namespace purertc::sctp
