#include "sdp/attributes/ice.h"

#include "sdp/text.h"

namespace purertc::sdp {

static bool all_ice_chars(std::string_view v) {
  for (char c : v) {
    if (!text::is_ice_char(c)) return false;
  }
  return true;
}

Result<IceUfrag, SdpError> IceUfrag::parse(std::string_view v) {
  if (v.size() < 4 || v.size() > 256) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=ice-ufrag: must be 4 to 256 characters (RFC 8839 section 5.4)"));
  if (!all_ice_chars(v)) return unexpected(SdpError(SdpErrc::kSyntax, "a=ice-ufrag: only ALPHA, DIGIT, '+' and '/' are allowed"));
  return IceUfrag{std::string(v)};
}

Result<IcePwd, SdpError> IcePwd::parse(std::string_view v) {
  if (v.size() < 22 || v.size() > 256) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=ice-pwd: must be 22 to 256 characters (RFC 8839 section 5.4)"));
  if (!all_ice_chars(v)) return unexpected(SdpError(SdpErrc::kSyntax, "a=ice-pwd: only ALPHA, DIGIT, '+' and '/' are allowed"));
  return IcePwd{std::string(v)};
}

bool IceOptions::has(std::string_view option) const {
  for (const auto& o : options) {
    if (o == option) return true;
  }
  return false;
}

Result<IceOptions, SdpError> IceOptions::parse(std::string_view v) {
  IceOptions out;
  for (std::string_view tag : text::split(v, ' ')) {
    // RFC 8839: ice-option-tag = 1*ice-char; browsers use only [a-z0-9] tags ("trickle", "ice2").
    if (tag.empty() || !all_ice_chars(tag)) return unexpected(SdpError(SdpErrc::kSyntax, "a=ice-options: tags are 1*ice-char separated by one SP"));
    out.options.emplace_back(tag);
  }
  return out;
}

std::string IceOptions::to_value() const {
  std::string out;
  for (const auto& o : options) {
    if (!out.empty()) out += ' ';
    out += o;
  }
  return out;
}

}  // namespace purertc::sdp
