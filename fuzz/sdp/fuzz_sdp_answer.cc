// The JSEP answerer on arbitrary remote offers: must never crash, and every answer it produces must be
// a description our own parser accepts and that passes the BUNDLE checks.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sdp/jsep.h"
#include "sdp/sdp.h"

using namespace purertc::sdp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const AnswerOptions options = [] {
    AnswerOptions a;
    a.transport.ice_ufrag = "fUzZ";
    a.transport.ice_pwd = "fuzzfuzzfuzzfuzzfuzzfuzz";
    Fingerprint fp;
    fp.hash_name = "sha-256";
    fp.digest.assign(32, 0x11);
    a.transport.fingerprints.push_back(fp);
    a.audio_codecs = {CodecCapability{111, "opus", 48000, 2, {{"useinbandfec", "1"}}, {{"transport-cc", ""}}},
                      CodecCapability{0, "PCMU", 8000, 0, {}, {}}};
    a.video_codecs = {CodecCapability{96, "VP8", 90000, 0, {}, {{"nack", ""}, {"nack", "pli"}}},
                      CodecCapability{97, "rtx", 90000, 0, {{"apt", "96"}}, {}},
                      CodecCapability{102, "H264", 90000, 0, {{"packetization-mode", "1"}, {"profile-level-id", "42e01f"}}, {}}};
    a.audio_extensions = {{1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", Direction::kSendRecv}};
    a.video_extensions = {{4, "urn:ietf:params:rtp-hdrext:sdes:mid", Direction::kSendRecv}};
    a.data_channel = DataChannelSettings{};
    LocalTransceiver t;
    t.kind = MediaKind::kAudio;
    t.codecs = a.audio_codecs;
    t.stream_ids = {"s"};
    t.track_id = "t";
    t.cname = "c";
    t.streams = {{1, 2}};
    a.transceivers = {t};
    return a;
  }();
  ParseLimits limits;
  limits.max_size = 64 * 1024;
  auto offer = parse(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (!offer) return 0;
  auto answer = create_answer(*offer, options);
  if (!answer) return 0;
  if (answer->description.media.size() != offer->media.size()) __builtin_trap();
  auto reparsed = parse(serialize(answer->description));
  if (!reparsed) __builtin_trap();
  if (validate_bundle(*reparsed)) __builtin_trap();
  return 0;
}
