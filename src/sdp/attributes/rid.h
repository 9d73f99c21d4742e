// RFC 8851 section 10: a=rid:<rid-id> SP <rid-dir> [SP <rid-pt-param-list> / SP <rid-param-list>]
//   rid-id  = 1*(alpha-numeric / "-" / "_")
//   rid-dir = "send" / "recv"
//   rid-pt-param-list = "pt=" fmt *("," fmt) *(";" rid-param)
//   rid-param-list    = rid-param *(";" rid-param)      rid-param = name ["=" value]
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

enum class RidDirection { kSend, kRecv };
std::string_view to_string(RidDirection d);  // "send" / "recv"

struct RidRestriction {
  std::string name;  // max-width, max-height, max-fps, max-fs, max-br, max-pps, max-bpp, depend ...
  std::optional<std::string> value;
  friend bool operator==(const RidRestriction&, const RidRestriction&) = default;
};

struct Rid {
  static constexpr std::string_view kName = "rid";
  std::string id;
  RidDirection direction = RidDirection::kSend;
  std::vector<uint8_t> payload_types;  // the "pt=" list; empty when absent
  std::vector<RidRestriction> restrictions;
  static Result<Rid, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const Rid&, const Rid&) = default;
};

// rid-id syntax, shared with a=simulcast.
bool is_rid_id(std::string_view s);

}  // namespace purertc::sdp
