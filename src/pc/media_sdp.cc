#include "pc/media_sdp.h"

#include "sdp/attributes/fmtp.h"

namespace purertc::pc {

std::vector<sdp::CodecCapability> to_sdp_codecs(const std::vector<RtpCodec>& codecs) {
  std::vector<sdp::CodecCapability> out;
  for (const RtpCodec& c : codecs) {
    sdp::CodecCapability s;
    s.payload_type = c.payload_type;
    const size_t slash = c.mime_type.find('/');
    s.name = slash == std::string::npos ? c.mime_type : c.mime_type.substr(slash + 1);
    s.clock_rate = c.clock_rate;
    s.channels = c.channels;
    if (!c.sdp_fmtp_line.empty()) {
      // MediaEngine::register_codec checked that the line parses.
      if (auto params = sdp::Fmtp::parse_parameters(c.sdp_fmtp_line)) s.parameters = std::move(*params);
    }
    for (const RtcpFeedback& fb : c.rtcp_feedback) s.feedback.push_back(sdp::RtcpFeedback{fb.type, fb.parameter});
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<sdp::HeaderExtensionCapability> to_sdp_extensions(const std::vector<RtpHeaderExtension>& extensions) {
  std::vector<sdp::HeaderExtensionCapability> out;
  for (const RtpHeaderExtension& e : extensions) out.push_back(sdp::HeaderExtensionCapability{e.id, e.uri, sdp::Direction::kSendRecv});
  return out;
}

}  // namespace purertc::pc
