#include "srtp/session.h"

#include <gtest/gtest.h>

#include <numeric>

#include "tests/srtp/test_util.h"

namespace purertc::srtp {
namespace {

using testing::make_rtcp;
using testing::make_rtp;

TEST(Session, KeyingMaterialSizesFollowRfc5764AndRfc7714) {
  EXPECT_EQ(keying_material_size(Profile::kAes128CmHmacSha1_80), 60u);
  EXPECT_EQ(keying_material_size(Profile::kAes128CmHmacSha1_32), 60u);
  EXPECT_EQ(keying_material_size(Profile::kNullHmacSha1_80), 60u);
  EXPECT_EQ(keying_material_size(Profile::kAeadAes128Gcm), 56u);
  EXPECT_EQ(keying_material_size(Profile::kAeadAes256Gcm), 88u);
}

TEST(Session, SplitsClientKeyServerKeyClientSaltServerSalt) {
  std::vector<uint8_t> km(56);
  std::iota(km.begin(), km.end(), uint8_t{0});
  auto keys = split_keying_material(Profile::kAeadAes128Gcm, km);
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->client_key.data(), km.data());
  EXPECT_EQ(keys->server_key.data(), km.data() + 16);
  EXPECT_EQ(keys->client_salt.data(), km.data() + 32);
  EXPECT_EQ(keys->server_salt.data(), km.data() + 44);
  EXPECT_EQ(keys->server_salt.size(), 12u);
  auto bad = split_keying_material(Profile::kAeadAes128Gcm, std::span(km).first(55));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::kInvalidArgument);
  EXPECT_FALSE(Session::create(Profile::kAes128CmHmacSha1_80, km, DtlsRole::kClient));
}

// The client's outbound context is the server's inbound one and vice versa; each side's own outbound
// packets do not unprotect with its own inbound context (different keys per direction).
TEST(Session, ClientAndServerTalkBothWays) {
  for (Profile profile : {Profile::kAes128CmHmacSha1_80, Profile::kAeadAes256Gcm}) {
    std::vector<uint8_t> km(keying_material_size(profile));
    SeededRandom rng(11);
    rng.fill(km);
    auto client = Session::create(profile, km, DtlsRole::kClient);
    auto server = Session::create(profile, km, DtlsRole::kServer);
    ASSERT_TRUE(client && server);
    EXPECT_EQ(client->profile(), profile);

    auto p = make_rtp(1, 1, 100, rng);
    auto plain = p.plain();
    auto n = client->protect_rtp(p.buffer, p.size);
    ASSERT_TRUE(n);
    std::vector<uint8_t> wire(p.buffer.begin(), p.buffer.begin() + static_cast<ptrdiff_t>(*n));
    auto own = wire;
    EXPECT_FALSE(client->unprotect_rtp(own));
    auto back = server->unprotect_rtp(wire);
    ASSERT_TRUE(back);
    wire.resize(*back);
    EXPECT_EQ(wire, plain);

    auto r = make_rtcp(2, 32, rng);
    auto rplain = r.plain();
    auto rn = server->protect_rtcp(r.buffer, r.size);
    ASSERT_TRUE(rn);
    std::vector<uint8_t> rwire(r.buffer.begin(), r.buffer.begin() + static_cast<ptrdiff_t>(*rn));
    auto rback = client->unprotect_rtcp(rwire);
    ASSERT_TRUE(rback);
    rwire.resize(*rback);
    EXPECT_EQ(rwire, rplain);

    std::vector<PacketSlot> slots;
    auto q = make_rtp(1, 2, 50, rng);
    slots.push_back(PacketSlot{q.buffer, q.size, {}});
    EXPECT_EQ(client->protect_rtp_batch(slots), 1u);
    std::vector<uint8_t> qwire(q.buffer.begin(), q.buffer.begin() + static_cast<ptrdiff_t>(slots[0].length));
    EXPECT_TRUE(server->unprotect_rtp(qwire));
  }
}

}  // namespace
}  // namespace purertc::srtp
