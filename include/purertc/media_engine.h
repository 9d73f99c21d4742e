// MediaEngine (as in Pion): the codecs and RTP header extensions a PeerConnection offers and accepts.
// An Api copies it when it is created; later changes do not affect existing Apis.
//
// Threading: a plain value; not thread-safe while being modified.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "purertc/export.h"
#include "purertc/rtc_error.h"

namespace purertc {

enum class MediaKind { kAudio, kVideo };
PURERTC_EXPORT std::string_view to_string(MediaKind kind);  // "audio" / "video"

struct RtcpFeedback {
  std::string type;       // "nack", "ccm", "goog-remb", "transport-cc"
  std::string parameter;  // "", "pli", "fir"
};

// RTCRtpCodecCapability plus the payload type we offer it with.
struct RtpCodec {
  std::string mime_type;  // "audio/opus", "video/VP8", "video/rtx" ...
  uint32_t clock_rate = 90000;
  uint16_t channels = 0;      // audio: 2 for Opus; 0 when not signalled
  std::string sdp_fmtp_line;  // "minptime=10;useinbandfec=1", "apt=96" for RTX
  std::vector<RtcpFeedback> rtcp_feedback;
  uint8_t payload_type = 0;
};

struct RtpHeaderExtension {
  std::string uri;
  uint16_t id = 0;  // the id offered; answers keep the offerer's
};

class PURERTC_EXPORT MediaEngine {
 public:
  // Errors: kInvalidArgument for a payload type outside 96..127 and 0..34 (static types), a mime type
  // that is not "audio/..." or "video/..." matching `kind`, or a payload type already registered.
  RtcResult<void> register_codec(const RtpCodec& codec, MediaKind kind);
  // Errors: kInvalidArgument for an id outside 1..14 or already used for another URI of this kind.
  RtcResult<void> register_header_extension(const RtpHeaderExtension& extension, MediaKind kind);
  // Pion's defaults: Opus/48000/2 (111), G722 (9), PCMU (0), PCMA (8); VP8 (96), VP9 profile 0 (98),
  // H264 constrained baseline packetization-mode 1 (102) and 0 (127), AV1 (45), each video codec with
  // its RTX (apt) and nack, nack pli, ccm fir, goog-remb, transport-cc feedback; the mid, rid and
  // repaired-rid header extensions.
  void register_default_codecs();

  const std::vector<RtpCodec>& codecs(MediaKind kind) const { return kind == MediaKind::kAudio ? audio_ : video_; }
  const std::vector<RtpHeaderExtension>& header_extensions(MediaKind kind) const {
    return kind == MediaKind::kAudio ? audio_extensions_ : video_extensions_;
  }

 private:
  std::vector<RtpCodec> audio_, video_;
  std::vector<RtpHeaderExtension> audio_extensions_, video_extensions_;
};

}  // namespace purertc
