// RFC 8830 section 2: a=msid:<msid-id> [SP <msid-appdata>]   msid-id = 1*64token-char
// The stream id "-" means "no stream" (RFC 8830 / JSEP section 5.2.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct Msid {
  static constexpr std::string_view kName = "msid";
  std::string stream_id;
  std::optional<std::string> track_id;  // msid-appdata
  static Result<Msid, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const Msid&, const Msid&) = default;
};

}  // namespace purertc::sdp
