#include "rtp/rtcp/rtcp_packet.h"

#include <gtest/gtest.h>

#include <vector>

#include "common/hex.h"
#include "common/random.h"

namespace purertc::rtp {
namespace {

std::vector<uint8_t> hex(const char* s) { return *from_hex(s); }

template <class T>
const T& as(const RtcpPacket& p) {
  return std::get<T>(p);
}

// SR with one report block followed by SDES CNAME, as a browser sends it once a stream is flowing.
const char* kSrSdes =
    "81c8000c 902f9e2e e9a1d2b3 4a3d70a4 000d1b40 00000096 0000f3e8"  // SR header, sender info
    "bc5e9a40 01000003 00001a2b 0000002a e9a14a3d 00012000"           // report block
    "81ca0006 902f9e2e 010e 6a47 5a61 7436 4b33 7266 5a36 3543 00000000";  // SDES CNAME "jGZat6K3rfZ65C"

TEST(Rtcp, SenderReportAndSdes) {
  auto bytes = hex(kSrSdes);
  auto pkts = parse_rtcp_compound(bytes, {.allow_reduced_size = false});
  ASSERT_TRUE(pkts) << to_string(pkts.error());
  ASSERT_EQ(pkts->size(), 2u);
  const auto& sr = as<SenderReport>((*pkts)[0]);
  EXPECT_EQ(sr.sender_ssrc, 0x902f9e2eu);
  EXPECT_EQ(sr.ntp_timestamp, 0xe9a1d2b34a3d70a4ull);
  EXPECT_EQ(sr.rtp_timestamp, 0x000d1b40u);
  EXPECT_EQ(sr.packet_count, 150u);
  EXPECT_EQ(sr.octet_count, 0xf3e8u);
  ASSERT_EQ(sr.report_blocks.size(), 1u);
  const auto& rb = sr.report_blocks[0];
  EXPECT_EQ(rb.ssrc, 0xbc5e9a40u);
  EXPECT_EQ(rb.fraction_lost, 1);
  EXPECT_EQ(rb.cumulative_lost, 3);
  EXPECT_EQ(rb.extended_highest_sequence, 0x1a2bu);
  EXPECT_EQ(rb.jitter, 42u);
  EXPECT_EQ(rb.last_sr, 0xe9a14a3du);
  EXPECT_EQ(rb.delay_since_last_sr, 0x12000u);
  const auto& sdes = as<SourceDescription>((*pkts)[1]);
  ASSERT_EQ(sdes.chunks.size(), 1u);
  EXPECT_EQ(sdes.chunks[0].ssrc, 0x902f9e2eu);
  ASSERT_EQ(sdes.chunks[0].items.size(), 1u);
  EXPECT_EQ(sdes.chunks[0].items[0].type, 1);
  EXPECT_EQ(sdes.chunks[0].items[0].text, "jGZat6K3rfZ65C");
  auto back = serialize_rtcp_compound(*pkts);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, bytes);
}

TEST(Rtcp, ReceiverReportNegativeLossAndExtensions) {
  ReceiverReport rr;
  rr.sender_ssrc = 1;
  rr.report_blocks.push_back(ReportBlock{2, 0, -5, 100, 7, 8, 9});
  rr.profile_extensions = {1, 2, 3, 4};
  RtcpPacket p = rr;
  auto bytes = serialize_rtcp_compound(std::span(&p, 1));
  ASSERT_TRUE(bytes);
  EXPECT_EQ(to_hex(*bytes), "81c90008" "00000001" "00000002" "00fffffb" "00000064" "00000007" "00000008" "00000009"
                            "01020304");
  auto back = parse_rtcp_compound(*bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(as<ReceiverReport>((*back)[0]), rr);
  rr.report_blocks[0].cumulative_lost = 0x800000;
  ByteBuffer out;
  EXPECT_FALSE(rr.write(out));
}

TEST(Rtcp, ByeAndApp) {
  auto bytes = hex("82cb0005 00000001 00000002 08736875 74646f77 6e000000"  // BYE 2 SSRCs "shutdown"
                   "85cc0003 00000009 71727374 aabbccdd");                  // APP subtype 5 "qrst"
  auto pkts = parse_rtcp_compound(bytes);
  ASSERT_TRUE(pkts) << to_string(pkts.error());
  const auto& bye = as<Bye>((*pkts)[0]);
  EXPECT_EQ(bye.ssrcs, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(bye.reason, "shutdown");
  const auto& app = as<App>((*pkts)[1]);
  EXPECT_EQ(app.subtype, 5);
  EXPECT_EQ(app.ssrc, 9u);
  EXPECT_EQ(app.name[0], 'q');
  EXPECT_EQ(to_hex(app.data), "aabbccdd");
  EXPECT_EQ(*serialize_rtcp_compound(*pkts), bytes);
  EXPECT_FALSE(parse_rtcp_compound(bytes, {.allow_reduced_size = false}));
}

TEST(Rtcp, GenericNack) {
  // PID 100 with BLP 0x8005 (101, 103, 116 lost), then PID 200.
  auto bytes = hex("81cd0004 00000001 00000002 00648005 00c80000");
  auto pkts = parse_rtcp_compound(bytes);
  ASSERT_TRUE(pkts);
  const auto& nack = as<GenericNack>((*pkts)[0]);
  EXPECT_EQ(nack.lost, (std::vector<uint16_t>{100, 101, 103, 116, 200}));
  EXPECT_EQ(*serialize_rtcp_compound(*pkts), bytes);
  // Wrap-around packs into one item.
  GenericNack w{1, 2, {0xffff, 0, 1}};
  ByteBuffer out;
  ASSERT_TRUE(w.write(out));
  EXPECT_EQ(to_hex(out.view()), "81cd0003" "00000001" "00000002" "ffff0003");
}

TEST(Rtcp, TmmbrTmmbnPliFirRemb) {
  Tmmb tmmbr{false, 1, 0, {TmmbItem{5, 1000000, 40}}};
  Tmmb tmmbn{true, 1, 0, {}};
  Pli pli{1, 2};
  Fir fir{1, {FirEntry{7, 3}}};
  Remb remb{1, 2500000, {7, 8}};
  std::vector<RtcpPacket> in = {tmmbr, tmmbn, pli, fir, remb};
  auto bytes = serialize_rtcp_compound(in);
  ASSERT_TRUE(bytes);
  // TMMBR item: 1 Mbps = 125000 << 3 (17-bit mantissa), overhead 40.
  EXPECT_EQ(to_hex(std::span(*bytes).first(20)), "83cd0004" "00000001" "00000000" "00000005" "0fd09028");
  auto back = parse_rtcp_compound(*bytes);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 5u);
  // Both bitrates are exact on the wire: 2.5 Mbps = 156250 << 4 fits REMB's 18-bit mantissa.
  EXPECT_EQ(as<Tmmb>((*back)[0]), tmmbr);
  EXPECT_EQ(as<Tmmb>((*back)[1]), tmmbn);
  EXPECT_EQ(as<Pli>((*back)[2]), pli);
  EXPECT_EQ(as<Fir>((*back)[3]), fir);
  EXPECT_EQ(as<Remb>((*back)[4]), remb);
}

TEST(Rtcp, RembExactBytes) {
  // Chrome's REMB: sender 1, media 0, "REMB", 1 SSRC, exp 3 mantissa 0x1e848 (1,000,000 bps), ssrc.
  auto bytes = hex("8fce0005 00000001 00000000 52454d42 010de848 12345678");
  auto pkts = parse_rtcp_compound(bytes);
  ASSERT_TRUE(pkts);
  const auto& r = as<Remb>((*pkts)[0]);
  EXPECT_EQ(r.bitrate_bps, 0x1e848u << 3);
  EXPECT_EQ(r.ssrcs, (std::vector<uint32_t>{0x12345678}));
}

TEST(Rtcp, TransportCcExactBytes) {
  // statuses: small, small, lost, large; deltas 1, 2, 256 -> one 2-bit status vector chunk (0xd480).
  auto bytes = hex("8fcd0006 00000001 00000002 00010004 00001005 d480 01 02 0100 0000");
  auto pkts = parse_rtcp_compound(bytes);
  ASSERT_TRUE(pkts) << to_string(pkts.error());
  const auto& f = as<TransportCcFeedback>((*pkts)[0]);
  EXPECT_EQ(f.base_sequence, 1);
  EXPECT_EQ(f.reference_time, 0x10);
  EXPECT_EQ(f.feedback_count, 5);
  EXPECT_EQ(f.statuses, (std::vector<TccStatus>{TccStatus::kSmallDelta, TccStatus::kSmallDelta,
                                                TccStatus::kNotReceived, TccStatus::kLargeDelta}));
  EXPECT_EQ(f.deltas, (std::vector<int16_t>{1, 2, 256}));
  EXPECT_STREQ(to_string(f.statuses[3]), "large-delta");
  EXPECT_EQ(*serialize_rtcp_compound(*pkts), bytes);
}

TEST(Rtcp, TransportCcRunLengthAndOneBitVector) {
  // Run of 20 small deltas (0x2014), then a 1-bit vector 0101 0101 0101 01 (0x9555), then a run-length
  // chunk of 3 lost (0x0003); 20 + 7 deltas of 4 ticks.
  std::string h = "8fcd000d 00000001 00000002 fff0 0025 fffffe 00 2014 9555 0003";
  for (int i = 0; i < 27; ++i) h += "04";
  h += "000000";
  auto bytes = hex(h.c_str());
  auto pkts = parse_rtcp_compound(bytes);
  ASSERT_TRUE(pkts) << to_string(pkts.error());
  const auto& f = as<TransportCcFeedback>((*pkts)[0]);
  ASSERT_EQ(f.statuses.size(), 37u);
  EXPECT_EQ(f.reference_time, -2);
  EXPECT_EQ(f.statuses[19], TccStatus::kSmallDelta);
  EXPECT_EQ(f.statuses[20], TccStatus::kNotReceived);
  EXPECT_EQ(f.statuses[21], TccStatus::kSmallDelta);
  EXPECT_EQ(f.statuses[36], TccStatus::kNotReceived);
  EXPECT_EQ(f.deltas.size(), 27u);
  EXPECT_EQ(*serialize_rtcp_compound(*pkts), bytes);
}

TEST(Rtcp, TransportCcRandomRoundTrip) {
  SeededRandom rng(7);
  for (int iter = 0; iter < 200; ++iter) {
    TransportCcFeedback f;
    f.base_sequence = static_cast<uint16_t>(rng.next_u32());
    f.reference_time = static_cast<int32_t>(rng.next_u32() % 0x1000000) - 0x800000;
    size_t n = 1 + rng.next_u32() % 300;
    for (size_t i = 0; i < n; ++i) {
      uint32_t r = rng.next_u32() % 10;
      if (r < 3) f.add_lost();
      else if (r < 8) ASSERT_TRUE(f.add_received(static_cast<int32_t>(rng.next_u32() % 256)));
      else ASSERT_TRUE(f.add_received(static_cast<int32_t>(rng.next_u32() % 60000) - 30000));
    }
    if (iter % 3 == 0) f.statuses.assign(n, TccStatus::kNotReceived), f.deltas.clear();
    ByteBuffer out;
    ASSERT_TRUE(f.write(out));
    ASSERT_EQ(out.size(), f.serialized_size());
    auto v = RtcpPacketView::parse(out.view());
    ASSERT_TRUE(v);
    auto back = TransportCcFeedback::parse(*v);
    ASSERT_TRUE(back) << to_string(back.error());
    EXPECT_EQ(*back, f);
  }
}

TEST(Rtcp, UnknownTypesPreserved) {
  // A PSFB FMT 2 (SLI) and packet type 210 are not modelled: kept byte for byte.
  auto bytes = hex("80c90001 00000001 82ce0003 00000001 00000002 00004001 80d20001 01020304");
  auto pkts = parse_rtcp_compound(bytes, {.allow_reduced_size = false});
  ASSERT_TRUE(pkts);
  ASSERT_EQ(pkts->size(), 3u);
  EXPECT_EQ(as<UnknownRtcp>((*pkts)[1]).type(), 206);
  EXPECT_EQ(as<UnknownRtcp>((*pkts)[2]).type(), 210);
  EXPECT_EQ(*serialize_rtcp_compound(*pkts), bytes);
}

TEST(Rtcp, ExtendedReportRrtrDlrrAndOtherBlocks) {
  // XR from sender 1: RRTR, DLRR with one item, and a statistics summary block (BT 6) kept verbatim.
  auto bytes = hex("80cf000a 00000001 04000002 e9a1d2b3 4a3d70a4 05000003 00000002 d2b34a3d 00010000"
                   "06e00001 0a0b0c0d");
  auto pkts = parse_rtcp_compound(bytes);
  ASSERT_TRUE(pkts) << to_string(pkts.error());
  const auto& xr = as<ExtendedReport>((*pkts)[0]);
  EXPECT_EQ(*xr.rrtr_ntp, 0xe9a1d2b34a3d70a4ull);
  ASSERT_EQ(xr.dlrr.size(), 1u);
  EXPECT_EQ(xr.dlrr[0], (DlrrItem{2, 0xd2b34a3d, 0x10000}));
  ASSERT_EQ(xr.other_blocks.size(), 1u);
  EXPECT_EQ(xr.other_blocks[0].type, 6);
  EXPECT_EQ(xr.other_blocks[0].type_specific, 0xe0);
  EXPECT_EQ(*serialize_rtcp_compound(*pkts), bytes);
  EXPECT_FALSE(parse_rtcp_compound(hex("80cf0003 00000001 04000001 00000000")));  // RRTR length 1
  EXPECT_FALSE(parse_rtcp_compound(hex("80cf0003 00000001 05000002 00000000")));  // DLRR of 8 bytes
  EXPECT_FALSE(parse_rtcp_compound(hex("80cf0002 00000001 05000003")));           // block past end
}

TEST(Rtcp, ReducedSizeAndCompoundRules) {
  auto pli = hex("81ce0002 00000001 00000002");
  EXPECT_TRUE(parse_rtcp_compound(pli, {.allow_reduced_size = true}));
  EXPECT_EQ(parse_rtcp_compound(pli, {.allow_reduced_size = false}).error().code, Errc::kMalformed);
  size_t n = 0;
  ASSERT_TRUE(for_each_rtcp_packet(pli, true, [&](const RtcpPacketView& v) {
    ++n;
    EXPECT_EQ(v.type, 206);
    EXPECT_EQ(v.count, 1);
  }));
  EXPECT_EQ(n, 1u);
  std::vector<uint8_t> many;
  for (int i = 0; i < 65; ++i) many.insert(many.end(), pli.begin(), pli.end());
  EXPECT_EQ(parse_rtcp_compound(many).error().code, Errc::kLimitExceeded);
}

TEST(Rtcp, PaddingIsRemoved) {
  // RR with P set: 4 bytes of padding, the last holding the count.
  auto bytes = hex("a0c90002 00000001 00000004");
  auto pkts = parse_rtcp_compound(bytes);
  ASSERT_TRUE(pkts);
  EXPECT_TRUE(as<ReceiverReport>((*pkts)[0]).profile_extensions.empty());
}

TEST(Rtcp, RejectsMalformed) {
  EXPECT_EQ(parse_rtcp_compound(hex("81c9")).error().code, Errc::kTruncated);
  EXPECT_EQ(parse_rtcp_compound(hex("41c90001 00000001")).error().code, Errc::kMalformed);
  EXPECT_EQ(parse_rtcp_compound(hex("81c90002 00000001")).error().code, Errc::kTruncated);
  EXPECT_EQ(parse_rtcp_compound(hex("a0c90001 00000000")).error().code, Errc::kMalformed);  // pad count 0
  EXPECT_EQ(parse_rtcp_compound(hex("a0c90001 00000009")).error().code, Errc::kMalformed);  // pad too long
  EXPECT_EQ(parse_rtcp_compound(hex("81c90001 00000001")).error().code, Errc::kTruncated);  // RC=1, no block
  EXPECT_EQ(parse_rtcp_compound(hex("80c80001 00000001")).error().code, Errc::kTruncated);  // SR w/o info
  EXPECT_EQ(parse_rtcp_compound(hex("81ca0001 00000001")).error().code, Errc::kTruncated);  // SDES no end
  EXPECT_EQ(parse_rtcp_compound(hex("81ca0002 00000001 010a6162")).error().code, Errc::kTruncated);
  EXPECT_EQ(parse_rtcp_compound(hex("82cb0001 00000001")).error().code, Errc::kTruncated);  // BYE SC=2
  EXPECT_EQ(parse_rtcp_compound(hex("81cb0002 00000001 09616263")).error().code, Errc::kTruncated);
  EXPECT_EQ(parse_rtcp_compound(hex("80cc0001 00000001")).error().code, Errc::kTruncated);  // APP no name
  EXPECT_EQ(parse_rtcp_compound(hex("81cd0002 00000001 00000002")).error().code, Errc::kMalformed);  // NACK no FCI
  EXPECT_EQ(parse_rtcp_compound(hex("81ce0001 00000001")).error().code, Errc::kTruncated);  // PLI short
  EXPECT_EQ(parse_rtcp_compound(hex("84ce0002 00000001 00000000")).error().code, Errc::kMalformed);  // FIR no FCI
  EXPECT_EQ(parse_rtcp_compound(hex("83cd0002 00000001 00000000")).error().code, Errc::kMalformed);  // TMMBR empty
  EXPECT_EQ(parse_rtcp_compound(hex("8fce0004 00000001 00000000 52454d42 05000001")).error().code,
            Errc::kTruncated);  // REMB claims 5 SSRCs
  // Transport-cc: status count 5, chunk covers 1, no more chunks.
  EXPECT_EQ(parse_rtcp_compound(hex("8fcd0004 00000001 00000002 00000005 00000000")).error().code,
            Errc::kTruncated);
  // Reserved symbol 3 in a run-length chunk, and an empty run.
  EXPECT_EQ(parse_rtcp_compound(hex("8fcd0005 00000001 00000002 00000001 00000000 60010000")).error().code,
            Errc::kMalformed);
  EXPECT_EQ(parse_rtcp_compound(hex("8fcd0005 00000001 00000002 00000001 00000000 20000000")).error().code,
            Errc::kMalformed);
  // Deltas missing.
  EXPECT_EQ(parse_rtcp_compound(hex("8fcd0005 00000001 00000002 00000003 00000000 20030000")).error().code,
            Errc::kTruncated);
}

}  // namespace
}  // namespace purertc::rtp
