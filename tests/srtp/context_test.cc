#include "srtp/context.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "common/hex.h"
#include "tests/sim/sim_link.h"
#include "tests/srtp/test_util.h"

namespace purertc::srtp {
namespace {

using testing::make_rtcp;
using testing::make_rtp;
using testing::TestPacket;

constexpr Profile kAllProfiles[] = {Profile::kAes128CmHmacSha1_80, Profile::kAes128CmHmacSha1_32,
                                    Profile::kNullHmacSha1_80, Profile::kAeadAes128Gcm, Profile::kAeadAes256Gcm};

std::vector<uint8_t> key_for(Profile p, uint8_t fill) { return std::vector<uint8_t>(params(p).master_key_size, fill); }
std::vector<uint8_t> salt_for(Profile p, uint8_t fill) { return std::vector<uint8_t>(params(p).master_salt_size, fill); }

Context make(Profile p, const Settings& s = {}) {
  auto c = Context::create(p, key_for(p, 0x11), salt_for(p, 0x22), s);
  EXPECT_TRUE(c);
  return std::move(*c);
}

std::vector<uint8_t> protect_rtp(Context& c, TestPacket& p) {
  auto n = c.protect_rtp(p.buffer, p.size);
  EXPECT_TRUE(n) << (n ? "" : to_string(n.error()));
  return {p.buffer.begin(), p.buffer.begin() + static_cast<ptrdiff_t>(n ? *n : 0)};
}

Errc unprotect_error(Context& c, std::vector<uint8_t> wire, bool rtcp = false) {
  auto n = rtcp ? c.unprotect_rtcp(wire) : c.unprotect_rtp(wire);
  EXPECT_FALSE(n);
  return n ? Errc::kInternal : n.error().code;
}

class AllProfiles : public ::testing::TestWithParam<Profile> {};
INSTANTIATE_TEST_SUITE_P(Srtp, AllProfiles, ::testing::ValuesIn(kAllProfiles),
                         [](const auto& info) { return std::string(to_string(info.param)).substr(5); });

TEST_P(AllProfiles, RtpAndRtcpRoundTripOverSizesAndSsrcs) {
  Context tx = make(GetParam());
  Context rx = make(GetParam());
  SeededRandom rng(1);
  for (int i = 0; i < 600; ++i) {
    uint32_t ssrc = 1000 + static_cast<uint32_t>(i % 5);
    auto p = make_rtp(ssrc, static_cast<uint16_t>(65000 + i), rng.uniform(1300), rng, rng.uniform(3));
    auto plain = p.plain();
    auto wire = protect_rtp(tx, p);
    ASSERT_EQ(wire.size(), plain.size() + rtp_overhead(GetParam()));
    auto n = rx.unprotect_rtp(wire);
    ASSERT_TRUE(n) << to_string(n.error());
    wire.resize(*n);
    ASSERT_EQ(wire, plain);

    auto r = make_rtcp(ssrc, 8 + 4 * rng.uniform(60), rng);
    auto rplain = r.plain();
    auto rn = tx.protect_rtcp(r.buffer, r.size);
    ASSERT_TRUE(rn);
    ASSERT_EQ(*rn, r.size + rtcp_overhead(GetParam()));
    std::vector<uint8_t> rwire(r.buffer.begin(), r.buffer.begin() + static_cast<ptrdiff_t>(*rn));
    // The E flag says whether the body is encrypted; NULL never encrypts.
    bool e_flag = (params(GetParam()).cipher == CipherKind::kAesGcm ? rwire[rwire.size() - 4]
                                                                    : rwire[r.size]) & 0x80;
    EXPECT_EQ(e_flag, GetParam() != Profile::kNullHmacSha1_80);
    auto back = rx.unprotect_rtcp(rwire);
    ASSERT_TRUE(back) << to_string(back.error());
    rwire.resize(*back);
    ASSERT_EQ(rwire, rplain);
  }
  EXPECT_EQ(tx.send_ssrc_count(), 5u);
  EXPECT_EQ(rx.receive_ssrc_count(), 5u);
}

TEST_P(AllProfiles, TamperedPacketsFailAuthenticationAndLeaveStateAlone) {
  Context tx = make(GetParam());
  Context rx = make(GetParam());
  SeededRandom rng(2);
  auto p = make_rtp(7, 100, 200, rng);
  auto wire = protect_rtp(tx, p);
  for (size_t bit : {size_t{9}, size_t{100}, wire.size() * 8 - 1}) {
    auto bad = wire;
    bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_EQ(unprotect_error(rx, bad), Errc::kAuthFailed) << bit;
  }
  EXPECT_EQ(rx.receive_ssrc_count(), 0u);  // nothing authenticated: no state for SSRC 7
  auto good = wire;
  EXPECT_TRUE(rx.unprotect_rtp(good));
  // Wrong key altogether.
  auto other = Context::create(GetParam(), key_for(GetParam(), 0x12), salt_for(GetParam(), 0x22));
  auto p2 = make_rtp(7, 101, 50, rng);
  EXPECT_EQ(unprotect_error(*other, protect_rtp(tx, p2)), Errc::kAuthFailed);
  // SRTCP too.
  auto r = make_rtcp(7, 40, rng);
  auto rn = tx.protect_rtcp(r.buffer, r.size);
  ASSERT_TRUE(rn);
  std::vector<uint8_t> rwire(r.buffer.begin(), r.buffer.begin() + static_cast<ptrdiff_t>(*rn));
  rwire[20] ^= 4;
  EXPECT_EQ(unprotect_error(rx, rwire, true), Errc::kAuthFailed);
}

// RFC 3711 Appendix A through several 2^16 wraps, over a link that reorders, duplicates and loses
// packets: every original packet that arrives unprotects (so the ROC guess was right: a wrong ROC fails
// authentication), every duplicate is a replay.
TEST_P(AllProfiles, RocAcrossWrapsWithReorderingLossAndDuplicates) {
  Context tx = make(GetParam());
  Context rx = make(GetParam());
  sim::Impairment imp;
  imp.loss = 0.01;
  imp.duplicate = 0.01;
  imp.reorder = 0.05;
  imp.reorder_delay = Duration::millis(40);
  imp.jitter = Duration::millis(5);
  sim::SimLink link(imp, 42);
  SeededRandom rng(3);
  const uint16_t first_seq = 60000;
  const int kPackets = 3 * 65536 + 20000;  // crosses the wrap four times
  Timestamp now = Timestamp::from_millis(0);
  std::map<uint16_t, int> delivered;
  int ok = 0, replays = 0;
  auto drain = [&] {
    while (auto wire = link.receive(now)) {
      auto r = rx.unprotect_rtp(*wire);
      if (r) {
        ++ok;
      } else {
        ASSERT_EQ(r.error().code, Errc::kReplay) << to_string(r.error());
        ++replays;
      }
    }
  };
  for (int i = 0; i < kPackets; ++i) {
    auto p = make_rtp(0xabcdef01, static_cast<uint16_t>(first_seq + i), 16, rng);
    link.send(protect_rtp(tx, p), now);
    now = now + Duration::micros(500);
    drain();
  }
  now = now + Duration::seconds(1);
  drain();
  const auto& st = link.stats();
  EXPECT_EQ(static_cast<uint64_t>(ok + replays), st.delivered);
  EXPECT_EQ(static_cast<uint64_t>(replays), st.duplicated);
  EXPECT_GT(st.reordered, 1000u);
  EXPECT_EQ(static_cast<uint64_t>(ok), st.sent - st.lost);
}

TEST(Srtp, EstimatePacketIndexFollowsAppendixA) {
  // Same ROC.
  EXPECT_EQ(estimate_packet_index(0x10005, 0x0003), 0x10003u);
  EXPECT_EQ(estimate_packet_index(0x10005, 0x8005), 0x18005u);  // exactly 2^15 ahead: same ROC
  // Wrap forward: s_l near the top, seq small.
  EXPECT_EQ(estimate_packet_index(0x1fff0, 0x0002), 0x20002u);
  // Late packet from before the wrap: s_l small, seq near the top.
  EXPECT_EQ(estimate_packet_index(0x20002, 0xfff0), 0x1fff0u);
  // The boundaries: SEQ - s_l > 2^15 (not >=) means ROC - 1; s_l - 2^15 > SEQ means ROC + 1.
  EXPECT_EQ(estimate_packet_index(0x20000, 0x8000), 0x28000u);
  EXPECT_EQ(estimate_packet_index(0x20000, 0x8001), 0x18001u);
  EXPECT_EQ(estimate_packet_index(0x28000, 0x0000), 0x20000u);
  EXPECT_EQ(estimate_packet_index(0x28001, 0x0000), 0x30000u);
  // Before the first wrap there is no ROC - 1.
  EXPECT_EQ(estimate_packet_index(0x00010, 0xfff0), 0x0fff0u);
  // Far into the index space.
  EXPECT_EQ(estimate_packet_index(0xffffffff0000ull + 5, 3), 0xffffffff0003ull);
}

TEST(Srtp, ReplayWindowDefaultsAndLargerWindow) {
  SeededRandom rng(4);
  for (size_t window : {size_t{0}, size_t{1024}}) {
    Settings s;
    if (window) s.rtp_replay_window = window;
    Context tx = make(Profile::kAeadAes128Gcm, s);
    Context rx = make(Profile::kAeadAes128Gcm, s);
    std::vector<std::vector<uint8_t>> wires;
    for (uint16_t seq = 0; seq < 1100; ++seq) {
      auto p = make_rtp(5, seq, 20, rng);
      wires.push_back(protect_rtp(tx, p));
    }
    // Deliver everything except 100, 900 and 1000, then the late ones.
    for (uint16_t seq = 0; seq < 1100; ++seq) {
      if (seq == 100 || seq == 900 || seq == 1000) continue;
      auto w = wires[seq];
      ASSERT_TRUE(rx.unprotect_rtp(w));
    }
    auto w1000 = wires[1000];
    EXPECT_TRUE(rx.unprotect_rtp(w1000));  // 99 behind: inside both windows (128 default)
    auto again = wires[1000];
    EXPECT_EQ(unprotect_error(rx, again), Errc::kReplay);
    auto w900 = wires[900];
    auto r900 = rx.unprotect_rtp(w900);  // 199 behind
    auto w100 = wires[100];
    auto r100 = rx.unprotect_rtp(w100);  // 999 behind
    if (window) {
      EXPECT_TRUE(r900);
      EXPECT_TRUE(r100);
    } else {
      ASSERT_FALSE(r900);
      EXPECT_EQ(r900.error().code, Errc::kReplay);
      ASSERT_FALSE(r100);
      EXPECT_EQ(r100.error().code, Errc::kReplay);
    }
  }
}

TEST(Srtp, SrtcpIndexIncrementsAndReplaysAreCaught) {
  Context tx = make(Profile::kAes128CmHmacSha1_80);
  Context rx = make(Profile::kAes128CmHmacSha1_80);
  SeededRandom rng(5);
  std::vector<std::vector<uint8_t>> wires;
  for (uint32_t i = 0; i < 300; ++i) {
    auto r = make_rtcp(9, 28, rng);
    auto n = tx.protect_rtcp(r.buffer, r.size);
    ASSERT_TRUE(n);
    EXPECT_EQ(load_u32(&r.buffer[r.size]), 0x80000000u | i);  // E flag and index, before the tag
    wires.emplace_back(r.buffer.begin(), r.buffer.begin() + static_cast<ptrdiff_t>(*n));
  }
  for (uint32_t i = 0; i < 300; i += 2) {
    auto w = wires[i];
    ASSERT_TRUE(rx.unprotect_rtcp(w));
  }
  auto odd = wires[297];
  EXPECT_TRUE(rx.unprotect_rtcp(odd));  // reordered but inside the 128 window
  auto dup = wires[298];
  EXPECT_EQ(unprotect_error(rx, dup, true), Errc::kReplay);
  auto old = wires[1];
  EXPECT_EQ(unprotect_error(rx, old, true), Errc::kReplay);  // 297 behind
  EXPECT_EQ(rx.stats().replays, 2u);
}

TEST(Srtp, IndexSpaceExhaustion) {
  Context tx = make(Profile::kAes128CmHmacSha1_80);
  SeededRandom rng(6);
  ASSERT_TRUE(tx.set_send_rtcp_index(3, kMaxSrtcpIndex));
  auto r = make_rtcp(3, 8, rng);
  EXPECT_TRUE(tx.protect_rtcp(r.buffer, r.size));
  auto r2 = make_rtcp(3, 8, rng);
  auto n = tx.protect_rtcp(r2.buffer, r2.size);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, Errc::kLimitExceeded);
  EXPECT_FALSE(tx.set_send_rtcp_index(3, kMaxSrtcpIndex + 1));

  ASSERT_TRUE(tx.set_send_rtp_index(3, kMaxPacketIndex));
  auto p = make_rtp(3, 0, 10, rng);  // would be ROC 2^32
  auto pn = tx.protect_rtp(p.buffer, p.size);
  ASSERT_FALSE(pn);
  EXPECT_EQ(pn.error().code, Errc::kLimitExceeded);
  auto q = make_rtp(3, 0xffff, 10, rng);  // the last index itself, once more (retransmission)
  EXPECT_TRUE(tx.protect_rtp(q.buffer, q.size));
}

// The sender can continue a stream mid-way (RFC 4568-style ROC hand-over); the receiver follows by
// being given the same starting point implicitly through the first packet (ROC 0) only, so here the
// receiver is checked to reject a stream that starts with a ROC it cannot know.
TEST(Srtp, ReceiverAssumesRocZeroForANewSsrc) {
  Context tx = make(Profile::kAeadAes128Gcm);
  Context rx = make(Profile::kAeadAes128Gcm);
  SeededRandom rng(7);
  ASSERT_TRUE(tx.set_send_rtp_index(77, 0x30000));
  auto p = make_rtp(77, 1, 10, rng);
  EXPECT_EQ(unprotect_error(rx, protect_rtp(tx, p)), Errc::kAuthFailed);
}

TEST(Srtp, SsrcLimitIsDistinctAndForgeriesCreateNothing) {
  Settings s;
  s.max_ssrcs = 2;
  Context tx = make(Profile::kAes128CmHmacSha1_80, Settings{});
  Context rx = make(Profile::kAes128CmHmacSha1_80, s);
  SeededRandom rng(8);
  for (uint32_t ssrc : {1u, 2u}) {
    auto p = make_rtp(ssrc, 10, 10, rng);
    auto w = protect_rtp(tx, p);
    ASSERT_TRUE(rx.unprotect_rtp(w));
  }
  auto p3 = make_rtp(3, 10, 10, rng);
  EXPECT_EQ(unprotect_error(rx, protect_rtp(tx, p3)), Errc::kLimitExceeded);
  auto r3 = make_rtcp(3, 8, rng);
  auto rn = tx.protect_rtcp(r3.buffer, r3.size);
  ASSERT_TRUE(rn);
  EXPECT_EQ(unprotect_error(rx, std::vector<uint8_t>(r3.buffer.begin(), r3.buffer.begin() + static_cast<ptrdiff_t>(*rn)),
                            true),
            Errc::kLimitExceeded);
  EXPECT_EQ(rx.receive_ssrc_count(), 2u);
  rx.remove_ssrc(1);
  auto p4 = make_rtp(4, 10, 10, rng);
  auto w4 = protect_rtp(tx, p4);
  EXPECT_TRUE(rx.unprotect_rtp(w4));  // room again

  // Sender side limit.
  Context small = make(Profile::kAes128CmHmacSha1_80, s);
  for (uint32_t ssrc : {1u, 2u}) {
    auto p = make_rtp(ssrc, 10, 10, rng);
    EXPECT_TRUE(small.protect_rtp(p.buffer, p.size));
  }
  auto p5 = make_rtp(5, 10, 10, rng);
  auto n5 = small.protect_rtp(p5.buffer, p5.size);
  ASSERT_FALSE(n5);
  EXPECT_EQ(n5.error().code, Errc::kLimitExceeded);

  // Forged packets from new SSRCs do not use up the table.
  Context fresh = make(Profile::kAes128CmHmacSha1_80, s);
  for (uint32_t ssrc = 100; ssrc < 200; ++ssrc) {
    auto p = make_rtp(ssrc, 1, 10, rng);
    p.size += 10;  // garbage tag
    EXPECT_EQ(unprotect_error(fresh, p.plain()), Errc::kAuthFailed);
  }
  EXPECT_EQ(fresh.receive_ssrc_count(), 0u);
  EXPECT_EQ(fresh.stats().auth_failures, 100u);
  EXPECT_EQ(rx.stats().ssrc_limit, 2u);
}

TEST(Srtp, MalformedAndShortInputsHaveDistinctErrors) {
  Context c = make(Profile::kAes128CmHmacSha1_80);
  SeededRandom rng(9);
  EXPECT_EQ(unprotect_error(c, std::vector<uint8_t>(21, 0x80)), Errc::kTruncated);  // < 12 + 10
  std::vector<uint8_t> v1(40, 0);
  v1[0] = 0x40;  // version 1
  EXPECT_EQ(unprotect_error(c, v1), Errc::kMalformed);
  std::vector<uint8_t> many_csrcs(40, 0);
  many_csrcs[0] = 0x8f;  // 15 CSRCs = 60 bytes of header
  EXPECT_EQ(unprotect_error(c, many_csrcs), Errc::kTruncated);
  std::vector<uint8_t> long_ext(40, 0);
  long_ext[0] = 0x90;
  long_ext[14] = 0x00;
  long_ext[15] = 0x10;  // 64 bytes of extension
  EXPECT_EQ(unprotect_error(c, long_ext), Errc::kTruncated);
  EXPECT_EQ(unprotect_error(c, std::vector<uint8_t>(21, 0x80), true), Errc::kTruncated);  // < 8 + 4 + 10
  std::vector<uint8_t> rtcp_v0(30, 0);
  EXPECT_EQ(unprotect_error(c, rtcp_v0, true), Errc::kMalformed);
  EXPECT_EQ(c.stats().malformed, 6u);
  EXPECT_EQ(c.stats().auth_failures, 0u);

  // Protect: no tailroom, length past the buffer, header longer than the packet.
  auto p = make_rtp(1, 1, 100, rng);
  std::span<uint8_t> tight(p.buffer.data(), p.size + 9);
  auto n = c.protect_rtp(tight, p.size);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, Errc::kBufferTooSmall);
  auto big = c.protect_rtp(tight, tight.size() + 1);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, Errc::kInvalidArgument);
  auto hdr = c.protect_rtp(p.buffer, 11);
  ASSERT_FALSE(hdr);
  EXPECT_EQ(hdr.error().code, Errc::kTruncated);
  auto r = make_rtcp(1, 8, rng);
  auto rn = c.protect_rtcp(std::span(r.buffer.data(), r.size + 13), r.size);
  ASSERT_FALSE(rn);
  EXPECT_EQ(rn.error().code, Errc::kBufferTooSmall);
}

TEST(Srtp, MalformedHeaderExtensionIsRefusedBeforeAnythingChanges) {
  Settings s;
  s.encrypted_header_extensions.set(1);
  Context tx = make(Profile::kAes128CmHmacSha1_80, s);
  Context rx = make(Profile::kAes128CmHmacSha1_80, s);
  SeededRandom rng(13);
  auto p = make_rtp(8, 1, 8, rng);
  p.buffer[0] |= 0x10;
  // One-byte block of one word whose element claims 16 bytes.
  const uint8_t ext[] = {0xBE, 0xDE, 0x00, 0x01, 0x1f, 1, 2, 3};
  std::copy(std::begin(ext), std::end(ext), p.buffer.begin() + 12);
  auto before = p.plain();
  auto n = tx.protect_rtp(p.buffer, p.size);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, Errc::kMalformed);
  EXPECT_EQ(p.plain(), before);
  EXPECT_EQ(tx.send_ssrc_count(), 0u);
  // The same block arriving (with any tag) is refused as malformed before authentication.
  auto wire = before;
  wire.resize(wire.size() + 10);
  EXPECT_EQ(unprotect_error(rx, wire), Errc::kMalformed);
}

TEST(Srtp, BatchProtectReportsEachPacket) {
  Context tx = make(Profile::kAeadAes128Gcm);
  Context rx = make(Profile::kAeadAes128Gcm);
  SeededRandom rng(10);
  std::vector<TestPacket> packets;
  for (uint16_t i = 0; i < 8; ++i) packets.push_back(make_rtp(44, i, 100 + i, rng));
  std::vector<std::vector<uint8_t>> plains;
  for (auto& p : packets) plains.push_back(p.plain());
  std::vector<PacketSlot> slots;
  for (auto& p : packets) slots.push_back(PacketSlot{p.buffer, p.size, {}});
  slots[3].buffer = slots[3].buffer.first(slots[3].length + 4);  // not enough tailroom
  EXPECT_EQ(tx.protect_rtp_batch(slots), 7u);
  ASSERT_FALSE(slots[3].status);
  EXPECT_EQ(slots[3].status.error().code, Errc::kBufferTooSmall);
  for (size_t i = 0; i < slots.size(); ++i) {
    if (i == 3) continue;
    ASSERT_TRUE(slots[i].status);
    std::vector<uint8_t> wire(slots[i].buffer.begin(), slots[i].buffer.begin() + static_cast<ptrdiff_t>(slots[i].length));
    auto n = rx.unprotect_rtp(wire);
    ASSERT_TRUE(n);
    wire.resize(*n);
    EXPECT_EQ(wire, plains[i]);
  }
}

TEST(Srtp, ContextRejectsBadKeysAndSettings) {
  EXPECT_FALSE(Context::create(Profile::kAes128CmHmacSha1_80, std::vector<uint8_t>(15), std::vector<uint8_t>(14)));
  EXPECT_FALSE(Context::create(Profile::kAeadAes128Gcm, std::vector<uint8_t>(16), std::vector<uint8_t>(14)));
  EXPECT_FALSE(Context::create(Profile::kAeadAes256Gcm, std::vector<uint8_t>(16), std::vector<uint8_t>(12)));
  Settings s;
  s.max_ssrcs = 0;
  auto c = Context::create(Profile::kAes128CmHmacSha1_80, std::vector<uint8_t>(16), std::vector<uint8_t>(14), s);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace purertc::srtp
