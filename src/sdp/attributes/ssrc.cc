#include "sdp/attributes/ssrc.h"

#include "sdp/text.h"

namespace purertc::sdp {

Result<Ssrc, SdpError> Ssrc::parse(std::string_view v) {
  std::string_view id = text::next_field(v, ' ');
  auto ssrc = text::parse_uint(id, UINT32_MAX);
  if (!ssrc) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=ssrc: ssrc-id must be a 32-bit number"));
  size_t colon = v.find(':');
  std::string_view name = v.substr(0, colon);
  if (!text::is_token(name)) return unexpected(SdpError(SdpErrc::kSyntax, "a=ssrc: expected <ssrc-id> SP <attribute>[:<value>]"));
  Ssrc out;
  out.ssrc = static_cast<uint32_t>(*ssrc);
  out.attribute = std::string(name);
  if (colon != std::string_view::npos) out.value = std::string(v.substr(colon + 1));
  return out;
}

std::string Ssrc::to_value() const {
  std::string out;
  text::append_uint(out, ssrc);
  out += ' ';
  out += attribute;
  if (value) {
    out += ':';
    out += *value;
  }
  return out;
}

Result<SsrcGroup, SdpError> SsrcGroup::parse(std::string_view v) {
  auto fields = text::split(v, ' ');
  if (!text::is_token(fields[0])) return unexpected(SdpError(SdpErrc::kSyntax, "a=ssrc-group: semantics must be a token"));
  SsrcGroup out;
  out.semantics = std::string(fields[0]);
  for (size_t i = 1; i < fields.size(); ++i) {
    auto ssrc = text::parse_uint(fields[i], UINT32_MAX);
    if (!ssrc) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=ssrc-group: ssrc-ids must be 32-bit numbers separated by one SP"));
    out.ssrcs.push_back(static_cast<uint32_t>(*ssrc));
  }
  if (out.ssrcs.empty()) return unexpected(SdpError(SdpErrc::kMissing, "a=ssrc-group: at least one ssrc-id is required"));
  return out;
}

std::string SsrcGroup::to_value() const {
  std::string out = semantics;
  for (uint32_t s : ssrcs) {
    out += ' ';
    text::append_uint(out, s);
  }
  return out;
}

}  // namespace purertc::sdp
