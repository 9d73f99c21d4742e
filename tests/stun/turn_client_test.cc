// TurnClient against FakeTurnServer with logical time: one test per transition, error codes, refresh
// timers, integrity checks on responses, and a run over a lossy, duplicating, reordering link.
#include "stun/turn/turn_client.h"

#include <gtest/gtest.h>

#include "common/random.h"
#include "tests/sim/sim_link.h"
#include "tests/stun/fake_turn_server.h"
#include "tests/stun/test_util.h"

namespace purertc::stun {
namespace {

using testing::ascii;
using testing::FakeTurnServer;

const SocketAddress kPeer = SocketAddress{IpAddress::v4(198, 51, 100, 7), 6000};
const SocketAddress kPeer2 = SocketAddress{IpAddress::v4(198, 51, 100, 8), 6001};

TurnClientSettings default_settings() {
  TurnClientSettings s;
  s.username = "alice";
  s.password = "secret";
  return s;
}

// The client and the fake server joined by a perfect in-memory pipe, with logical time.
struct Harness {
  explicit Harness(TurnClientSettings s = default_settings()) : client(std::move(s), rng) {}

  SeededRandom rng{7};
  TurnClient client;
  FakeTurnServer server;
  Timestamp now = Timestamp::from_millis(1000);
  std::vector<TurnEvent> events;
  std::vector<std::vector<uint8_t>> sent;  // everything the client transmitted
  bool drop_to_server = false;

  // Moves every output of the client to the server and every answer back, until quiet.
  void exchange() {
    for (int guard = 0; guard < 100; ++guard) {
      std::vector<std::vector<uint8_t>> responses;
      while (auto out = client.poll_output()) {
        if (auto* t = std::get_if<TurnTransmit>(&*out)) {
          sent.emplace_back(t->bytes.begin(), t->bytes.end());
          if (drop_to_server) continue;
          if (auto r = server.handle(t->bytes)) responses.push_back(std::move(*r));
        } else {
          events.push_back(std::get<TurnEvent>(*out));
        }
      }
      if (responses.empty()) return;
      for (auto& r : responses) EXPECT_FALSE(client.handle_input(r, now));
    }
    ADD_FAILURE() << "exchange did not settle";
  }

  void advance(Duration d) {
    Timestamp until = now + d;
    while (client.next_timeout() <= until) {
      now = std::max(now, client.next_timeout());
      client.handle_timeout(now);
      exchange();
    }
    now = until;
    client.handle_timeout(now);
    exchange();
  }

  void allocate() {
    ASSERT_TRUE(client.allocate(now));
    exchange();
    ASSERT_EQ(client.state(), TurnState::kAllocated);
  }

  size_t count(TurnEvent::Kind kind) const {
    return static_cast<size_t>(std::count_if(events.begin(), events.end(), [&](const TurnEvent& e) { return e.kind == kind; }));
  }
  const TurnEvent* last(TurnEvent::Kind kind) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->kind == kind) return &*it;
    }
    return nullptr;
  }
};

TEST(TurnClient, AllocateGoesThroughThe401Dance) {
  Harness h;
  ASSERT_TRUE(h.client.allocate(h.now));
  EXPECT_EQ(h.client.state(), TurnState::kAllocating);
  h.exchange();
  EXPECT_EQ(h.server.unauthenticated_requests, 1);
  EXPECT_EQ(h.server.requests[static_cast<uint16_t>(Method::kAllocate)], 1);
  ASSERT_EQ(h.client.state(), TurnState::kAllocated);
  const TurnEvent* e = h.last(TurnEvent::Kind::kAllocated);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->relayed, h.server.relayed);
  EXPECT_EQ(e->mapped, h.server.mapped);
  EXPECT_EQ(e->lifetime, Duration::seconds(600));
  EXPECT_EQ(h.client.relayed_address(), h.server.relayed);
  // The first Allocate carried no credentials, the second did.
  ASSERT_EQ(h.sent.size(), 2u);
  EXPECT_FALSE(MessageView::parse(h.sent[0])->has(AttributeType::kUsername));
  EXPECT_TRUE(MessageView::parse(h.sent[1])->has(AttributeType::kUsername));
  EXPECT_EQ(h.client.allocate(h.now).error().code, Errc::kWrongState);
}

TEST(TurnClient, WrongPasswordFailsWith401WithoutLooping) {
  TurnClientSettings s = default_settings();
  s.password = "wrong";
  Harness h(s);
  ASSERT_TRUE(h.client.allocate(h.now));
  h.exchange();
  EXPECT_EQ(h.client.state(), TurnState::kFailed);
  ASSERT_NE(h.last(TurnEvent::Kind::kAllocationFailed), nullptr);
  EXPECT_EQ(h.last(TurnEvent::Kind::kAllocationFailed)->error_code, kErrorUnauthenticated);
  EXPECT_EQ(h.sent.size(), 2u);
  EXPECT_TRUE(h.client.next_timeout().is_infinite());
}

class TurnAllocateError : public ::testing::TestWithParam<uint16_t> {};

TEST_P(TurnAllocateError, FailsTheAllocationWithTheCode) {
  Harness h;
  h.server.force_error = {{Method::kAllocate, GetParam()}};
  ASSERT_TRUE(h.client.allocate(h.now));
  h.exchange();
  EXPECT_EQ(h.client.state(), TurnState::kFailed);
  ASSERT_NE(h.last(TurnEvent::Kind::kAllocationFailed), nullptr);
  EXPECT_EQ(h.last(TurnEvent::Kind::kAllocationFailed)->error_code, GetParam());
  EXPECT_TRUE(h.client.next_timeout().is_infinite());
}

INSTANTIATE_TEST_SUITE_P(Codes, TurnAllocateError,
                         ::testing::Values(uint16_t{kErrorAllocationMismatch}, uint16_t{kErrorWrongCredentials},
                                           uint16_t{kErrorAllocationQuotaReached},
                                           uint16_t{kErrorInsufficientCapacity}, uint16_t{kErrorForbidden}));

TEST(TurnClient, TryAlternateNamesTheAlternateServer) {
  Harness h;
  h.server.force_error = {{Method::kAllocate, kErrorTryAlternate}};
  ASSERT_TRUE(h.client.allocate(h.now));
  h.exchange();
  EXPECT_EQ(h.client.state(), TurnState::kFailed);
  const TurnEvent* e = h.last(TurnEvent::Kind::kAllocationFailed);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->error_code, kErrorTryAlternate);
  ASSERT_TRUE(e->alternate_server);
  EXPECT_EQ(*e->alternate_server, (SocketAddress{IpAddress::v4(203, 0, 113, 9), 3478}));
}

TEST(TurnClient, StaleNonceIsRetriedWithTheNewNonce) {
  Harness h;
  h.allocate();
  h.server.nonce = "nonce-2";
  ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
  h.exchange();
  EXPECT_TRUE(h.client.has_permission(kPeer));
  EXPECT_EQ(h.count(TurnEvent::Kind::kPermissionCreated), 1u);
  EXPECT_EQ(h.server.requests[static_cast<uint16_t>(Method::kCreatePermission)], 1);
}

TEST(TurnClient, EndlessStaleNoncesGiveUp) {
  Harness h;
  h.allocate();
  h.server.always_stale = true;
  ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
  h.exchange();
  EXPECT_FALSE(h.client.has_permission(kPeer));
  ASSERT_NE(h.last(TurnEvent::Kind::kPermissionFailed), nullptr);
  EXPECT_EQ(h.last(TurnEvent::Kind::kPermissionFailed)->error_code, kErrorStaleNonce);
  EXPECT_EQ(h.client.state(), TurnState::kAllocated);
}

TEST(TurnClient, RefreshesTheAllocationBeforeExpiry) {
  Harness h;
  h.allocate();
  // LIFETIME 600 s, refresh margin 60 s: the Refresh goes out 540 s after the allocation.
  EXPECT_EQ(h.client.next_timeout(), h.now + Duration::seconds(540));
  h.advance(Duration::seconds(539));
  EXPECT_EQ(h.server.requests[static_cast<uint16_t>(Method::kRefresh)], 0);
  h.advance(Duration::seconds(1));
  EXPECT_EQ(h.server.requests[static_cast<uint16_t>(Method::kRefresh)], 1);
  EXPECT_EQ(h.server.last_refresh_lifetime, 600u);
  h.advance(Duration::seconds(540));
  EXPECT_EQ(h.server.requests[static_cast<uint16_t>(Method::kRefresh)], 2);
  EXPECT_EQ(h.client.state(), TurnState::kAllocated);
}

TEST(TurnClient, ShortLifetimeRefreshesAtHalf) {
  Harness h;
  h.server.lifetime = 60;
  h.allocate();
  EXPECT_EQ(h.client.next_timeout(), h.now + Duration::seconds(30));
}

TEST(TurnClient, ZeroLifetimeFromServerDoesNotSpinRefreshes) {
  Harness h;
  h.server.lifetime = 0;
  h.allocate();
  EXPECT_EQ(h.client.next_timeout(), h.now + Duration::seconds(1));
  h.advance(Duration::seconds(10));
  EXPECT_LE(h.server.requests[static_cast<uint16_t>(Method::kRefresh)], 10);
}

TEST(TurnClient, RefreshAnswered437LosesTheAllocation) {
  Harness h;
  h.allocate();
  h.server.force_error = {{Method::kRefresh, kErrorAllocationMismatch}};
  h.advance(Duration::seconds(540));
  EXPECT_EQ(h.client.state(), TurnState::kFailed);
  EXPECT_EQ(h.last(TurnEvent::Kind::kAllocationFailed)->error_code, kErrorAllocationMismatch);
}

TEST(TurnClient, PermissionsAreRefreshedEvery240Seconds) {
  Harness h;
  h.allocate();
  ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
  h.exchange();
  h.advance(Duration::seconds(240));
  EXPECT_EQ(h.server.requests[static_cast<uint16_t>(Method::kCreatePermission)], 2);
  h.advance(Duration::seconds(240));
  EXPECT_EQ(h.server.requests[static_cast<uint16_t>(Method::kCreatePermission)], 3);
  EXPECT_EQ(h.count(TurnEvent::Kind::kPermissionCreated), 1u) << "refreshes are silent";
}

TEST(TurnClient, PermissionErrorRemovesIt) {
  Harness h;
  h.allocate();
  h.server.force_error = {{Method::kCreatePermission, kErrorForbidden}};
  ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
  h.exchange();
  EXPECT_FALSE(h.client.has_permission(kPeer));
  EXPECT_EQ(h.last(TurnEvent::Kind::kPermissionFailed)->error_code, kErrorForbidden);
  uint8_t out[128];
  EXPECT_EQ(h.client.wrap(kPeer, ascii("x"), out).error().code, Errc::kWrongState);
}

TEST(TurnClient, ChannelBindInstallsPermissionAndIsRefreshedEvery540Seconds) {
  Harness h;
  h.allocate();
  auto ch = h.client.bind_channel(kPeer, h.now);
  ASSERT_TRUE(ch);
  EXPECT_EQ(*ch, kMinChannelNumber);
  EXPECT_EQ(*h.client.bind_channel(kPeer, h.now), *ch) << "binding again returns the same channel";
  h.exchange();
  EXPECT_EQ(h.client.channel_for(kPeer), *ch);
  EXPECT_TRUE(h.client.has_permission(kPeer));
  EXPECT_EQ(h.last(TurnEvent::Kind::kChannelBound)->channel, *ch);
  // The permission itself needs a CreatePermission every 240 s; the channel a ChannelBind every 540 s.
  h.advance(Duration::seconds(240));
  EXPECT_EQ(h.server.requests[static_cast<uint16_t>(Method::kCreatePermission)], 1);
  h.advance(Duration::seconds(300));
  EXPECT_EQ(h.server.requests[static_cast<uint16_t>(Method::kChannelBind)], 2);
  EXPECT_EQ(h.count(TurnEvent::Kind::kChannelBound), 1u);
}

TEST(TurnClient, ChannelBindErrorRemovesTheChannel) {
  Harness h;
  h.allocate();
  h.server.force_error = {{Method::kChannelBind, kErrorBadRequest}};
  ASSERT_TRUE(h.client.bind_channel(kPeer, h.now));
  h.exchange();
  EXPECT_EQ(h.client.channel_for(kPeer), 0);
  EXPECT_EQ(h.last(TurnEvent::Kind::kChannelBindFailed)->error_code, kErrorBadRequest);
}

TEST(TurnClient, WrapUsesSendIndicationThenChannelData) {
  TurnClientSettings s = default_settings();
  Harness h(s);
  h.allocate();
  uint8_t out[256];
  EXPECT_EQ(h.client.wrap(kPeer, ascii("x"), out).error().code, Errc::kWrongState) << "no permission yet";
  ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
  h.exchange();
  auto w = h.client.wrap(kPeer, ascii("hello"), out);
  ASSERT_TRUE(w);
  EXPECT_FALSE(h.server.handle(*w));
  ASSERT_EQ(h.server.send_indications.size(), 1u);
  EXPECT_EQ(h.server.send_indications[0].first, kPeer);
  EXPECT_EQ(std::string(h.server.send_indications[0].second.begin(), h.server.send_indications[0].second.end()), "hello");

  auto ch = h.client.bind_channel(kPeer, h.now);
  h.exchange();
  w = h.client.wrap(kPeer, ascii("hello"), out);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->size(), 4u + 5u) << "no padding over UDP";
  EXPECT_FALSE(h.server.handle(*w));
  ASSERT_EQ(h.server.channel_data.size(), 1u);
  EXPECT_EQ(h.server.channel_data[0].first, *ch);
  uint8_t tiny[6];
  EXPECT_EQ(h.client.wrap(kPeer, ascii("hello"), tiny).error().code, Errc::kBufferTooSmall);
}

TEST(TurnClient, StreamFramingPadsChannelData) {
  TurnClientSettings s = default_settings();
  s.framing = TurnFraming::kStream;
  Harness h(s);
  h.allocate();
  ASSERT_TRUE(h.client.bind_channel(kPeer, h.now));
  h.exchange();
  uint8_t out[64];
  auto w = h.client.wrap(kPeer, ascii("hello"), out);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->size(), 12u);
  auto cd = parse_channel_data(*w, TurnFraming::kStream);
  ASSERT_TRUE(cd);
  EXPECT_EQ(cd->data.size(), 5u);
}

TEST(TurnClient, ReceivesDataIndicationsOnlyFromPermittedPeers) {
  Harness h;
  h.allocate();
  auto from_stranger = h.server.data_indication(kPeer2, ascii("spam"));
  EXPECT_FALSE(h.client.handle_input(from_stranger, h.now));
  EXPECT_EQ(h.client.stats().dropped_no_permission, 1u);
  ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
  h.exchange();
  // Permissions are per IP address: another port of the same peer is allowed (RFC 8656 9).
  SocketAddress other_port = kPeer;
  other_port.port = 1234;
  auto indication = h.server.data_indication(other_port, ascii("data"));
  auto got = h.client.handle_input(indication, h.now);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->peer, other_port);
  EXPECT_FALSE(got->via_channel);
  EXPECT_EQ(std::string(got->data.begin(), got->data.end()), "data");
}

TEST(TurnClient, ReceivesChannelDataOnlyOnItsChannels) {
  Harness h;
  h.allocate();
  auto ch = h.client.bind_channel(kPeer, h.now);
  h.exchange();
  uint8_t buf[64];
  auto cd = write_channel_data(buf, *ch, ascii("abc"), TurnFraming::kDatagram);
  ASSERT_TRUE(cd);
  auto got = h.client.handle_input(*cd, h.now);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->peer, kPeer);
  EXPECT_TRUE(got->via_channel);
  auto other = write_channel_data(buf, static_cast<uint16_t>(*ch + 1), ascii("abc"), TurnFraming::kDatagram);
  EXPECT_FALSE(h.client.handle_input(*other, h.now));
  EXPECT_EQ(h.client.stats().dropped_no_permission, 1u);
  const uint8_t garbage[] = {0x40, 0x00, 0x00, 0x09, 1};
  EXPECT_FALSE(h.client.handle_input(garbage, h.now));
  EXPECT_EQ(h.client.stats().dropped_malformed, 1u);
}

TEST(TurnClient, ForgedSuccessIsDroppedAndTheRealOneAccepted) {
  Harness h;
  h.allocate();
  h.drop_to_server = true;
  ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
  h.exchange();
  ASSERT_FALSE(h.sent.empty());
  auto request = MessageView::parse(h.sent.back());
  ASSERT_TRUE(request);
  // A success response signed with the wrong key.
  std::vector<uint8_t> buf(128);
  MessageBuilder b(buf, MessageType(Method::kCreatePermission, MessageClass::kSuccessResponse),
                   request->transaction_id_copy());
  crypto::HmacKey wrong(crypto::HashAlgorithm::kSha1, ascii("wrong"));
  b.add_message_integrity(wrong);
  buf.resize(b.finish()->size());
  EXPECT_FALSE(h.client.handle_input(buf, h.now));
  EXPECT_EQ(h.client.stats().dropped_unauthenticated, 1u);
  EXPECT_FALSE(h.client.has_permission(kPeer));
  // The transaction is still alive: the retransmission reaches the server this time.
  h.drop_to_server = false;
  h.advance(Duration::millis(500));
  EXPECT_TRUE(h.client.has_permission(kPeer));
}

TEST(TurnClient, DuplicateAndUnknownResponsesAreIgnored) {
  Harness h;
  h.allocate();
  h.drop_to_server = true;
  ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
  h.exchange();
  auto response = h.server.handle(h.sent.back());
  ASSERT_TRUE(response);
  EXPECT_FALSE(h.client.handle_input(*response, h.now));
  EXPECT_FALSE(h.client.handle_input(*response, h.now));
  h.exchange();
  EXPECT_EQ(h.count(TurnEvent::Kind::kPermissionCreated), 1u);
  EXPECT_EQ(h.client.stats().dropped_unmatched, 1u);
}

TEST(TurnClient, AllocateTimesOutAfterTheLastRetransmission) {
  Harness h;
  h.drop_to_server = true;
  ASSERT_TRUE(h.client.allocate(h.now));
  h.exchange();
  h.advance(Duration::millis(39499));
  EXPECT_EQ(h.client.state(), TurnState::kAllocating);
  EXPECT_EQ(h.sent.size(), 7u) << "Rc = 7 transmissions";
  h.advance(Duration::millis(1));
  EXPECT_EQ(h.client.state(), TurnState::kFailed);
  EXPECT_EQ(h.last(TurnEvent::Kind::kAllocationFailed)->error_code, 0);
  EXPECT_TRUE(h.client.next_timeout().is_infinite());
}

TEST(TurnClient, CloseDeallocatesWithLifetimeZero) {
  Harness h;
  h.allocate();
  ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
  h.exchange();
  h.client.close(h.now);
  EXPECT_EQ(h.client.state(), TurnState::kClosing);
  h.exchange();
  EXPECT_EQ(h.client.state(), TurnState::kClosed);
  EXPECT_EQ(h.server.last_refresh_lifetime, 0u);
  EXPECT_EQ(h.count(TurnEvent::Kind::kClosed), 1u);
  EXPECT_TRUE(h.client.next_timeout().is_infinite());
  h.client.close(h.now);
  EXPECT_EQ(h.count(TurnEvent::Kind::kClosed), 1u) << "close is idempotent";
  EXPECT_EQ(h.client.create_permission(kPeer, h.now).error().code, Errc::kWrongState);
}

TEST(TurnClient, CloseWhileServerIsGoneStillCloses) {
  Harness h;
  h.allocate();
  h.drop_to_server = true;
  h.client.close(h.now);
  h.advance(Duration::seconds(40));
  EXPECT_EQ(h.client.state(), TurnState::kClosed);
}

TEST(TurnClient, LimitsOnPermissionsAndChannels) {
  TurnClientSettings s = default_settings();
  s.max_permissions = 1;
  s.max_channels = 1;
  Harness h(s);
  EXPECT_EQ(h.client.create_permission(kPeer, h.now).error().code, Errc::kWrongState);
  h.allocate();
  ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
  EXPECT_EQ(h.client.create_permission(kPeer2, h.now).error().code, Errc::kLimitExceeded);
  EXPECT_EQ(h.client.bind_channel(kPeer2, h.now).error().code, Errc::kLimitExceeded);
  ASSERT_TRUE(h.client.bind_channel(kPeer, h.now));
  SocketAddress same_ip_other_port = kPeer;
  same_ip_other_port.port = 7;
  EXPECT_EQ(h.client.bind_channel(same_ip_other_port, h.now).error().code, Errc::kLimitExceeded);
}

TEST(TurnClient, Rfc8489ServerGetsSha256UserhashAndPasswordAlgorithms) {
  Harness h;
  h.server.rfc8489 = true;
  ASSERT_TRUE(h.client.allocate(h.now));
  h.exchange();
  ASSERT_EQ(h.client.state(), TurnState::kAllocated) << (h.events.empty() ? "" : h.events.back().reason);
  auto req = MessageView::parse(h.sent.back());
  ASSERT_TRUE(req);
  EXPECT_FALSE(req->has(AttributeType::kUsername));
  EXPECT_TRUE(req->has_message_integrity_sha256());
  EXPECT_FALSE(req->has_message_integrity());
}

// Allocation, permission and channel complete over a link that loses, duplicates and reorders.
TEST(TurnClient, CompletesOverAnImpairedLink) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Harness h;
    sim::Impairment imp;
    imp.loss = 0.2;
    imp.duplicate = 0.1;
    imp.reorder = 0.2;
    imp.delay = Duration::millis(30);
    imp.jitter = Duration::millis(20);
    sim::SimLink up(imp, seed), down(imp, seed + 1000);
    ASSERT_TRUE(h.client.allocate(h.now));
    bool asked = false;
    for (int step = 0; step < 10000; ++step) {
      while (auto out = h.client.poll_output()) {
        if (auto* t = std::get_if<TurnTransmit>(&*out)) {
          up.send(std::vector<uint8_t>(t->bytes.begin(), t->bytes.end()), h.now);
        } else {
          h.events.push_back(std::get<TurnEvent>(*out));
        }
      }
      if (h.client.state() == TurnState::kAllocated && !asked) {
        ASSERT_TRUE(h.client.create_permission(kPeer, h.now));
        ASSERT_TRUE(h.client.bind_channel(kPeer2, h.now));
        asked = true;
        continue;
      }
      if (asked && h.client.has_permission(kPeer) && h.client.channel_for(kPeer2) != 0) break;
      if (h.client.state() == TurnState::kFailed) break;
      Timestamp next = earliest(h.client.next_timeout(), earliest(up.next_delivery(), down.next_delivery()));
      ASSERT_FALSE(next.is_infinite());
      h.now = std::max(h.now, next);
      while (auto p = up.receive(h.now)) {
        if (auto r = h.server.handle(*p)) down.send(std::move(*r), h.now);
      }
      while (auto p = down.receive(h.now)) (void)h.client.handle_input(*p, h.now);
      h.client.handle_timeout(h.now);
    }
    EXPECT_EQ(h.client.state(), TurnState::kAllocated) << "seed " << seed;
    EXPECT_TRUE(h.client.has_permission(kPeer)) << "seed " << seed;
    EXPECT_NE(h.client.channel_for(kPeer2), 0) << "seed " << seed;
    EXPECT_EQ(h.count(TurnEvent::Kind::kAllocated), 1u);
    EXPECT_EQ(h.client.stats().dropped_unauthenticated, 0u);
  }
}

}  // namespace
}  // namespace purertc::stun
