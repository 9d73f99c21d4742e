// set_remote_description({kRollback}) on a live connection (W3C "set the session description", the
// rollback steps for a remote offer): transceivers the offer created are stopped and removed unless
// add_track attached a track to them, those it associated lose the mid, remote tracks it announced end
// (on_track_ended), and whatever the offer applied to the data channels (a=max-message-size) is undone.
// After it, a fresh offer from either side negotiates normally, on the one DTLS/SCTP association.
#include <gtest/gtest.h>

#include "tests/pc/e2e/live_pair.h"

namespace purertc::e2e {
namespace {

SessionDescription offer_from(PeerConnection& pc) {
  auto offer = pc.create_offer();
  EXPECT_TRUE(offer) << to_string(offer.error());
  auto r = pc.set_local_description(*offer);
  EXPECT_TRUE(r) << to_string(r.error());
  return *offer;
}

// Rolls back the pending remote offer; the remote description is the negotiated one again, which has
// no `absent` (a track only the rolled-back offer announced), when given.
void rollback_remote(PeerConnection& pc, const std::string& absent = "cam-a") {
  auto r = pc.set_remote_description({SdpType::kRollback, ""});
  ASSERT_TRUE(r) << to_string(r.error());
  EXPECT_EQ(pc.signaling_state(), SignalingState::kStable);
  auto remote = pc.remote_description();
  ASSERT_TRUE(remote);
  EXPECT_EQ(remote->type, SdpType::kOffer);
  if (!absent.empty()) {
    EXPECT_EQ(remote->sdp.find(absent), std::string::npos);
  }
}

// After the answerer's own offer: each side has the other's video track ("cam-a" is the answerer's
// second), frames flow both ways, and it all ran on the one DTLS/SCTP association.
void expect_video_both_ways(LivePair& live, TrackLocal& video_a, TrackLocal& video_b) {
  ASSERT_TRUE(live.at_a.tracks.wait_for("cam-b"));
  ASSERT_TRUE(live.at_b.tracks.wait_for_size(2));
  EXPECT_EQ(live.at_b.tracks.items()[1], "cam-a");
  expect_frames(live.at_a.video_samples, 0, send_video(video_b, 4, 1));
  expect_frames(live.at_b.video_samples, 0, send_video(video_a, 4, 2));
  live.ping("after the new offer");
  live.expect_one_association();
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) n++;
  return n;
}

// The offer adds a video m-line; rolled back, the recvonly transceiver it created is gone and its
// remote track ends. The next offer puts audio on the same mid, which must not land on a leftover
// video transceiver.
TEST(RemoteRollbackE2e, TransceiverCreatedByTheOfferIsRemoved) {
  LivePair live;
  PeerPair& pair = live.pair;
  ASSERT_NO_FATAL_FAILURE(live.connect());
  auto video_a = TrackLocal::create(kVp8, "cam-a", "a");
  ASSERT_TRUE(pair.offerer->add_track(video_a));
  const SessionDescription offer = offer_from(*pair.offerer);

  ASSERT_TRUE(pair.answerer->set_remote_description(offer));
  ASSERT_TRUE(live.at_b.tracks.wait_for("cam-a"));
  auto created = transceiver_of(*pair.answerer, MediaKind::kVideo);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->mid(), "1");
  ASSERT_EQ(pair.answerer->get_transceivers().size(), 1u);
  live.ping("offer applied");
  const size_t needed_b = live.needed_b.size();

  ASSERT_NO_FATAL_FAILURE(rollback_remote(*pair.answerer));
  EXPECT_TRUE(pair.answerer->get_transceivers().empty());
  ASSERT_TRUE(live.at_b.ended.wait_for("cam-a"));
  EXPECT_EQ(created->direction(), RtpTransceiverDirection::kStopped);
  EXPECT_FALSE(created->mid().has_value());
  EXPECT_FALSE(created->receiver_track().has_value());
  live.ping("rolled back");
  // Nothing is left to negotiate: no negotiationneeded, and our own offer has no video m-line.
  EXPECT_EQ(live.needed_b.size(), needed_b);
  auto b_offer = pair.answerer->create_offer();
  ASSERT_TRUE(b_offer);
  EXPECT_EQ(count_of(b_offer->sdp, "m=video"), 0u);
  EXPECT_EQ(count_of(b_offer->sdp, "m=application"), 1u);

  // The offerer rolls back too and offers something else: audio, on the freed mid.
  ASSERT_TRUE(pair.offerer->set_local_description({SdpType::kRollback, ""}));
  transceiver_of(*pair.offerer, MediaKind::kVideo)->stop();
  auto audio_a = TrackLocal::create(kOpus, "mic-a", "a");
  ASSERT_TRUE(pair.offerer->add_track(audio_a));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.offerer, *pair.answerer));
  ASSERT_TRUE(live.at_b.tracks.wait_for("mic-a"));
  ASSERT_EQ(pair.answerer->get_transceivers().size(), 1u);
  auto audio_b = transceiver_of(*pair.answerer, MediaKind::kAudio);
  ASSERT_TRUE(audio_b);
  EXPECT_EQ(audio_b->mid(), "1");
  EXPECT_EQ(audio_b->current_direction(), RtpTransceiverDirection::kRecvOnly);
  expect_frames(live.at_b.audio_samples, 0, send_audio(*audio_a, 5, 1));
  EXPECT_EQ(live.at_b.ended.size(), 1u);
  live.ping("after the new offer");
  live.expect_one_association();
  pair.close();
}

// The offer associates transceivers the answerer made itself (add_transceiver with a track, which
// RFC 9429 section 5.10 lets a remote m-line take); rolled back, they keep existing without a mid and
// the answerer's own next offer carries them.
TEST(RemoteRollbackE2e, AssociatedTransceiverLosesTheMidAndIsOfferedAgain) {
  LivePair live;
  PeerPair& pair = live.pair;
  ASSERT_NO_FATAL_FAILURE(live.connect());
  auto video_b = TrackLocal::create(kVp8, "cam-b", "b");
  auto own = pair.answerer->add_transceiver(video_b, RtpTransceiverInit{});
  ASSERT_TRUE(own);
  auto recv_only = pair.answerer->add_transceiver(MediaKind::kVideo, {.direction = RtpTransceiverDirection::kRecvOnly});
  ASSERT_TRUE(recv_only);
  ASSERT_TRUE(live.needed_b.wait_for_size(1));
  auto video_a = TrackLocal::create(kVp8, "cam-a", "a");
  ASSERT_TRUE(pair.offerer->add_track(video_a));
  const SessionDescription offer = offer_from(*pair.offerer);

  ASSERT_TRUE(pair.answerer->set_remote_description(offer));
  ASSERT_TRUE(live.at_b.tracks.wait_for("cam-a"));
  EXPECT_EQ((*own)->mid(), "1");
  EXPECT_FALSE((*recv_only)->mid().has_value());
  ASSERT_EQ(pair.answerer->get_transceivers().size(), 2u);

  ASSERT_NO_FATAL_FAILURE(rollback_remote(*pair.answerer));
  ASSERT_TRUE(live.at_b.ended.wait_for("cam-a"));
  ASSERT_EQ(pair.answerer->get_transceivers().size(), 2u);
  EXPECT_FALSE((*own)->mid().has_value());
  EXPECT_EQ((*own)->direction(), RtpTransceiverDirection::kSendRecv);
  EXPECT_FALSE((*own)->current_direction().has_value());
  EXPECT_FALSE((*own)->receiver_track().has_value());
  EXPECT_EQ((*recv_only)->direction(), RtpTransceiverDirection::kRecvOnly);
  // Still not negotiated: negotiationneeded fires again on the return to stable (W3C).
  ASSERT_TRUE(live.needed_b.wait_for_size(2));
  live.ping("rolled back");

  // The answerer offers them itself; the offerer (rolled back too) answers with its video track.
  ASSERT_TRUE(pair.offerer->set_local_description({SdpType::kRollback, ""}));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.answerer, *pair.offerer));
  EXPECT_EQ((*own)->mid(), "1");
  EXPECT_EQ((*recv_only)->mid(), "2");
  EXPECT_EQ((*own)->current_direction(), RtpTransceiverDirection::kSendRecv);
  expect_video_both_ways(live, *video_a, *video_b);
  pair.close();
}

// add_track attaches a track to the transceiver the offer created: W3C keeps it through the rollback
// (only its association goes), and it is offered with the track afterwards.
TEST(RemoteRollbackE2e, TransceiverWithATrackAddedSinceIsKept) {
  LivePair live;
  PeerPair& pair = live.pair;
  ASSERT_NO_FATAL_FAILURE(live.connect());
  auto video_a = TrackLocal::create(kVp8, "cam-a", "a");
  ASSERT_TRUE(pair.offerer->add_track(video_a));
  const SessionDescription offer = offer_from(*pair.offerer);
  ASSERT_TRUE(pair.answerer->set_remote_description(offer));
  ASSERT_TRUE(live.at_b.tracks.wait_for("cam-a"));
  auto created = transceiver_of(*pair.answerer, MediaKind::kVideo);
  ASSERT_TRUE(created);
  auto video_b = TrackLocal::create(kVp8, "cam-b", "b");
  auto reused = pair.answerer->add_track(video_b);
  ASSERT_TRUE(reused);
  EXPECT_EQ((*reused)->mid(), "1");  // the offer's transceiver took the track
  ASSERT_EQ(pair.answerer->get_transceivers().size(), 1u);

  ASSERT_NO_FATAL_FAILURE(rollback_remote(*pair.answerer));
  ASSERT_TRUE(live.at_b.ended.wait_for("cam-a"));
  ASSERT_EQ(pair.answerer->get_transceivers().size(), 1u);
  EXPECT_FALSE(created->mid().has_value());
  EXPECT_EQ(created->direction(), RtpTransceiverDirection::kSendRecv);
  EXPECT_FALSE(created->receiver_track().has_value());
  live.ping("rolled back");

  ASSERT_TRUE(pair.offerer->set_local_description({SdpType::kRollback, ""}));
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.answerer, *pair.offerer));
  EXPECT_EQ(created->current_direction(), RtpTransceiverDirection::kSendRecv);
  expect_video_both_ways(live, *video_a, *video_b);
  pair.close();
}

// A rolled-back offer that lowered a=max-message-size: the data channels go back to the previous
// limit, keep working, and the association carries new channels and a later renegotiation.
TEST(RemoteRollbackE2e, DataChannelsKeepWorkingAndTheOffersLimitIsUndone) {
  LivePair live;
  PeerPair& pair = live.pair;
  ASSERT_NO_FATAL_FAILURE(live.connect());
  auto echo = live.remote.channels.items()[0];
  auto video_a = TrackLocal::create(kVp8, "cam-a", "a");
  ASSERT_TRUE(pair.offerer->add_track(video_a));
  SessionDescription offer = offer_from(*pair.offerer);
  const std::string limit = "a=max-message-size:2097152";
  const size_t at = offer.sdp.find(limit);
  ASSERT_NE(at, std::string::npos);
  offer.sdp.replace(at, limit.size(), "a=max-message-size:1024");

  ASSERT_TRUE(pair.answerer->set_remote_description(offer));
  const std::string big(4096, 'x');
  EXPECT_FALSE(echo->send(big));  // the offer's limit applies while it is pending
  ASSERT_NO_FATAL_FAILURE(rollback_remote(*pair.answerer));
  auto sent = echo->send(big);
  EXPECT_TRUE(sent) << to_string(sent.error());
  ASSERT_TRUE(live.received_a.wait_for(big));
  live.ping("rolled back");

  // Still one association: a new channel from the answerer opens on it, and the answerer's own offer
  // (the offerer rolled back too) renegotiates without a stale m-line.
  ASSERT_TRUE(pair.offerer->set_local_description({SdpType::kRollback, ""}));
  EventLog<std::string> opened_at_a;
  pair.offerer->on_data_channel([&](std::shared_ptr<DataChannel> dc) { opened_at_a.push(dc->label()); });
  auto late = pair.answerer->create_data_channel("late");
  ASSERT_TRUE(late);
  ASSERT_TRUE(opened_at_a.wait_for("late"));
  ASSERT_TRUE(eventually([&] { return (*late)->ready_state() == DataChannelState::kOpen; }));
  auto audio_b = TrackLocal::create(kOpus, "mic-b", "b");
  ASSERT_TRUE(pair.answerer->add_track(audio_b));
  auto b_offer = pair.answerer->create_offer();
  ASSERT_TRUE(b_offer);
  EXPECT_EQ(count_of(b_offer->sdp, "m=video"), 0u);
  ASSERT_NO_FATAL_FAILURE(renegotiate(*pair.answerer, *pair.offerer));
  ASSERT_TRUE(live.at_a.tracks.wait_for("mic-b"));
  expect_frames(live.at_a.audio_samples, 0, send_audio(*audio_b, 5, 3));
  live.ping("after the new offer");
  live.expect_one_association();
  pair.close();
}

// The offer stops the peer's sending on a negotiated m-line, which ends its remote track at once; the
// rollback brings the track back (announced again by on_track) on the receiver that never went away.
TEST(RemoteRollbackE2e, RemoteTrackTheOfferEndedComesBack) {
  LivePair live;
  PeerPair& pair = live.pair;
  auto video_a = TrackLocal::create(kVp8, "cam-a", "a");
  ASSERT_TRUE(pair.offerer->add_track(video_a));
  ASSERT_NO_FATAL_FAILURE(live.connect());
  ASSERT_TRUE(live.at_b.tracks.wait_for("cam-a"));
  expect_frames(live.at_b.video_samples, 0, send_video(*video_a, 3, 1));
  auto b_video = transceiver_of(*pair.answerer, MediaKind::kVideo);
  ASSERT_TRUE(b_video);

  auto a_video = transceiver_of(*pair.offerer, MediaKind::kVideo);
  ASSERT_TRUE(a_video->set_direction(RtpTransceiverDirection::kRecvOnly));
  const SessionDescription offer = offer_from(*pair.offerer);
  ASSERT_TRUE(pair.answerer->set_remote_description(offer));
  ASSERT_TRUE(live.at_b.ended.wait_for("cam-a"));
  EXPECT_FALSE(b_video->receiver_track().has_value());

  ASSERT_NO_FATAL_FAILURE(rollback_remote(*pair.answerer, ""));
  ASSERT_TRUE(live.at_b.tracks.wait_for_size(2));
  EXPECT_EQ(live.at_b.tracks.items()[1], "cam-a");
  ASSERT_TRUE(b_video->receiver_track().has_value());
  EXPECT_EQ(b_video->receiver_track()->id, "cam-a");
  EXPECT_EQ(b_video->mid(), "0");
  EXPECT_EQ(pair.answerer->get_transceivers().size(), 1u);

  // The offerer rolls back and sends again: the frames reach the track announced by the rollback.
  ASSERT_TRUE(pair.offerer->set_local_description({SdpType::kRollback, ""}));
  ASSERT_TRUE(a_video->set_direction(RtpTransceiverDirection::kSendRecv));
  const size_t before = live.at_b.video_samples.size();
  expect_frames(live.at_b.video_samples, before, send_video(*video_a, 3, 2));
  EXPECT_EQ(live.at_b.ended.size(), 1u);
  live.ping("after rollback");
  live.expect_one_association();
  pair.close();
}

}  // namespace
}  // namespace purertc::e2e
