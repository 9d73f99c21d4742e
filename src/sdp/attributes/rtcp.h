// RFC 3605 section 2.1: a=rtcp:<port> [<nettype> SP <addrtype> SP <connection-address>]
// Also the RTCP property attributes, which have no value: a=rtcp-mux (RFC 5761), a=rtcp-mux-only
// (RFC 8858), a=rtcp-rsize (RFC 5506).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct Rtcp {
  static constexpr std::string_view kName = "rtcp";
  uint16_t port = 9;
  std::optional<std::string> net_type;
  std::optional<std::string> address_type;
  std::optional<std::string> address;
  static Result<Rtcp, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const Rtcp&, const Rtcp&) = default;
};

}  // namespace purertc::sdp
