#include "pc/media/srtp_transport.h"

#include <gtest/gtest.h>

#include "common/random.h"
#include "pc/media/retransmission_buffer.h"
#include "rtp/packet/rtp_packet.h"

namespace purertc::pc::media {
namespace {

std::vector<uint8_t> rtp_packet(uint16_t seq) {
  rtp::RtpHeader h;
  h.payload_type = 96;
  h.sequence_number = seq;
  h.ssrc = 7;
  uint8_t payload[100] = {1, 2, 3};
  std::vector<uint8_t> b(h.serialized_size(sizeof(payload)));
  EXPECT_TRUE(h.write_to(b, payload));
  return b;
}

TEST(SrtpTransport, ClientAndServerHalvesMatchAndErrorsAreCounted) {
  const auto profile = srtp::Profile::kAes128CmHmacSha1_80;
  std::vector<uint8_t> keys(srtp::keying_material_size(profile));
  SeededRandom(3).fill(keys);
  auto client = SrtpTransport::create(profile, keys, srtp::DtlsRole::kClient);
  auto server = SrtpTransport::create(profile, keys, srtp::DtlsRole::kServer);
  ASSERT_TRUE(client && server);
  EXPECT_FALSE(SrtpTransport::create(profile, std::span(keys).first(10), srtp::DtlsRole::kClient));

  auto plain = rtp_packet(1);
  auto buf = plain;
  buf.resize(plain.size() + client->rtp_overhead());
  auto n = client->protect_rtp(buf, plain.size());
  ASSERT_TRUE(n);
  buf.resize(*n);
  auto replayed = buf;
  // A second packet (a fresh index, so the replay check passes) with one payload bit flipped.
  auto second = rtp_packet(2);
  auto tampered = second;
  tampered.resize(second.size() + client->rtp_overhead());
  ASSERT_TRUE(client->protect_rtp(tampered, second.size()));
  tampered[20] ^= 1;
  // A client cannot unprotect its own packets: the halves differ.
  auto own = buf;
  EXPECT_FALSE(client->unprotect_rtp(own));
  auto m = server->unprotect_rtp(buf);
  ASSERT_TRUE(m);
  EXPECT_EQ(std::vector<uint8_t>(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*m)), plain);
  EXPECT_FALSE(server->unprotect_rtp(replayed));
  EXPECT_FALSE(server->unprotect_rtp(tampered));
  uint8_t tiny[3] = {0x80, 0, 0};
  EXPECT_FALSE(server->unprotect_rtp(tiny));
  EXPECT_EQ(server->stats().rtp_unprotected, 1u);
  EXPECT_EQ(server->stats().replays, 1u);
  EXPECT_EQ(server->stats().auth_failures, 1u);
  EXPECT_EQ(server->stats().malformed, 1u);
  EXPECT_EQ(client->stats().auth_failures, 1u);

  // No tailroom: a protect error, counted.
  auto no_room = plain;
  EXPECT_FALSE(client->protect_rtp(no_room, no_room.size()));
  EXPECT_EQ(client->stats().protect_errors, 1u);
}

TEST(RetransmissionBuffer, BoundedByCountAndAge) {
  RetransmissionBuffer b(3, Duration::millis(500));  // rounds up to 4
  EXPECT_EQ(b.capacity(), 4u);
  for (uint16_t s = 65530; s != 4; ++s) b.store(s, rtp_packet(s), Timestamp::from_millis(s == 3 ? 100 : 0));
  EXPECT_TRUE(b.find(65529, Timestamp::from_millis(0)).empty());  // never stored
  EXPECT_TRUE(b.find(65533, Timestamp::from_millis(0)).empty());  // overwritten by 1
  EXPECT_FALSE(b.find(0, Timestamp::from_millis(0)).empty());
  EXPECT_EQ(b.find(3, Timestamp::from_millis(0)).size(), rtp_packet(3).size());
  EXPECT_FALSE(b.find(3, Timestamp::from_millis(600)).empty());
  EXPECT_TRUE(b.find(0, Timestamp::from_millis(600)).empty());  // too old
  RetransmissionBuffer off(0, Duration::seconds(1));
  off.store(1, rtp_packet(1), Timestamp());
  EXPECT_TRUE(off.find(1, Timestamp()).empty());
}

}  // namespace
}  // namespace purertc::pc::media
