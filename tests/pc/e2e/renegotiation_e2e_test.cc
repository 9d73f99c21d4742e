// Renegotiation between two purertc PeerConnections on a live connection: tracks added (new m-lines)
// and removed (RTCP BYE, on_track_ended, stats that stop counting), a data channel added later,
// direction changes, glare resolved by perfect negotiation (rollback by the polite peer), and the
// W3C negotiationneeded rules. Every renegotiation keeps the one DTLS/SCTP association: the
// connection state never leaves connected and the first data channel stays open throughout.
#include <gtest/gtest.h>

#include "tests/pc/e2e/live_pair.h"

namespace purertc::e2e {
namespace {

TEST(RenegotiationE2e, TracksAndChannelsComeAndGoOnALiveConnection) {
  LivePair live;
  PeerPair& pair = live.pair;
  ASSERT_NO_FATAL_FAILURE(live.connect());
  EXPECT_EQ(pair.offerer->get_transceivers().size(), 0u);

  // 1. Video both ways on a new m-line: the offerer adds a track, the answerer answers with its own.
  auto video_a = TrackLocal::create(kVp8, "cam-a", "a");
  auto video_b = TrackLocal::create(kVp8, "cam-b", "b");
  EXPECT_EQ(live.needed_a.size(), 1u);  // "chat"
  ASSERT_TRUE(pair.offerer->add_track(video_a));
  ASSERT_TRUE(live.needed_a.wait_for_size(2));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.offerer, *pair.answerer, [&] {
    ASSERT_TRUE(pair.answerer->add_track(video_b));
  }));
  ASSERT_TRUE(live.at_b.tracks.wait_for("cam-a"));
  ASSERT_TRUE(live.at_a.tracks.wait_for("cam-b"));
  expect_frames(live.at_b.video_samples, 0, send_video(*video_a, 5, 1));
  expect_frames(live.at_a.video_samples, 0, send_video(*video_b, 5, 2));
  live.ping("after video");

  // 2. A second audio track, this time offered by the answerer (roles swap for this negotiation).
  auto audio_b = TrackLocal::create(kOpus, "mic-b", "b");
  ASSERT_TRUE(pair.answerer->add_track(audio_b));
  ASSERT_TRUE(live.needed_b.wait_for_size(1));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.answerer, *pair.offerer));
  ASSERT_TRUE(live.at_a.tracks.wait_for("mic-b"));
  expect_frames(live.at_a.audio_samples, 0, send_audio(*audio_b, 10, 3));
  EXPECT_EQ(pair.offerer->get_transceivers().size(), 2u);
  EXPECT_EQ(transceiver_of(*pair.offerer, MediaKind::kAudio)->current_direction(), RtpTransceiverDirection::kRecvOnly);
  live.ping("after audio");

  // 3. The offerer removes its video track: its sender ends at once with an RTCP BYE, so the answerer's
  // track ends before any renegotiation; the renegotiation then makes the m-line recvonly for it.
  auto b_video = transceiver_of(*pair.answerer, MediaKind::kVideo);
  ASSERT_TRUE(b_video);
  const size_t needed_before = live.needed_a.size();
  ASSERT_TRUE(pair.offerer->remove_track(video_a));
  ASSERT_TRUE(live.at_b.ended.wait_for("cam-a"));
  EXPECT_TRUE(b_video->receiver_track().has_value());  // until the description says so
  EXPECT_EQ(rtp_stats(*pair.offerer, "outbound-rtp").count("video"), 0u);  // the sender is gone
  ASSERT_TRUE(live.needed_a.wait_for_size(needed_before + 1));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.offerer, *pair.answerer));
  EXPECT_FALSE(b_video->receiver_track().has_value());
  EXPECT_EQ(b_video->current_direction(), RtpTransceiverDirection::kSendOnly);
  EXPECT_EQ(transceiver_of(*pair.offerer, MediaKind::kVideo)->current_direction(), RtpTransceiverDirection::kRecvOnly);
  EXPECT_EQ(live.at_b.ended.size(), 1u);  // once, although both the BYE and the SDP said so
  // Writes on the removed track go nowhere; the answerer's inbound video no longer counts. The
  // answerer's own video still arrives, which orders the check after anything in flight.
  const size_t b_video_samples = live.at_b.video_samples.size();
  const size_t b_video_packets = live.at_b.video_packets.size();
  EXPECT_TRUE(video_a->write_sample(vp8_frame(3000, 9, true), std::chrono::microseconds(33333)));
  EXPECT_TRUE(video_a->write_sample(vp8_frame(3000, 9, true), std::chrono::microseconds(33333)));
  expect_frames(live.at_a.video_samples, 5, send_video(*video_b, 3, 4));
  live.ping("after remove");
  EXPECT_EQ(live.at_b.video_samples.size(), b_video_samples);
  EXPECT_EQ(live.at_b.video_packets.size(), b_video_packets);
  EXPECT_EQ(rtp_stats(*pair.answerer, "inbound-rtp").count("video"), 0u);
  EXPECT_EQ(rtp_stats(*pair.answerer, "inbound-rtp").count("audio"), 0u);  // the answerer sends audio only
  EXPECT_EQ(rtp_stats(*pair.answerer, "outbound-rtp").count("video"), 1u);

  // 4. A new data channel on the existing association: no negotiation needed, it opens in-band.
  const size_t needed_a_now = live.needed_a.size();
  DataChannelInit unreliable;
  unreliable.ordered = false;
  unreliable.max_retransmits = 0;
  auto late = pair.offerer->create_data_channel("late", unreliable);
  ASSERT_TRUE(late);
  live.extra_channels = 1;
  ASSERT_TRUE(live.remote.channels.wait_for_size(2));
  EXPECT_EQ(live.remote.channels.items()[1]->label(), "late");
  ASSERT_TRUE(eventually([&] { return (*late)->ready_state() == DataChannelState::kOpen; }));
  ASSERT_TRUE((*late)->send("on late"));
  ASSERT_TRUE(live.received_b.wait_for("on late"));
  EXPECT_EQ(live.needed_a.size(), needed_a_now);

  // 5. The track comes back on a new transceiver (the old one has sent, so add_track does not reuse it).
  auto video_a2 = TrackLocal::create(kVp8, "cam-a2", "a");
  ASSERT_TRUE(pair.offerer->add_track(video_a2));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.offerer, *pair.answerer));
  ASSERT_TRUE(live.at_b.tracks.wait_for("cam-a2"));
  expect_frames(live.at_b.video_samples, b_video_samples, send_video(*video_a2, 3, 5));
  EXPECT_EQ(pair.offerer->get_transceivers().size(), 3u);

  // 6. The answerer stops the transceiver that receives it: its remote track ends at once, and the
  // renegotiation rejects the m-line, which stops the offerer's sender too.
  auto b_video2 = transceiver_of(*pair.answerer, MediaKind::kVideo, 1);
  ASSERT_TRUE(b_video2);
  ASSERT_EQ(b_video2->receiver_track()->id, "cam-a2");
  const size_t needed_b_now = live.needed_b.size();
  b_video2->stop();
  ASSERT_TRUE(live.at_b.ended.wait_for("cam-a2"));
  ASSERT_TRUE(live.needed_b.wait_for_size(needed_b_now + 1));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.answerer, *pair.offerer));
  auto a_video2 = transceiver_of(*pair.offerer, MediaKind::kVideo, 1);
  EXPECT_EQ(a_video2->current_direction(), RtpTransceiverDirection::kStopped);
  EXPECT_EQ(b_video2->current_direction(), RtpTransceiverDirection::kStopped);
  EXPECT_EQ(rtp_stats(*pair.offerer, "outbound-rtp").count("video"), 0u);
  EXPECT_EQ(rtp_stats_count(*pair.answerer, "inbound-rtp"), 0u);

  live.ping("at the end");
  live.expect_one_association();
  pair.close();
}

TEST(RenegotiationE2e, DirectionChangesAreHonoured) {
  LivePair live;
  PeerPair& pair = live.pair;
  auto audio_a = TrackLocal::create(kOpus, "mic-a", "a");
  auto audio_b = TrackLocal::create(kOpus, "mic-b", "b");
  ASSERT_TRUE(pair.offerer->add_track(audio_a));
  ASSERT_NO_FATAL_FAILURE(live.connect([&] { ASSERT_TRUE(pair.answerer->add_track(audio_b)); }));
  ASSERT_TRUE(live.at_b.tracks.wait_for("mic-a"));
  ASSERT_TRUE(live.at_a.tracks.wait_for("mic-b"));
  expect_frames(live.at_b.audio_samples, 0, send_audio(*audio_a, 5, 1));
  auto a_audio = transceiver_of(*pair.offerer, MediaKind::kAudio);
  auto b_audio = transceiver_of(*pair.answerer, MediaKind::kAudio);
  EXPECT_EQ(a_audio->current_direction(), RtpTransceiverDirection::kSendRecv);
  const size_t needed = live.needed_a.size();

  const uint32_t first_ssrc = a_audio->sender_ssrc();
  // sendrecv -> recvonly: the offerer stops sending; the answerer's remote track ends.
  ASSERT_TRUE(a_audio->set_direction(RtpTransceiverDirection::kRecvOnly));
  ASSERT_TRUE(live.needed_a.wait_for_size(needed + 1));
  ASSERT_TRUE(a_audio->set_direction(RtpTransceiverDirection::kRecvOnly));  // no change: no event
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.offerer, *pair.answerer));
  EXPECT_EQ(a_audio->current_direction(), RtpTransceiverDirection::kRecvOnly);
  EXPECT_EQ(b_audio->current_direction(), RtpTransceiverDirection::kSendOnly);
  ASSERT_TRUE(live.at_b.ended.wait_for("mic-a"));
  EXPECT_FALSE(b_audio->receiver_track().has_value());
  const size_t b_samples = live.at_b.audio_samples.size();
  send_audio(*audio_a, 5, 2);  // not sent: the direction does not allow it
  expect_frames(live.at_a.audio_samples, 0, send_audio(*audio_b, 5, 3));  // the other way still flows
  live.ping("recvonly");
  EXPECT_EQ(live.at_b.audio_samples.size(), b_samples);
  EXPECT_EQ(rtp_stats(*pair.offerer, "outbound-rtp").count("audio"), 0u);
  EXPECT_EQ(live.needed_a.size(), needed + 1);

  // recvonly -> sendrecv: the answerer gets the track anew (on_track again) and media flows again.
  ASSERT_TRUE(a_audio->set_direction(RtpTransceiverDirection::kSendRecv));
  ASSERT_TRUE(live.needed_a.wait_for_size(needed + 2));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.offerer, *pair.answerer));
  EXPECT_EQ(a_audio->current_direction(), RtpTransceiverDirection::kSendRecv);
  EXPECT_EQ(b_audio->current_direction(), RtpTransceiverDirection::kSendRecv);
  ASSERT_TRUE(live.at_b.tracks.wait_for_size(2));
  EXPECT_EQ(live.at_b.tracks.items()[1], "mic-a");
  // The stopped sender's SSRC left with its BYE: the new sender has another (else SRTP would drop it).
  EXPECT_NE(a_audio->sender_ssrc(), first_ssrc);
  ASSERT_TRUE(b_audio->receiver_track());
  EXPECT_EQ(b_audio->receiver_track()->ssrcs.at(0), a_audio->sender_ssrc());
  expect_frames(live.at_b.audio_samples, b_samples, send_audio(*audio_a, 5, 4));
  EXPECT_EQ(rtp_stats(*pair.offerer, "outbound-rtp").count("audio"), 1u);

  // The answerer changes its side: sendrecv -> inactive while it is the answerer of nothing pending.
  ASSERT_TRUE(b_audio->set_direction(RtpTransceiverDirection::kInactive));
  ASSERT_TRUE(live.needed_b.wait_for_size(1));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.answerer, *pair.offerer));
  EXPECT_EQ(b_audio->current_direction(), RtpTransceiverDirection::kInactive);
  EXPECT_EQ(a_audio->current_direction(), RtpTransceiverDirection::kInactive);
  ASSERT_TRUE(live.at_a.ended.wait_for("mic-b"));
  ASSERT_TRUE(live.at_b.ended.wait_for_size(2));  // the offerer's track ended for it too

  live.ping("at the end");
  live.expect_one_association();
  pair.close();
}

// Perfect negotiation (W3C section 10.7 example): both sides change something at once and both offer;
// the polite answerer rolls its offer back and answers; the impolite offerer ignores the colliding
// offer; the polite side's change, which the rolled-back offer carried, is negotiated after.
TEST(RenegotiationE2e, GlareIsResolvedByThePolitePeerRollingBack) {
  LivePair live;
  PeerPair& pair = live.pair;
  ASSERT_NO_FATAL_FAILURE(live.connect());

  auto video_a = TrackLocal::create(kVp8, "cam-a", "a");
  auto audio_b = TrackLocal::create(kOpus, "mic-b", "b");
  ASSERT_TRUE(pair.offerer->add_track(video_a));
  ASSERT_TRUE(pair.answerer->add_track(audio_b));
  ASSERT_TRUE(live.needed_a.wait_for_size(2));  // the first was for "chat"
  ASSERT_TRUE(live.needed_b.wait_for_size(1));

  // Both make an offer (W3C implicit set_local_description) and send it.
  ASSERT_TRUE(pair.offerer->set_local_description({SdpType::kOffer, ""}));
  ASSERT_TRUE(pair.answerer->set_local_description({SdpType::kOffer, ""}));
  auto offer_a = pair.offerer->local_description();
  auto offer_b = pair.answerer->local_description();
  ASSERT_TRUE(offer_a && offer_b);

  // The impolite side (offerer) ignores the colliding offer: it is in have-local-offer.
  EXPECT_EQ(pair.offerer->signaling_state(), SignalingState::kHaveLocalOffer);
  // The polite side rolls back and answers.
  ASSERT_EQ(pair.answerer->signaling_state(), SignalingState::kHaveLocalOffer);
  ASSERT_TRUE(pair.answerer->set_local_description({SdpType::kRollback, ""}));
  EXPECT_EQ(pair.answerer->signaling_state(), SignalingState::kStable);
  auto r = pair.answerer->set_remote_description(*offer_a);
  ASSERT_TRUE(r) << to_string(r.error());
  ASSERT_TRUE(pair.answerer->set_local_description({SdpType::kAnswer, ""}));
  auto answer_b = pair.answerer->local_description();
  ASSERT_TRUE(answer_b);
  r = pair.offerer->set_remote_description(*answer_b);
  ASSERT_TRUE(r) << to_string(r.error());
  EXPECT_EQ(pair.offerer->signaling_state(), SignalingState::kStable);
  EXPECT_EQ(pair.answerer->signaling_state(), SignalingState::kStable);
  ASSERT_TRUE(live.at_b.tracks.wait_for("cam-a"));

  // The polite side's audio track was in the rolled-back offer only: negotiation is still needed, so
  // negotiationneeded fired again on each return to stable (the rollback, the answer).
  ASSERT_TRUE(live.needed_b.wait_for_size(3));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.answerer, *pair.offerer));
  ASSERT_TRUE(live.at_a.tracks.wait_for("mic-b"));
  expect_frames(live.at_b.video_samples, 0, send_video(*video_a, 4, 1));
  expect_frames(live.at_a.audio_samples, 0, send_audio(*audio_b, 5, 2));
  EXPECT_EQ(pair.offerer->get_transceivers().size(), 2u);
  EXPECT_EQ(pair.answerer->get_transceivers().size(), 2u);
  // All settled: nothing more is needed on either side.
  EXPECT_EQ(live.needed_a.size(), 2u);
  EXPECT_EQ(live.needed_b.size(), 3u);

  live.ping("after glare");
  live.expect_one_association();
  pair.close();
}

// W3C negotiationneeded: once per change while stable, never while an offer is pending, again on
// return to stable when a change is still not negotiated, and not for changes that need no SDP.
TEST(RenegotiationE2e, NegotiationNeededFiresOncePerChangeAndOnlyInStable) {
  LivePair live;
  PeerPair& pair = live.pair;
  auto dc = pair.offerer->create_data_channel("first");
  ASSERT_TRUE(dc);
  ASSERT_TRUE(live.needed_a.wait_for_size(1));
  auto dc2 = pair.offerer->create_data_channel("second");  // the flag is already set: no second event
  ASSERT_TRUE(dc2);
  ASSERT_NO_FATAL_FAILURE(live.connect());
  EXPECT_EQ(live.needed_a.size(), 1u);
  EXPECT_EQ(live.needed_b.size(), 0u);  // the answer covered everything the offer asked of it

  // Two changes in stable: one event.
  auto video = TrackLocal::create(kVp8, "cam", "a");
  auto audio = TrackLocal::create(kOpus, "mic", "a");
  ASSERT_TRUE(pair.offerer->add_track(video));
  ASSERT_TRUE(pair.offerer->add_track(audio));
  ASSERT_TRUE(live.needed_a.wait_for_size(2));

  // An offer is pending: a further change fires nothing now ...
  auto offer = pair.offerer->create_offer();
  ASSERT_TRUE(offer);
  ASSERT_TRUE(pair.offerer->set_local_description(*offer));
  auto extra = TrackLocal::create(kVp8, "cam2", "a");
  ASSERT_TRUE(pair.offerer->add_track(extra));
  live.ping("while offering");  // a round trip on the loop thread: any event would have been delivered
  EXPECT_EQ(live.needed_a.size(), 2u);
  ASSERT_TRUE(pair.answerer->set_remote_description(*offer));
  auto answer = pair.answerer->create_answer();
  ASSERT_TRUE(answer);
  ASSERT_TRUE(pair.answerer->set_local_description(*answer));
  ASSERT_TRUE(pair.offerer->set_remote_description(*answer));
  // ... and once back in stable, since the offer did not carry it.
  ASSERT_TRUE(live.needed_a.wait_for_size(3));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.offerer, *pair.answerer));
  live.ping("negotiated");
  EXPECT_EQ(live.needed_a.size(), 3u);

  // Changes that need no SDP: a data channel on the existing association, an unchanged direction.
  ASSERT_TRUE(pair.offerer->create_data_channel("third"));
  auto t = transceiver_of(*pair.offerer, MediaKind::kVideo);
  ASSERT_TRUE(t->set_direction(t->direction()));
  live.ping("no change");
  EXPECT_EQ(live.needed_a.size(), 3u);

  // A change the answer already granted needs nothing: the answerer only receives, so sendonly is what
  // was negotiated. A real change fires; undone while its offer is pending and rolled back, nothing more.
  ASSERT_TRUE(t->set_direction(RtpTransceiverDirection::kSendOnly));
  live.ping("granted");
  EXPECT_EQ(live.needed_a.size(), 3u);
  ASSERT_TRUE(t->set_direction(RtpTransceiverDirection::kRecvOnly));
  ASSERT_TRUE(live.needed_a.wait_for_size(4));
  ASSERT_TRUE(pair.offerer->set_local_description({SdpType::kOffer, ""}));
  ASSERT_TRUE(t->set_direction(RtpTransceiverDirection::kSendRecv));
  ASSERT_TRUE(pair.offerer->set_local_description({SdpType::kRollback, ""}));
  live.ping("rolled back");
  EXPECT_EQ(live.needed_a.size(), 4u);

  // ICE restart needs an offer.
  pair.offerer->restart_ice();
  ASSERT_TRUE(live.needed_a.wait_for_size(5));
  EXPECT_EQ(live.needed_b.size(), 0u);

  live.extra_channels = 3;  // first, second, third
  ASSERT_TRUE(live.remote.channels.wait_for_size(4));

  live.expect_one_association();
  pair.close();
}

}  // namespace
}  // namespace purertc::e2e
