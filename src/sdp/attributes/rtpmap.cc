#include "sdp/attributes/rtpmap.h"

#include "sdp/text.h"

namespace purertc::sdp {

std::optional<uint8_t> parse_payload_type(std::string_view s) {
  if (s.size() > 3) return std::nullopt;
  auto v = text::parse_uint(s, 127);
  if (!v) return std::nullopt;
  return static_cast<uint8_t>(*v);
}

Result<Rtpmap, SdpError> Rtpmap::parse(std::string_view v) {
  std::string_view pt = text::next_field(v, ' ');
  auto payload_type = parse_payload_type(pt);
  if (!payload_type) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=rtpmap: payload type must be 0-127"));
  auto parts = text::split(v, '/');
  if (parts.size() < 2 || parts.size() > 3) return unexpected(SdpError(SdpErrc::kSyntax, "a=rtpmap: expected <pt> <encoding name>/<clock rate>[/<params>]"));
  if (!text::is_token(parts[0])) return unexpected(SdpError(SdpErrc::kSyntax, "a=rtpmap: encoding name must be a token"));
  auto clock = text::parse_uint(parts[1], UINT32_MAX);
  if (!clock || *clock == 0) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=rtpmap: clock rate must be a positive 32-bit number"));
  Rtpmap out;
  out.payload_type = *payload_type;
  out.encoding_name = std::string(parts[0]);
  out.clock_rate = static_cast<uint32_t>(*clock);
  if (parts.size() == 3) {
    auto params = text::parse_uint(parts[2], UINT32_MAX);
    if (!params) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=rtpmap: encoding parameters must be a number"));
    out.encoding_params = static_cast<uint32_t>(*params);
  }
  return out;
}

std::string Rtpmap::to_value() const {
  std::string out;
  text::append_uint(out, payload_type);
  out += ' ';
  out += encoding_name;
  out += '/';
  text::append_uint(out, clock_rate);
  if (encoding_params) {
    out += '/';
    text::append_uint(out, *encoding_params);
  }
  return out;
}

}  // namespace purertc::sdp
