// Error causes carried in ABORT and ERROR chunks (RFC 9260 3.3.10).
//
//  |     Cause Code                |       Cause Length            |
//  \                    Cause-Specific Information                 /   (padded to 4 bytes)
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace purertc::sctp {

enum class CauseCode : uint16_t {
  kInvalidStreamIdentifier = 1,
  kMissingMandatoryParameter = 2,
  kStaleCookie = 3,
  kOutOfResource = 4,
  kUnresolvableAddress = 5,
  kUnrecognizedChunkType = 6,
  kInvalidMandatoryParameter = 7,
  kUnrecognizedParameters = 8,
  kNoUserData = 9,
  kCookieReceivedWhileShuttingDown = 10,
  kRestartWithNewAddresses = 11,
  kUserInitiatedAbort = 12,
  kProtocolViolation = 13,
};

std::string_view to_string(CauseCode code);

struct ErrorCauseView {
  uint16_t code = 0;
  std::span<const uint8_t> info;
};

// Parses the cause list of an ABORT or ERROR chunk (at most `max_count` causes).
Result<std::vector<ErrorCauseView>> parse_error_causes(std::span<const uint8_t> data, size_t max_count = 16);
// Appends one cause (header + info + padding).
void append_error_cause(std::vector<uint8_t>& out, CauseCode code, std::span<const uint8_t> info);
// "protocol-violation: <text>" for events and logs; text causes are printable, others are shown by length.
std::string describe(const std::vector<ErrorCauseView>& causes);

}  // namespace purertc::sctp
