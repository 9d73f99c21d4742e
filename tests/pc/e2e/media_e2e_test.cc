// Two purertc PeerConnections connected over 127.0.0.1 sending media: VP8 video and Opus audio tracks
// written as samples (TrackLocal::write_sample) in both directions, received through
// RtpTransceiver::on_sample / on_rtp, SRTP keyed from the DTLS exporter, and the outbound-rtp /
// inbound-rtp statistics of both ends agreeing; and RTP packets the application built itself
// (TrackLocal::write_rtp) arriving re-stamped for the negotiated stream with their payload intact.
#include <gtest/gtest.h>

#include "rtp/packet/rtp_packet.h"
#include "tests/pc/e2e/media_helpers.h"

namespace purertc::e2e {
namespace {

struct Sent {
  std::vector<std::vector<uint8_t>> video, audio;
};

// 30 VP8 frames (keyframe every 10th, 400 B to ~5 KB: several packets each) interleaved with 50 Opus
// frames, paced so the loopback socket buffers never overflow; one extra frame each at the end, since
// a sample builder emits a frame once the next one begins.
Sent send_media(TrackLocal& video, TrackLocal& audio, uint8_t seed) {
  Sent sent;
  for (int i = 0; i < 50; ++i) {
    if (i < 30) {
      auto f = vp8_frame(400 + 157 * static_cast<size_t>(i), static_cast<uint8_t>(seed + i), i % 10 == 0);
      auto r = video.write_sample(f, std::chrono::microseconds(33333));
      EXPECT_TRUE(r) << to_string(r.error());
      sent.video.push_back(std::move(f));
    }
    auto a = opus_frame(60 + static_cast<size_t>(i) * 2, static_cast<uint8_t>(seed + i));
    auto r = audio.write_sample(a, std::chrono::milliseconds(20));
    EXPECT_TRUE(r) << to_string(r.error());
    sent.audio.push_back(std::move(a));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_TRUE(video.write_sample(vp8_frame(300, seed, true), std::chrono::microseconds(33333)));
  EXPECT_TRUE(audio.write_sample(opus_frame(80, seed), std::chrono::milliseconds(20)));
  return sent;
}

void expect_received(Receiver& rx, const Sent& sent) {
  ASSERT_TRUE(rx.video_samples.wait_for_size(sent.video.size()));
  ASSERT_TRUE(rx.audio_samples.wait_for_size(sent.audio.size()));
  auto video = rx.video_samples.items();
  auto audio = rx.audio_samples.items();
  for (size_t i = 0; i < sent.video.size(); ++i) EXPECT_EQ(video[i], sent.video[i]) << "video frame " << i;
  for (size_t i = 0; i < sent.audio.size(); ++i) EXPECT_EQ(audio[i], sent.audio[i]) << "audio frame " << i;
  EXPECT_GT(rx.video_packets.size(), sent.video.size());  // the larger frames took several packets
  EXPECT_GE(rx.audio_packets.size(), sent.audio.size());
}

// Every packet one side sent, the other received (loopback loses nothing), same SSRC, same bytes.
void expect_stats_agree(const PeerConnection& sender, const PeerConnection& receiver) {
  bool agree = eventually([&] {
    auto out = rtp_stats(sender, "outbound-rtp");
    auto in = rtp_stats(receiver, "inbound-rtp");
    if (out.size() != 2 || in.size() != 2) return false;
    for (const auto& [kind, o] : out) {
      if (!in.contains(kind) || in[kind].packets != o.packets) return false;
    }
    return true;
  });
  auto out = rtp_stats(sender, "outbound-rtp");
  auto in = rtp_stats(receiver, "inbound-rtp");
  ASSERT_TRUE(agree) << "outbound/inbound packet counts differ: audio " << out["audio"].packets << " sent, "
                     << in["audio"].packets << " received; video " << out["video"].packets << " sent, "
                     << in["video"].packets << " received";
  for (const char* kind : {"audio", "video"}) {
    EXPECT_GT(out[kind].packets, 0u) << kind;
    EXPECT_EQ(out[kind].packets, in[kind].packets) << kind;
    EXPECT_EQ(out[kind].bytes, in[kind].bytes) << kind;
    EXPECT_EQ(out[kind].ssrc, in[kind].ssrc) << kind;
  }
}

TEST(MediaE2e, Vp8AndOpusSamplesArriveByteIdenticalBothWays) {
  PeerPair pair;
  Receiver at_offerer, at_answerer;
  at_offerer.attach(*pair.offerer);
  at_answerer.attach(*pair.answerer);
  auto offer_video = TrackLocal::create(kVp8, "cam-a", "a");
  auto offer_audio = TrackLocal::create(kOpus, "mic-a", "a");
  auto answer_video = TrackLocal::create(kVp8, "cam-b", "b");
  auto answer_audio = TrackLocal::create(kOpus, "mic-b", "b");
  ASSERT_TRUE(pair.offerer->add_track(offer_video));
  ASSERT_TRUE(pair.offerer->add_track(offer_audio));
  // Before connecting, a write goes nowhere and is not an error.
  EXPECT_TRUE(offer_video->write_sample(vp8_frame(100, 1, true), std::chrono::milliseconds(33)));

  pair.negotiate_trickle([&] {
    // The answerer's transceivers came from the offer (recvonly); its tracks make them sendrecv.
    ASSERT_TRUE(pair.answerer->add_track(answer_video));
    ASSERT_TRUE(pair.answerer->add_track(answer_audio));
  });
  ASSERT_TRUE(pair.wait_connected());
  ASSERT_TRUE(at_answerer.transceivers.wait_for_size(2));
  ASSERT_TRUE(at_offerer.transceivers.wait_for_size(2));

  const Sent a_to_b = send_media(*offer_video, *offer_audio, 10);
  const Sent b_to_a = send_media(*answer_video, *answer_audio, 90);
  expect_received(at_answerer, a_to_b);
  expect_received(at_offerer, b_to_a);
  expect_stats_agree(*pair.offerer, *pair.answerer);
  expect_stats_agree(*pair.answerer, *pair.offerer);

  // The transport says SRTP was negotiated in DTLS (use_srtp), which is where the keys came from.
  const StatsReport report = pair.offerer->get_stats();
  auto transports = report.of_type("transport");
  ASSERT_EQ(transports.size(), 1u);
  EXPECT_TRUE(transports[0]->get<std::string>("srtpCipher").has_value());
  pair.close();
}

// Keyframe requests end to end: the receiving side's request_keyframe() sends a PLI (RFC 4585 6.3.1) that
// surfaces at the sending side's on_keyframe_request, on the video transceiver that sends the track only.
TEST(MediaE2e, RequestKeyframeReachesTheSendersApplication) {
  PeerPair pair;
  Receiver at_answerer;
  at_answerer.attach(*pair.answerer);
  auto video = TrackLocal::create(kVp8, "cam-a", "a");
  auto audio = TrackLocal::create(kOpus, "mic-a", "a");
  auto video_tx = pair.offerer->add_track(video);
  auto audio_tx = pair.offerer->add_track(audio);
  ASSERT_TRUE(video_tx && audio_tx);
  auto video_requests = std::make_shared<EventLog<KeyframeRequestKind>>();
  auto audio_requests = std::make_shared<EventLog<KeyframeRequestKind>>();
  (*video_tx)->on_keyframe_request([video_requests](const KeyframeRequest& r) { video_requests->push(r.kind); });
  (*audio_tx)->on_keyframe_request([audio_requests](const KeyframeRequest& r) { audio_requests->push(r.kind); });
  // The sending side receives nothing, so it has no stream to ask a keyframe of.
  auto early = (*video_tx)->request_keyframe();
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, RtcErrorCode::kInvalidState);

  pair.negotiate_trickle();
  ASSERT_TRUE(pair.wait_connected());
  // on_track fires with the first packets of each stream, and the receiver knows the sender's SSRC then.
  ASSERT_TRUE(eventually([&] {
    EXPECT_TRUE(video->write_sample(vp8_frame(500, 1, true), std::chrono::microseconds(33333)));
    EXPECT_TRUE(audio->write_sample(opus_frame(80, 1), std::chrono::milliseconds(20)));
    return at_answerer.transceivers.size() >= 2 && at_answerer.video_samples.size() >= 1;
  }));
  std::shared_ptr<RtpTransceiver> remote_video;
  for (const auto& t : at_answerer.transceivers.items()) {
    if (t->kind() == MediaKind::kVideo) remote_video = t;
  }
  ASSERT_NE(remote_video, nullptr);
  // Only keyframes were sent, so the receiver had no reason to ask for one by itself.
  EXPECT_EQ(video_requests->size(), 0u);

  for (size_t i = 1; i <= 3; ++i) {
    const size_t before = video_requests->size();
    auto r = remote_video->request_keyframe();
    ASSERT_TRUE(r) << to_string(r.error());
    ASSERT_TRUE(video_requests->wait_for_size(before + 1)) << "PLI " << i << " not surfaced";
  }
  for (auto kind : video_requests->items()) EXPECT_EQ(kind, KeyframeRequestKind::kPli);
  EXPECT_EQ(audio_requests->size(), 0u);
  pair.close();
  // Nothing is delivered after close.
  EXPECT_FALSE(remote_video->request_keyframe());
}

// When the m-line negotiated FIR but not PLI (RFC 5104 "ccm fir" only), request_keyframe() sends a FIR and
// the sender's application sees one.
TEST(MediaE2e, RequestKeyframeSendsFirWhenOnlyFirIsNegotiated) {
  MediaEngine engine;
  RtpCodec vp8 = kVp8;
  vp8.rtcp_feedback = {{"nack", ""}, {"ccm", "fir"}};
  ASSERT_TRUE(engine.register_codec(vp8, MediaKind::kVideo));
  auto api = Api::create(engine, loopback_settings());
  ASSERT_TRUE(api) << to_string(api.error());
  PeerPair pair(std::move(*api));
  Receiver at_answerer;
  at_answerer.attach(*pair.answerer);
  auto video = TrackLocal::create(vp8, "cam-a", "a");
  auto video_tx = pair.offerer->add_track(video);
  ASSERT_TRUE(video_tx);
  auto requests = std::make_shared<EventLog<KeyframeRequestKind>>();
  (*video_tx)->on_keyframe_request([requests](const KeyframeRequest& r) { requests->push(r.kind); });
  pair.negotiate_trickle();
  ASSERT_TRUE(pair.wait_connected());
  ASSERT_TRUE(eventually([&] {
    EXPECT_TRUE(video->write_sample(vp8_frame(500, 2, true), std::chrono::microseconds(33333)));
    return at_answerer.transceivers.size() >= 1 && at_answerer.video_samples.size() >= 1;
  }));
  auto remote_video = at_answerer.transceivers.items()[0];
  auto r = remote_video->request_keyframe();
  ASSERT_TRUE(r) << to_string(r.error());
  ASSERT_TRUE(requests->wait_for_size(1));
  EXPECT_EQ(requests->items()[0], KeyframeRequestKind::kFir);
  EXPECT_EQ(to_string(requests->items()[0]), "FIR");
}

// The payload type the answerer's description gives `mime` (what the offerer must send with).
uint8_t negotiated_payload_type(const PeerConnection& pc, const std::string& mime) {
  const StatsReport report = pc.get_stats();
  for (const Stats* s : report.of_type("codec")) {
    if (s->get<std::string>("mimeType") == mime) return static_cast<uint8_t>(s->get<int64_t>("payloadType").value_or(0));
  }
  return 0;
}

// Application-built RTP (rtp::RtpHeader, as a relay or an encoder with its own packetizer would make):
// SSRC, payload type and sequence numbers of its own, a sequence number that wraps, timestamps 1000
// apart, a marker on some. `first_byte` starts each payload (a VP8 payload descriptor for video).
std::vector<std::vector<uint8_t>> app_packets(uint8_t first_byte, size_t count) {
  std::vector<std::vector<uint8_t>> out;
  for (size_t i = 0; i < count; ++i) {
    rtp::RtpHeader h;
    h.payload_type = 77;
    h.sequence_number = static_cast<uint16_t>(65530 + i);
    h.timestamp = 0xfffff000u + 1000u * static_cast<uint32_t>(i);
    h.ssrc = 0xdeadbeef;
    h.marker = i % 3 == 2;
    std::vector<uint8_t> payload = opus_frame(100 + 37 * i, static_cast<uint8_t>(i));
    payload[0] = first_byte;
    std::vector<uint8_t> packet(h.serialized_size(payload.size()));
    auto n = h.write_to(packet, payload);
    EXPECT_TRUE(n);
    packet.resize(n ? *n : 0);
    out.push_back(std::move(packet));
  }
  return out;
}

void expect_restamped(const std::vector<std::vector<uint8_t>>& sent, const std::vector<std::vector<uint8_t>>& got,
                      uint32_t ssrc, uint8_t payload_type) {
  ASSERT_EQ(got.size(), sent.size());
  auto first = rtp::RtpPacketView::parse(got[0]);
  ASSERT_TRUE(first);
  for (size_t i = 0; i < sent.size(); ++i) {
    auto in = rtp::RtpPacketView::parse(sent[i]);
    auto out = rtp::RtpPacketView::parse(got[i]);
    ASSERT_TRUE(in && out) << i;
    EXPECT_EQ(out->ssrc(), ssrc) << i;
    EXPECT_EQ(out->payload_type(), payload_type) << i;
    EXPECT_EQ(static_cast<uint16_t>(out->sequence_number() - first->sequence_number()), i) << i;
    EXPECT_EQ(out->timestamp() - first->timestamp(), 1000u * i) << i;
    EXPECT_EQ(out->marker(), in->marker()) << i;
    EXPECT_TRUE(std::ranges::equal(out->payload(), in->payload())) << "payload of packet " << i;
  }
}

TEST(MediaE2e, WriteRtpPacketsArriveRestampedWithTheirPayloadIntact) {
  PeerPair pair;
  Receiver at_answerer;
  at_answerer.attach(*pair.answerer);
  auto video = TrackLocal::create(kVp8, "cam", "a");
  auto audio = TrackLocal::create(kOpus, "mic", "a");
  auto video_t = pair.offerer->add_track(video);
  auto audio_t = pair.offerer->add_track(audio);
  ASSERT_TRUE(video_t && audio_t);
  pair.negotiate_trickle();
  ASSERT_TRUE(pair.wait_connected());
  ASSERT_TRUE(at_answerer.transceivers.wait_for_size(2));

  const auto video_sent = app_packets(0x10, 20);  // VP8 descriptor: start of partition
  const auto audio_sent = app_packets(0x78, 20);
  for (size_t i = 0; i < video_sent.size(); ++i) {
    auto r = video->write_rtp(video_sent[i]);
    ASSERT_TRUE(r) << to_string(r.error());
    r = audio->write_rtp(audio_sent[i]);
    ASSERT_TRUE(r) << to_string(r.error());
  }
  ASSERT_TRUE(at_answerer.video_rtp.wait_for_size(video_sent.size()));
  ASSERT_TRUE(at_answerer.audio_rtp.wait_for_size(audio_sent.size()));
  const uint8_t vp8_pt = negotiated_payload_type(*pair.answerer, "video/VP8");
  const uint8_t opus_pt = negotiated_payload_type(*pair.answerer, "audio/opus");
  ASSERT_NE(vp8_pt, 0);
  ASSERT_NE(opus_pt, 0);
  expect_restamped(video_sent, at_answerer.video_rtp.items(), (*video_t)->sender_ssrc(), vp8_pt);
  expect_restamped(audio_sent, at_answerer.audio_rtp.items(), (*audio_t)->sender_ssrc(), opus_pt);

  // A packet that is not RTP is refused.
  const std::vector<uint8_t> junk{0x00, 0x01, 0x02};
  EXPECT_FALSE(video->write_rtp(junk));
  pair.close();
}

}  // namespace
}  // namespace purertc::e2e
