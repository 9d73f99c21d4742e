#include "sdp/attributes/rtcp_fb.h"

#include "sdp/attributes/rtpmap.h"
#include "sdp/text.h"

namespace purertc::sdp {

Result<RtcpFb, SdpError> RtcpFb::parse(std::string_view v) {
  std::string_view pt = text::next_field(v, ' ');
  RtcpFb out;
  if (pt != "*") {
    auto p = parse_payload_type(pt);
    if (!p) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=rtcp-fb: payload type must be '*' or 0-127"));
    out.payload_type = *p;
  }
  std::string_view type = text::next_field(v, ' ');
  if (!text::is_token(type)) return unexpected(SdpError(SdpErrc::kSyntax, "a=rtcp-fb: feedback type must be a token"));
  out.type = std::string(type);
  if (type == "trr-int" && !text::parse_uint(v, UINT32_MAX)) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=rtcp-fb: trr-int needs a number of milliseconds"));
  out.parameter = std::string(v);
  return out;
}

std::string RtcpFb::to_value() const {
  std::string out;
  if (payload_type) text::append_uint(out, *payload_type);
  else out += '*';
  out += ' ';
  out += type;
  if (!parameter.empty()) {
    out += ' ';
    out += parameter;
  }
  return out;
}

}  // namespace purertc::sdp
