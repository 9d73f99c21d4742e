// The knobs InterceptorRegistry turns on a MediaSession (reports on/off and their interval, NACK
// generation, the retransmission buffer) and the PacketInterceptor hook, on logical time.
#include <gtest/gtest.h>

#include <set>

#include "rtp/packet/rtp_packet.h"
#include "tests/pc/media/media_harness.h"

namespace purertc::pc::media::test {
namespace {

struct Video {
  SenderId sender;
  ReceiverId receiver;
};

Video add_video(Pair& p, size_t retransmission_packets = 1024, bool generate_nacks = true) {
  SenderParameters sp;
  sp.kind = MediaKind::kVideo;
  sp.ssrc = 0x1111;
  sp.rtx_ssrc = 0x2222;
  sp.mid = "0";
  sp.codec = vp8_codec();
  sp.extensions = default_extensions();
  sp.retransmission_packets = retransmission_packets;
  auto s = p.a.session.add_sender(sp);
  EXPECT_TRUE(s);
  ReceiverParameters rp;
  rp.kind = MediaKind::kVideo;
  rp.mid = "0";
  rp.codecs = {vp8_codec()};
  rp.extensions = default_extensions();
  rp.assemble_samples = true;
  rp.generate_nacks = generate_nacks;
  auto r = p.b.session.add_receiver(rp);
  EXPECT_TRUE(r);
  return {*s, *r};
}

void send_frames(Pair& p, const Video& v, int n) {
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(p.a.session.send_sample(v.sender, vp8_frame(p.a.random, 3000, i == 0), Duration::millis(33), p.now));
    p.run_for(Duration::millis(33));
  }
}

TEST(MediaSessionKnobs, ReportsOffSendNoReportsAndOnSendThem) {
  for (bool reports : {false, true}) {
    SCOPED_TRACE(reports ? "on" : "off");
    MediaSessionSettings settings;
    settings.rtcp_reports = reports;
    Pair p({}, {}, settings);
    auto v = add_video(p);
    send_frames(p, v, 30);
    p.run_for(Duration::seconds(5));
    // Nothing lost, so reports are the only RTCP either side would send.
    EXPECT_EQ(p.a.sent_rtcp.empty(), !reports);
    EXPECT_EQ(p.b.sent_rtcp.empty(), !reports);
    EXPECT_EQ(p.a.session.sender_stats(v.sender)->sender_reports_sent > 0, reports);
    EXPECT_EQ(p.b.session.receiver_stats(v.receiver)->sender_reports_received > 0, reports);
    if (!reports) {
      EXPECT_EQ(p.a.session.next_timeout(), Timestamp::infinite());  // no report timer armed
    }
  }
}

TEST(MediaSessionKnobs, ReportIntervalIsHonoured) {
  for (int64_t ms : {100, 1000}) {
    SCOPED_TRACE(ms);
    MediaSessionSettings settings;
    settings.rtcp_interval = Duration::millis(ms);
    Pair p({}, {}, settings);
    auto v = add_video(p);
    send_frames(p, v, 1);
    const size_t before = p.a.sent_rtcp.size();
    p.run_for(Duration::seconds(20));
    // RFC 3550 6.3.1 randomization: each gap is 0.5..1.5 x the interval.
    const auto sent = static_cast<int64_t>(p.a.sent_rtcp.size() - before);
    EXPECT_GE(sent, 20000 / (ms * 3 / 2) - 1);
    EXPECT_LE(sent, 20000 / (ms / 2) + 1);
  }
}

// Drops the first transmission of the 3rd RTP datagram from a to b.
void drop_third(Pair& p) {
  auto seen = std::make_shared<int>(0);
  p.filter_ab = [seen](const Transmit& t) { return t.rtcp || ++*seen != 3; };
}

TEST(MediaSessionKnobs, WithoutNackGenerationAGapIsNotNacked) {
  Pair p;
  auto v = add_video(p, 1024, /*generate_nacks=*/false);
  drop_third(p);
  send_frames(p, v, 10);
  p.run_for(Duration::seconds(1));
  auto rs = p.b.session.receiver_stats(v.receiver);
  EXPECT_EQ(rs->nacks_sent, 0u);
  EXPECT_EQ(rs->packets_lost, 1);
  EXPECT_EQ(p.a.session.sender_stats(v.sender)->nacks_received, 0u);
  EXPECT_LT(p.b.take<SampleReceived>().size(), 9u);  // the frame that lost a packet never completed
}

TEST(MediaSessionKnobs, WithoutRetransmissionBufferANackIsNotAnswered) {
  Pair p;
  auto v = add_video(p, /*retransmission_packets=*/0);
  drop_third(p);
  send_frames(p, v, 10);
  p.run_for(Duration::millis(300));
  auto nacks = p.a.take<NackReceived>();
  ASSERT_FALSE(nacks.empty());
  for (const auto& n : nacks) EXPECT_EQ(n.retransmitted, 0u);
  EXPECT_EQ(p.a.session.sender_stats(v.sender)->retransmitted_packets, 0u);
  EXPECT_GT(p.a.session.sender_stats(v.sender)->nack_misses, 0u);
}

// Records and tampers with what passes, per the test's instructions.
struct TestInterceptor : PacketInterceptor {
  std::set<uint16_t> drop_outgoing_seqs;  // first transmission of these media sequence numbers
  bool truncate_incoming = false;
  bool drop_incoming_rtcp = false;
  size_t out_rtp = 0, in_rtp = 0, out_rtcp = 0, in_rtcp = 0;
  std::set<SenderId> senders;
  std::set<ReceiverId> receivers;

  bool outgoing_rtp(SenderId s, std::vector<uint8_t>& packet) override {
    ++out_rtp;
    senders.insert(s);
    auto view = rtp::RtpPacketView::parse(packet);
    EXPECT_TRUE(view);
    return !(view && view->ssrc() == 0x1111 && drop_outgoing_seqs.erase(view->sequence_number()) == 1);
  }
  bool incoming_rtp(ReceiverId r, bool, std::vector<uint8_t>& packet) override {
    ++in_rtp;
    receivers.insert(r);
    if (truncate_incoming) packet.resize(4);
    return true;
  }
  bool outgoing_rtcp(std::vector<uint8_t>&) override { return ++out_rtcp, true; }
  bool incoming_rtcp(std::vector<uint8_t>&) override { return ++in_rtcp, !drop_incoming_rtcp; }
};

TEST(MediaSessionInterceptor, DropsAreRepairedFromTheRetransmissionBuffer) {
  Pair p;
  TestInterceptor at_a, at_b;
  p.a.session.set_packet_interceptor(&at_a);
  p.b.session.set_packet_interceptor(&at_b);
  auto v = add_video(p);
  const uint16_t first = p.a.session.sender(v.sender)->parameters().initial_sequence_number;
  for (uint16_t i : {2, 7, 20}) at_a.drop_outgoing_seqs.insert(static_cast<uint16_t>(first + i));
  std::vector<std::vector<uint8_t>> frames;
  for (int i = 0; i < 10; ++i) {
    frames.push_back(vp8_frame(p.a.random, 3000, i == 0));
    ASSERT_TRUE(p.a.session.send_sample(v.sender, frames.back(), Duration::millis(33), p.now));
    p.run_for(Duration::millis(33));
  }
  ASSERT_TRUE(p.a.session.send_sample(v.sender, vp8_frame(p.a.random, 100, false), Duration::millis(33), p.now));
  p.run_for(Duration::millis(500));
  auto samples = p.b.take<SampleReceived>();
  ASSERT_GE(samples.size(), frames.size());  // plus the trailing frame, when its marker completed it
  for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(samples[i].data, frames[i]) << i;
  EXPECT_TRUE(at_a.drop_outgoing_seqs.empty());
  EXPECT_EQ(p.a.session.stats().rtp_dropped_by_interceptor, 3u);
  EXPECT_EQ(p.a.session.sender_stats(v.sender)->retransmitted_packets, 3u);
  // Every datagram a sent passed its interceptor (drops excluded), and b's saw each one it received.
  EXPECT_EQ(at_a.out_rtp, p.a.sent_rtp.size() + 3);
  EXPECT_EQ(at_b.in_rtp, p.a.sent_rtp.size());
  EXPECT_EQ(at_a.senders, std::set<SenderId>{v.sender});
  EXPECT_EQ(at_b.receivers, std::set<ReceiverId>{v.receiver});
  EXPECT_EQ(at_b.out_rtcp, p.b.sent_rtcp.size());
  EXPECT_EQ(at_a.in_rtcp, p.b.sent_rtcp.size());
}

TEST(MediaSessionInterceptor, BrokenOrDroppedIncomingPacketsAreCounted) {
  Pair p;
  TestInterceptor at_b;
  at_b.truncate_incoming = true;
  at_b.drop_incoming_rtcp = true;
  p.b.session.set_packet_interceptor(&at_b);
  auto v = add_video(p);
  send_frames(p, v, 3);
  p.run_for(Duration::seconds(3));
  const auto stats = p.b.session.stats();
  EXPECT_EQ(stats.rtp_malformed, at_b.in_rtp);
  EXPECT_GT(at_b.in_rtp, 0u);
  EXPECT_EQ(p.b.session.receiver_stats(v.receiver)->packets_received, 0u);
  EXPECT_GT(stats.rtcp_dropped_by_interceptor, 0u);
  EXPECT_EQ(p.b.session.receiver_stats(v.receiver)->sender_reports_received, 0u);
}

}  // namespace
}  // namespace purertc::pc::media::test
