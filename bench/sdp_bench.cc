// SDP codec cost on a real 2-m-line Chrome offer (audio + video, 23 video payload types, 8 candidates per
// m-line: tests/data/sdp/chromium/audio-video-offer.sdp, copied here so the benchmark needs no files).
// Parsing includes the grammar check of every typed attribute; serialize writes CRLF text.
#include <benchmark/benchmark.h>

#include <string>

#include "sdp/jsep.h"
#include "sdp/sdp.h"

namespace purertc::sdp {
namespace {

const std::string kChromeOffer =
    "v=0\r\n"
    "o=- 5889458773019197317 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0 1\r\n"
    "a=extmap-allow-mixed\r\n"
    "a=msid-semantic: WMS 6ea98af9-6113-47e7-a0d5-5657a5dfb682\r\n"
    "m=audio 59976 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n"
    "c=IN IP4 127.0.0.1\r\n"
    "a=rtcp:9 IN IP4 0.0.0.0\r\n"
    "a=candidate:4140615912 1 udp 2122194687 127.0.0.1 59976 typ host generation 0 network-id 3 network-cost 50\r\n"
    "a=candidate:1492211556 1 udp 2122063615 192.0.2.2 49823 typ host generation 0 network-id 1\r\n"
    "a=candidate:3688176691 1 udp 2122267903 ::1 34336 typ host generation 0 network-id 4 network-cost 50\r\n"
    "a=candidate:1602436052 1 udp 2122134271 fd00::2 48417 typ host generation 0 network-id 2\r\n"
    "a=candidate:2281908848 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active generation 0 network-id 3 network-cost 50\r\n"
    "a=candidate:641644028 1 tcp 1518083839 192.0.2.2 9 typ host tcptype active generation 0 network-id 1\r\n"
    "a=candidate:2770009771 1 tcp 1518288127 ::1 9 typ host tcptype active generation 0 network-id 4 network-cost 50\r\n"
    "a=candidate:558684492 1 tcp 1518154495 fd00::2 9 typ host tcptype active generation 0 network-id 2\r\n"
    "a=ice-ufrag:LnRE\r\n"
    "a=ice-pwd:5MaXtCbCo3D3sPOSUS4UrSAA\r\n"
    "a=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 CE:19:6F:11:BE:11:1A:9A:46:88:42:0B:C1:53:7E:45:E1:AE:AE:B9:45:44:21:6B:5E:54:A3:77:88:EA:28:50\r\n"
    "a=setup:actpass\r\n"
    "a=mid:0\r\n"
    "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
    "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
    "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
    "a=sendrecv\r\n"
    "a=msid:6ea98af9-6113-47e7-a0d5-5657a5dfb682 ef60960c-ada1-43eb-be52-19d393ffe00d\r\n"
    "a=rtcp-mux\r\n"
    "a=rtcp-rsize\r\n"
    "a=rtcp-xr:rcvr-rtt=all\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=rtcp-fb:111 transport-cc\r\n"
    "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
    "a=rtpmap:63 red/48000/2\r\n"
    "a=fmtp:63 111/111\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:13 CN/8000\r\n"
    "a=rtpmap:110 telephone-event/48000\r\n"
    "a=rtpmap:126 telephone-event/8000\r\n"
    "a=ssrc:2650606498 cname:gUPR8anP6GdFObJi\r\n"
    "a=ssrc:2650606498 msid:6ea98af9-6113-47e7-a0d5-5657a5dfb682 ef60960c-ada1-43eb-be52-19d393ffe00d\r\n"
    "m=video 59090 UDP/TLS/RTP/SAVPF 96 97 102 103 104 107 108 109 114 115 116 117 39 40 45 46 98 99 100 101 118 119 120\r\n"
    "c=IN IP4 127.0.0.1\r\n"
    "a=rtcp:9 IN IP4 0.0.0.0\r\n"
    "a=candidate:4140615912 1 udp 2122194687 127.0.0.1 59090 typ host generation 0 network-id 3 network-cost 50\r\n"
    "a=candidate:1492211556 1 udp 2122063615 192.0.2.2 60606 typ host generation 0 network-id 1\r\n"
    "a=candidate:3688176691 1 udp 2122267903 ::1 54596 typ host generation 0 network-id 4 network-cost 50\r\n"
    "a=candidate:1602436052 1 udp 2122134271 fd00::2 33415 typ host generation 0 network-id 2\r\n"
    "a=candidate:2281908848 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active generation 0 network-id 3 network-cost 50\r\n"
    "a=candidate:641644028 1 tcp 1518083839 192.0.2.2 9 typ host tcptype active generation 0 network-id 1\r\n"
    "a=candidate:2770009771 1 tcp 1518288127 ::1 9 typ host tcptype active generation 0 network-id 4 network-cost 50\r\n"
    "a=candidate:558684492 1 tcp 1518154495 fd00::2 9 typ host tcptype active generation 0 network-id 2\r\n"
    "a=ice-ufrag:LnRE\r\n"
    "a=ice-pwd:5MaXtCbCo3D3sPOSUS4UrSAA\r\n"
    "a=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 CE:19:6F:11:BE:11:1A:9A:46:88:42:0B:C1:53:7E:45:E1:AE:AE:B9:45:44:21:6B:5E:54:A3:77:88:EA:28:50\r\n"
    "a=setup:actpass\r\n"
    "a=mid:1\r\n"
    "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\n"
    "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
    "a=extmap:13 urn:3gpp:video-orientation\r\n"
    "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
    "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n"
    "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type\r\n"
    "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing\r\n"
    "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space\r\n"
    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
    "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n"
    "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n"
    "a=sendrecv\r\n"
    "a=msid:6ea98af9-6113-47e7-a0d5-5657a5dfb682 12e0183d-1025-4703-a703-134b841216f9\r\n"
    "a=rtcp-mux\r\n"
    "a=rtcp-rsize\r\n"
    "a=rtcp-xr:rcvr-rtt=all\r\n"
    "a=rtpmap:96 VP8/90000\r\n"
    "a=rtcp-fb:96 goog-remb\r\n"
    "a=rtcp-fb:96 transport-cc\r\n"
    "a=rtcp-fb:96 ccm fir\r\n"
    "a=rtcp-fb:96 nack\r\n"
    "a=rtcp-fb:96 nack pli\r\n"
    "a=rtpmap:97 rtx/90000\r\n"
    "a=fmtp:97 apt=96\r\n"
    "a=rtpmap:102 H264/90000\r\n"
    "a=rtcp-fb:102 goog-remb\r\n"
    "a=rtcp-fb:102 transport-cc\r\n"
    "a=rtcp-fb:102 ccm fir\r\n"
    "a=rtcp-fb:102 nack\r\n"
    "a=rtcp-fb:102 nack pli\r\n"
    "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n"
    "a=rtpmap:103 rtx/90000\r\n"
    "a=fmtp:103 apt=102\r\n"
    "a=rtpmap:104 H264/90000\r\n"
    "a=rtcp-fb:104 goog-remb\r\n"
    "a=rtcp-fb:104 transport-cc\r\n"
    "a=rtcp-fb:104 ccm fir\r\n"
    "a=rtcp-fb:104 nack\r\n"
    "a=rtcp-fb:104 nack pli\r\n"
    "a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\n"
    "a=rtpmap:107 rtx/90000\r\n"
    "a=fmtp:107 apt=104\r\n"
    "a=rtpmap:108 H264/90000\r\n"
    "a=rtcp-fb:108 goog-remb\r\n"
    "a=rtcp-fb:108 transport-cc\r\n"
    "a=rtcp-fb:108 ccm fir\r\n"
    "a=rtcp-fb:108 nack\r\n"
    "a=rtcp-fb:108 nack pli\r\n"
    "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
    "a=rtpmap:109 rtx/90000\r\n"
    "a=fmtp:109 apt=108\r\n"
    "a=rtpmap:114 H264/90000\r\n"
    "a=rtcp-fb:114 goog-remb\r\n"
    "a=rtcp-fb:114 transport-cc\r\n"
    "a=rtcp-fb:114 ccm fir\r\n"
    "a=rtcp-fb:114 nack\r\n"
    "a=rtcp-fb:114 nack pli\r\n"
    "a=fmtp:114 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f\r\n"
    "a=rtpmap:115 rtx/90000\r\n"
    "a=fmtp:115 apt=114\r\n"
    "a=rtpmap:116 H264/90000\r\n"
    "a=rtcp-fb:116 goog-remb\r\n"
    "a=rtcp-fb:116 transport-cc\r\n"
    "a=rtcp-fb:116 ccm fir\r\n"
    "a=rtcp-fb:116 nack\r\n"
    "a=rtcp-fb:116 nack pli\r\n"
    "a=fmtp:116 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f\r\n"
    "a=rtpmap:117 rtx/90000\r\n"
    "a=fmtp:117 apt=116\r\n"
    "a=rtpmap:39 H264/90000\r\n"
    "a=rtcp-fb:39 goog-remb\r\n"
    "a=rtcp-fb:39 transport-cc\r\n"
    "a=rtcp-fb:39 ccm fir\r\n"
    "a=rtcp-fb:39 nack\r\n"
    "a=rtcp-fb:39 nack pli\r\n"
    "a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f\r\n"
    "a=rtpmap:40 rtx/90000\r\n"
    "a=fmtp:40 apt=39\r\n"
    "a=rtpmap:45 AV1/90000\r\n"
    "a=rtcp-fb:45 goog-remb\r\n"
    "a=rtcp-fb:45 transport-cc\r\n"
    "a=rtcp-fb:45 ccm fir\r\n"
    "a=rtcp-fb:45 nack\r\n"
    "a=rtcp-fb:45 nack pli\r\n"
    "a=fmtp:45 level-idx=5;profile=0;tier=0\r\n"
    "a=rtpmap:46 rtx/90000\r\n"
    "a=fmtp:46 apt=45\r\n"
    "a=rtpmap:98 VP9/90000\r\n"
    "a=rtcp-fb:98 goog-remb\r\n"
    "a=rtcp-fb:98 transport-cc\r\n"
    "a=rtcp-fb:98 ccm fir\r\n"
    "a=rtcp-fb:98 nack\r\n"
    "a=rtcp-fb:98 nack pli\r\n"
    "a=fmtp:98 profile-id=0\r\n"
    "a=rtpmap:99 rtx/90000\r\n"
    "a=fmtp:99 apt=98\r\n"
    "a=rtpmap:100 VP9/90000\r\n"
    "a=rtcp-fb:100 goog-remb\r\n"
    "a=rtcp-fb:100 transport-cc\r\n"
    "a=rtcp-fb:100 ccm fir\r\n"
    "a=rtcp-fb:100 nack\r\n"
    "a=rtcp-fb:100 nack pli\r\n"
    "a=fmtp:100 profile-id=2\r\n"
    "a=rtpmap:101 rtx/90000\r\n"
    "a=fmtp:101 apt=100\r\n"
    "a=rtpmap:118 red/90000\r\n"
    "a=rtpmap:119 rtx/90000\r\n"
    "a=fmtp:119 apt=118\r\n"
    "a=rtpmap:120 ulpfec/90000\r\n"
    "a=ssrc-group:FID 368447654 3794788549\r\n"
    "a=ssrc:368447654 cname:gUPR8anP6GdFObJi\r\n"
    "a=ssrc:368447654 msid:6ea98af9-6113-47e7-a0d5-5657a5dfb682 12e0183d-1025-4703-a703-134b841216f9\r\n"
    "a=ssrc:3794788549 cname:gUPR8anP6GdFObJi\r\n"
    "a=ssrc:3794788549 msid:6ea98af9-6113-47e7-a0d5-5657a5dfb682 12e0183d-1025-4703-a703-134b841216f9\r\n";

void BM_ParseChromeOffer(benchmark::State& state) {
  for (auto _ : state) {
    auto sd = parse(kChromeOffer);
    benchmark::DoNotOptimize(sd);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kChromeOffer.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseChromeOffer);

void BM_SerializeChromeOffer(benchmark::State& state) {
  const SessionDescription sd = *parse(kChromeOffer);
  for (auto _ : state) {
    std::string out = serialize(sd);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kChromeOffer.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_SerializeChromeOffer);

// What the PeerConnection layer does with a remote offer besides parsing: typed codec and candidate
// views of both m-lines.
void BM_TypedViewsChromeOffer(benchmark::State& state) {
  const SessionDescription sd = *parse(kChromeOffer);
  for (auto _ : state) {
    size_t n = 0;
    for (const MediaDescription& m : sd.media) {
      n += m.attributes.all<Rtpmap>().size() + m.attributes.all<Fmtp>().size() + m.attributes.all<RtcpFb>().size() +
           m.attributes.all<Candidate>().size() + m.attributes.all<Extmap>().size();
    }
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_TypedViewsChromeOffer);

void BM_CreateAnswerChromeOffer(benchmark::State& state) {
  const SessionDescription offer = *parse(kChromeOffer);
  AnswerOptions a;
  a.transport.ice_ufrag = "pUrE";
  a.transport.ice_pwd = "purertcpurertcpurertc01";
  Fingerprint fp;
  fp.hash_name = "sha-256";
  fp.digest.assign(32, 0xab);
  a.transport.fingerprints.push_back(fp);
  a.audio_codecs = {CodecCapability{111, "opus", 48000, 2, {{"minptime", "10"}, {"useinbandfec", "1"}}, {{"transport-cc", ""}}}};
  a.video_codecs = {CodecCapability{96, "VP8", 90000, 0, {}, {{"nack", ""}, {"nack", "pli"}, {"transport-cc", ""}}},
                    CodecCapability{97, "rtx", 90000, 0, {{"apt", "96"}}, {}},
                    CodecCapability{102, "H264", 90000, 0, {{"packetization-mode", "1"}, {"profile-level-id", "42e01f"}}, {{"nack", ""}}}};
  a.audio_extensions = {{1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", Direction::kSendRecv}};
  a.video_extensions = {{4, "urn:ietf:params:rtp-hdrext:sdes:mid", Direction::kSendRecv}};
  for (auto _ : state) {
    auto answer = create_answer(offer, a);
    benchmark::DoNotOptimize(answer);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_CreateAnswerChromeOffer);

}  // namespace
}  // namespace purertc::sdp
BENCHMARK_MAIN();
