#include "sdp/attributes/grouping.h"

#include "sdp/text.h"

namespace purertc::sdp {

Result<Mid, SdpError> Mid::parse(std::string_view v) {
  if (!text::is_token(v)) return unexpected(SdpError(SdpErrc::kSyntax, "a=mid: identification-tag must be a non-empty token (RFC 5888)"));
  // RFC 8843 section 9.2 limits the RTP MID header extension to 16 bytes, but longer tags are legal SDP.
  return Mid{std::string(v)};
}

bool Group::contains(std::string_view mid) const {
  for (const auto& m : mids) {
    if (m == mid) return true;
  }
  return false;
}

Result<Group, SdpError> Group::parse(std::string_view v) {
  auto fields = text::split(v, ' ');
  Group out;
  if (!text::is_token(fields[0])) return unexpected(SdpError(SdpErrc::kSyntax, "a=group: semantics must be a token"));
  out.semantics = std::string(fields[0]);
  for (size_t i = 1; i < fields.size(); ++i) {
    if (!text::is_token(fields[i])) return unexpected(SdpError(SdpErrc::kSyntax, "a=group: identification-tags must be tokens separated by one SP"));
    for (const auto& m : out.mids) {
      if (m == fields[i]) return unexpected(SdpError(SdpErrc::kConflict, "a=group: the same mid is listed twice"));
    }
    out.mids.emplace_back(fields[i]);
  }
  return out;
}

std::string Group::to_value() const {
  std::string out = semantics;
  for (const auto& m : mids) {
    out += ' ';
    out += m;
  }
  return out;
}

Result<MsidSemantic, SdpError> MsidSemantic::parse(std::string_view v) {
  v = text::trim(v);
  auto fields = text::split(v, ' ');
  MsidSemantic out;
  if (!text::is_token(fields[0])) return unexpected(SdpError(SdpErrc::kSyntax, "a=msid-semantic: semantic must be a token"));
  out.semantic = std::string(fields[0]);
  for (size_t i = 1; i < fields.size(); ++i) {
    if (!text::is_token(fields[i])) return unexpected(SdpError(SdpErrc::kSyntax, "a=msid-semantic: ids must be tokens separated by one SP"));
    out.ids.emplace_back(fields[i]);
  }
  return out;
}

std::string MsidSemantic::to_value() const {
  std::string out = " " + semantic;
  for (const auto& id : ids) {
    out += ' ';
    out += id;
  }
  return out;
}

}  // namespace purertc::sdp
