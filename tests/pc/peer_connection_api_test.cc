// The PeerConnection API without a connected peer: JSEP state checks (each misuse gets a clear error),
// offers built from the MediaEngine and the data channel, argument checks, and close().
#include <gtest/gtest.h>

#include "purertc/purertc.h"

namespace purertc {
namespace {

SettingEngine loopback() {
  SettingEngine s;
  s.include_loopback_candidate = true;
  s.ip_filter = [](std::string_view ip) { return ip == "127.0.0.1"; };
  s.mdns_mode = MulticastDnsMode::kDisabled;
  return s;
}

class PeerConnectionApi : public ::testing::Test {
 protected:
  void SetUp() override {
    auto a = Api::create(Api::default_media_engine(), loopback());
    ASSERT_TRUE(a);
    api_.emplace(std::move(*a));
    auto p = api_->new_peer_connection();
    ASSERT_TRUE(p) << to_string(p.error());
    pc_ = *p;
  }
  std::shared_ptr<PeerConnection> other() {
    auto p = api_->new_peer_connection();
    EXPECT_TRUE(p);
    return *p;
  }

  std::optional<Api> api_;
  std::shared_ptr<PeerConnection> pc_;
};

void expect_error(const RtcResult<void>& r, RtcErrorCode code) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, code) << to_string(r.error());
  EXPECT_FALSE(r.error().message.empty());
}

TEST_F(PeerConnectionApi, CreateAnswerWithoutRemoteOfferIsInvalidState) {
  auto r = pc_->create_answer();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, RtcErrorCode::kInvalidState);
  EXPECT_NE(to_string(r.error()).find("InvalidStateError"), std::string::npos);
}

TEST_F(PeerConnectionApi, RemoteAnswerInStableIsInvalidState) {
  auto peer = other();
  ASSERT_TRUE(peer->create_data_channel("x"));
  auto offer = peer->create_offer();
  ASSERT_TRUE(offer);
  expect_error(pc_->set_remote_description({SdpType::kAnswer, offer->sdp}), RtcErrorCode::kInvalidState);
  expect_error(pc_->set_local_description({SdpType::kAnswer, offer->sdp}), RtcErrorCode::kInvalidState);
}

TEST_F(PeerConnectionApi, GarbageSdpIsSyntaxError) {
  expect_error(pc_->set_remote_description({SdpType::kOffer, "v=0\r\nthis is not sdp\r\n"}), RtcErrorCode::kSyntaxError);
  EXPECT_EQ(pc_->signaling_state(), SignalingState::kStable);
}

TEST_F(PeerConnectionApi, OfferWithoutFingerprintIsInvalidAccess) {
  auto peer = other();
  ASSERT_TRUE(peer->create_data_channel("x"));
  auto offer = peer->create_offer();
  ASSERT_TRUE(offer);
  std::string sdp = offer->sdp;
  const size_t at = sdp.find("a=fingerprint:");
  ASSERT_NE(at, std::string::npos);
  sdp.erase(at, sdp.find("\r\n", at) + 2 - at);
  expect_error(pc_->set_remote_description({SdpType::kOffer, sdp}), RtcErrorCode::kInvalidAccessError);
}

TEST_F(PeerConnectionApi, EditedLocalCredentialsAreInvalidModification) {
  ASSERT_TRUE(pc_->create_data_channel("x"));
  auto offer = pc_->create_offer();
  ASSERT_TRUE(offer);
  std::string sdp = offer->sdp;
  const size_t at = sdp.find("a=ice-ufrag:");
  ASSERT_NE(at, std::string::npos);
  sdp.replace(at + 12, 4, "zzzz");
  expect_error(pc_->set_local_description({SdpType::kOffer, sdp}), RtcErrorCode::kInvalidModification);
}

TEST_F(PeerConnectionApi, CandidateBeforeRemoteDescriptionIsInvalidState) {
  expect_error(pc_->add_ice_candidate({"candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host", "0", 0, std::nullopt}),
               RtcErrorCode::kInvalidState);
}

TEST_F(PeerConnectionApi, MalformedCandidateIsSyntaxError) {
  auto peer = other();
  ASSERT_TRUE(peer->create_data_channel("x"));
  auto offer = peer->create_offer();
  ASSERT_TRUE(offer);
  ASSERT_TRUE(pc_->set_remote_description(*offer));
  expect_error(pc_->add_ice_candidate({"candidate:garbage", "0", 0, std::nullopt}), RtcErrorCode::kSyntaxError);
  // An empty candidate is the end-of-candidates signal.
  EXPECT_TRUE(pc_->add_ice_candidate({"", "0", 0, std::nullopt}));
}

TEST_F(PeerConnectionApi, RollbackReturnsToStable) {
  ASSERT_TRUE(pc_->create_data_channel("x"));
  ASSERT_TRUE(pc_->set_local_description({SdpType::kOffer, ""}));
  EXPECT_EQ(pc_->signaling_state(), SignalingState::kHaveLocalOffer);
  ASSERT_TRUE(pc_->set_local_description({SdpType::kRollback, ""}));
  EXPECT_EQ(pc_->signaling_state(), SignalingState::kStable);
  expect_error(pc_->set_remote_description({SdpType::kRollback, ""}), RtcErrorCode::kInvalidState);
}

// W3C remote rollback before any negotiation: the transceiver the offer created is removed and the
// mid it took is free, so a second offer putting audio on that mid gets an audio transceiver.
TEST_F(PeerConnectionApi, RemoteRollbackRemovesTheOffersTransceiver) {
  auto peer = other();
  ASSERT_TRUE(peer->add_track(TrackLocal::create(RtpCodec{"video/VP8", 90000, 0, "", {}, 96}, "cam", "s")));
  auto video_offer = peer->create_offer();
  ASSERT_TRUE(video_offer);
  ASSERT_TRUE(pc_->set_remote_description(*video_offer));
  ASSERT_EQ(pc_->get_transceivers().size(), 1u);
  auto created = pc_->get_transceivers()[0];
  EXPECT_EQ(created->mid(), "0");
  ASSERT_TRUE(pc_->set_remote_description({SdpType::kRollback, ""}));
  EXPECT_EQ(pc_->signaling_state(), SignalingState::kStable);
  EXPECT_TRUE(pc_->get_transceivers().empty());
  EXPECT_FALSE(pc_->remote_description().has_value());
  EXPECT_FALSE(created->mid().has_value());
  EXPECT_EQ(created->direction(), RtpTransceiverDirection::kStopped);

  auto fresh = other();
  ASSERT_TRUE(fresh->add_track(TrackLocal::create(RtpCodec{"audio/opus", 48000, 2, "minptime=10;useinbandfec=1", {}, 111}, "mic", "s")));
  auto audio_offer = fresh->create_offer();
  ASSERT_TRUE(audio_offer);
  ASSERT_NE(audio_offer->sdp.find("a=mid:0"), std::string::npos);
  ASSERT_TRUE(pc_->set_remote_description(*audio_offer));
  ASSERT_EQ(pc_->get_transceivers().size(), 1u);
  EXPECT_EQ(pc_->get_transceivers()[0]->kind(), MediaKind::kAudio);
  auto answer = pc_->create_answer();
  ASSERT_TRUE(answer) << to_string(answer.error());
  EXPECT_NE(answer->sdp.find("m=audio"), std::string::npos);
  EXPECT_EQ(answer->sdp.find("m=video"), std::string::npos);
  ASSERT_TRUE(pc_->set_local_description(*answer));
  peer->close();
  fresh->close();
}

TEST_F(PeerConnectionApi, DataChannelArgumentChecks) {
  DataChannelInit both;
  both.max_retransmits = 1;
  both.max_packet_life_time_ms = 10;
  auto r1 = pc_->create_data_channel("x", both);
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().code, RtcErrorCode::kInvalidArgument);
  DataChannelInit negotiated_without_id;
  negotiated_without_id.negotiated = true;
  auto r2 = pc_->create_data_channel("x", negotiated_without_id);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, RtcErrorCode::kInvalidArgument);
  DataChannelInit with_id;
  with_id.negotiated = true;
  with_id.id = 3;
  ASSERT_TRUE(pc_->create_data_channel("a", with_id));
  auto r3 = pc_->create_data_channel("b", with_id);
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().code, RtcErrorCode::kInvalidState);
  auto dc = pc_->create_data_channel("not-open-yet");
  ASSERT_TRUE(dc);
  expect_error((*dc)->send("too early"), RtcErrorCode::kInvalidState);
  EXPECT_EQ((*dc)->buffered_amount(), 0u);
}

TEST_F(PeerConnectionApi, FirstDataChannelAndTransceiverAskForNegotiation) {
  int fired = 0;
  pc_->on_negotiation_needed([&] { fired++; });
  ASSERT_TRUE(pc_->create_data_channel("x"));
  EXPECT_EQ(fired, 1);
  ASSERT_TRUE(pc_->create_data_channel("y"));  // still the same pending negotiation
  EXPECT_EQ(fired, 1);
}

TEST_F(PeerConnectionApi, OfferCarriesMediaFromTheMediaEngineAndTheDataMLine) {
  auto video = pc_->add_transceiver(MediaKind::kVideo);
  ASSERT_TRUE(video);
  auto track = TrackLocal::create(RtpCodec{"audio/opus", 48000, 2, "minptime=10;useinbandfec=1", {}, 111}, "mic", "stream-a");
  auto audio = pc_->add_track(track);
  ASSERT_TRUE(audio);
  ASSERT_TRUE(pc_->create_data_channel("x"));
  auto offer = pc_->create_offer();
  ASSERT_TRUE(offer) << to_string(offer.error());
  const std::string& sdp = offer->sdp;
  EXPECT_NE(sdp.find("m=video 9 UDP/TLS/RTP/SAVPF 96"), std::string::npos) << sdp;
  EXPECT_NE(sdp.find("a=rtpmap:96 VP8/90000"), std::string::npos);
  EXPECT_NE(sdp.find("a=rtpmap:97 rtx/90000"), std::string::npos);
  EXPECT_NE(sdp.find("a=rtpmap:111 opus/48000/2"), std::string::npos);
  EXPECT_NE(sdp.find("m=application 9 UDP/DTLS/SCTP webrtc-datachannel"), std::string::npos);
  EXPECT_NE(sdp.find("a=group:BUNDLE 0 1 2"), std::string::npos);
  EXPECT_NE(sdp.find("a=setup:actpass"), std::string::npos);
  EXPECT_NE(sdp.find("a=msid:stream-a mic"), std::string::npos);
  EXPECT_NE(sdp.find("a=max-message-size:"), std::string::npos);
  ASSERT_TRUE(pc_->set_local_description(*offer));
  EXPECT_EQ((*video)->mid(), "0");
  EXPECT_EQ((*audio)->mid(), "1");
  EXPECT_EQ(pc_->get_transceivers().size(), 2u);

  // Unknown codec.
  auto h263 = TrackLocal::create(RtpCodec{"video/H263", 90000, 0, "", {}, 34}, "cam", "s");
  auto bad = pc_->add_track(h263);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, RtcErrorCode::kInvalidArgument);
}

TEST_F(PeerConnectionApi, RemoteMediaCreatesReceivingTransceiversAndTracks) {
  auto peer = other();
  auto track = TrackLocal::create(RtpCodec{"video/VP8", 90000, 0, "", {}, 96}, "cam", "stream-v");
  ASSERT_TRUE(peer->add_track(track));
  auto offer = peer->create_offer();
  ASSERT_TRUE(offer);
  ASSERT_TRUE(peer->set_local_description(*offer));
  std::vector<TrackRemoteInfo> tracks;
  pc_->on_track([&](std::shared_ptr<RtpTransceiver> t, const TrackRemoteInfo& info) {
    EXPECT_EQ(t->kind(), MediaKind::kVideo);
    tracks.push_back(info);
  });
  ASSERT_TRUE(pc_->set_remote_description(*offer));
  ASSERT_EQ(tracks.size(), 1u);
  EXPECT_EQ(tracks[0].stream_id, "stream-v");
  EXPECT_EQ(tracks[0].id, "cam");
  EXPECT_EQ(tracks[0].mid, "0");
  auto answer = pc_->create_answer();
  ASSERT_TRUE(answer) << to_string(answer.error());
  EXPECT_NE(answer->sdp.find("a=recvonly"), std::string::npos) << answer->sdp;
  ASSERT_TRUE(pc_->set_local_description(*answer));
  auto ts = pc_->get_transceivers();
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0]->current_direction(), RtpTransceiverDirection::kRecvOnly);
  ASSERT_TRUE(peer->set_remote_description(*answer));
  EXPECT_EQ(peer->get_transceivers()[0]->current_direction(), RtpTransceiverDirection::kSendRecv);
}

TEST_F(PeerConnectionApi, EverythingAfterCloseReportsClosed) {
  auto dc = pc_->create_data_channel("x");
  ASSERT_TRUE(dc);
  pc_->close();
  pc_->close();  // idempotent
  EXPECT_EQ(pc_->signaling_state(), SignalingState::kClosed);
  EXPECT_EQ(pc_->connection_state(), PeerConnectionState::kClosed);
  EXPECT_EQ((*dc)->ready_state(), DataChannelState::kClosed);
  auto offer = pc_->create_offer();
  ASSERT_FALSE(offer);
  EXPECT_EQ(offer.error().code, RtcErrorCode::kClosed);
  auto dc2 = pc_->create_data_channel("y");
  ASSERT_FALSE(dc2);
  EXPECT_EQ(dc2.error().code, RtcErrorCode::kClosed);
  expect_error((*dc)->send("x"), RtcErrorCode::kInvalidState);
}

TEST_F(PeerConnectionApi, IceServerUrlsAreChecked) {
  Configuration bad_scheme;
  bad_scheme.ice_servers.push_back({{"http://example.com"}, "", ""});
  auto r1 = api_->new_peer_connection(bad_scheme);
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().code, RtcErrorCode::kSyntaxError);
  Configuration turn_without_credentials;
  turn_without_credentials.ice_servers.push_back({{"turn:127.0.0.1:3478"}, "", ""});
  auto r2 = api_->new_peer_connection(turn_without_credentials);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, RtcErrorCode::kInvalidArgument);
  Configuration ok;
  ok.ice_servers.push_back({{"stun:127.0.0.1:3478", "turn:[::1]:3478?transport=udp"}, "u", "p"});
  EXPECT_TRUE(api_->new_peer_connection(ok));
}

TEST_F(PeerConnectionApi, CertificateFromConfigurationIsUsed) {
  auto cert = Certificate::generate();
  ASSERT_TRUE(cert);
  Configuration c;
  c.certificates.push_back(*cert);
  auto pc = api_->new_peer_connection(c);
  ASSERT_TRUE(pc);
  ASSERT_TRUE((*pc)->create_data_channel("x"));
  auto offer = (*pc)->create_offer();
  ASSERT_TRUE(offer);
  EXPECT_NE(offer->sdp.find("a=fingerprint:" + cert->fingerprint()), std::string::npos);
}

TEST(MediaEngine, RejectsBadRegistrations) {
  MediaEngine m;
  EXPECT_FALSE(m.register_codec({"video/VP8", 90000, 0, "", {}, 72}, MediaKind::kVideo));  // RTCP range
  EXPECT_FALSE(m.register_codec({"audio/opus", 48000, 2, "", {}, 111}, MediaKind::kVideo));
  EXPECT_TRUE(m.register_codec({"video/VP8", 90000, 0, "", {}, 96}, MediaKind::kVideo));
  EXPECT_FALSE(m.register_codec({"video/VP9", 90000, 0, "", {}, 96}, MediaKind::kVideo));
  EXPECT_FALSE(m.register_header_extension({"urn:x", 15}, MediaKind::kVideo));
  m.register_default_codecs();
  EXPECT_EQ(m.codecs(MediaKind::kAudio).front().mime_type, "audio/opus");
}

}  // namespace
}  // namespace purertc
