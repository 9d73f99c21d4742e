#include "sdp/sdp_error.h"

namespace purertc::sdp {

std::string_view to_string(SdpErrc code) {
  switch (code) {
    case SdpErrc::kSyntax: return "syntax";
    case SdpErrc::kOrder: return "order";
    case SdpErrc::kMissing: return "missing";
    case SdpErrc::kInvalidValue: return "invalid value";
    case SdpErrc::kConflict: return "conflict";
    case SdpErrc::kLimit: return "limit";
    case SdpErrc::kNegotiation: return "negotiation";
  }
  return "unknown";
}

std::string to_string(const SdpError& error) {
  std::string out;
  if (error.line != 0) {
    out += "line ";
    out += std::to_string(error.line);
    out += ": ";
  }
  out += to_string(error.code);
  out += ": ";
  out += error.detail;
  return out;
}

}  // namespace purertc::sdp
