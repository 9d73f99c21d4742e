#include "sdp/attributes/msid.h"

#include "sdp/text.h"

namespace purertc::sdp {

static bool is_msid_id(std::string_view s) { return s.size() <= 64 && text::is_token(s); }

Result<Msid, SdpError> Msid::parse(std::string_view v) {
  auto fields = text::split(v, ' ');
  if (fields.size() > 2 || !is_msid_id(fields[0])) return unexpected(SdpError(SdpErrc::kSyntax, "a=msid: expected <1-64 token chars> [SP <1-64 token chars>] (RFC 8830)"));
  Msid out;
  out.stream_id = std::string(fields[0]);
  if (fields.size() == 2) {
    if (!is_msid_id(fields[1])) return unexpected(SdpError(SdpErrc::kSyntax, "a=msid: appdata must be 1-64 token chars (RFC 8830)"));
    out.track_id = std::string(fields[1]);
  }
  return out;
}

std::string Msid::to_value() const {
  std::string out = stream_id;
  if (track_id) {
    out += ' ';
    out += *track_id;
  }
  return out;
}

}  // namespace purertc::sdp
