// Alert protocol (RFC 5246 section 7.2, RFC 6347 section 4.1.2.7): two bytes, level and description.
//
//  +-------+-------------+
//  | level | description |
//  +-------+-------------+
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.h"

namespace purertc::dtls {

enum class AlertLevel : uint8_t { kWarning = 1, kFatal = 2 };

enum class AlertDescription : uint8_t {
  kCloseNotify = 0,
  kUnexpectedMessage = 10,
  kBadRecordMac = 20,
  kRecordOverflow = 22,
  kHandshakeFailure = 40,
  kBadCertificate = 42,
  kUnsupportedCertificate = 43,
  kCertificateUnknown = 46,
  kIllegalParameter = 47,
  kDecodeError = 50,
  kDecryptError = 51,
  kProtocolVersion = 70,
  kInsufficientSecurity = 71,
  kInternalError = 80,
  kUserCanceled = 90,
  kNoRenegotiation = 100,
  kUnsupportedExtension = 110,
};
std::string_view to_string(AlertDescription description);

struct Alert {
  AlertLevel level = AlertLevel::kFatal;
  AlertDescription description = AlertDescription::kInternalError;

  static Result<Alert> parse(std::span<const uint8_t> data);
  std::array<uint8_t, 2> serialize() const {
    return {static_cast<uint8_t>(level), static_cast<uint8_t>(description)};
  }
};

}  // namespace purertc::dtls
