// One transition at a time: a side is brought into a state with a real peer, handed one chunk (or one
// timeout), and what it answers and which state it is in afterwards are checked against RFC 9260
// 5.1/5.2 (handshake and its collisions), 8.4/8.5 (tags and out-of-the-blue packets) and 9.2 (shutdown).
#include <gtest/gtest.h>

#include "common/byte_order.h"
#include "sctp/packet/data_chunk.h"
#include "sctp/packet/error_cause.h"
#include "sctp/packet/sack_chunk.h"
#include "tests/sctp/injector.h"

namespace purertc::sctp {
namespace {

using testing::Injector;
using testing::simple_chunk;
using S = AssociationState;

bool is_cookie_ack(const std::vector<uint8_t>& pkt) { return Injector::contains(testing::chunks_of(pkt), ChunkType::kCookieAck); }
bool has_sack(const std::vector<uint8_t>& pkt) { return Injector::contains(testing::chunks_of(pkt), ChunkType::kSack); }

// I-DATA: both sides offer interleaving by default, and DATA would then be a protocol violation.
std::vector<uint8_t> data_chunk(uint32_t tsn, uint16_t stream, uint32_t mid, std::vector<uint8_t> payload) {
  std::vector<uint8_t> c;
  append_idata_chunk(c, DataView{tsn, stream, mid, 51, 0, false, true, true, false, payload});
  return c;
}

std::vector<uint8_t> init_chunk(uint32_t tag, uint32_t tsn) {
  InitChunk init;
  init.initiate_tag = tag;
  init.a_rwnd = 100000;
  init.outbound_streams = 16;
  init.inbound_streams = 16;
  init.initial_tsn = tsn;
  std::vector<uint8_t> c;
  init.append_to(c, false);
  return c;
}

std::vector<uint8_t> shutdown_chunk(uint32_t cumulative) {
  std::vector<uint8_t> c;
  append_shutdown(c, cumulative);
  return c;
}

// Every chunk that must be ignored in a handshake state: nothing answered, state and events unchanged.
void expect_ignored(Injector& i, testing::Side& side, uint32_t tag, std::vector<uint8_t> chunk, S state) {
  size_t events = side.events.size();
  i.inject(side, tag, {chunk});
  auto out = i.take(side);
  EXPECT_TRUE(out.empty()) << "answered " << to_string(out.front().type);
  EXPECT_EQ(side.assoc->state(), state);
  EXPECT_EQ(side.events.size(), events);
}

// --- COOKIE-WAIT ----------------------------------------------------------------------------------

struct CookieWait : Injector {
  CookieWait() {
    p.a.assoc->connect(p.now);
    auto out = take(p.a);  // the INIT, not delivered
    EXPECT_TRUE(contains(out, ChunkType::kInit));
    EXPECT_EQ(p.a.assoc->state(), S::kCookieWait);
  }
};

TEST(SctpStateCookieWait, InitCollisionAnswersWithOwnTagAndStays) {
  CookieWait i;
  // RFC 9260 5.2.1: an INIT while in COOKIE-WAIT is answered with an INIT ACK carrying our own tag and
  // initial TSN (the ones of the INIT we sent), and the state does not change.
  i.inject(i.p.a, 0, {init_chunk(0x1234, 777)});
  auto out = i.take(i.p.a);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].type, ChunkType::kInitAck);
  auto ack = InitChunk::parse(ChunkView{2, 0, out[0].value(), out[0].whole}, true);
  ASSERT_TRUE(ack.has_value());
  EXPECT_EQ(ack->initiate_tag, i.tag_a);
  EXPECT_EQ(ack->initial_tsn, i.tsn_a);
  EXPECT_EQ(i.p.a.assoc->state(), S::kCookieWait);
}

TEST(SctpStateCookieWait, InitWithNonZeroTagOrBundledIsDropped) {
  CookieWait i;
  i.inject(i.p.a, i.tag_a, {init_chunk(0x1234, 777)});  // RFC 9260 8.5.1 A: tag must be 0
  EXPECT_TRUE(i.take(i.p.a).empty());
  i.inject(i.p.a, 0, {init_chunk(0x1234, 777), simple_chunk(ChunkType::kCookieAck)});  // never bundled
  EXPECT_TRUE(i.take(i.p.a).empty());
  EXPECT_EQ(i.p.a.assoc->state(), S::kCookieWait);
}

TEST(SctpStateCookieWait, UnexpectedChunksAreIgnored) {
  CookieWait i;
  auto& a = i.p.a;
  expect_ignored(i, a, i.tag_a, simple_chunk(ChunkType::kCookieAck), S::kCookieWait);
  expect_ignored(i, a, i.tag_a, data_chunk(1, 0, 0, {1}), S::kCookieWait);
  std::vector<uint8_t> sack;
  append_sack_chunk(sack, i.tsn_a, 1000, {}, {});
  expect_ignored(i, a, i.tag_a, sack, S::kCookieWait);
  expect_ignored(i, a, i.tag_a, shutdown_chunk(0), S::kCookieWait);
  expect_ignored(i, a, i.tag_a, simple_chunk(ChunkType::kShutdownAck), S::kCookieWait);
  expect_ignored(i, a, i.tag_a, simple_chunk(ChunkType::kShutdownComplete), S::kCookieWait);
}

TEST(SctpStateCookieWait, AbortWithOurTagCloses) {
  CookieWait i;
  i.inject(i.p.a, i.tag_a ^ 1, {simple_chunk(ChunkType::kAbort)});  // wrong tag: dropped
  EXPECT_EQ(i.p.a.assoc->state(), S::kCookieWait);
  i.inject(i.p.a, i.tag_a, {simple_chunk(ChunkType::kAbort)});
  EXPECT_TRUE(i.take(i.p.a).empty());  // an ABORT is never answered
  EXPECT_EQ(i.p.a.assoc->state(), S::kClosed);
  EXPECT_EQ(i.p.a.count<Aborted>(), 1);
}

TEST(SctpStateCookieWait, T1InitExpiryRepeatsTheInitThenGivesUp) {
  SctpSettings s;
  s.max_init_retransmits = 2;
  Injector i(s, SctpSettings{});
  i.p.a.assoc->connect(i.p.now);
  i.take(i.p.a);
  for (int n = 0; n < 2; ++n) {
    i.p.now = i.p.a.assoc->next_timeout();
    i.p.a.assoc->handle_timeout(i.p.now);
    auto out = i.take(i.p.a);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].type, ChunkType::kInit);
  }
  i.p.now = i.p.a.assoc->next_timeout();
  i.p.a.assoc->handle_timeout(i.p.now);
  EXPECT_TRUE(i.take(i.p.a).empty());
  EXPECT_EQ(i.p.a.assoc->state(), S::kClosed);
  EXPECT_EQ(i.p.a.count<Aborted>(), 1);
}

TEST(SctpStateCookieWait, InitAckMovesToCookieEchoed) {
  Injector i;
  i.drop_b = is_cookie_ack;
  i.p.a.assoc->connect(i.p.now);
  ASSERT_TRUE(i.p.run_until([&] { return i.p.a.assoc->state() == S::kCookieEchoed; }));
  // b holds no state until the COOKIE ECHO arrives; then it is established while a waits.
  EXPECT_EQ(i.p.b.assoc->state(), S::kClosed);
  ASSERT_TRUE(i.p.run_until([&] { return i.p.b.assoc->state() == S::kEstablished; }));
  EXPECT_EQ(i.p.a.assoc->state(), S::kCookieEchoed);
  EXPECT_EQ(i.p.a.count<Connected>(), 0);
}

// --- COOKIE-ECHOED --------------------------------------------------------------------------------

struct CookieEchoed : Injector {
  CookieEchoed() {
    drop_b = is_cookie_ack;
    p.a.assoc->connect(p.now);
    EXPECT_TRUE(p.run_until([&] { return p.a.assoc->state() == S::kCookieEchoed && p.b.assoc->state() == S::kEstablished; }));
    take(p.a);
  }
};

TEST(SctpStateCookieEchoed, CookieAckEstablishes) {
  CookieEchoed i;
  i.inject(i.p.a, i.tag_a, {simple_chunk(ChunkType::kCookieAck)});
  EXPECT_EQ(i.p.a.assoc->state(), S::kEstablished);
  i.take(i.p.a);
  EXPECT_EQ(i.p.a.count<Connected>(), 1);
}

TEST(SctpStateCookieEchoed, DataBundledAfterCookieAckIsDelivered) {
  CookieEchoed i;
  i.inject(i.p.a, i.tag_a, {simple_chunk(ChunkType::kCookieAck), data_chunk(i.tsn_b, 1, 0, {42})});
  auto out = i.take(i.p.a);
  EXPECT_EQ(i.p.a.assoc->state(), S::kEstablished);
  ASSERT_EQ(i.p.a.messages.size(), 1u);
  EXPECT_EQ(i.p.a.messages[0].payload, std::vector<uint8_t>{42});
  // The first DATA of the association is acknowledged (at once or by the delayed-ack timer).
  if (!Injector::contains(out, ChunkType::kSack)) {
    i.p.now = i.p.a.assoc->next_timeout();
    i.p.a.assoc->handle_timeout(i.p.now);
    EXPECT_TRUE(Injector::contains(i.take(i.p.a), ChunkType::kSack));
  }
}

TEST(SctpStateCookieEchoed, InitIsAnsweredWithTheSameTagAndStays) {
  CookieEchoed i;
  // RFC 9260 5.2.1: in COOKIE-ECHOED too, the INIT ACK carries the tag of our own INIT.
  i.inject(i.p.a, 0, {init_chunk(0x5678, 99)});
  auto out = i.take(i.p.a);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].type, ChunkType::kInitAck);
  auto ack = InitChunk::parse(ChunkView{2, 0, out[0].value(), out[0].whole}, true);
  ASSERT_TRUE(ack.has_value());
  EXPECT_EQ(ack->initiate_tag, i.tag_a);
  EXPECT_EQ(i.p.a.assoc->state(), S::kCookieEchoed);
}

TEST(SctpStateCookieEchoed, SecondInitAckIsDiscarded) {
  CookieEchoed i;
  // RFC 9260 5.2.3: an INIT ACK outside COOKIE-WAIT is discarded. Build one from b's real answer.
  i.p.b.assoc->handle_input([&] {
    PacketBuilder b;
    b.reset(5000, 5000, 0, 1500);
    b.append_chunk(init_chunk(0x4242, 5));
    return b.finish(false);
  }(), i.p.now);
  auto b_out = i.take(i.p.b);
  ASSERT_EQ(b_out.size(), 1u);
  ASSERT_EQ(b_out[0].type, ChunkType::kInitAck);
  expect_ignored(i, i.p.a, i.tag_a, b_out[0].whole, S::kCookieEchoed);
}

TEST(SctpStateCookieEchoed, StaleCookieErrorRestartsWithInit) {
  CookieEchoed i;
  std::vector<uint8_t> causes;
  uint8_t staleness[4] = {0, 0, 0, 10};
  append_error_cause(causes, CauseCode::kStaleCookie, staleness);
  i.inject(i.p.a, i.tag_a, {simple_chunk(ChunkType::kError, 0, causes)});
  auto out = i.take(i.p.a);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, ChunkType::kInit);  // RFC 9260 5.2.6
  EXPECT_EQ(i.p.a.assoc->state(), S::kCookieWait);
}

TEST(SctpStateCookieEchoed, T1CookieExpiryRepeatsTheCookieEcho) {
  CookieEchoed i;
  i.p.now = i.p.a.assoc->next_timeout();
  i.p.a.assoc->handle_timeout(i.p.now);
  auto out = i.take(i.p.a);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, ChunkType::kCookieEcho);
  EXPECT_EQ(i.p.a.assoc->state(), S::kCookieEchoed);
}

TEST(SctpStateCookieEchoed, SendIsRefusedUntilEstablished) {
  CookieEchoed i;
  EXPECT_FALSE(i.p.a.assoc->send(1, 51, {1}, SendOptions{}, i.p.now).has_value());
  expect_ignored(i, i.p.a, i.tag_a, shutdown_chunk(0), S::kCookieEchoed);
}

// --- ESTABLISHED ----------------------------------------------------------------------------------

struct Established : Injector {
  Established() {
    EXPECT_TRUE(p.connect());
    p.run_until([] { return false; }, Duration::millis(500));  // let the last SACKs settle
    take(p.a);
    take(p.b);
  }
};

TEST(SctpStateEstablished, UnexpectedInitGetsInitAckWithNewTagAndStateStays) {
  Established i;
  // RFC 9260 5.2.2: a new tag (not the current one) and the association is left as it is.
  const uint32_t current_tag = i.tag_b;
  i.inject(i.p.b, 0, {init_chunk(0x9999, 1)});
  auto out = i.take(i.p.b);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].type, ChunkType::kInitAck);
  auto ack = InitChunk::parse(ChunkView{2, 0, out[0].value(), out[0].whole}, true);
  ASSERT_TRUE(ack.has_value());
  EXPECT_NE(ack->initiate_tag, current_tag);
  EXPECT_EQ(i.p.b.assoc->state(), S::kEstablished);
  i.tag_b = current_tag;
  ASSERT_TRUE(i.p.a.assoc->send(1, 51, {1}, SendOptions{}, i.p.now).has_value());
  ASSERT_TRUE(i.p.run_until([&] { return i.p.b.messages.size() == 1; }));
}

TEST(SctpStateEstablished, InitAckAndCookieAckAreDiscarded) {
  Established i;
  expect_ignored(i, i.p.b, i.tag_b, simple_chunk(ChunkType::kCookieAck), S::kEstablished);  // 5.2.5
  expect_ignored(i, i.p.a, i.tag_a, simple_chunk(ChunkType::kCookieAck), S::kEstablished);
}

TEST(SctpStateEstablished, HeartbeatIsEchoed) {
  Established i;
  std::vector<uint8_t> hb;
  uint8_t info[6] = {1, 2, 3, 4, 5, 6};
  append_heartbeat(hb, false, info);
  i.inject(i.p.b, i.tag_b, {hb});
  auto out = i.take(i.p.b);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].type, ChunkType::kHeartbeatAck);
  auto echoed = parse_heartbeat(ChunkView{5, 0, out[0].value(), out[0].whole});
  ASSERT_TRUE(echoed.has_value());
  EXPECT_EQ(std::vector<uint8_t>(echoed->begin(), echoed->end()), std::vector<uint8_t>(info, info + 6));
}

TEST(SctpStateEstablished, AbortNeedsTheRightTag) {
  Established i;
  // RFC 9260 8.5.1 B: our tag, or the peer's tag with the T bit set.
  i.inject(i.p.b, i.tag_a, {simple_chunk(ChunkType::kAbort)});
  EXPECT_EQ(i.p.b.assoc->state(), S::kEstablished);
  i.inject(i.p.b, i.tag_b, {simple_chunk(ChunkType::kAbort, kFlagTagReflected)});
  EXPECT_EQ(i.p.b.assoc->state(), S::kEstablished);
  i.inject(i.p.b, i.tag_a, {simple_chunk(ChunkType::kAbort, kFlagTagReflected)});
  EXPECT_EQ(i.p.b.assoc->state(), S::kClosed);
  i.take(i.p.b);
  EXPECT_EQ(i.p.b.count<Aborted>(), 1);
}

TEST(SctpStateEstablished, ShutdownWithNothingOutstandingIsAcked) {
  Established i;
  i.inject(i.p.b, i.tag_b, {shutdown_chunk(i.tsn_b - 1)});
  auto out = i.take(i.p.b);
  EXPECT_TRUE(Injector::contains(out, ChunkType::kShutdownAck));
  EXPECT_EQ(i.p.b.assoc->state(), S::kShutdownAckSent);
  EXPECT_FALSE(i.p.b.assoc->send(1, 51, {1}, SendOptions{}, i.p.now).has_value());
}

TEST(SctpStateEstablished, ShutdownWithDataOutstandingWaits) {
  Established i;
  i.drop_b = [](const std::vector<uint8_t>&) { return true; };  // b's data never arrives
  ASSERT_TRUE(i.p.b.assoc->send(1, 51, {1}, SendOptions{}, i.p.now).has_value());
  i.p.drain();
  i.inject(i.p.b, i.tag_b, {shutdown_chunk(i.tsn_b - 1)});
  EXPECT_EQ(i.p.b.assoc->state(), S::kShutdownReceived);
  EXPECT_FALSE(Injector::contains(i.take(i.p.b), ChunkType::kShutdownAck));
  EXPECT_FALSE(i.p.b.assoc->send(1, 51, {2}, SendOptions{}, i.p.now).has_value());  // RFC 9260 9.2
  // Once the data is acknowledged (SHUTDOWN carries the cumulative ack too), SHUTDOWN ACK follows.
  i.inject(i.p.b, i.tag_b, {shutdown_chunk(i.tsn_b)});
  EXPECT_TRUE(Injector::contains(i.take(i.p.b), ChunkType::kShutdownAck));
  EXPECT_EQ(i.p.b.assoc->state(), S::kShutdownAckSent);
}

TEST(SctpStateEstablished, DuplicateCookieEchoIsAckedWithoutANewAssociation) {
  Injector i;
  std::vector<uint8_t> cookie_echo;
  i.drop_a = [&](const std::vector<uint8_t>& pkt) {
    for (const auto& c : testing::chunks_of(pkt)) {
      if (c.type == ChunkType::kCookieEcho && cookie_echo.empty()) cookie_echo = c.whole;
    }
    return false;
  };
  ASSERT_TRUE(i.p.connect());
  ASSERT_FALSE(cookie_echo.empty());
  i.take(i.p.b);
  // RFC 9260 5.2.4 case D: both tags match; answer COOKIE ACK, keep the association.
  i.inject(i.p.b, i.tag_b, {cookie_echo});
  auto out = i.take(i.p.b);
  EXPECT_TRUE(Injector::contains(out, ChunkType::kCookieAck));
  EXPECT_EQ(i.p.b.count<Connected>(), 1);
  EXPECT_EQ(i.p.b.count<AssociationRestarted>(), 0);
  EXPECT_EQ(i.p.b.assoc->state(), S::kEstablished);
}

// --- SHUTDOWN-PENDING / SHUTDOWN-SENT -------------------------------------------------------------

TEST(SctpStateShutdownPending, WaitsForOutstandingDataThenSendsShutdown) {
  Established i;
  bool hold = true;
  i.drop_b = [&](const std::vector<uint8_t>& pkt) { return hold && has_sack(pkt); };
  ASSERT_TRUE(i.p.a.assoc->send(1, 51, {1}, SendOptions{}, i.p.now).has_value());
  i.p.drain();
  i.p.a.assoc->shutdown(i.p.now);
  EXPECT_EQ(i.p.a.assoc->state(), S::kShutdownPending);
  EXPECT_FALSE(Injector::contains(i.take(i.p.a), ChunkType::kShutdown));
  EXPECT_FALSE(i.p.a.assoc->send(1, 51, {2}, SendOptions{}, i.p.now).has_value());
  std::vector<uint8_t> sack;
  append_sack_chunk(sack, i.tsn_a, 100000, {}, {});
  i.inject(i.p.a, i.tag_a, {sack});
  auto out = i.take(i.p.a);
  ASSERT_TRUE(Injector::contains(out, ChunkType::kShutdown));
  EXPECT_EQ(i.p.a.assoc->state(), S::kShutdownSent);
}

TEST(SctpStateShutdownPending, PeerShutdownMovesToShutdownReceived) {
  Established i;
  i.drop_b = [](const std::vector<uint8_t>& pkt) { return has_sack(pkt); };
  ASSERT_TRUE(i.p.a.assoc->send(1, 51, {1}, SendOptions{}, i.p.now).has_value());
  i.p.drain();
  i.p.a.assoc->shutdown(i.p.now);
  i.inject(i.p.a, i.tag_a, {shutdown_chunk(i.tsn_a - 1)});
  EXPECT_EQ(i.p.a.assoc->state(), S::kShutdownReceived);
}

struct ShutdownSent : Established {
  ShutdownSent() {
    p.a.assoc->shutdown(p.now);
    auto out = take(p.a);  // the SHUTDOWN, not delivered
    EXPECT_TRUE(contains(out, ChunkType::kShutdown));
    EXPECT_EQ(p.a.assoc->state(), S::kShutdownSent);
  }
};

TEST(SctpStateShutdownSent, ShutdownAckCompletes) {
  ShutdownSent i;
  i.inject(i.p.a, i.tag_a, {simple_chunk(ChunkType::kShutdownAck)});
  auto out = i.take(i.p.a);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, ChunkType::kShutdownComplete);
  EXPECT_EQ(out[0].flags & kFlagTagReflected, 0);
  EXPECT_EQ(i.p.a.assoc->state(), S::kClosed);
  EXPECT_EQ(i.p.a.count<Closed>(), 1);
}

TEST(SctpStateShutdownSent, SimultaneousShutdownIsAcked) {
  ShutdownSent i;
  // RFC 9260 9.2: a SHUTDOWN in SHUTDOWN-SENT is answered with SHUTDOWN ACK -> SHUTDOWN-ACK-SENT.
  i.inject(i.p.a, i.tag_a, {shutdown_chunk(i.tsn_a - 1)});
  EXPECT_TRUE(Injector::contains(i.take(i.p.a), ChunkType::kShutdownAck));
  EXPECT_EQ(i.p.a.assoc->state(), S::kShutdownAckSent);
}

TEST(SctpStateShutdownSent, DataIsAnsweredWithShutdown) {
  ShutdownSent i;
  // RFC 9260 9.2: the SHUTDOWN sender answers every packet with DATA with a SHUTDOWN (its cumulative
  // TSN ack acknowledges the data) and restarts T2-shutdown.
  i.inject(i.p.a, i.tag_a, {data_chunk(i.tsn_b, 1, 0, {5})});
  auto out = i.take(i.p.a);
  ASSERT_TRUE(Injector::contains(out, ChunkType::kShutdown));
  EXPECT_FALSE(Injector::contains(out, ChunkType::kSack));
  for (const auto& c : out) {
    if (c.type == ChunkType::kShutdown) {
      EXPECT_EQ(load_u32(c.value().data()), i.tsn_b);
    }
  }
  ASSERT_EQ(i.p.a.messages.size(), 1u);
  EXPECT_EQ(i.p.a.assoc->state(), S::kShutdownSent);
}

TEST(SctpStateShutdownSent, T2ExpiryRepeatsShutdownThenAborts) {
  SctpSettings s;
  s.max_retransmissions = 2;
  Injector i(s, SctpSettings{});
  ASSERT_TRUE(i.p.connect());
  i.p.run_until([] { return false; }, Duration::millis(500));
  i.take(i.p.a);
  i.p.a.assoc->shutdown(i.p.now);
  i.take(i.p.a);
  for (int n = 0; n < 2; ++n) {
    i.p.now = i.p.a.assoc->next_timeout();
    i.p.a.assoc->handle_timeout(i.p.now);
    EXPECT_TRUE(Injector::contains(i.take(i.p.a), ChunkType::kShutdown));
  }
  i.p.now = i.p.a.assoc->next_timeout();
  i.p.a.assoc->handle_timeout(i.p.now);
  EXPECT_TRUE(Injector::contains(i.take(i.p.a), ChunkType::kAbort));
  EXPECT_EQ(i.p.a.assoc->state(), S::kClosed);
  EXPECT_EQ(i.p.a.count<Aborted>(), 1);
}

// --- SHUTDOWN-ACK-SENT ----------------------------------------------------------------------------

struct ShutdownAckSent : Established {
  ShutdownAckSent() {
    inject(p.b, tag_b, {shutdown_chunk(tsn_b - 1)});
    EXPECT_TRUE(contains(take(p.b), ChunkType::kShutdownAck));
    EXPECT_EQ(p.b.assoc->state(), S::kShutdownAckSent);
  }
};

TEST(SctpStateShutdownAckSent, ShutdownCompleteCloses) {
  ShutdownAckSent i;
  i.inject(i.p.b, i.tag_b, {simple_chunk(ChunkType::kShutdownComplete)});
  EXPECT_TRUE(i.take(i.p.b).empty());
  EXPECT_EQ(i.p.b.assoc->state(), S::kClosed);
  EXPECT_EQ(i.p.b.count<Closed>(), 1);
}

TEST(SctpStateShutdownAckSent, ShutdownAckFromSimultaneousCloseCompletes) {
  ShutdownAckSent i;
  i.inject(i.p.b, i.tag_b, {simple_chunk(ChunkType::kShutdownAck)});
  auto out = i.take(i.p.b);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, ChunkType::kShutdownComplete);
  EXPECT_EQ(i.p.b.assoc->state(), S::kClosed);
}

TEST(SctpStateShutdownAckSent, InitIsAnsweredWithShutdownAck) {
  ShutdownAckSent i;
  // RFC 9260 9.2: the INIT gets a SHUTDOWN ACK, sent with the INIT's initiate tag.
  PacketBuilder b;
  b.reset(5000, 5000, 0, 1500);
  b.append_chunk(init_chunk(0xabcd, 3));
  auto pkt = b.finish(false);
  i.p.b.assoc->handle_input(pkt, i.p.now);
  std::vector<std::vector<uint8_t>> packets;
  while (auto o = i.p.b.assoc->poll_output()) {
    if (auto* t = std::get_if<Transmit>(&*o)) packets.push_back(t->packet);
  }
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(load_u32(packets[0].data() + 4), 0xabcdu);
  auto chunks = testing::chunks_of(packets[0]);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].type, ChunkType::kShutdownAck);
  EXPECT_EQ(i.p.b.assoc->state(), S::kShutdownAckSent);
}

TEST(SctpStateShutdownAckSent, T2ExpiryRepeatsShutdownAck) {
  ShutdownAckSent i;
  i.p.now = i.p.b.assoc->next_timeout();
  i.p.b.assoc->handle_timeout(i.p.now);
  EXPECT_TRUE(Injector::contains(i.take(i.p.b), ChunkType::kShutdownAck));
  EXPECT_EQ(i.p.b.assoc->state(), S::kShutdownAckSent);
}

// --- CLOSED (out of the blue, RFC 9260 8.4) -------------------------------------------------------

TEST(SctpStateClosed, OutOfTheBlueShutdownAckGetsReflectedShutdownComplete) {
  Injector i;
  i.inject(i.p.b, 0x7777, {simple_chunk(ChunkType::kShutdownAck)});
  std::vector<std::vector<uint8_t>> packets;
  while (auto o = i.p.b.assoc->poll_output()) {
    if (auto* t = std::get_if<Transmit>(&*o)) packets.push_back(t->packet);
  }
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(load_u32(packets[0].data() + 4), 0x7777u);  // 8.4 item 5: the packet's own tag, T bit set
  auto chunks = testing::chunks_of(packets[0]);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].type, ChunkType::kShutdownComplete);
  EXPECT_EQ(chunks[0].flags & kFlagTagReflected, kFlagTagReflected);
}

TEST(SctpStateClosed, OutOfTheBlueAbortCompleteAndCookieAckAreSilentlyDropped) {
  Injector i;
  for (ChunkType t : {ChunkType::kAbort, ChunkType::kShutdownComplete, ChunkType::kCookieAck}) {
    i.inject(i.p.b, 0x7777, {simple_chunk(t)});
    EXPECT_TRUE(i.take(i.p.b).empty()) << to_string(t);
    EXPECT_EQ(i.p.b.assoc->state(), S::kClosed);
  }
}

TEST(SctpStateClosed, OutOfTheBlueDataGetsReflectedAbort) {
  Injector i;
  i.inject(i.p.b, 0x7777, {data_chunk(1, 0, 0, {1})});
  auto out = i.take(i.p.b);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type, ChunkType::kAbort);
  EXPECT_EQ(out[0].flags & kFlagTagReflected, kFlagTagReflected);
}

}  // namespace
}  // namespace purertc::sctp
