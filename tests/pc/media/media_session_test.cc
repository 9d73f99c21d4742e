// Two MediaSessions back to back with real SRTP keys: samples in, identical samples out; loss repaired
// by NACK (plain and RTX); RTCP reports, keyframe requests, limits.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "rtp/packet/rtp_packet.h"
#include "rtp/rtcp/rtcp_packet.h"
#include "tests/pc/media/media_harness.h"

namespace purertc::pc::media::test {
namespace {

struct VideoSetup {
  SenderId sender;
  ReceiverId receiver;
};

VideoSetup add_video(Pair& p, bool rtx, bool assemble = true, const std::string& mid = "0") {
  SenderParameters sp;
  sp.kind = MediaKind::kVideo;
  sp.ssrc = 0x1111;
  if (rtx) sp.rtx_ssrc = 0x2222;
  sp.mid = mid;
  sp.cname = "alice";
  sp.codec = vp8_codec(96, rtx ? std::optional<uint8_t>(97) : std::nullopt);
  sp.extensions = default_extensions();
  auto s = p.a.session.add_sender(sp);
  EXPECT_TRUE(s);
  ReceiverParameters rp;
  rp.kind = MediaKind::kVideo;
  rp.mid = mid;
  rp.codecs = {vp8_codec(96, rtx ? std::optional<uint8_t>(97) : std::nullopt)};
  rp.extensions = default_extensions();
  rp.assemble_samples = assemble;
  auto r = p.b.session.add_receiver(rp);
  EXPECT_TRUE(r);
  return {*s, *r};
}

TEST(MediaSession, Vp8SamplesArriveIdentical) {
  Pair p;
  auto v = add_video(p, false);
  std::vector<std::vector<uint8_t>> frames;
  for (int i = 0; i < 30; ++i) {
    frames.push_back(vp8_frame(p.a.random, 500 + 317 * static_cast<size_t>(i), i % 10 == 0));
    ASSERT_TRUE(p.a.session.send_sample(v.sender, frames.back(), Duration::millis(33), p.now));
    p.run_for(Duration::millis(33));
  }
  p.run_for(Duration::millis(100));
  auto samples = p.b.take<SampleReceived>();
  ASSERT_EQ(samples.size(), frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(samples[i].data, frames[i]) << i;
    EXPECT_EQ(samples[i].keyframe, i % 10 == 0) << i;
    EXPECT_EQ(samples[i].receiver, v.receiver);
    if (i > 0) {
      EXPECT_EQ(samples[i].rtp_timestamp - samples[i - 1].rtp_timestamp, 2970u);  // 33 ms at 90 kHz
    }
  }
  auto started = p.b.take<ReceiverStarted>();
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].ssrc, 0x1111u);
  // Every datagram fits the MTU.
  for (const auto& d : p.a.sent_rtp) EXPECT_LE(d.size(), 1200u);
  auto ss = p.a.session.sender_stats(v.sender);
  auto rs = p.b.session.receiver_stats(v.receiver);
  EXPECT_EQ(ss->packets_sent, rs->packets_received);
  EXPECT_EQ(ss->bytes_sent, rs->bytes_received);
  EXPECT_EQ(ss->frames_sent, 30u);
  EXPECT_EQ(rs->packets_lost, 0);
  EXPECT_EQ(rs->frames_received, 30u);
}

TEST(MediaSession, OpusSamplesArriveIdentical) {
  Pair p;
  SenderParameters sp;
  sp.kind = MediaKind::kAudio;
  sp.ssrc = 0xA0D10;
  sp.mid = "1";
  sp.codec = opus_codec();
  sp.extensions = default_extensions();
  auto s = p.a.session.add_sender(sp);
  ASSERT_TRUE(s);
  ReceiverParameters rp;
  rp.kind = MediaKind::kAudio;
  rp.mid = "1";
  rp.codecs = {opus_codec()};
  rp.extensions = default_extensions();
  rp.assemble_samples = true;
  rp.emit_rtp_packets = true;
  auto r = p.b.session.add_receiver(rp);
  ASSERT_TRUE(r);
  std::vector<std::vector<uint8_t>> frames;
  for (int i = 0; i < 50; ++i) {
    std::vector<uint8_t> f(40 + static_cast<size_t>(i));
    p.a.random.fill(f);
    frames.push_back(f);
    ASSERT_TRUE(p.a.session.send_sample(*s, f, Duration::millis(20), p.now));
    p.run_for(Duration::millis(20));
  }
  p.run_for(Duration::millis(100));
  auto samples = p.b.take<SampleReceived>();
  ASSERT_EQ(samples.size(), frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(samples[i].data, frames[i]);
    if (i > 0) {
      EXPECT_EQ(samples[i].rtp_timestamp - samples[i - 1].rtp_timestamp, 960u);  // 20 ms at 48 kHz
    }
  }
  auto packets = p.b.take<RtpPacketReceived>();
  ASSERT_EQ(packets.size(), frames.size());
  auto view = rtp::RtpPacketView::parse(packets[0].packet);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->ssrc(), 0xA0D10u);
  EXPECT_EQ(view->payload_type(), 111);
  EXPECT_FALSE(view->marker());
  auto mid = view->extension(1);
  ASSERT_TRUE(mid);
  EXPECT_EQ(std::string(mid->begin(), mid->end()), "1");
  EXPECT_TRUE(view->extension(5));  // transport-wide sequence number stamped
}

TEST(MediaSession, NackRetransmissionRecoversFramesUnderLoss) {
  for (bool rtx : {false, true}) {
    SCOPED_TRACE(rtx ? "rtx" : "plain");
    sim::Impairment lossy;
    lossy.loss = 0.05;
    lossy.delay = Duration::millis(20);
    Pair p(lossy, {});
    auto v = add_video(p, rtx);
    std::vector<std::vector<uint8_t>> frames;
    for (int i = 0; i < 200; ++i) {
      frames.push_back(vp8_frame(p.a.random, 3000, i == 0));
      ASSERT_TRUE(p.a.session.send_sample(v.sender, frames.back(), Duration::millis(33), p.now));
      p.run_for(Duration::millis(33));
    }
    p.run_for(Duration::seconds(2));
    EXPECT_GT(p.link_ab().stats().lost, 20u);
    auto samples = p.b.take<SampleReceived>();
    // Each lost packet was NACKed and resent; a resend may be lost too, so a handful of frames may
    // still be missing only if every retry of a packet was lost (5% ^ several): none in this seed.
    ASSERT_EQ(samples.size(), frames.size());
    for (size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(samples[i].data, frames[i]) << i;
    auto ss = p.a.session.sender_stats(v.sender);
    auto rs = p.b.session.receiver_stats(v.receiver);
    EXPECT_GT(ss->retransmitted_packets, 0u);
    EXPECT_GT(rs->nacks_sent, 0u);
    // Every NACKed gap that got filled is a repair; a lost retransmission is a second loss of the same
    // sequence number, so repairs lie between half the link's losses and all of them.
    EXPECT_LE(rs->packets_repaired, p.link_ab().stats().lost);
    EXPECT_GE(rs->packets_repaired * 2, p.link_ab().stats().lost);
    EXPECT_EQ(ss->rtx_packets_sent > 0, rtx);
    EXPECT_EQ(rs->rtx_packets_received > 0, rtx);
    EXPECT_FALSE(p.a.take<NackReceived>().empty());
    // RFC 3550 A.3: retransmissions fill the gaps, so nothing counts as lost in the end.
    EXPECT_EQ(rs->packets_lost, 0);
  }
}

TEST(MediaSession, NackOfOneDroppedPacketIsAnsweredWithRtx) {
  Pair p;
  auto v = add_video(p, true);
  int rtp_seen = 0;
  p.filter_ab = [&](const Transmit& t) { return t.rtcp || ++rtp_seen != 3; };  // drop the 3rd RTP datagram
  auto frame = vp8_frame(p.a.random, 5000, true);
  ASSERT_TRUE(p.a.session.send_sample(v.sender, frame, Duration::millis(33), p.now));
  p.run_for(Duration::millis(200));
  auto samples = p.b.take<SampleReceived>();
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].data, frame);
  auto nacks = p.a.take<NackReceived>();
  ASSERT_EQ(nacks.size(), 1u);
  EXPECT_EQ(nacks[0].requested, 1u);
  EXPECT_EQ(nacks[0].retransmitted, 1u);
  auto rs = p.b.session.receiver_stats(v.receiver);
  EXPECT_EQ(rs->rtx_packets_received, 1u);
  EXPECT_EQ(rs->packets_repaired, 1u);
  EXPECT_EQ(rs->nack_sequence_numbers_sent, 1u);
}

TEST(MediaSession, PliAndFirSurfaceAtTheSender) {
  Pair p;
  auto v = add_video(p, false);
  ASSERT_TRUE(p.a.session.send_sample(v.sender, vp8_frame(p.a.random, 800, true), Duration::millis(33), p.now));
  p.run_for(Duration::millis(50));
  ASSERT_TRUE(p.b.session.request_keyframe(v.receiver, KeyframeRequestKind::kPli, p.now));
  ASSERT_TRUE(p.b.session.request_keyframe(v.receiver, KeyframeRequestKind::kFir, p.now));
  p.run_for(Duration::millis(50));
  auto requests = p.a.take<KeyframeRequested>();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].sender, v.sender);
  EXPECT_EQ(requests[0].kind, KeyframeRequestKind::kPli);
  EXPECT_EQ(requests[1].kind, KeyframeRequestKind::kFir);
  EXPECT_EQ(p.a.session.sender_stats(v.sender)->plis_received, 1u);
  EXPECT_EQ(p.a.session.sender_stats(v.sender)->firs_received, 1u);
  EXPECT_EQ(p.b.session.receiver_stats(v.receiver)->plis_sent, 1u);
}

TEST(MediaSession, KeyframeRequestNeedsNegotiatedFeedback) {
  Pair p;
  ReceiverParameters rp;
  rp.codecs = {opus_codec()};
  auto r = p.b.session.add_receiver(rp);
  ASSERT_TRUE(r);
  auto s = p.b.session.request_keyframe(*r, KeyframeRequestKind::kPli, p.now);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kUnsupported);
}

TEST(MediaSession, SenderAndReceiverReportsCarryCorrectCounters) {
  MediaSessionSettings settings;
  settings.emit_rtcp_packets = true;
  Pair p({}, {}, settings);
  p.a.session.set_wall_clock(p.now, int64_t{1700000000} * 1000000);
  p.b.session.set_wall_clock(p.now, int64_t{1700000000} * 1000000);
  auto v = add_video(p, false);
  // Drop the 5th and 6th packets for good, retransmissions included (the SRTP header is in the clear).
  const uint16_t first_seq = p.a.session.sender(v.sender)->parameters().initial_sequence_number;
  p.filter_ab = [&](const Transmit& t) {
    if (t.rtcp) return true;
    const uint16_t seq = static_cast<uint16_t>(rtp::RtpPacketView::parse(t.data)->sequence_number() - first_seq);
    return seq != 4 && seq != 5;
  };
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(p.a.session.send_sample(v.sender, vp8_frame(p.a.random, 600, i == 0), Duration::millis(33), p.now));
    p.run_for(Duration::millis(33));
  }
  p.run_for(Duration::seconds(4));

  // b got at least one SR from a: the sender's counters as of that moment.
  std::optional<rtp::SenderReport> sr;
  for (auto& e : p.b.take<RtcpReceived>()) {
    auto packets = rtp::parse_rtcp_compound(e.compound);
    ASSERT_TRUE(packets);
    for (auto& pk : *packets) {
      if (auto* s = std::get_if<rtp::SenderReport>(&pk)) sr = *s;
    }
  }
  ASSERT_TRUE(sr);
  EXPECT_EQ(sr->sender_ssrc, 0x1111u);
  EXPECT_EQ(sr->packet_count, 20u);
  EXPECT_EQ(sr->octet_count, static_cast<uint32_t>(p.a.session.sender_stats(v.sender)->bytes_sent));
  // NTP seconds from the wall clock given to set_wall_clock: within the few simulated seconds run.
  EXPECT_GE(sr->ntp_timestamp >> 32, 1700000000u + kNtpUnixEpochOffsetSeconds);
  EXPECT_LE(sr->ntp_timestamp >> 32, 1700000000u + kNtpUnixEpochOffsetSeconds + 5);

  // a got RRs from b about 0x1111: 2 lost out of 20, and an RTT from LSR/DLSR.
  std::optional<rtp::ReportBlock> block;
  for (auto& e : p.a.take<RtcpReceived>()) {
    auto packets = rtp::parse_rtcp_compound(e.compound);
    ASSERT_TRUE(packets);
    ASSERT_FALSE(packets->empty());
    for (auto& pk : *packets) {
      if (auto* rr = std::get_if<rtp::ReceiverReport>(&pk)) {
        for (auto& b : rr->report_blocks) {
          if (b.ssrc == 0x1111u) block = b;
        }
      }
      if (auto* sdes = std::get_if<rtp::SourceDescription>(&pk)) {
        ASSERT_EQ(sdes->chunks.size(), 1u);
        EXPECT_EQ(sdes->chunks[0].items.at(0).text.size(), 16u);  // b has no sender: its random CNAME
      }
    }
  }
  ASSERT_TRUE(block);
  EXPECT_EQ(block->cumulative_lost, 2);
  auto rs = p.b.session.receiver_stats(v.receiver);
  EXPECT_EQ(rs->packets_lost, 2);
  EXPECT_EQ(rs->packets_received, 18u);
  EXPECT_EQ(block->extended_highest_sequence & 0xffffu,
            static_cast<uint32_t>((p.a.session.sender(v.sender)->parameters().initial_sequence_number + 19) & 0xffff));
  EXPECT_NE(block->last_sr, 0u);
  auto ss = p.a.session.sender_stats(v.sender);
  EXPECT_EQ(ss->remote_packets_lost, 2);
  ASSERT_TRUE(ss->round_trip_time);
  // Links delay 10 ms each way: RTT 20 ms, within the 1/65536 s resolution of LSR/DLSR.
  EXPECT_NEAR(static_cast<double>(ss->round_trip_time->us()), 20000.0, 100.0);
  EXPECT_GT(ss->sender_reports_sent, 0u);
  EXPECT_GT(rs->sender_reports_received, 0u);
}

// Forwarding: Chromium sends RTP packets of up to 1200 bytes before SRTP, more than a 1200-byte MTU leaves
// for our own packetization; send_rtp forwards them, and refuses only what cannot fit a 1500-byte IP packet.
TEST(MediaSession, SendRtpForwardsPacketsLargerThanThePacketizationMtu) {
  Pair p;
  auto v = add_video(p, false, false);
  auto packet = [](size_t size) {
    rtp::RtpHeader h;
    h.payload_type = 96;
    h.sequence_number = 7;
    h.timestamp = 1234;
    h.ssrc = 0xBEEF;
    std::vector<uint8_t> payload(size - h.serialized_size(0));
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i * 7);
    payload[0] = 0x10;  // a VP8 descriptor: start of partition 0
    std::vector<uint8_t> buf(size);
    EXPECT_TRUE(h.write_to(buf, payload));
    return std::make_pair(buf, payload);
  };
  auto [chromium_sized, payload] = packet(1200);
  ASSERT_TRUE(p.a.session.send_rtp(v.sender, chromium_sized, p.now));
  auto too_large = p.a.session.send_rtp(v.sender, packet(1440).first, p.now);
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error().code, Errc::kBufferTooSmall);
  p.run_for(Duration::millis(50));
  auto packets = p.b.take<RtpPacketReceived>();
  ASSERT_EQ(packets.size(), 1u);
  auto view = rtp::RtpPacketView::parse(packets[0].packet);
  ASSERT_TRUE(view);
  EXPECT_GT(packets[0].packet.size(), 1200u);  // our mid extension was added
  EXPECT_EQ(std::vector<uint8_t>(view->payload().begin(), view->payload().end()), payload);
}

TEST(MediaSession, SendRtpRewritesSsrcPayloadTypeSequenceTimestampAndMid) {
  MediaSessionSettings settings;
  Pair p({}, {}, settings);
  auto v = add_video(p, false, false);
  uint8_t payload[20] = {0x90, 0x80, 0x80, 0x01, 0x00};  // a VP8 descriptor and some bytes
  std::vector<uint32_t> app_ts = {1000, 1000, 4000};
  for (size_t i = 0; i < app_ts.size(); ++i) {
    rtp::RtpHeader h;
    h.payload_type = 100;
    h.sequence_number = static_cast<uint16_t>(500 + i * 7);  // gaps in the app's numbering are not ours
    h.timestamp = app_ts[i];
    h.ssrc = 0xDEAD;
    h.marker = i == 1;
    uint8_t level[1] = {0x85};
    ASSERT_TRUE(h.add_extension(9, level));  // an app extension that must survive
    std::vector<uint8_t> buf(h.serialized_size(sizeof(payload)));
    ASSERT_TRUE(h.write_to(buf, payload));
    ASSERT_TRUE(p.a.session.send_rtp(v.sender, buf, p.now));
  }
  p.run_for(Duration::millis(50));
  auto packets = p.b.take<RtpPacketReceived>();
  ASSERT_EQ(packets.size(), 3u);
  std::vector<rtp::RtpPacketView> views;
  for (auto& pk : packets) views.push_back(*rtp::RtpPacketView::parse(pk.packet));
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(views[i].ssrc(), 0x1111u);
    EXPECT_EQ(views[i].payload_type(), 96);
    EXPECT_EQ(views[i].marker(), i == 1);
    auto mid = views[i].extension(1);
    ASSERT_TRUE(mid);
    EXPECT_EQ(std::string(mid->begin(), mid->end()), "0");
    auto app = views[i].extension(9);
    ASSERT_TRUE(app);
    EXPECT_EQ((*app)[0], 0x85);
    EXPECT_EQ(std::vector<uint8_t>(views[i].payload().begin(), views[i].payload().end()),
              std::vector<uint8_t>(std::begin(payload), std::end(payload)));
  }
  EXPECT_EQ(static_cast<uint16_t>(views[1].sequence_number() - views[0].sequence_number()), 1);
  EXPECT_EQ(static_cast<uint16_t>(views[2].sequence_number() - views[1].sequence_number()), 1);
  EXPECT_EQ(views[1].timestamp(), views[0].timestamp());
  EXPECT_EQ(views[2].timestamp() - views[0].timestamp(), 3000u);
}

TEST(MediaSession, BundleRoutesAudioVideoAndSimulcastLayersToTheirReceivers) {
  Pair p;
  struct Stream {
    std::string mid, rid;
    uint32_t ssrc;
    CodecParameters codec;
    SenderId sender;
    ReceiverId receiver;
  };
  std::vector<Stream> streams = {
      {"a", "", 0xA1, opus_codec(), {}, {}},
      {"v", "lo", 0xB1, vp8_codec(96, 97), {}, {}},
      {"v", "hi", 0xB2, vp8_codec(96, 97), {}, {}},
  };
  for (auto& st : streams) {
    SenderParameters sp;
    sp.kind = media_kind(*st.codec.codec());
    sp.ssrc = st.ssrc;
    sp.mid = st.mid;
    sp.rid = st.rid;
    sp.codec = st.codec;
    sp.extensions = default_extensions();
    st.sender = *p.a.session.add_sender(sp);
    ReceiverParameters rp;
    rp.kind = sp.kind;
    rp.mid = st.mid;
    rp.rid = st.rid;
    rp.codecs = {st.codec};
    rp.extensions = default_extensions();
    rp.assemble_samples = true;
    rp.emit_rtp_packets = false;
    st.receiver = *p.b.session.add_receiver(rp);
  }
  std::map<uint32_t, std::vector<std::vector<uint8_t>>> sent;
  for (int i = 0; i < 10; ++i) {
    for (auto& st : streams) {
      auto f = vp8_frame(p.a.random, st.mid == "a" ? 60 : 2500, i == 0);
      sent[st.receiver.value()].push_back(f);
      ASSERT_TRUE(p.a.session.send_sample(st.sender, f, Duration::millis(20), p.now));
    }
    p.run_for(Duration::millis(20));
  }
  p.run_for(Duration::millis(100));
  std::map<uint32_t, std::vector<std::vector<uint8_t>>> got;
  for (auto& s : p.b.take<SampleReceived>()) got[s.receiver.value()].push_back(s.data);
  EXPECT_EQ(got, sent);
  auto started = p.b.take<ReceiverStarted>();
  ASSERT_EQ(started.size(), 3u);
  for (auto& st : started) {
    auto it = std::find_if(streams.begin(), streams.end(), [&](const Stream& s) { return s.receiver == st.receiver; });
    ASSERT_NE(it, streams.end());
    EXPECT_EQ(st.ssrc, it->ssrc);
    EXPECT_EQ(st.rid, it->rid);
  }
  EXPECT_GT(p.b.session.stats().router.by_mid, 0u);
  EXPECT_EQ(p.b.session.stats().rtp_unroutable, 0u);
}

TEST(MediaSession, CommandsBeforeSrtpAndUnknownIdsFail) {
  SeededRandom random(5);
  MediaSession s(random);
  SenderParameters sp;
  sp.codec = vp8_codec();
  auto id = s.add_sender(sp);
  ASSERT_TRUE(id);
  uint8_t frame[10] = {};
  auto r = s.send_sample(*id, frame, Duration::millis(10), Timestamp::from_millis(1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kWrongState);
  uint8_t junk[40] = {0x80, 0x60};
  s.handle_srtp(junk, Timestamp::from_millis(1));
  EXPECT_EQ(s.stats().dropped_before_srtp, 1u);
  EXPECT_EQ(s.next_timeout(), Timestamp::infinite());
  std::vector<uint8_t> keys(srtp::keying_material_size(srtp::Profile::kAeadAes128Gcm));
  ASSERT_TRUE(s.start_srtp(srtp::Profile::kAeadAes128Gcm, keys, srtp::DtlsRole::kServer, Timestamp::from_millis(1)));
  EXPECT_FALSE(s.start_srtp(srtp::Profile::kAeadAes128Gcm, keys, srtp::DtlsRole::kServer, Timestamp::from_millis(1)));
  EXPECT_FALSE(s.send_sample(SenderId(999), frame, Duration::millis(10), Timestamp::from_millis(1)));
  // The same SSRC twice is refused.
  sp.ssrc = s.sender(*id)->ssrc();
  EXPECT_FALSE(s.add_sender(sp));
}

TEST(MediaSession, AeadGcmProfileRoundTrip) {
  Pair p({}, {}, {}, srtp::Profile::kAeadAes128Gcm);
  auto v = add_video(p, true);
  auto frame = vp8_frame(p.a.random, 4000, true);
  ASSERT_TRUE(p.a.session.send_sample(v.sender, frame, Duration::millis(33), p.now));
  p.run_for(Duration::millis(50));
  auto samples = p.b.take<SampleReceived>();
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].data, frame);
}

TEST(MediaSession, HostileInputIsDroppedAndCountedWithinLimits) {
  MediaSessionSettings settings;
  settings.router.max_unknown_ssrcs = 8;
  settings.router.max_ssrcs = 16;
  settings.srtp.max_ssrcs = 32;
  Pair p({}, {}, {}, srtp::Profile::kAes128CmHmacSha1_80, settings);
  auto v = add_video(p, false);
  (void)v;
  // Garbage and forged packets: SRTP rejects them without creating state.
  for (int i = 0; i < 1000; ++i) {
    std::vector<uint8_t> d(12 + p.a.random.uniform(200));
    p.a.random.fill(d);
    d[0] = 0x80;
    d[1] &= 0x7f;
    p.b.session.handle_srtp(d, p.now);
    d[1] = 201;
    p.b.session.handle_srtcp(d, p.now);
  }
  auto st = p.b.session.stats();
  EXPECT_EQ(st.srtp.rtp_unprotected, 0u);
  EXPECT_EQ(st.srtp.auth_failures + st.srtp.malformed, 2000u);  // 1000 RTP + 1000 RTCP
  EXPECT_EQ(st.srtp.rtcp_unprotected, 0u);

  // Authentic packets (a's keys) of 100 SSRCs no receiver wants: reported once each up to the bound,
  // SRTP state capped by its own limit.
  SenderParameters sp;
  sp.codec = vp8_codec(120, std::nullopt);  // a payload type b does not receive
  for (uint32_t i = 0; i < 100; ++i) {
    sp.ssrc = 0x5000 + i;
    auto id = p.a.session.add_sender(sp);
    if (!id) break;  // max_senders
    ASSERT_TRUE(p.a.session.send_sample(*id, vp8_frame(p.a.random, 100, true), Duration::millis(10), p.now));
  }
  p.run_for(Duration::millis(50));
  EXPECT_EQ(p.b.take<UnroutedRtp>().size(), 8u);
  st = p.b.session.stats();
  EXPECT_LE(st.srtp.ssrc_limit + st.rtp_unroutable, 64u);
  EXPECT_GT(st.srtp.ssrc_limit, 0u);
  EXPECT_LE(p.b.session.stats().router.unroutable, 64u);
}

TEST(MediaSession, UndrainedEventsAreBounded) {
  MediaSessionSettings settings;
  settings.max_queued_events = 10;
  Pair p({}, {}, settings);
  auto v = add_video(p, false, false);
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(p.a.session.send_sample(v.sender, vp8_frame(p.a.random, 100, true), Duration::millis(10), p.now));
  }
  p.drain();
  // Deliver to b without draining it.
  p.now += Duration::millis(20);
  while (auto d = p.link_ab().receive(p.now)) p.b.session.handle_srtp(*d, p.now);
  EXPECT_EQ(p.b.session.stats().events_dropped, 30u + 1u - 10u);  // 30 packets + ReceiverStarted
}

TEST(MediaSession, RemoveSenderSendsBye) {
  MediaSessionSettings settings;
  settings.emit_rtcp_packets = true;
  Pair p({}, {}, settings);
  auto v = add_video(p, false);
  ASSERT_TRUE(p.a.session.send_sample(v.sender, vp8_frame(p.a.random, 100, true), Duration::millis(10), p.now));
  ASSERT_TRUE(p.a.session.remove_sender(v.sender, p.now));
  p.run_for(Duration::millis(30));
  bool bye = false;
  for (auto& e : p.b.take<RtcpReceived>()) {
    auto packets = rtp::parse_rtcp_compound(e.compound);
    ASSERT_TRUE(packets);
    for (auto& pk : *packets) {
      if (auto* b = std::get_if<rtp::Bye>(&pk)) bye = b->ssrcs == std::vector<uint32_t>{0x1111};
    }
  }
  EXPECT_TRUE(bye);
  EXPECT_FALSE(p.a.session.sender_stats(v.sender));
  // The receiver of that SSRC learns its source left.
  auto byes = p.b.take<ByeReceived>();
  ASSERT_EQ(byes.size(), 1u);
  EXPECT_EQ(byes[0].receiver, v.receiver);
  EXPECT_EQ(byes[0].ssrc, 0x1111u);
}

TEST(MediaSession, ByeOfAnUnknownSsrcIsNoEvent) {
  Pair p;
  auto v = add_video(p, false);
  ASSERT_TRUE(p.a.session.send_sample(v.sender, vp8_frame(p.a.random, 100, true), Duration::millis(10), p.now));
  p.run_for(Duration::millis(30));
  std::vector<rtp::RtcpPacket> packets;
  packets.push_back(rtp::Bye{{0x9999}, {}});
  auto compound = rtp::serialize_rtcp_compound(packets);
  ASSERT_TRUE(compound);
  ASSERT_TRUE(p.a.session.send_rtcp(*compound, p.now));
  p.run_for(Duration::millis(30));
  EXPECT_TRUE(p.b.take<ByeReceived>().empty());
}

}  // namespace
}  // namespace purertc::pc::media::test
