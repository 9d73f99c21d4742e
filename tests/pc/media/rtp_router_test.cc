// BUNDLE routing rules (RFC 8843 9.2, RFC 8852): mid, known SSRC, rid / repaired-rid, unique payload type.
#include "pc/media/rtp_router.h"

#include <gtest/gtest.h>

#include <string_view>

#include "rtp/packet/rtp_packet.h"

namespace purertc::pc::media {
namespace {

constexpr uint8_t kMid = 1, kRid = 2, kRrid = 3;

struct Pkt {
  std::vector<uint8_t> bytes;
  rtp::RtpPacketView view() const { return *rtp::RtpPacketView::parse(bytes); }
};

Pkt make(uint32_t ssrc, uint8_t pt, std::string_view mid = {}, std::string_view rid = {}, std::string_view rrid = {}) {
  rtp::RtpHeader h;
  h.ssrc = ssrc;
  h.payload_type = pt;
  auto b = [](std::string_view s) { return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size()); };
  if (!mid.empty()) {
    EXPECT_TRUE(h.add_extension(kMid, b(mid)));
  }
  if (!rid.empty()) {
    EXPECT_TRUE(h.add_extension(kRid, b(rid)));
  }
  if (!rrid.empty()) {
    EXPECT_TRUE(h.add_extension(kRrid, b(rrid)));
  }
  uint8_t payload[4] = {1, 2, 3, 4};
  Pkt p;
  p.bytes.resize(h.serialized_size(sizeof(payload)));
  EXPECT_TRUE(h.write_to(p.bytes, payload));
  return p;
}

RouteKeys keys(std::string mid, std::string rid, std::vector<uint8_t> pts, std::vector<uint8_t> rtx_pts = {}) {
  RouteKeys k;
  k.mid = std::move(mid);
  k.rid = std::move(rid);
  k.payload_types = std::move(pts);
  k.rtx_payload_types = std::move(rtx_pts);
  return k;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override { router.set_extension_ids(kMid, kRid, kRrid); }
  RtpRouter router;
  const ReceiverId audio{1}, video{2}, low{3}, high{4};
};

TEST_F(RouterTest, MidRoutesAndTeachesTheSsrc) {
  router.add_receiver(audio, keys("a", "", {111}));
  router.add_receiver(video, keys("v", "", {96}, {97}));
  auto r = router.route(make(10, 111, "a").view());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->receiver, audio);
  EXPECT_TRUE(r->learned);
  EXPECT_EQ(router.last_rule(), RouteRule::kMid);
  // Later packets without mid route by the learned SSRC.
  r = router.route(make(10, 111).view());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->receiver, audio);
  EXPECT_FALSE(r->learned);
  EXPECT_EQ(router.last_rule(), RouteRule::kSsrc);
}

TEST_F(RouterTest, MidOverridesAnOlderSsrcMapping) {
  router.add_receiver(audio, keys("a", "", {111}));
  router.add_receiver(video, keys("v", "", {96}));
  ASSERT_EQ(router.route(make(10, 111, "a").view())->receiver, audio);
  auto r = router.route(make(10, 96, "v").view());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->receiver, video);
  EXPECT_TRUE(r->learned);
  EXPECT_EQ(router.route(make(10, 96).view())->receiver, video);
}

TEST_F(RouterTest, RidAndRepairedRidPickSimulcastLayers) {
  router.add_receiver(low, keys("v", "lo", {96}, {97}));
  router.add_receiver(high, keys("v", "hi", {96}, {97}));
  // mid alone is ambiguous between the layers.
  EXPECT_FALSE(router.route(make(20, 96, "v").view()));
  auto r = router.route(make(21, 96, "v", "hi").view());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->receiver, high);
  EXPECT_FALSE(r->rtx);
  r = router.route(make(22, 97, "v", "", "lo").view());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->receiver, low);
  EXPECT_TRUE(r->rtx);
  // Learned: the RTX SSRC stays RTX without extensions.
  r = router.route(make(22, 97).view());
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->rtx);
  EXPECT_EQ(router.last_rule(), RouteRule::kSsrc);
}

TEST_F(RouterTest, RidWithoutMid) {
  router.add_receiver(low, keys("", "lo", {96}));
  router.add_receiver(high, keys("", "hi", {96}));
  auto r = router.route(make(30, 96, "", "lo").view());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->receiver, low);
  EXPECT_EQ(router.last_rule(), RouteRule::kRid);
}

TEST_F(RouterTest, UniquePayloadTypeRoutesAmbiguousDoesNot) {
  router.add_receiver(audio, keys("a", "", {111}));
  router.add_receiver(video, keys("v", "", {96, 100}, {97}));
  router.add_receiver(low, keys("w", "", {100}));
  auto r = router.route(make(40, 111).view());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->receiver, audio);
  EXPECT_EQ(router.last_rule(), RouteRule::kPayloadType);
  r = router.route(make(41, 97).view());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->receiver, video);
  EXPECT_TRUE(r->rtx);
  EXPECT_FALSE(router.route(make(42, 100).view()));  // two receivers share PT 100
  EXPECT_FALSE(router.route(make(43, 55).view()));
  EXPECT_EQ(router.stats().unroutable, 2u);
}

TEST_F(RouterTest, SignalledSsrcsRouteFromTheFirstPacket) {
  RouteKeys k = keys("", "", {96, 100}, {97});
  k.ssrc = 1234;
  k.rtx_ssrc = 5678;
  router.add_receiver(video, k);
  router.add_receiver(low, keys("", "", {100}));
  auto r = router.route(make(1234, 100).view());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->receiver, video);
  r = router.route(make(5678, 97).view());
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->rtx);
}

TEST_F(RouterTest, LearnedSsrcsAreBoundedAndRemovalForgets) {
  RtpRouter small(RouterSettings{4, 2});
  small.set_extension_ids(kMid, 0, 0);
  small.add_receiver(audio, keys("a", "", {111}));
  for (uint32_t s = 0; s < 100; ++s) ASSERT_TRUE(small.route(make(1000 + s, 111, "a").view()));
  EXPECT_EQ(small.learned_ssrcs(), 4u);
  EXPECT_EQ(small.stats().ssrcs_evicted, 96u);
  small.remove_receiver(audio);
  EXPECT_EQ(small.learned_ssrcs(), 0u);
  EXPECT_FALSE(small.route(make(1099, 111).view()));
  EXPECT_TRUE(small.note_unknown(1));
  EXPECT_FALSE(small.note_unknown(1));
  EXPECT_TRUE(small.note_unknown(2));
  EXPECT_FALSE(small.note_unknown(3));  // bound reached
}

TEST_F(RouterTest, ExtensionsNotNegotiatedAreIgnored) {
  RtpRouter plain;
  plain.add_receiver(audio, keys("a", "", {111}));
  plain.add_receiver(video, keys("v", "", {96}));
  // The packet says mid "v", but with no negotiated id the router must not read it: PT 111 -> audio.
  auto r = plain.route(make(50, 111, "v").view());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->receiver, audio);
}

}  // namespace
}  // namespace purertc::pc::media
