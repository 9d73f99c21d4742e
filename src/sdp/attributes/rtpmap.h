// RFC 8866 section 6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
// The payload type is 0-127 (RFC 3550 gives it 7 bits); for audio the encoding parameter is the number
// of channels. Encoding names compare case-insensitively (RFC 4855 section 3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct Rtpmap {
  static constexpr std::string_view kName = "rtpmap";
  uint8_t payload_type = 0;
  std::string encoding_name;
  uint32_t clock_rate = 0;
  std::optional<uint32_t> encoding_params;  // audio channels
  static Result<Rtpmap, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const Rtpmap&, const Rtpmap&) = default;
};

// "96" -> 96 for an m-line <fmt>; nullopt unless it is a payload type 0-127.
std::optional<uint8_t> parse_payload_type(std::string_view s);

}  // namespace purertc::sdp
