// RFC 9429 offer/answer helpers: offers from local transceivers, answers to real browser offers, BUNDLE
// checks, renegotiation.
#include <gtest/gtest.h>

#include <algorithm>

#include "sdp/codec_matching.h"
#include "sdp/jsep.h"
#include "sdp/sdp.h"
#include "tests/sdp/sdp_test_util.h"

namespace purertc::sdp {
namespace {

std::vector<RtcpFeedback> video_feedback() {
  return {{"goog-remb", ""}, {"transport-cc", ""}, {"ccm", "fir"}, {"nack", ""}, {"nack", "pli"}};
}

std::vector<CodecCapability> audio_codecs() {
  return {CodecCapability{111, "opus", 48000, 2, {{"minptime", "10"}, {"useinbandfec", "1"}}, {{"transport-cc", ""}}},
          CodecCapability{0, "PCMU", 8000, 0, {}, {}}};
}

std::vector<CodecCapability> video_codecs() {
  return {CodecCapability{96, "VP8", 90000, 0, {}, video_feedback()},
          CodecCapability{97, "rtx", 90000, 0, {{"apt", "96"}}, {}},
          CodecCapability{102, "H264", 90000, 0,
                          {{"level-asymmetry-allowed", "1"}, {"packetization-mode", "1"}, {"profile-level-id", "42e01f"}},
                          video_feedback()},
          CodecCapability{103, "rtx", 90000, 0, {{"apt", "102"}}, {}}};
}

std::vector<HeaderExtensionCapability> audio_extensions() {
  return {{1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", Direction::kSendRecv},
          {4, "urn:ietf:params:rtp-hdrext:sdes:mid", Direction::kSendRecv}};
}

std::vector<HeaderExtensionCapability> video_extensions() {
  return {{3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", Direction::kSendRecv},
          {4, "urn:ietf:params:rtp-hdrext:sdes:mid", Direction::kSendRecv},
          {10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", Direction::kSendRecv}};
}

TransportDescription transport() {
  TransportDescription t;
  t.ice_ufrag = "pUrE";
  t.ice_pwd = "purertcpurertcpurertc01";
  Fingerprint fp;
  fp.hash_name = "sha-256";
  fp.digest.assign(32, 0xab);
  t.fingerprints.push_back(fp);
  Candidate c;
  c.foundation = "1";
  c.priority = 2130706431;
  c.address = "127.0.0.1";
  c.port = 50000;
  t.candidates.push_back(c);
  return t;
}

LocalTransceiver audio_transceiver() {
  LocalTransceiver t;
  t.kind = MediaKind::kAudio;
  t.codecs = audio_codecs();
  t.header_extensions = audio_extensions();
  t.stream_ids = {"stream"};
  t.track_id = "audio-track";
  t.cname = "purecname";
  t.streams = {{1111, std::nullopt}};
  return t;
}

LocalTransceiver video_transceiver() {
  LocalTransceiver t;
  t.kind = MediaKind::kVideo;
  t.codecs = video_codecs();
  t.header_extensions = video_extensions();
  t.stream_ids = {"stream"};
  t.track_id = "video-track";
  t.cname = "purecname";
  t.streams = {{2222, 3333}};
  return t;
}

// Every generated description must be valid SDP that survives our own parser.
SessionDescription reparse(const SessionDescription& sd) {
  auto parsed = parse(serialize(sd));
  EXPECT_TRUE(parsed) << (parsed ? "" : to_string(parsed.error())) << "\n" << serialize(sd);
  EXPECT_FALSE(validate_bundle(sd).has_value());
  return parsed ? *parsed : SessionDescription{};
}

std::vector<std::string> names_of(const std::vector<Rtpmap>& maps) {
  std::vector<std::string> out;
  for (const auto& r : maps) out.push_back(std::to_string(r.payload_type) + " " + r.encoding_name);
  return out;
}

TEST(JsepOffer, AudioVideoAndDataChannel) {
  OfferOptions o;
  o.origin = {"4611731400430051336", 2};
  o.transceivers = {audio_transceiver(), video_transceiver()};
  o.data_channel = DataChannelSettings{};
  o.transport = transport();
  auto offer = create_offer(o);
  ASSERT_TRUE(offer) << to_string(offer.error());
  SessionDescription sd = reparse(offer->description);
  EXPECT_EQ(offer->transceiver_mids, (std::vector<std::optional<std::string>>{"0", "1"}));
  EXPECT_EQ(offer->data_channel_mid, "2");
  EXPECT_EQ(sd.origin.session_id, "4611731400430051336");
  EXPECT_EQ(sd.origin.session_version, "2");
  EXPECT_EQ(sd.attributes.first<Group>()->mids, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(sd.attributes.first<MsidSemantic>()->ids, (std::vector<std::string>{"stream"}));
  ASSERT_EQ(sd.media.size(), 3u);
  const MediaDescription& audio = sd.media[0];
  EXPECT_EQ(audio.media, "audio");
  EXPECT_EQ(audio.proto, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(audio.formats, (std::vector<std::string>{"111", "0"}));
  EXPECT_EQ(audio.attributes.first<ConnectionSetup>()->role, SetupRole::kActpass);
  EXPECT_EQ(audio.attributes.first<IceUfrag>()->value, "pUrE");
  EXPECT_EQ(audio.attributes.all<Candidate>().size(), 1u);
  EXPECT_TRUE(audio.attributes.has("rtcp-mux"));
  EXPECT_EQ(audio.attributes.first<Msid>()->track_id, "audio-track");
  EXPECT_EQ(audio.attributes.all<Extmap>().size(), 2u);
  EXPECT_EQ(audio.attributes.all<Ssrc>().size(), 2u);  // cname + msid
  const MediaDescription& video = sd.media[1];
  EXPECT_EQ(names_of(video.attributes.all<Rtpmap>()), (std::vector<std::string>{"96 VP8", "97 rtx", "102 H264", "103 rtx"}));
  auto fid = video.attributes.first<SsrcGroup>();
  ASSERT_TRUE(fid);
  EXPECT_EQ(fid->semantics, "FID");
  EXPECT_EQ(fid->ssrcs, (std::vector<uint32_t>{2222, 3333}));
  EXPECT_EQ(video.attributes.all<RtcpFb>().size(), 10u);
  const MediaDescription& data = sd.media[2];
  EXPECT_EQ(data.proto, "UDP/DTLS/SCTP");
  EXPECT_EQ(data.formats, (std::vector<std::string>{"webrtc-datachannel"}));
  EXPECT_EQ(data.attributes.first<SctpPort>()->port, 5000);
  EXPECT_EQ(data.attributes.first<MaxMessageSize>()->size, 262144u);
}

TEST(JsepOffer, SimulcastAndDirectionsAndValidation) {
  OfferOptions o;
  o.transport = transport();
  LocalTransceiver v = video_transceiver();
  v.streams.clear();
  v.simulcast = {{"q", false}, {"h", false}, {"f", true}};
  v.direction = Direction::kSendOnly;
  LocalTransceiver recv = audio_transceiver();
  recv.direction = Direction::kRecvOnly;
  o.transceivers = {v, recv};
  auto offer = create_offer(o);
  ASSERT_TRUE(offer) << to_string(offer.error());
  SessionDescription sd = reparse(offer->description);
  EXPECT_EQ(sd.media[0].direction(), Direction::kSendOnly);
  EXPECT_EQ(sd.media[0].attributes.all<Rid>().size(), 3u);
  auto sc = sd.media[0].attributes.first<Simulcast>();
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc->to_value(), "send q;h;~f");
  EXPECT_TRUE(sd.media[0].attributes.all<Ssrc>().empty());
  EXPECT_EQ(sd.media[1].direction(), Direction::kRecvOnly);
  EXPECT_FALSE(sd.media[1].attributes.has("msid"));

  OfferOptions bad = o;
  bad.transceivers[0].codecs.clear();
  EXPECT_EQ(create_offer(bad).error().code, SdpErrc::kInvalidValue);
  bad = o;
  bad.transceivers[0].mid = "x";
  bad.transceivers[1].mid = "x";
  EXPECT_EQ(create_offer(bad).error().code, SdpErrc::kConflict);
}

TEST(JsepOffer, RenegotiationKeepsMidsAndOrderAndRejectsStopped) {
  OfferOptions o;
  o.transport = transport();
  o.transceivers = {audio_transceiver(), video_transceiver()};
  o.data_channel = DataChannelSettings{};
  auto first = create_offer(o);
  ASSERT_TRUE(first);
  // Next round: the audio transceiver is stopped, a new video transceiver arrives, and the caller
  // stored the mids from the first offer.
  OfferOptions again = o;
  again.origin.session_version = 2;
  again.current_local = &first->description;
  again.transceivers[0].mid = first->transceiver_mids[0];
  again.transceivers[0].stopped = true;
  again.transceivers[1].mid = first->transceiver_mids[1];
  again.transceivers.push_back(video_transceiver());
  again.data_channel->mid = first->data_channel_mid;
  auto second = create_offer(again);
  ASSERT_TRUE(second) << to_string(second.error());
  SessionDescription sd = reparse(second->description);
  ASSERT_EQ(sd.media.size(), 4u);
  EXPECT_EQ(sd.media[0].mid(), "0");
  EXPECT_EQ(sd.media[0].port, 0);
  EXPECT_TRUE(sd.media[0].is_rejected());
  EXPECT_EQ(sd.media[0].media, "audio");
  EXPECT_EQ(sd.media[1].mid(), "1");
  EXPECT_EQ(sd.media[2].mid(), "2");
  EXPECT_EQ(sd.media[2].media, "application");
  EXPECT_EQ(sd.media[3].mid(), "3");
  EXPECT_EQ(second->transceiver_mids[2], "3");
  EXPECT_EQ(sd.attributes.first<Group>()->mids, (std::vector<std::string>{"1", "2", "3"}));
}

AnswerOptions answerer() {
  AnswerOptions a;
  a.origin = {"7", 1};
  a.transport = transport();
  a.audio_codecs = audio_codecs();
  a.video_codecs = video_codecs();
  a.audio_extensions = audio_extensions();
  a.video_extensions = video_extensions();
  a.data_channel = DataChannelSettings{};
  return a;
}

TEST(JsepAnswer, ChromeAudioVideoOffer) {
  auto offer = parse(data_file("chromium/audio-video-offer.sdp"));
  ASSERT_TRUE(offer);
  AnswerOptions a = answerer();
  a.transceivers = {audio_transceiver()};  // sends audio; video only received
  auto answer = create_answer(*offer, a);
  ASSERT_TRUE(answer) << to_string(answer.error());
  SessionDescription sd = reparse(answer->description);
  EXPECT_EQ(answer->transceiver_mids[0], "0");
  ASSERT_EQ(sd.media.size(), 2u);
  EXPECT_EQ(sd.attributes.first<Group>()->mids, (std::vector<std::string>{"0", "1"}));
  EXPECT_TRUE(sd.attributes.has("extmap-allow-mixed"));
  const MediaDescription& audio = sd.media[0];
  EXPECT_EQ(audio.mid(), "0");
  EXPECT_EQ(audio.direction(), Direction::kSendRecv);
  EXPECT_EQ(audio.attributes.first<ConnectionSetup>()->role, SetupRole::kActive);
  // Offerer's payload types, only codecs both support.
  EXPECT_EQ(names_of(audio.attributes.all<Rtpmap>()), (std::vector<std::string>{"111 opus", "0 PCMU"}));
  auto fb = audio.attributes.all<RtcpFb>();
  ASSERT_EQ(fb.size(), 1u);
  EXPECT_EQ(fb[0].type, "transport-cc");
  // Extensions: intersection, offerer's ids (Chrome: 1 = audio level, 4 = mid).
  std::vector<uint16_t> ids;
  for (const auto& e : audio.attributes.all<Extmap>()) ids.push_back(e.id);
  EXPECT_EQ(ids, (std::vector<uint16_t>{1, 4}));
  EXPECT_TRUE(audio.attributes.has("ssrc"));

  const MediaDescription& video = sd.media[1];
  EXPECT_EQ(video.direction(), Direction::kRecvOnly);
  EXPECT_FALSE(video.attributes.has("ssrc"));
  auto video_maps = video.attributes.all<Rtpmap>();
  auto offered_maps = offer->media[1].attributes.all<Rtpmap>();
  for (const Rtpmap& r : video_maps) {
    // Every answered payload type is the offer's number for that codec.
    auto it = std::find_if(offered_maps.begin(), offered_maps.end(), [&](const Rtpmap& o) { return o.payload_type == r.payload_type; });
    ASSERT_NE(it, offered_maps.end());
    EXPECT_EQ(it->encoding_name, r.encoding_name);
  }
  // VP8 + its rtx, and H.264 constrained baseline packetization-mode=1 (+ rtx) only.
  for (const Fmtp& f : video.attributes.all<Fmtp>()) {
    auto name = std::find_if(video_maps.begin(), video_maps.end(), [&](const Rtpmap& r) { return r.payload_type == f.payload_type; })->encoding_name;
    if (name == "H264") {
      EXPECT_EQ(f.get("packetization-mode"), "1");
      auto plid = H264ProfileLevelId::parse(*f.get("profile-level-id"));
      ASSERT_TRUE(plid);
      EXPECT_EQ(plid->profile, H264ProfileLevelId::Profile::kConstrainedBaseline);
    }
    if (name == "rtx") {
      auto apt = parse_payload_type(*f.get("apt"));
      ASSERT_TRUE(apt);
      EXPECT_TRUE(std::any_of(video_maps.begin(), video_maps.end(), [&](const Rtpmap& r) { return r.payload_type == *apt && r.encoding_name != "rtx"; }));
    }
  }
  size_t h264 = std::count_if(video_maps.begin(), video_maps.end(), [](const Rtpmap& r) { return r.encoding_name == "H264"; });
  EXPECT_GE(h264, 1u);
  EXPECT_TRUE(std::none_of(video_maps.begin(), video_maps.end(), [](const Rtpmap& r) { return r.encoding_name == "VP9" || r.encoding_name == "AV1"; }));
  for (const auto& f : video.attributes.all<RtcpFb>()) EXPECT_NE(f.type, "rrtr");
}

TEST(JsepAnswer, ChromeDataChannelAndSimulcastOffers) {
  auto dc = parse(data_file("chromium/datachannel-offer.sdp"));
  ASSERT_TRUE(dc);
  auto answer = create_answer(*dc, answerer());
  ASSERT_TRUE(answer) << to_string(answer.error());
  SessionDescription sd = reparse(answer->description);
  ASSERT_EQ(sd.media.size(), 1u);
  EXPECT_EQ(sd.media[0].port, 9);
  EXPECT_EQ(sd.media[0].mid(), "0");
  EXPECT_EQ(sd.media[0].attributes.first<SctpPort>()->port, 5000);
  EXPECT_TRUE(sd.media[0].attributes.has("max-message-size"));

  AnswerOptions no_data = answerer();
  no_data.data_channel.reset();
  answer = create_answer(*dc, no_data);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->description.media[0].port, 0);
  EXPECT_TRUE(answer->description.attributes.first<Group>()->mids.empty());

  auto sim = parse(data_file("chromium/simulcast-offer.sdp"));
  ASSERT_TRUE(sim);
  answer = create_answer(*sim, answerer());
  ASSERT_TRUE(answer) << to_string(answer.error());
  sd = reparse(answer->description);
  const MediaDescription& video = sd.media[1];
  EXPECT_EQ(video.direction(), Direction::kRecvOnly);
  auto rids = video.attributes.all<Rid>();
  ASSERT_EQ(rids.size(), 3u);
  EXPECT_EQ(rids[0].direction, RidDirection::kRecv);
  EXPECT_EQ(video.attributes.first<Simulcast>()->to_value(), "recv q;h;f");
}

// Chromium's simulcast offer with its rid / simulcast lines replaced by `rid_lines` (each without "a=").
std::string simulcast_offer(const std::vector<std::string>& rid_lines) {
  std::string text = to_lf(data_file("chromium/simulcast-offer.sdp"));
  std::string out;
  size_t pos = 0;
  bool inserted = false;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.starts_with("a=rid:") || line.starts_with("a=simulcast:")) {
      if (!inserted) {
        for (const auto& r : rid_lines) out += "a=" + r + "\n";
        inserted = true;
      }
      continue;
    }
    out += line + "\n";
  }
  return out;
}

TEST(JsepAnswer, SimulcastRidsAreMirroredAsRecvWithOnlyUnderstoodRestrictions) {
  // pt=96 is VP8 (accepted), 45 is AV1 (not in the answerer's codecs); max-foo is no RFC 8851 restriction
  // and depend= is layered coding purertc does not do: both stay out of the answer.
  auto offer = parse(simulcast_offer({"rid:q send pt=96,45;max-width=320;max-height=180;max-foo=3",
                                 "rid:h send max-fps=30;depend=q", "rid:h2 send", "rid:f send", "rid:av1 send pt=45",
                                 "simulcast:send q;h,h2;~f;av1"}));
  ASSERT_TRUE(offer) << to_string(offer.error());
  auto answer = create_answer(*offer, answerer());
  ASSERT_TRUE(answer) << to_string(answer.error());
  SessionDescription sd = reparse(answer->description);
  const MediaDescription& video = sd.media[1];
  auto rids = video.attributes.all<Rid>();
  ASSERT_EQ(rids.size(), 3u);  // q, h (first alternative), f; av1 only allows a codec the answer dropped
  EXPECT_EQ(rids[0].to_value(), "q recv pt=96;max-width=320;max-height=180");
  EXPECT_EQ(rids[1].to_value(), "h recv max-fps=30");
  EXPECT_EQ(rids[2].to_value(), "f recv");
  EXPECT_EQ(video.attributes.first<Simulcast>()->to_value(), "recv q;h;~f");
}

TEST(JsepAnswer, SimulcastOfferErrorsAreClear) {
  struct Case {
    std::vector<std::string> lines;
    SdpErrc code;
  };
  const std::vector<Case> cases = {
      {{"rid:q send", "simulcast:send q;h"}, SdpErrc::kMissing},                      // h has no a=rid
      {{"rid:q send", "rid:h recv", "simulcast:send q;h"}, SdpErrc::kConflict},       // direction
      {{"rid:q send", "rid:q send", "simulcast:send q"}, SdpErrc::kConflict},         // two a=rid:q
      {{"rid:q send", "simulcast:send q;q"}, SdpErrc::kConflict},                     // q twice
      {{"rid:q send pt=127", "simulcast:send q"}, SdpErrc::kInvalidValue},            // pt not offered
      {{"rid:abcdefghijklmnopq send", "simulcast:send abcdefghijklmnopq"}, SdpErrc::kLimit},  // 17 chars
  };
  for (const Case& c : cases) {
    auto offer = parse(simulcast_offer(c.lines));
    ASSERT_TRUE(offer) << to_string(offer.error());
    auto answer = create_answer(*offer, answerer());
    ASSERT_FALSE(answer) << c.lines.back();
    EXPECT_EQ(answer.error().code, c.code) << to_string(answer.error());
    EXPECT_GT(answer.error().line, 0u) << to_string(answer.error());
  }
  // kMaxSimulcastLayers + 1 layers.
  std::vector<std::string> many;
  std::string sc = "simulcast:send ";
  for (size_t i = 0; i <= kMaxSimulcastLayers; ++i) {
    many.push_back("rid:r" + std::to_string(i) + " send");
    sc += (i ? ";r" : "r") + std::to_string(i);
  }
  many.push_back(sc);
  auto offer = parse(simulcast_offer(many));
  ASSERT_TRUE(offer) << to_string(offer.error());
  auto answer = create_answer(*offer, answerer());
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, SdpErrc::kLimit);
  EXPECT_NE(to_string(answer.error()).find("kMaxSimulcastLayers"), std::string::npos) << to_string(answer.error());
  // Exactly the limit is fine.
  many.erase(many.end() - 2, many.end());
  sc = "simulcast:send ";
  for (size_t i = 0; i < kMaxSimulcastLayers; ++i) sc += (i ? ";r" : "r") + std::to_string(i);
  many.push_back(sc);
  offer = parse(simulcast_offer(many));
  ASSERT_TRUE(offer) << to_string(offer.error());
  answer = create_answer(*offer, answerer());
  ASSERT_TRUE(answer) << to_string(answer.error());
  EXPECT_EQ(answer->description.media[1].attributes.all<Rid>().size(), kMaxSimulcastLayers);
}

TEST(JsepAnswer, SimulcastIsNotAnsweredWhenTheAnswerDoesNotReceive) {
  auto offer = parse(data_file("chromium/simulcast-offer.sdp"));
  ASSERT_TRUE(offer);
  AnswerOptions a = answerer();
  LocalTransceiver v = video_transceiver();
  v.direction = Direction::kInactive;
  a.transceivers = {v};
  auto answer = create_answer(*offer, a);
  ASSERT_TRUE(answer) << to_string(answer.error());
  const MediaDescription& video = answer->description.media[1];
  EXPECT_TRUE(video.attributes.all<Rid>().empty());
  EXPECT_FALSE(video.attributes.has("simulcast"));
}

TEST(JsepAnswer, LegacySctpmapOfferIsAnsweredInTheSameForm) {
  auto offer = parse(data_file("tricky/legacy-dtls-sctp-sctpmap.sdp"));
  ASSERT_TRUE(offer);
  auto answer = create_answer(*offer, answerer());
  ASSERT_TRUE(answer) << to_string(answer.error());
  SessionDescription sd = reparse(answer->description);
  EXPECT_EQ(sd.media[0].proto, "DTLS/SCTP");
  EXPECT_EQ(sd.media[0].formats, (std::vector<std::string>{"5000"}));
  EXPECT_EQ(sd.media[0].attributes.first<Sctpmap>()->app, "webrtc-datachannel");
  EXPECT_FALSE(sd.media[0].attributes.has("sctp-port"));
}

TEST(JsepAnswer, RfcOfferWithPerMlineCredentialsAndSetupRoles) {
  auto offer = parse(data_file("rfc8829/section7.1-offer-A1.sdp"));
  ASSERT_TRUE(offer);
  AnswerOptions a = answerer();
  a.transport.answer_role = SetupRole::kPassive;
  auto answer = create_answer(*offer, a);
  ASSERT_TRUE(answer) << to_string(answer.error());
  SessionDescription sd = reparse(answer->description);
  EXPECT_EQ(sd.attributes.first<Group>()->mids, (std::vector<std::string>{"a1", "v1"}));
  EXPECT_EQ(sd.media[0].attributes.first<ConnectionSetup>()->role, SetupRole::kPassive);
  // One transport: both m-lines carry the same credentials, whatever the offer had per m-line.
  EXPECT_EQ(sd.media[0].attributes.first<IceUfrag>(), sd.media[1].attributes.first<IceUfrag>());
  EXPECT_EQ(names_of(sd.media[1].attributes.all<Rtpmap>()), (std::vector<std::string>{"100 VP8", "101 H264", "102 rtx", "103 rtx"}));

  // An offer that is "active" gets a passive answer, "passive" an active one.
  for (auto [offered, expected] : {std::pair{"active", SetupRole::kPassive}, std::pair{"passive", SetupRole::kActive}}) {
    SessionDescription changed = *offer;
    for (auto& m : changed.media) {
      m.attributes.remove("setup");
      m.attributes.add("setup", offered);
    }
    auto r = create_answer(changed, answerer());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->description.media[0].attributes.first<ConnectionSetup>()->role, expected);
  }
  SessionDescription hold = *offer;
  hold.media[0].attributes.remove("setup");
  hold.media[0].attributes.add("setup", "holdconn");
  EXPECT_EQ(create_answer(hold, answerer()).error().code, SdpErrc::kNegotiation);
  SessionDescription no_fp = *offer;
  no_fp.media[0].attributes.remove("fingerprint");
  EXPECT_EQ(create_answer(no_fp, answerer()).error().code, SdpErrc::kMissing);
}

TEST(JsepAnswer, RejectsWhatCannotBeAccepted) {
  auto offer = parse(data_file("chromium/audio-video-offer.sdp"));
  ASSERT_TRUE(offer);
  AnswerOptions a = answerer();
  // No common video codec: only VP9 locally.
  a.video_codecs = {CodecCapability{98, "VP9", 90000, 0, {{"profile-id", "3"}}, {}}};
  auto answer = create_answer(*offer, a);
  ASSERT_TRUE(answer);
  SessionDescription sd = reparse(answer->description);
  EXPECT_EQ(sd.media[1].port, 0);
  EXPECT_EQ(sd.media[1].mid(), "1");
  EXPECT_EQ(sd.media[1].formats, offer->media[1].formats);
  EXPECT_EQ(sd.attributes.first<Group>()->mids, (std::vector<std::string>{"0"}));

  // A stopped transceiver owning the mid rejects its m-line.
  a = answerer();
  LocalTransceiver stopped = audio_transceiver();
  stopped.mid = "0";
  stopped.stopped = true;
  a.transceivers = {stopped};
  answer = create_answer(*offer, a);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->description.media[0].port, 0);
  EXPECT_EQ(answer->description.media[1].port, 9);

  // No rtcp-mux in the offer: "require" policy rejects the m-line.
  SessionDescription no_mux = *offer;
  no_mux.media[0].attributes.remove("rtcp-mux");
  answer = create_answer(no_mux, answerer());
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->description.media[0].port, 0);

  // An offered m-line already rejected stays rejected.
  SessionDescription rejected = *offer;
  rejected.media[1].port = 0;
  answer = create_answer(rejected, answerer());
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->description.media[1].port, 0);
}

TEST(JsepAnswer, DirectionAndExtmapDirectionNegotiation) {
  auto offer = parse(data_file("tricky/firefox-style-simulcast-lf.sdp"));
  ASSERT_TRUE(offer) << to_string(offer.error());
  AnswerOptions a = answerer();
  LocalTransceiver v = video_transceiver();
  v.direction = Direction::kSendRecv;
  a.transceivers = {v};
  a.video_extensions.push_back({5, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", Direction::kSendRecv});
  a.transceivers[0].header_extensions = a.video_extensions;
  auto answer = create_answer(*offer, a);
  ASSERT_TRUE(answer) << to_string(answer.error());
  SessionDescription sd = reparse(answer->description);
  const MediaDescription& m = sd.media[0];
  // Offer sendonly -> answer recvonly even though the transceiver could send.
  EXPECT_EQ(m.direction(), Direction::kRecvOnly);
  EXPECT_FALSE(m.attributes.has("msid"));
  bool abs_send_time = false;
  for (const Extmap& e : m.attributes.all<Extmap>()) {
    if (e.uri.find("abs-send-time") != std::string::npos) {
      abs_send_time = true;
      EXPECT_EQ(e.id, 4);
      EXPECT_EQ(e.direction, Direction::kRecvOnly);
    }
  }
  EXPECT_TRUE(abs_send_time);
  EXPECT_EQ(m.attributes.all<Rid>().size(), 3u);
}

TEST(JsepBundle, ExtmapIdReuseIsRefusedInsideABundleOnly) {
  auto bundled = parse(data_file("tricky/extmap-id-reused-bundled.sdp"));
  ASSERT_TRUE(bundled) << to_string(bundled.error());
  auto e = validate_bundle(*bundled);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, SdpErrc::kConflict);
  EXPECT_EQ(e->line, 17u);
  EXPECT_NE(to_string(*e).find("BUNDLE"), std::string::npos);
  auto answer = create_answer(*bundled, answerer());
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().line, 17u);

  auto unbundled = parse(data_file("tricky/extmap-id-reused-unbundled.sdp"));
  ASSERT_TRUE(unbundled);
  EXPECT_FALSE(validate_bundle(*unbundled));

  auto missing = parse(lines({"v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 9",
                              "m=audio 9 UDP/TLS/RTP/SAVPF 0", "a=mid:0"}));
  ASSERT_TRUE(missing);
  e = validate_bundle(*missing);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, SdpErrc::kMissing);
  EXPECT_EQ(e->line, 5u);
  auto twice = parse(lines({"v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0", "a=group:BUNDLE 0",
                            "m=audio 9 UDP/TLS/RTP/SAVPF 0", "a=mid:0"}));
  ASSERT_TRUE(twice);
  e = validate_bundle(*twice);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 6u);
}

TEST(JsepRoundTrip, OurOfferAnsweredByOurAnswerer) {
  OfferOptions o;
  o.transport = transport();
  o.transceivers = {audio_transceiver(), video_transceiver()};
  o.data_channel = DataChannelSettings{};
  auto offer = create_offer(o);
  ASSERT_TRUE(offer);
  SessionDescription remote = reparse(offer->description);
  AnswerOptions a = answerer();
  a.transceivers = {audio_transceiver(), video_transceiver()};
  auto answer = create_answer(remote, a);
  ASSERT_TRUE(answer) << to_string(answer.error());
  SessionDescription sd = reparse(answer->description);
  ASSERT_EQ(sd.media.size(), 3u);
  for (const auto& m : sd.media) EXPECT_NE(m.port, 0) << m.media;
  EXPECT_EQ(sd.media[1].direction(), Direction::kSendRecv);
  EXPECT_EQ(names_of(sd.media[1].attributes.all<Rtpmap>()), (std::vector<std::string>{"96 VP8", "97 rtx", "102 H264", "103 rtx"}));
  EXPECT_EQ(sd.media[1].attributes.all<RtcpFb>().size(), 10u);
  EXPECT_EQ(answer->transceiver_mids, (std::vector<std::optional<std::string>>{"0", "1"}));
}

}  // namespace
}  // namespace purertc::sdp
