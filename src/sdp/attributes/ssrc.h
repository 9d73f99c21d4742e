// RFC 5576 section 4.1: a=ssrc:<ssrc-id> <attribute>[:<value>]   (cname, msid, and legacy mslabel/label)
// RFC 5576 section 4.2: a=ssrc-group:<semantics> *(SP <ssrc-id>)  (FID per RFC 5576, SIM per Chrome's
// simulcast-by-SSRC, FEC-FR per RFC 5956)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct Ssrc {
  static constexpr std::string_view kName = "ssrc";
  uint32_t ssrc = 0;
  std::string attribute;             // "cname", "msid" ...
  std::optional<std::string> value;  // everything after the first ':' (may contain SP)
  static Result<Ssrc, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const Ssrc&, const Ssrc&) = default;
};

struct SsrcGroup {
  static constexpr std::string_view kName = "ssrc-group";
  std::string semantics;  // "FID", "SIM", "FEC-FR" ...
  std::vector<uint32_t> ssrcs;
  static Result<SsrcGroup, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const SsrcGroup&, const SsrcGroup&) = default;
};

}  // namespace purertc::sdp
