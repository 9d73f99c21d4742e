#include <algorithm>

#include "purertc/media_engine.h"
#include "sdp/attributes/fmtp.h"

namespace purertc {

std::string_view to_string(MediaKind kind) { return kind == MediaKind::kAudio ? "audio" : "video"; }

RtcResult<void> MediaEngine::register_codec(const RtpCodec& codec, MediaKind kind) {
  // RFC 5761 section 4: payload types 64-95 collide with RTCP packet types under rtcp-mux.
  if (codec.payload_type > 127 || (codec.payload_type >= 64 && codec.payload_type <= 95)) {
    return RtcError{RtcErrorCode::kInvalidArgument, "payload type must be 0..63 or 96..127"};
  }
  const std::string prefix = kind == MediaKind::kAudio ? "audio/" : "video/";
  if (!codec.mime_type.starts_with(prefix) || codec.mime_type.size() == prefix.size()) {
    return RtcError{RtcErrorCode::kInvalidArgument, "mime type does not match the media kind"};
  }
  if (!codec.sdp_fmtp_line.empty() && !sdp::Fmtp::parse_parameters(codec.sdp_fmtp_line)) {
    return RtcError{RtcErrorCode::kInvalidArgument, "sdp_fmtp_line does not parse"};
  }
  auto& list = kind == MediaKind::kAudio ? audio_ : video_;
  if (std::any_of(list.begin(), list.end(), [&](const RtpCodec& c) { return c.payload_type == codec.payload_type; })) {
    return RtcError{RtcErrorCode::kInvalidArgument, "payload type already registered"};
  }
  list.push_back(codec);
  return {};
}

RtcResult<void> MediaEngine::register_header_extension(const RtpHeaderExtension& extension, MediaKind kind) {
  // RFC 8285 one-byte header: ids 1..14.
  if (extension.id < 1 || extension.id > 14) return RtcError{RtcErrorCode::kInvalidArgument, "extension id must be 1..14"};
  auto& list = kind == MediaKind::kAudio ? audio_extensions_ : video_extensions_;
  for (const auto& e : list) {
    if (e.uri == extension.uri) return {};
    if (e.id == extension.id) return RtcError{RtcErrorCode::kInvalidArgument, "extension id already used"};
  }
  list.push_back(extension);
  return {};
}

void MediaEngine::register_default_codecs() {
  const std::vector<RtcpFeedback> video_fb = {{"goog-remb", ""}, {"ccm", "fir"}, {"nack", ""}, {"nack", "pli"}};
  auto audio = [&](const char* mime, uint32_t rate, uint16_t channels, const char* fmtp, uint8_t pt) {
    (void)register_codec(RtpCodec{mime, rate, channels, fmtp, {}, pt}, MediaKind::kAudio);
  };
  audio("audio/opus", 48000, 2, "minptime=10;useinbandfec=1", 111);
  audio("audio/G722", 8000, 0, "", 9);
  audio("audio/PCMU", 8000, 0, "", 0);
  audio("audio/PCMA", 8000, 0, "", 8);
  auto video = [&](const char* mime, const std::string& fmtp, uint8_t pt, uint8_t rtx_pt) {
    (void)register_codec(RtpCodec{mime, 90000, 0, fmtp, video_fb, pt}, MediaKind::kVideo);
    (void)register_codec(RtpCodec{"video/rtx", 90000, 0, "apt=" + std::to_string(pt), {}, rtx_pt}, MediaKind::kVideo);
  };
  video("video/VP8", "", 96, 97);
  video("video/VP9", "profile-id=0", 98, 99);
  video("video/VP9", "profile-id=1", 100, 101);
  video("video/H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", 102, 103);
  video("video/H264", "level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f", 127, 125);
  video("video/H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", 108, 109);
  video("video/H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640032", 123, 118);
  video("video/AV1", "", 45, 46);
  for (MediaKind kind : {MediaKind::kAudio, MediaKind::kVideo}) {
    (void)register_header_extension({"urn:ietf:params:rtp-hdrext:sdes:mid", 4}, kind);
  }
  (void)register_header_extension({"urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", 10}, MediaKind::kVideo);
  (void)register_header_extension({"urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", 11}, MediaKind::kVideo);
}

}  // namespace purertc
