// RFC 8866 section 6.15: a=fmtp:<format> <format specific parameters>
// The parameters are opaque to SDP; for the codecs WebRTC uses they are "key=value" pairs separated by
// ';' (RFC 4855 section 3 media-type parameter form). A piece without '=' is kept as a key with an
// empty value, so "a=fmtp:126 0-15" (RFC 4733 telephone-event events) is representable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct FmtpParameter {
  std::string key;
  std::optional<std::string> value;  // nullopt for a piece without '='
  friend bool operator==(const FmtpParameter&, const FmtpParameter&) = default;
};

struct Fmtp {
  static constexpr std::string_view kName = "fmtp";
  uint8_t payload_type = 0;
  std::vector<FmtpParameter> parameters;

  // Value of a parameter; keys compare case-insensitively (media type parameters are
  // case-insensitive, RFC 6838 section 4.3).
  std::optional<std::string_view> get(std::string_view key) const;
  void set(std::string_view key, std::string value);

  static Result<Fmtp, SdpError> parse(std::string_view v);
  // Parses only the parameter part ("minptime=10;useinbandfec=1").
  static Result<std::vector<FmtpParameter>, SdpError> parse_parameters(std::string_view params);
  std::string to_value() const;
  std::string parameters_string() const;
  friend bool operator==(const Fmtp&, const Fmtp&) = default;
};

}  // namespace purertc::sdp
