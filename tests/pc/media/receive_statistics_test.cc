// RFC 3550 A.3 (loss) and A.8 (jitter) arithmetic of ReceiveStatistics, against values worked by hand.
#include "pc/media/receive_statistics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "pc/media/media_params.h"

namespace purertc::pc::media {
namespace {

TEST(ReceiveStatistics, JitterFollowsA8) {
  ReceiveStatistics s(90000);
  // Packets 20 ms apart in RTP time (1800 ticks); arrivals deviate by +0, +1 ms, -1 ms, +2 ms.
  const int64_t arrival_ms[] = {0, 21, 39, 62, 80};
  double j = 0;  // the floating-point form of A.8
  int64_t last_transit = 0;
  for (int i = 0; i < 5; ++i) {
    const uint32_t ts = 1000 + 1800 * static_cast<uint32_t>(i);
    s.on_packet(static_cast<uint16_t>(i), ts, Timestamp::from_millis(arrival_ms[i]), false);
    const int64_t transit = arrival_ms[i] * 90 - ts;
    if (i > 0) j += (static_cast<double>(std::llabs(transit - last_transit)) - j) / 16;
    last_transit = transit;
  }
  // Integer A.8 rounds each step; it stays within a tick of the real-valued form.
  EXPECT_NEAR(static_cast<double>(s.jitter()), j, 1.0);
  EXPECT_GT(s.jitter(), 0u);
}

TEST(ReceiveStatistics, RetransmissionsAndReorderedPacketsLeaveJitterAlone) {
  ReceiveStatistics s(90000);
  s.on_packet(0, 0, Timestamp::from_millis(0), false);
  s.on_packet(2, 3600, Timestamp::from_millis(40), false);
  s.on_packet(1, 1800, Timestamp::from_millis(500), false);  // late: not the newest
  s.on_packet(3, 5400, Timestamp::from_millis(60), true);    // a retransmission
  EXPECT_EQ(s.jitter(), 0u);
}

TEST(ReceiveStatistics, LossFractionAndCumulative) {
  ReceiveStatistics s(48000);
  for (uint16_t seq : {10, 11, 13, 14, 18, 19}) s.on_packet(seq, seq * 960u, Timestamp::from_millis(seq * 20), false);
  EXPECT_EQ(s.packets_lost(), 4);  // 12, 15, 16, 17
  auto b = s.make_report_block(42, Timestamp::from_millis(400));
  EXPECT_EQ(b.ssrc, 42u);
  EXPECT_EQ(b.cumulative_lost, 4);
  EXPECT_EQ(b.extended_highest_sequence, 19u);
  EXPECT_EQ(b.fraction_lost, (4 << 8) / 10);
  EXPECT_EQ(b.last_sr, 0u);
  // Next interval: 20..23 all received, and 12 arrives late: negative interval loss reports 0.
  for (uint16_t seq : {20, 21, 22, 23, 12}) s.on_packet(seq, seq * 960u, Timestamp::from_millis(seq * 20), false);
  b = s.make_report_block(42, Timestamp::from_millis(500));
  EXPECT_EQ(b.fraction_lost, 0);
  EXPECT_EQ(b.cumulative_lost, 3);
}

TEST(ReceiveStatistics, SequenceWrapExtendsTheHighestNumber) {
  ReceiveStatistics s(90000);
  s.on_packet(65534, 0, Timestamp::from_millis(0), false);
  s.on_packet(65535, 0, Timestamp::from_millis(1), false);
  s.on_packet(1, 0, Timestamp::from_millis(2), false);
  auto b = s.make_report_block(1, Timestamp::from_millis(3));
  EXPECT_EQ(b.extended_highest_sequence, 65536u + 1u);
  EXPECT_EQ(b.cumulative_lost, 1);  // 0 is missing
}

TEST(ReceiveStatistics, LastSenderReportAndDelay) {
  ReceiveStatistics s(90000);
  s.on_packet(1, 0, Timestamp::from_millis(0), false);
  const uint64_t ntp = (uint64_t{0x12345678} << 32) | 0x9abcdef0u;
  s.on_sender_report(ntp, Timestamp::from_millis(1000));
  auto b = s.make_report_block(1, Timestamp::from_millis(1500));
  EXPECT_EQ(b.last_sr, 0x56789abcu);
  EXPECT_EQ(b.delay_since_last_sr, 65536u / 2);  // 0.5 s
}

TEST(NtpTime, UnixEpochAndCompactForm) {
  EXPECT_EQ(ntp_from_unix_micros(0), kNtpUnixEpochOffsetSeconds << 32);
  EXPECT_EQ(ntp_from_unix_micros(1500000) & 0xffffffffu, 0x80000000u);
  EXPECT_EQ(duration_from_compact(0x00018000).us(), 1500000);
}

}  // namespace
}  // namespace purertc::pc::media
