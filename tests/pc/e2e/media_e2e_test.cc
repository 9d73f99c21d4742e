// Two purertc PeerConnections connected over 127.0.0.1 sending media: VP8 video and Opus audio tracks
// written as samples (TrackLocal::write_sample) in both directions, received through
// RtpTransceiver::on_sample / on_rtp, SRTP keyed from the DTLS exporter, and the outbound-rtp /
// inbound-rtp statistics of both ends agreeing.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace purertc::e2e
