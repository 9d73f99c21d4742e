// RFC 8866 codec: line grammar, order, the typed model, leniency, limits and error line numbers.
#include <gtest/gtest.h>

#include <string>

#include "sdp/sdp.h"
#include "tests/sdp/sdp_test_util.h"

namespace purertc::sdp {
namespace {

const std::string kMinimal = lines({"v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0"});

SdpError parse_error(const std::string& text) {
  auto r = parse(text);
  EXPECT_FALSE(r) << "parsed unexpectedly:\n" << text;
  return r ? SdpError() : r.error();
}

TEST(SdpParser, MinimalDescription) {
  auto sd = parse(kMinimal);
  ASSERT_TRUE(sd) << to_string(sd.error());
  EXPECT_EQ(sd->origin.session_id, "1");
  EXPECT_EQ(sd->origin.session_version, "2");
  EXPECT_EQ(sd->origin.address, "127.0.0.1");
  EXPECT_EQ(sd->session_name, "-");
  ASSERT_EQ(sd->timings.size(), 1u);
  EXPECT_TRUE(sd->media.empty());
  EXPECT_EQ(serialize(*sd), kMinimal);
}

TEST(SdpParser, ChromeOfferTypedView) {
  auto sd = parse(data_file("chromium/audio-video-offer.sdp"));
  ASSERT_TRUE(sd) << to_string(sd.error());
  ASSERT_EQ(sd->media.size(), 2u);
  auto bundle = sd->attributes.first<Group>();
  ASSERT_TRUE(bundle);
  EXPECT_EQ(bundle->semantics, "BUNDLE");
  EXPECT_EQ(bundle->mids, (std::vector<std::string>{"0", "1"}));
  EXPECT_TRUE(sd->attributes.has("extmap-allow-mixed"));
  auto semantic = sd->attributes.first<MsidSemantic>();
  ASSERT_TRUE(semantic);
  EXPECT_EQ(semantic->semantic, "WMS");

  const MediaDescription& audio = sd->media[0];
  EXPECT_EQ(audio.media, "audio");
  EXPECT_EQ(audio.proto, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(audio.mid(), "0");
  EXPECT_EQ(audio.direction(), Direction::kSendRecv);
  EXPECT_TRUE(audio.attributes.has("rtcp-mux"));
  EXPECT_TRUE(audio.attributes.has("rtcp-rsize"));
  auto rtpmaps = audio.attributes.all<Rtpmap>();
  ASSERT_FALSE(rtpmaps.empty());
  EXPECT_EQ(rtpmaps[0].encoding_name, "opus");
  EXPECT_EQ(rtpmaps[0].clock_rate, 48000u);
  EXPECT_EQ(rtpmaps[0].encoding_params, 2u);
  EXPECT_EQ(rtpmaps.size(), audio.formats.size());
  auto fmtp = audio.attributes.first<Fmtp>();
  ASSERT_TRUE(fmtp);
  EXPECT_EQ(fmtp->get("useinbandfec"), "1");
  auto fp = audio.attributes.first<Fingerprint>();
  ASSERT_TRUE(fp);
  EXPECT_EQ(fp->hash(), FingerprintHash::kSha256);
  EXPECT_EQ(fp->digest.size(), 32u);
  EXPECT_EQ(audio.attributes.first<ConnectionSetup>()->role, SetupRole::kActpass);
  EXPECT_EQ(audio.attributes.first<IceUfrag>()->value.size(), 4u);
  EXPECT_TRUE(audio.attributes.first<IceOptions>()->has("trickle"));
  auto candidates = audio.attributes.all<Candidate>();
  ASSERT_FALSE(candidates.empty());
  EXPECT_EQ(candidates[0].address, "127.0.0.1");
  EXPECT_EQ(candidates[0].component, 1);
  EXPECT_EQ(candidates[0].generation, 0u);
  EXPECT_TRUE(candidates[0].network_id.has_value());
  auto ssrcs = audio.attributes.all<Ssrc>();
  ASSERT_FALSE(ssrcs.empty());
  EXPECT_EQ(ssrcs[0].attribute, "cname");
  auto msid = audio.attributes.first<Msid>();
  ASSERT_TRUE(msid);
  EXPECT_TRUE(msid->track_id.has_value());

  const MediaDescription& video = sd->media[1];
  EXPECT_EQ(video.media, "video");
  auto groups = video.attributes.all<SsrcGroup>();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].semantics, "FID");
  EXPECT_EQ(groups[0].ssrcs.size(), 2u);
  auto extmaps = video.attributes.all<Extmap>();
  EXPECT_GE(extmaps.size(), 10u);
  bool has_h264 = false;
  for (const auto& r : video.attributes.all<Rtpmap>()) has_h264 |= r.encoding_name == "H264";
  EXPECT_TRUE(has_h264);
  bool has_pli = false;
  for (const auto& fb : video.attributes.all<RtcpFb>()) has_pli |= fb.type == "nack" && fb.parameter == "pli";
  EXPECT_TRUE(has_pli);
}

TEST(SdpParser, ChromeDataChannelAndSimulcast) {
  auto dc = parse(data_file("chromium/datachannel-offer.sdp"));
  ASSERT_TRUE(dc) << to_string(dc.error());
  ASSERT_EQ(dc->media.size(), 1u);
  EXPECT_EQ(dc->media[0].proto, "UDP/DTLS/SCTP");
  EXPECT_EQ(dc->media[0].formats, (std::vector<std::string>{"webrtc-datachannel"}));
  EXPECT_EQ(dc->media[0].attributes.first<SctpPort>()->port, 5000);
  EXPECT_EQ(dc->media[0].attributes.first<MaxMessageSize>()->size, 262144u);
  bool tcp = false;
  for (const auto& c : dc->media[0].attributes.all<Candidate>()) {
    if (c.transport == "tcp") {
      tcp = true;
      EXPECT_EQ(c.tcp_type, "active");
    }
  }
  EXPECT_TRUE(tcp);

  auto sim = parse(data_file("chromium/simulcast-offer.sdp"));
  ASSERT_TRUE(sim) << to_string(sim.error());
  const MediaDescription& video = sim->media[1];
  auto rids = video.attributes.all<Rid>();
  ASSERT_EQ(rids.size(), 3u);
  EXPECT_EQ(rids[0].id, "q");
  EXPECT_EQ(rids[0].direction, RidDirection::kSend);
  auto simulcast = video.attributes.first<Simulcast>();
  ASSERT_TRUE(simulcast);
  ASSERT_EQ(simulcast->send.size(), 3u);
  EXPECT_EQ(simulcast->send[2][0].rid, "f");
  EXPECT_TRUE(simulcast->recv.empty());
  EXPECT_EQ(video.direction(), Direction::kSendOnly);
}

TEST(SdpParser, LfAndMixedLineEndingsAndMissingFinalNewline) {
  std::string lf = "v=0\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\nt=0 0";
  auto sd = parse(lf);
  ASSERT_TRUE(sd) << to_string(sd.error());
  EXPECT_EQ(serialize(*sd), kMinimal);
  auto trailing = parse(kMinimal + "\r\n\r\n");
  ASSERT_TRUE(trailing);
  EXPECT_EQ(serialize(*trailing), kMinimal);
}

TEST(SdpParser, UnknownAttributesAndOddValuesSurvive) {
  std::string text = kMinimal + lines({"a=x-vendor-thing:  two  spaces ", "a=flag", "a=empty:",
                                        "m=audio 9 RTP/AVP 0", "a=x-whatever:1;2;3", "a=rtcp-mux"});
  auto sd = parse(text);
  ASSERT_TRUE(sd) << to_string(sd.error());
  EXPECT_EQ(sd->attributes.value("x-vendor-thing"), "  two  spaces ");
  EXPECT_FALSE(sd->attributes.find("flag")->value.has_value());
  EXPECT_EQ(sd->attributes.value("empty"), "");
  EXPECT_EQ(serialize(*sd), text);
}

TEST(SdpParser, EveryLineTypeInOrder) {
  std::string text = lines({"v=0", "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1", "s=Call",
                            "i=A Seminar", "u=https://www.example.com/seminars/sdp.pdf",
                            "e=j.doe@example.com (Jane Doe)", "e=other@example.com", "p=+1 617 555-6011",
                            "c=IN IP4 233.252.0.1/127", "b=CT:1000", "b=AS:512",
                            "t=2873397496 2873404696", "r=7d 1h 0 25h", "r=604800 3600 0 90000",
                            "z=2882844526 -1h 2898848070 0", "t=0 0", "k=prompt", "a=recvonly",
                            "m=audio 49170/2 RTP/AVP 0 8", "i=voice", "c=IN IP4 233.252.0.1/127",
                            "c=IN IP4 233.252.0.2/127", "b=AS:64", "k=clear:secret", "a=rtpmap:0 PCMU/8000",
                            "m=video 51372 RTP/AVP 99", "a=rtpmap:99 h263-1998/90000"});
  auto sd = parse(text);
  ASSERT_TRUE(sd) << to_string(sd.error());
  EXPECT_EQ(sd->emails.size(), 2u);
  EXPECT_EQ(sd->bandwidths[1].type, "AS");
  EXPECT_EQ(sd->bandwidths[1].value, 512u);
  ASSERT_EQ(sd->timings.size(), 2u);
  EXPECT_EQ(sd->timings[0].repeats.size(), 2u);
  EXPECT_TRUE(sd->timings[0].zone.has_value());
  EXPECT_EQ(sd->connection->address, "233.252.0.1/127");
  EXPECT_EQ(sd->media[0].port, 49170);
  EXPECT_EQ(sd->media[0].port_count, 2);
  EXPECT_EQ(sd->media[0].connections.size(), 2u);
  EXPECT_EQ(sd->media[0].key, "clear:secret");
  EXPECT_EQ(serialize(*sd), text);
}

struct BadCase {
  const char* name;
  std::string text;
  SdpErrc code;
  uint32_t line;
};

class SdpParserErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(SdpParserErrors, NamesTheLineAndTheReason) {
  const BadCase& c = GetParam();
  SdpError e = parse_error(c.text);
  EXPECT_EQ(e.code, c.code) << to_string(e);
  EXPECT_EQ(e.line, c.line) << to_string(e);
  EXPECT_NE(std::string(e.detail), "");
  if (c.line != 0) {
    EXPECT_EQ(to_string(e).rfind("line " + std::to_string(c.line) + ": ", 0), 0u) << to_string(e);
  }
}

const std::string kHead = lines({"v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0"});
const std::string kAudio = kHead + lines({"m=audio 9 UDP/TLS/RTP/SAVPF 111"});

INSTANTIATE_TEST_SUITE_P(
    Cases, SdpParserErrors,
    ::testing::Values(
        BadCase{"empty", "", SdpErrc::kMissing, 0},
        BadCase{"no_v", lines({"o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0"}), SdpErrc::kMissing, 1},
        BadCase{"v1", lines({"v=1", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0"}), SdpErrc::kInvalidValue, 1},
        BadCase{"no_o", lines({"v=0", "s=-", "t=0 0"}), SdpErrc::kMissing, 2},
        BadCase{"no_s", lines({"v=0", "o=- 1 2 IN IP4 127.0.0.1", "t=0 0"}), SdpErrc::kMissing, 3},
        BadCase{"no_t", lines({"v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "a=foo"}), SdpErrc::kMissing, 4},
        BadCase{"no_t_at_all", lines({"v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-"}), SdpErrc::kMissing, 0},
        BadCase{"origin_5_fields", lines({"v=0", "o=- 1 IN IP4 127.0.0.1", "s=-", "t=0 0"}), SdpErrc::kSyntax, 2},
        BadCase{"origin_double_space", lines({"v=0", "o=-  1 2 IN IP4 127.0.0.1", "s=-", "t=0 0"}), SdpErrc::kSyntax, 2},
        BadCase{"origin_non_numeric", lines({"v=0", "o=- x 2 IN IP4 127.0.0.1", "s=-", "t=0 0"}), SdpErrc::kSyntax, 2},
        BadCase{"s_twice", lines({"v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "s=-", "t=0 0"}), SdpErrc::kOrder, 4},
        BadCase{"c_before_i", lines({"v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "c=IN IP4 0.0.0.0", "i=x", "t=0 0"}), SdpErrc::kOrder, 5},
        BadCase{"a_before_t", lines({"v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=x", "t=1 2"}), SdpErrc::kOrder, 6},
        BadCase{"bad_time", lines({"v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 x"}), SdpErrc::kInvalidValue, 4},
        BadCase{"r_without_t", kHead + lines({"a=x", "r=1 2 3"}), SdpErrc::kOrder, 6},
        BadCase{"unknown_type", kHead + lines({"x=1"}), SdpErrc::kSyntax, 5},
        BadCase{"upper_type", kHead + lines({"A=1"}), SdpErrc::kSyntax, 5},
        BadCase{"space_before_equals", kHead + lines({"a =1"}), SdpErrc::kSyntax, 5},
        BadCase{"empty_line_inside", kHead + "\r\n" + lines({"a=x"}), SdpErrc::kSyntax, 5},
        BadCase{"nul_in_line", kHead + std::string("a=x\0y\r\n", 7), SdpErrc::kSyntax, 5},
        BadCase{"session_line_in_media", kAudio + lines({"s=-"}), SdpErrc::kOrder, 6},
        BadCase{"media_c_after_a", kAudio + lines({"a=rtcp-mux", "c=IN IP4 0.0.0.0"}), SdpErrc::kOrder, 7},
        BadCase{"m_no_formats", kHead + lines({"m=audio 9 RTP/AVP"}), SdpErrc::kMissing, 5},
        BadCase{"m_port_too_big", kHead + lines({"m=audio 65536 RTP/AVP 0"}), SdpErrc::kInvalidValue, 5},
        BadCase{"m_port_count_zero", kHead + lines({"m=audio 9/0 RTP/AVP 0"}), SdpErrc::kInvalidValue, 5},
        BadCase{"m_double_space", kHead + lines({"m=audio 9 RTP/AVP  0"}), SdpErrc::kSyntax, 5},
        BadCase{"c_two_fields", kHead + lines({"m=audio 9 RTP/AVP 0", "c=IN IP4"}), SdpErrc::kSyntax, 6},
        BadCase{"b_no_colon", kHead + lines({"m=audio 9 RTP/AVP 0", "b=AS"}), SdpErrc::kSyntax, 6},
        BadCase{"b_not_number", kHead + lines({"m=audio 9 RTP/AVP 0", "b=AS:x"}), SdpErrc::kInvalidValue, 6},
        BadCase{"attr_bad_name", kHead + lines({"a=bad name:1"}), SdpErrc::kSyntax, 5},
        BadCase{"rtpmap_bad_pt", kAudio + lines({"a=rtpmap:128 opus/48000/2"}), SdpErrc::kInvalidValue, 6},
        BadCase{"rtpmap_no_clock", kAudio + lines({"a=rtpmap:111 opus"}), SdpErrc::kSyntax, 6},
        BadCase{"rtpmap_no_value", kAudio + lines({"a=rtpmap"}), SdpErrc::kMissing, 6},
        BadCase{"fmtp_bad_pt", kAudio + lines({"a=fmtp:128 minptime=10"}), SdpErrc::kInvalidValue, 6},
        BadCase{"ufrag_short", kAudio + lines({"a=ice-ufrag:abc"}), SdpErrc::kInvalidValue, 6},
        BadCase{"pwd_bad_char", kAudio + lines({"a=ice-pwd:aaaaaaaaaaaaaaaaaaaaaa-a"}), SdpErrc::kSyntax, 6},
        BadCase{"fingerprint_short", kAudio + lines({"a=fingerprint:sha-256 AA:BB"}), SdpErrc::kInvalidValue, 6},
        BadCase{"fingerprint_bad_hex", kAudio + lines({"a=fingerprint:sha-1 AA:BG"}), SdpErrc::kSyntax, 6},
        BadCase{"setup_bad", kAudio + lines({"a=setup:client"}), SdpErrc::kInvalidValue, 6},
        BadCase{"extmap_zero", kAudio + lines({"a=extmap:0 urn:x"}), SdpErrc::kInvalidValue, 6},
        BadCase{"extmap_bad_direction", kAudio + lines({"a=extmap:1/both urn:x"}), SdpErrc::kSyntax, 6},
        BadCase{"extmap_id_conflict", kAudio + lines({"a=extmap:1 urn:a", "a=extmap:1 urn:b"}), SdpErrc::kConflict, 7},
        BadCase{"candidate_short", kAudio + lines({"a=candidate:1 1 udp 1 127.0.0.1 5000 typ"}), SdpErrc::kMissing, 6},
        BadCase{"candidate_component_0", kAudio + lines({"a=candidate:1 0 udp 1 127.0.0.1 5000 typ host"}), SdpErrc::kInvalidValue, 6},
        BadCase{"candidate_no_typ", kAudio + lines({"a=candidate:1 1 udp 1 127.0.0.1 5000 type host"}), SdpErrc::kSyntax, 6},
        BadCase{"candidate_odd_ext", kAudio + lines({"a=candidate:1 1 udp 1 127.0.0.1 5000 typ host generation"}), SdpErrc::kSyntax, 6},
        BadCase{"candidate_tcp_no_tcptype", kAudio + lines({"a=candidate:1 1 tcp 1 127.0.0.1 9 typ host"}), SdpErrc::kMissing, 6},
        BadCase{"mid_twice", kAudio + lines({"a=mid:0", "a=mid:1"}), SdpErrc::kConflict, 7},
        BadCase{"mid_duplicate", kAudio + lines({"a=mid:0", "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:0"}), SdpErrc::kConflict, 8},
        BadCase{"two_directions", kAudio + lines({"a=sendonly", "a=recvonly"}), SdpErrc::kConflict, 7},
        BadCase{"group_dup", kHead + lines({"a=group:BUNDLE 0 0"}), SdpErrc::kConflict, 5},
        BadCase{"msid_too_long", kAudio + lines({"a=msid:" + std::string(65, 'a')}), SdpErrc::kSyntax, 6},
        BadCase{"ssrc_bad", kAudio + lines({"a=ssrc:4294967296 cname:x"}), SdpErrc::kInvalidValue, 6},
        BadCase{"ssrc_group_empty", kAudio + lines({"a=ssrc-group:FID"}), SdpErrc::kMissing, 6},
        BadCase{"rid_bad_dir", kAudio + lines({"a=rid:q both"}), SdpErrc::kSyntax, 6},
        BadCase{"simulcast_bad", kAudio + lines({"a=simulcast:send q;;h"}), SdpErrc::kSyntax, 6},
        BadCase{"sctp_port_bad", kAudio + lines({"a=sctp-port:70000"}), SdpErrc::kInvalidValue, 6},
        BadCase{"max_message_size_bad", kAudio + lines({"a=max-message-size:-1"}), SdpErrc::kInvalidValue, 6},
        BadCase{"sctpmap_bad", kAudio + lines({"a=sctpmap:5000"}), SdpErrc::kSyntax, 6},
        BadCase{"rtcp_bad", kAudio + lines({"a=rtcp:9 IN IP4"}), SdpErrc::kSyntax, 6},
        BadCase{"rtcp_fb_bad_pt", kAudio + lines({"a=rtcp-fb:300 nack"}), SdpErrc::kInvalidValue, 6}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(SdpParser, LimitsBoundWhatAPeerCanMakeUsAllocate) {
  ParseLimits size;
  size.max_size = 10;
  auto r = parse(kMinimal, size);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, SdpErrc::kLimit);

  ParseLimits line;
  line.max_line_length = 28;
  r = parse(kHead + lines({"a=x-long:" + std::string(30, 'z')}), line);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, SdpErrc::kLimit);
  EXPECT_EQ(r.error().line, 5u);

  ParseLimits media;
  media.max_media = 1;
  r = parse(kAudio + lines({"m=video 9 RTP/AVP 96"}), media);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, SdpErrc::kLimit);
  EXPECT_EQ(r.error().line, 6u);

  ParseLimits attrs;
  attrs.max_attributes_per_section = 2;
  r = parse(kAudio + lines({"a=a", "a=b", "a=c"}), attrs);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 8u);

  ParseLimits formats;
  formats.max_formats = 2;
  r = parse(kHead + lines({"m=audio 9 RTP/AVP 0 8 9"}), formats);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, SdpErrc::kLimit);
}

TEST(SdpParser, LenientWhereBrowsersAreSloppy) {
  // Empty s=, spaces after "msid-semantic:", lower-case fingerprint hex with an upper-case hash name,
  // and fmtp parameters separated by "; ".
  std::string text = lines({"v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=", "t=0 0", "a=msid-semantic:  WMS *",
                            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
                            "a=fingerprint:SHA-1 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab",
                            "a=fmtp:111 minptime=10; useinbandfec=1;"});
  auto sd = parse(text);
  ASSERT_TRUE(sd) << to_string(sd.error());
  EXPECT_EQ(sd->session_name, "");
  EXPECT_EQ(sd->attributes.first<MsidSemantic>()->ids, (std::vector<std::string>{"*"}));
  auto fp = sd->media[0].attributes.first<Fingerprint>();
  EXPECT_EQ(fp->hash(), FingerprintHash::kSha1);
  EXPECT_EQ(fp->digest[0], 0x4a);
  auto fmtp = sd->media[0].attributes.first<Fmtp>();
  EXPECT_EQ(fmtp->get("useinbandfec"), "1");
  EXPECT_EQ(fmtp->parameters.size(), 2u);
  EXPECT_EQ(serialize(*sd), text);
}

TEST(SdpParser, FmtpWithANonPayloadTypeFormatIsKeptOpaque) {
  // RFC 8866 section 6.15 allows any <fmt>; old SCTP drafts wrote the data channel's parameters so.
  std::string text = kHead + lines({"m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                                    "a=fmtp:webrtc-datachannel max-message-size=65536"});
  auto sd = parse(text);
  ASSERT_TRUE(sd) << to_string(sd.error());
  EXPECT_TRUE(sd->media[0].attributes.all<Fmtp>().empty());
  EXPECT_EQ(serialize(*sd), text);
  EXPECT_EQ(parse_error(kHead + lines({"m=audio 9 RTP/AVP 0", "a=fmtp:200 x=1"})).code, SdpErrc::kInvalidValue);
  EXPECT_EQ(parse_error(kHead + lines({"m=audio 9 RTP/AVP 0", "a=fmtp:9x x=1"})).code, SdpErrc::kInvalidValue);
}

TEST(SdpModel, BuildAndSerialize) {
  SessionDescription sd;
  sd.origin.session_id = "4611731400430051336";
  sd.attributes.add(Group{"BUNDLE", {"0"}});
  MediaDescription m;
  m.media = "audio";
  m.proto = "UDP/TLS/RTP/SAVPF";
  m.formats = {"111"};
  m.connections.push_back(Connection{});
  m.attributes.add(Mid{"0"});
  m.attributes.add(Rtpmap{111, "opus", 48000, 2});
  m.set_direction(Direction::kRecvOnly);
  m.set_direction(Direction::kSendOnly);
  m.attributes.add_flag("rtcp-mux");
  sd.media.push_back(m);
  std::string text = serialize(sd);
  EXPECT_EQ(text, lines({"v=0", "o=- 4611731400430051336 0 IN IP4 127.0.0.1", "s=-", "t=0 0",
                         "a=group:BUNDLE 0", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:0",
                         "a=rtpmap:111 opus/48000/2", "a=sendonly", "a=rtcp-mux"}));
  auto back = parse(text);
  ASSERT_TRUE(back);
  EXPECT_TRUE(*back == sd);
  EXPECT_NE(back->find_media("0"), nullptr);
  EXPECT_EQ(back->find_media("1"), nullptr);
  EXPECT_EQ(sd.media[0].attributes.remove("rtcp-mux"), 1u);
  EXPECT_FALSE(sd.media[0].attributes.has("rtcp-mux"));
}

}  // namespace
}  // namespace purertc::sdp
