// RFC 4145 section 4 (used for DTLS by RFC 5763 / RFC 8842): a=setup:active|passive|actpass|holdconn
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

enum class SetupRole { kActive, kPassive, kActpass, kHoldconn };

std::string_view to_string(SetupRole r);

struct ConnectionSetup {
  static constexpr std::string_view kName = "setup";
  SetupRole role = SetupRole::kActpass;
  static Result<ConnectionSetup, SdpError> parse(std::string_view v);
  std::string to_value() const { return std::string(to_string(role)); }
  friend bool operator==(const ConnectionSetup&, const ConnectionSetup&) = default;
};

}  // namespace purertc::sdp
