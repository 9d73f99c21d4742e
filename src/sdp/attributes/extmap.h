// RFC 8285 section 8: a=extmap:<value>["/"<direction>] <URI> <extensionattributes>
//   value: 1-14 for the one-byte header form, 1-255 with the two-byte form; 4096-4351 are reserved for
//   the offer side of direction negotiation (RFC 8285 section 7). 0 and 15 (one-byte) are not ids.
//   direction: sendonly / recvonly / sendrecv / inactive.
// Also a=extmap-allow-mixed (RFC 8285 section 6, property): both header forms may be mixed in a stream.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "sdp/attributes/direction.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct Extmap {
  static constexpr std::string_view kName = "extmap";
  uint16_t id = 0;
  std::optional<Direction> direction;
  std::string uri;
  std::string attributes;  // extension attributes, opaque ("" when absent)
  static Result<Extmap, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const Extmap&, const Extmap&) = default;
};

}  // namespace purertc::sdp
