// ERROR-CODE (RFC 8489 14.8).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           Reserved, should be 0         |Class|     Number    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      Reason Phrase (variable)                                ..
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The code is Class * 100 + Number, with Class in 3..6 and Number in 0..99.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.h"

namespace purertc::stun {

// The codes purertc sends or acts on (RFC 8489 14.8, RFC 8656 19, RFC 8445 7.3.1.1).
enum ErrorCodeValue : uint16_t {
  kErrorTryAlternate = 300,
  kErrorBadRequest = 400,
  kErrorUnauthenticated = 401,
  kErrorForbidden = 403,
  kErrorUnknownAttribute = 420,
  kErrorAllocationMismatch = 437,
  kErrorStaleNonce = 438,
  kErrorAddressFamilyNotSupported = 440,
  kErrorWrongCredentials = 441,
  kErrorUnsupportedTransportProtocol = 442,
  kErrorPeerAddressFamilyMismatch = 443,
  kErrorAllocationQuotaReached = 486,
  kErrorRoleConflict = 487,
  kErrorServerError = 500,
  kErrorInsufficientCapacity = 508,
};

// RFC 8489 14.8: the reason phrase is at most 128 characters, at most 763 bytes of UTF-8.
constexpr size_t kMaxReasonPhraseBytes = 763;

struct ErrorCodeView {
  uint16_t code = 0;
  std::string_view reason;  // points into the message
};

// Errors: kTruncated (under 4 bytes), kMalformed (class outside 3..6, number over 99, reason too long).
Result<ErrorCodeView> parse_error_code(std::span<const uint8_t> value);

// Size of the value for a reason of this length.
constexpr size_t error_code_value_size(size_t reason_size) { return 4 + reason_size; }
// Writes error_code_value_size(reason.size()) bytes at out. code must be in 300..699.
void write_error_code(std::span<uint8_t> out, uint16_t code, std::string_view reason);

}  // namespace purertc::stun
