// RFC 4585 section 4.2: a=rtcp-fb:<rtcp-fb-pt> SP <rtcp-fb-val>
//   rtcp-fb-pt  = "*" / fmt          ("*" applies to every payload type of the m-line)
//   rtcp-fb-val = "ack" [...] / "nack" [...] / "trr-int" SP 1*DIGIT / rtcp-fb-id [rtcp-fb-param]
// Examples: "96 nack", "96 nack pli", "96 ccm fir", "96 goog-remb", "96 transport-cc".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct RtcpFb {
  static constexpr std::string_view kName = "rtcp-fb";
  std::optional<uint8_t> payload_type;  // nullopt for "*"
  std::string type;                     // "nack", "ccm", "goog-remb", "transport-cc", "trr-int" ...
  std::string parameter;                // "" or "pli", "fir", "tmmbr smaxpr=120" ...
  bool same_feedback(const RtcpFb& o) const { return type == o.type && parameter == o.parameter; }
  static Result<RtcpFb, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const RtcpFb&, const RtcpFb&) = default;
};

}  // namespace purertc::sdp
