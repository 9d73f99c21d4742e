// SCTP variable-length parameters (RFC 9260 3.2.1) and the ones this stack uses:
//
//   0                   1                   2                   3
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |          Parameter Type       |       Parameter Length        |
//  \                       Parameter Value                         /   (padded to 4 bytes)
//
// Types: Heartbeat Info (1), State Cookie (7), Unrecognized Parameter (8), Cookie Preservative (9),
// Supported Address Types (12), Outgoing SSN Reset Request (13), Incoming SSN Reset Request (14),
// SSN/TSN Reset Request (15), Re-configuration Response (16), Add Outgoing / Incoming Streams (17, 18)
// (RFC 6525), Zero Checksum Acceptable 0x8001 (RFC 9653), Supported Extensions 0x8008 (RFC 5061),
// Forward-TSN-Supported 0xC000 (RFC 3758). IPv4/IPv6/hostname addresses are ignored: over DTLS there is
// one path and no addresses.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace purertc::sctp {

enum class ParameterType : uint16_t {
  kHeartbeatInfo = 1,
  kIpv4Address = 5,
  kIpv6Address = 6,
  kStateCookie = 7,
  kUnrecognizedParameter = 8,
  kCookiePreservative = 9,
  kHostNameAddress = 11,
  kSupportedAddressTypes = 12,
  kOutgoingSsnResetRequest = 13,
  kIncomingSsnResetRequest = 14,
  kSsnTsnResetRequest = 15,
  kReconfigurationResponse = 16,
  kAddOutgoingStreamsRequest = 17,
  kAddIncomingStreamsRequest = 18,
  kZeroChecksumAcceptable = 0x8001,
  kSupportedExtensions = 0x8008,
  kForwardTsnSupported = 0xC000,
};

std::string_view to_string(ParameterType type);

struct ParameterView {
  uint16_t type = 0;
  std::span<const uint8_t> value;  // without header and padding
  std::span<const uint8_t> whole;  // header + value, without padding
};

// Splits a parameter list. Every parameter length is >= 4 and fits; the final padding may be absent.
Result<std::vector<ParameterView>> parse_parameters(std::span<const uint8_t> data, size_t max_count = 64);

// Appends a parameter (header + value + padding).
void append_parameter(std::vector<uint8_t>& out, uint16_t type, std::span<const uint8_t> value);

// RFC 9653 4: Zero Checksum Acceptable, value = 4-byte Error Detection Method Identifier.
inline constexpr uint32_t kEdmidDtls = 1;

// RFC 6525 4.1 Outgoing SSN Reset Request: request seq, response seq, sender's last assigned TSN, streams.
struct OutgoingSsnResetRequest {
  uint32_t request_sequence = 0;
  uint32_t response_sequence = 0;
  uint32_t last_assigned_tsn = 0;
  std::vector<uint16_t> streams;  // empty: all streams

  static Result<OutgoingSsnResetRequest> parse(std::span<const uint8_t> value);
  void append_to(std::vector<uint8_t>& out) const;
};

// RFC 6525 4.2 Incoming SSN Reset Request: the peer asks us to reset our outgoing streams.
struct IncomingSsnResetRequest {
  uint32_t request_sequence = 0;
  std::vector<uint16_t> streams;

  static Result<IncomingSsnResetRequest> parse(std::span<const uint8_t> value);
  void append_to(std::vector<uint8_t>& out) const;
};

// RFC 6525 4.4 Re-configuration Response.
enum class ReconfigResult : uint32_t {
  kSuccessNothingToDo = 0,
  kSuccessPerformed = 1,
  kDenied = 2,
  kErrorWrongSsn = 3,
  kErrorRequestAlreadyInProgress = 4,
  kErrorBadSequenceNumber = 5,
  kInProgress = 6,
};
std::string_view to_string(ReconfigResult r);

struct ReconfigurationResponse {
  uint32_t response_sequence = 0;
  ReconfigResult result = ReconfigResult::kSuccessPerformed;
  // The optional sender/receiver next TSN fields (only for SSN/TSN reset) are not used by this stack.

  static Result<ReconfigurationResponse> parse(std::span<const uint8_t> value);
  void append_to(std::vector<uint8_t>& out) const;
};

// RFC 6525 4.3 SSN/TSN Reset Request and 4.5/4.6 Add Streams: just a request sequence number (+ count).
struct SimpleReconfigRequest {
  uint32_t request_sequence = 0;
  static Result<SimpleReconfigRequest> parse(std::span<const uint8_t> value);
};

}  // namespace purertc::sctp
