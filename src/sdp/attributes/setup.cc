#include "sdp/attributes/setup.h"

namespace purertc::sdp {

std::string_view to_string(SetupRole r) {
  switch (r) {
    case SetupRole::kActive: return "active";
    case SetupRole::kPassive: return "passive";
    case SetupRole::kActpass: return "actpass";
    case SetupRole::kHoldconn: return "holdconn";
  }
  return "actpass";
}

Result<ConnectionSetup, SdpError> ConnectionSetup::parse(std::string_view v) {
  for (auto r : {SetupRole::kActive, SetupRole::kPassive, SetupRole::kActpass, SetupRole::kHoldconn}) {
    if (v == to_string(r)) return ConnectionSetup{r};
  }
  return unexpected(SdpError(SdpErrc::kInvalidValue, "a=setup: must be active, passive, actpass or holdconn"));
}

}  // namespace purertc::sdp
