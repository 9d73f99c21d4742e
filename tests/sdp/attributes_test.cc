// Typed WebRTC attributes: parse -> to_value round trips and the grammar corners of each RFC.
#include <gtest/gtest.h>

#include "sdp/sdp.h"

namespace purertc::sdp {
namespace {

template <class T>
T parse_ok(std::string_view v) {
  auto r = T::parse(v);
  EXPECT_TRUE(r) << v << ": " << (r ? "" : to_string(r.error()));
  EXPECT_EQ(r ? r->to_value() : "", v) << "canonical form";
  return r ? *r : T{};
}

template <class T>
SdpErrc parse_bad(std::string_view v) {
  auto r = T::parse(v);
  EXPECT_FALSE(r) << v;
  return r ? SdpErrc::kSyntax : r.error().code;
}

TEST(SdpAttributes, Candidate) {
  auto c = parse_ok<Candidate>(
      "1534862934 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active generation 0 network-id 3 network-cost 50");
  EXPECT_EQ(c.foundation, "1534862934");
  EXPECT_EQ(c.transport, "tcp");
  EXPECT_FALSE(c.is_udp());
  EXPECT_EQ(c.priority, 1518214911u);
  EXPECT_EQ(c.port, 9);
  EXPECT_EQ(c.candidate_type(), CandidateType::kHost);
  EXPECT_EQ(c.tcp_type, "active");
  EXPECT_EQ(c.network_cost, 50u);
  auto srflx = parse_ok<Candidate>(
      "842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.1.1 rport 8998 generation 0 ufrag EsAw network-id 1");
  EXPECT_EQ(srflx.candidate_type(), CandidateType::kSrflx);
  EXPECT_EQ(srflx.related_address, "10.0.1.1");
  EXPECT_EQ(srflx.related_port, 8998);
  EXPECT_EQ(srflx.ufrag, "EsAw");
  auto v6 = parse_ok<Candidate>("3 2 UDP 2122252543 fd00::2 54402 typ host x-custom 7");
  EXPECT_EQ(v6.component, 2);
  EXPECT_EQ(v6.extensions.size(), 1u);
  auto mdns = parse_ok<Candidate>("1 1 udp 2122260223 6d2b0c52-5a67-4f0e-9d3f-2f0e0c4e1b58.local 51000 typ host");
  EXPECT_EQ(mdns.address, "6d2b0c52-5a67-4f0e-9d3f-2f0e0c4e1b58.local");
  auto relay = parse_ok<Candidate>("9 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 61665");
  EXPECT_EQ(relay.candidate_type(), CandidateType::kRelay);

  auto trickled = Candidate::parse_line("candidate:1 1 udp 1 127.0.0.1 5000 typ host");
  ASSERT_TRUE(trickled);
  EXPECT_EQ(trickled->port, 5000);
  EXPECT_TRUE(Candidate::parse_line("a=candidate:1 1 udp 1 127.0.0.1 5000 typ host\r\n"));
  EXPECT_FALSE(Candidate::parse_line("1 1 udp 1 127.0.0.1 5000 typ host"));

  parse_bad<Candidate>("1 257 udp 1 127.0.0.1 5000 typ host");
  parse_bad<Candidate>("1 1 udp 4294967296 127.0.0.1 5000 typ host");
  parse_bad<Candidate>(std::string(33, 'f') + " 1 udp 1 127.0.0.1 5000 typ host");
  parse_bad<Candidate>("1 1 udp 1 127.0.0.1 5000 typ host raddr");
  parse_bad<Candidate>("1 1 udp 1 127.0.0.1 5000 typ host tcptype sideways");
  parse_bad<Candidate>("1 1 udp 1 127.0.0.1 5000 typ host generation 0 generation 1");
  parse_bad<Candidate>("1 1 udp 1 127.0.0.1 5000  typ host");
  parse_bad<Candidate>("1 1 udp 1 127.0.0.1/8 5000 typ host");
}

TEST(SdpAttributes, Fingerprint) {
  for (auto [text, hash, size] : {std::tuple{"sha-1", FingerprintHash::kSha1, 20}, {"sha-224", FingerprintHash::kSha224, 28},
                                  {"sha-256", FingerprintHash::kSha256, 32}, {"sha-384", FingerprintHash::kSha384, 48},
                                  {"sha-512", FingerprintHash::kSha512, 64}, {"md5", FingerprintHash::kMd5, 16},
                                  {"md2", FingerprintHash::kMd2, 16}}) {
    std::string v = std::string(text) + " ";
    for (int i = 0; i < size; ++i) v += (i ? ":" : "") + std::string("A5");
    auto fp = parse_ok<Fingerprint>(v);
    EXPECT_EQ(fp.hash(), hash);
    EXPECT_EQ(fp.digest.size(), static_cast<size_t>(size));
    EXPECT_EQ(to_string(hash), text);
  }
  auto other = parse_ok<Fingerprint>("x-hash 01:02:03");
  EXPECT_EQ(other.hash(), FingerprintHash::kOther);
  parse_bad<Fingerprint>("sha-256");
  parse_bad<Fingerprint>("sha-1 AA:BB:");
  parse_bad<Fingerprint>("sha-1 AAB:B");
}

TEST(SdpAttributes, IceAttributes) {
  EXPECT_EQ(parse_ok<IceUfrag>("z+Gm").value, "z+Gm");
  parse_ok<IcePwd>("uskd9yckFNcFas+5X0m5wVov");
  EXPECT_EQ(parse_bad<IceUfrag>(std::string(257, 'a')), SdpErrc::kInvalidValue);
  EXPECT_EQ(parse_bad<IcePwd>("short"), SdpErrc::kInvalidValue);
  auto options = parse_ok<IceOptions>("trickle ice2");
  EXPECT_TRUE(options.has("ice2"));
  EXPECT_FALSE(options.has("renomination"));
  parse_bad<IceOptions>("trickle  ice2");
}

TEST(SdpAttributes, SetupMidGroupMsid) {
  EXPECT_EQ(parse_ok<ConnectionSetup>("active").role, SetupRole::kActive);
  EXPECT_EQ(parse_ok<ConnectionSetup>("passive").role, SetupRole::kPassive);
  EXPECT_EQ(parse_ok<ConnectionSetup>("holdconn").role, SetupRole::kHoldconn);
  parse_bad<ConnectionSetup>("Active");
  parse_ok<Mid>("audio-1");
  parse_bad<Mid>("");
  parse_bad<Mid>("a b");
  auto g = parse_ok<Group>("BUNDLE 0 1 2");
  EXPECT_TRUE(g.contains("2"));
  EXPECT_EQ(parse_ok<Group>("BUNDLE").mids.size(), 0u);
  parse_bad<Group>("BUNDLE 0  1");
  auto semantic = parse_ok<MsidSemantic>(" WMS stream1 stream2");
  EXPECT_EQ(semantic.ids.size(), 2u);
  auto msid = parse_ok<Msid>("stream track");
  EXPECT_EQ(msid.stream_id, "stream");
  EXPECT_EQ(msid.track_id, "track");
  EXPECT_FALSE(parse_ok<Msid>("-").track_id);
  parse_bad<Msid>("a b c");
  EXPECT_EQ(parse_ok<Rtcp>("9 IN IP4 0.0.0.0").address, "0.0.0.0");
  EXPECT_EQ(parse_ok<Rtcp>("53020").port, 53020);
}

TEST(SdpAttributes, RtpCodecAttributes) {
  auto r = parse_ok<Rtpmap>("111 opus/48000/2");
  EXPECT_EQ(r.encoding_params, 2u);
  EXPECT_FALSE(parse_ok<Rtpmap>("96 VP8/90000").encoding_params);
  parse_bad<Rtpmap>("96 VP8/0");
  parse_bad<Rtpmap>("96 VP8/90000/2/3");
  auto f = parse_ok<Fmtp>("102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
  EXPECT_EQ(f.get("profile-level-id"), "42001f");
  EXPECT_EQ(f.get("PACKETIZATION-MODE"), "1");
  EXPECT_FALSE(f.get("sprop"));
  f.set("profile-level-id", "42e01f");
  f.set("new", "1");
  EXPECT_EQ(f.parameters_string(), "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f;new=1");
  auto dtmf = parse_ok<Fmtp>("126 0-15");
  EXPECT_FALSE(dtmf.parameters[0].value);
  parse_bad<Fmtp>("126 =x");
  auto fb = parse_ok<RtcpFb>("96 nack pli");
  EXPECT_EQ(fb.type, "nack");
  EXPECT_EQ(fb.parameter, "pli");
  EXPECT_FALSE(parse_ok<RtcpFb>("* transport-cc").payload_type);
  parse_ok<RtcpFb>("96 trr-int 100");
  parse_bad<RtcpFb>("96 trr-int soon");
  parse_ok<RtcpFb>("96 ccm tmmbr smaxpr=120");
}

TEST(SdpAttributes, Extmap) {
  auto e = parse_ok<Extmap>("3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
  EXPECT_EQ(e.id, 3);
  EXPECT_FALSE(e.direction);
  auto d = parse_ok<Extmap>("4/recvonly urn:ietf:params:rtp-hdrext:sdes:mid");
  EXPECT_EQ(d.direction, Direction::kRecvOnly);
  auto a = parse_ok<Extmap>("200 urn:example:x some attributes");
  EXPECT_EQ(a.attributes, "some attributes");
  parse_ok<Extmap>("4096 urn:example:offer-side");
  EXPECT_EQ(parse_bad<Extmap>("256 urn:x"), SdpErrc::kInvalidValue);
  EXPECT_EQ(parse_bad<Extmap>("1"), SdpErrc::kMissing);
}

TEST(SdpAttributes, SsrcAndGroups) {
  auto s = parse_ok<Ssrc>("1174447347 msid:704a5758 2b9c9bdb");
  EXPECT_EQ(s.ssrc, 1174447347u);
  EXPECT_EQ(s.attribute, "msid");
  EXPECT_EQ(s.value, "704a5758 2b9c9bdb");
  EXPECT_FALSE(parse_ok<Ssrc>("1 x-flag").value);
  auto fid = parse_ok<SsrcGroup>("FID 1 2");
  EXPECT_EQ(fid.ssrcs, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(parse_ok<SsrcGroup>("SIM 1 2 3").ssrcs.size(), 3u);
  parse_bad<SsrcGroup>("FID 1 x");
}

TEST(SdpAttributes, RidAndSimulcast) {
  auto r = parse_ok<Rid>("hi send pt=96,97;max-width=1280;max-height=720");
  EXPECT_EQ(r.payload_types, (std::vector<uint8_t>{96, 97}));
  ASSERT_EQ(r.restrictions.size(), 2u);
  EXPECT_EQ(r.restrictions[0].name, "max-width");
  auto plain = parse_ok<Rid>("lo recv max-fps=15;depend=hi");
  EXPECT_EQ(plain.direction, RidDirection::kRecv);
  EXPECT_TRUE(plain.payload_types.empty());
  parse_bad<Rid>("hi send max-width=1;pt=96");
  parse_bad<Rid>("h!i send");
  EXPECT_EQ(to_string(RidDirection::kRecv), "recv");
  auto s = parse_ok<Simulcast>("send 1,~4;2;3 recv c");
  ASSERT_EQ(s.send.size(), 3u);
  EXPECT_TRUE(s.send[0][1].paused);
  EXPECT_EQ(s.recv[0][0].rid, "c");
  EXPECT_TRUE(parse_ok<Simulcast>("recv a;b send c").recv_first);
  parse_bad<Simulcast>("send a send b");
  parse_bad<Simulcast>("sideways a");
}

TEST(SdpAttributes, Sctp) {
  EXPECT_EQ(parse_ok<SctpPort>("5000").port, 5000);
  EXPECT_EQ(parse_ok<MaxMessageSize>("0").size, 0u);
  auto legacy = parse_ok<Sctpmap>("5000 webrtc-datachannel 1024");
  EXPECT_EQ(legacy.streams, 1024u);
  EXPECT_FALSE(parse_ok<Sctpmap>("5000 webrtc-datachannel").streams);
}

TEST(SdpAttributes, Directions) {
  for (auto d : {Direction::kSendRecv, Direction::kSendOnly, Direction::kRecvOnly, Direction::kInactive}) {
    EXPECT_EQ(direction_from_name(to_string(d)), d);
    EXPECT_EQ(reversed(reversed(d)), d);
  }
  EXPECT_EQ(reversed(Direction::kSendOnly), Direction::kRecvOnly);
  EXPECT_EQ(answer_direction(Direction::kSendOnly, Direction::kSendRecv), Direction::kRecvOnly);
  EXPECT_EQ(answer_direction(Direction::kRecvOnly, Direction::kSendRecv), Direction::kSendOnly);
  EXPECT_EQ(answer_direction(Direction::kSendRecv, Direction::kRecvOnly), Direction::kRecvOnly);
  EXPECT_EQ(answer_direction(Direction::kInactive, Direction::kSendRecv), Direction::kInactive);
  EXPECT_EQ(answer_direction(Direction::kSendOnly, Direction::kSendOnly), Direction::kInactive);
  EXPECT_FALSE(direction_from_name("both"));
}

}  // namespace
}  // namespace purertc::sdp
