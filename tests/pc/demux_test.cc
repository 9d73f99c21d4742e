#include "pc/demux.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "common/hex.h"

namespace purertc::pc {
namespace {

PacketKind classify_hex(std::string_view hex) {
  auto bytes = from_hex(hex);
  EXPECT_TRUE(bytes.has_value()) << hex;
  return classify_packet(bytes ? std::span<const uint8_t>(*bytes) : std::span<const uint8_t>());
}

// RFC 5769 section 2.1 sample Binding request (header and the start of SOFTWARE).
TEST(Demux, StunBindingRequestAndResponse) {
  EXPECT_EQ(classify_hex("000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74"),
            PacketKind::kStun);
  // RFC 5769 section 2.2 sample IPv4 response.
  EXPECT_EQ(classify_hex("0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220"),
            PacketKind::kStun);
  // Binding indication (0x0011) and error response (0x0111) start with 0x00 and 0x01 too.
  EXPECT_EQ(classify_hex("001100002112a442000000000000000000000000"), PacketKind::kStun);
  EXPECT_EQ(classify_hex("011100002112a442000000000000000000000000"), PacketKind::kStun);
}

TEST(Demux, DtlsRecords) {
  // Handshake (22) record, DTLS 1.2 (fe fd), epoch 0, seq 0, a ClientHello fragment header.
  EXPECT_EQ(classify_hex("16fefd0000000000000000007c010000700000000000000070fefd"), PacketKind::kDtls);
  EXPECT_EQ(classify_hex("14fefd00000000000000050001"), PacketKind::kDtls);                  // ChangeCipherSpec
  EXPECT_EQ(classify_hex("15fefd0001000000000001001a0000"), PacketKind::kDtls);              // Alert
  EXPECT_EQ(classify_hex("17fefd000100000000000200200000000000000000"), PacketKind::kDtls);  // ApplicationData
  // DTLS 1.3 unified header (RFC 9147 section 4): 0b001CSLEE, e.g. 0x2f / 0x3f.
  EXPECT_EQ(classify_hex("2f00010020aabbcc"), PacketKind::kDtls);
  EXPECT_EQ(classify_hex("3fabcd0020aabbcc"), PacketKind::kDtls);
}

TEST(Demux, TurnChannelData) {
  // RFC 8656 section 12.4: channel number 0x4000..0x4FFF, then a 16-bit length.
  EXPECT_EQ(classify_hex("40000004deadbeef"), PacketKind::kTurnChannelData);
  EXPECT_EQ(classify_hex("4fff0000"), PacketKind::kTurnChannelData);
}

TEST(Demux, RtpPackets) {
  // V=2, PT 111 (Opus), seq 1, ts, SSRC, payload.
  EXPECT_EQ(classify_hex("806f0001000003c012345678fcff"), PacketKind::kRtp);
  // Marker set with PT 96 (VP8): second byte 0xe0 = 224, just past the RTCP range.
  EXPECT_EQ(classify_hex("90e0123400000000cafebabebede0001"), PacketKind::kRtp);
  // CSRC count 15 and padding/extension bits: first byte 0xbf is the top of the range.
  EXPECT_EQ(classify_hex("bf600001000000000000000001"), PacketKind::kRtp);
}

TEST(Demux, RtcpPackets) {
  // Sender report (200), receiver report (201), SDES (202), BYE (203), APP (204), RTPFB NACK (205),
  // PSFB PLI (206), XR (207): RFC 3550 / 4585 / 3611 packet types.
  EXPECT_EQ(classify_hex("80c8000612345678"), PacketKind::kRtcp);
  EXPECT_EQ(classify_hex("81c9000712345678"), PacketKind::kRtcp);
  EXPECT_EQ(classify_hex("81ca000612345678"), PacketKind::kRtcp);
  EXPECT_EQ(classify_hex("81cb000112345678"), PacketKind::kRtcp);
  EXPECT_EQ(classify_hex("80cc000212345678"), PacketKind::kRtcp);
  EXPECT_EQ(classify_hex("81cd00031234567887654321"), PacketKind::kRtcp);
  EXPECT_EQ(classify_hex("81ce00021234567887654321"), PacketKind::kRtcp);
  EXPECT_EQ(classify_hex("80cf000212345678"), PacketKind::kRtcp);
}

TEST(Demux, ZrtpAndOthersAreDropped) {
  // ZRTP (RFC 6189 section 5): first byte 0x10, then the magic cookie "ZRTP" at offset 4.
  EXPECT_EQ(classify_hex("10000001" "5a525450" "00000000"), PacketKind::kZrtp);
  // QUIC long header (first bit set, fixed bit set) and short header (fixed bit set, 0x40..0x7f is
  // TURN when <= 0x4f, QUIC above).
  EXPECT_EQ(classify_hex("c300000001"), PacketKind::kOther);
  EXPECT_EQ(classify_hex("5a0102"), PacketKind::kOther);
  EXPECT_EQ(classify_hex(""), PacketKind::kOther);
}

TEST(Demux, RtpRangeNeedsTwoBytes) {
  EXPECT_EQ(classify_hex("80"), PacketKind::kOther);
  EXPECT_EQ(classify_hex("8000"), PacketKind::kRtp);
}

PacketKind expected_for_first_byte(int b, int second) {
  if (b <= 3) return PacketKind::kStun;
  if (b <= 15) return PacketKind::kOther;
  if (b <= 19) return PacketKind::kZrtp;
  if (b <= 63) return PacketKind::kDtls;
  if (b <= 79) return PacketKind::kTurnChannelData;
  if (b <= 127) return PacketKind::kOther;
  if (b <= 191) return (second >= 192 && second <= 223) ? PacketKind::kRtcp : PacketKind::kRtp;
  return PacketKind::kOther;
}

// Every first byte, and the RTP/RTCP second-byte boundaries, against the table written out above.
TEST(Demux, EveryFirstByte) {
  for (int b = 0; b < 256; ++b) {
    for (int second : {0, 191, 192, 200, 223, 224, 255}) {
      std::array<uint8_t, 4> pkt{static_cast<uint8_t>(b), static_cast<uint8_t>(second), 0, 0};
      EXPECT_EQ(classify_packet(pkt), expected_for_first_byte(b, second)) << "first " << b << " second " << second;
    }
  }
}

TEST(Demux, Boundaries) {
  struct Case {
    uint8_t first;
    PacketKind kind;
  } cases[] = {
      {0, PacketKind::kStun},    {3, PacketKind::kStun},   {4, PacketKind::kOther},
      {15, PacketKind::kOther},  {16, PacketKind::kZrtp},  {19, PacketKind::kZrtp},
      {20, PacketKind::kDtls},   {63, PacketKind::kDtls},  {64, PacketKind::kTurnChannelData},
      {79, PacketKind::kTurnChannelData},                  {80, PacketKind::kOther},
      {127, PacketKind::kOther}, {128, PacketKind::kRtp},  {191, PacketKind::kRtp},
      {192, PacketKind::kOther}, {255, PacketKind::kOther},
  };
  for (const auto& c : cases) {
    const uint8_t pkt[2] = {c.first, 0x60};
    EXPECT_EQ(classify_packet(pkt), c.kind) << int{c.first};
  }
  const uint8_t rtcp_low[2] = {0x80, 191};
  const uint8_t rtcp_first[2] = {0x80, 192};
  const uint8_t rtcp_last[2] = {0x80, 223};
  const uint8_t rtp_after[2] = {0x80, 224};
  EXPECT_EQ(classify_packet(rtcp_low), PacketKind::kRtp);
  EXPECT_EQ(classify_packet(rtcp_first), PacketKind::kRtcp);
  EXPECT_EQ(classify_packet(rtcp_last), PacketKind::kRtcp);
  EXPECT_EQ(classify_packet(rtp_after), PacketKind::kRtp);
}

TEST(Demux, IsConstexprAndNamed) {
  static constexpr uint8_t kStun[] = {0x00, 0x01};
  static_assert(classify_packet(kStun) == PacketKind::kStun);
  EXPECT_EQ(to_string(PacketKind::kTurnChannelData), "turn-channel-data");
  EXPECT_EQ(to_string(PacketKind::kRtcp), "rtcp");
  EXPECT_EQ(to_string(PacketKind::kOther), "other");
}

}  // namespace
}  // namespace purertc::pc
