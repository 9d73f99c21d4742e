// RFC 8839 section 5: ICE attributes other than a=candidate (see candidate.h).
//   ice-ufrag-att   = "ice-ufrag:" ufrag        ufrag = 4*256ice-char
//   ice-pwd-att     = "ice-pwd:" password       password = 22*256ice-char
//   ice-options     = "ice-options:" ice-option-tag *(SP ice-option-tag)   ("trickle", "ice2", ...)
//   ice-lite        = "ice-lite"            (session level, property)
//   end-of-candidates = "end-of-candidates" (RFC 8840, property)
// ice-char = ALPHA / DIGIT / "+" / "/"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct IceUfrag {
  static constexpr std::string_view kName = "ice-ufrag";
  std::string value;
  static Result<IceUfrag, SdpError> parse(std::string_view v);
  std::string to_value() const { return value; }
  friend bool operator==(const IceUfrag&, const IceUfrag&) = default;
};

struct IcePwd {
  static constexpr std::string_view kName = "ice-pwd";
  std::string value;
  static Result<IcePwd, SdpError> parse(std::string_view v);
  std::string to_value() const { return value; }
  friend bool operator==(const IcePwd&, const IcePwd&) = default;
};

struct IceOptions {
  static constexpr std::string_view kName = "ice-options";
  std::vector<std::string> options;
  bool has(std::string_view option) const;
  static Result<IceOptions, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const IceOptions&, const IceOptions&) = default;
};

}  // namespace purertc::sdp
