// Errors of the SDP codec and of the JSEP helpers. An error names the 1-based line of the session
// description it is about (0 when it concerns the description as a whole or a value built in code) and
// why, as a static string: "line 12: malformed attribute: a=rtpmap clock rate is not a number".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace purertc::sdp {

enum class SdpErrc {
  kSyntax,        // a line does not follow the RFC 8866 grammar (or the grammar of its attribute)
  kOrder,         // a line type appears where RFC 8866 section 5 does not allow it
  kMissing,       // a mandatory line or field is absent
  kInvalidValue,  // a field parses but has a value the RFC forbids (port > 65535, pt > 127 ...)
  kConflict,      // two lines contradict each other (duplicate mid, extmap id reused ...)
  kLimit,         // a ParseLimits bound was exceeded
  kNegotiation,   // offer/answer rules cannot be satisfied (JSEP)
};

std::string_view to_string(SdpErrc code);

struct SdpError {
  SdpErrc code = SdpErrc::kSyntax;
  uint32_t line = 0;        // 1-based line number in the parsed text; 0 when not tied to a line
  const char* detail = "";  // static string: never owned, never freed

  constexpr SdpError() = default;
  constexpr SdpError(SdpErrc c, const char* d, uint32_t l = 0) : code(c), line(l), detail(d) {}

  friend bool operator==(const SdpError& a, const SdpError& b) { return a.code == b.code && a.line == b.line; }
};

// "line 12: syntax: a=rtpmap: clock rate is not a number" (the "line N: " prefix only when line != 0).
std::string to_string(const SdpError& error);

}  // namespace purertc::sdp
