// SCTP chunk type codes (RFC 9260 3.2, RFC 3758 FORWARD-TSN, RFC 6525 RE-CONFIG, RFC 8260 I-DATA and
// I-FORWARD-TSN). The two high bits of an unknown type say what a receiver does with it (RFC 9260 3.2):
// 00 stop and discard, 01 stop, discard and report, 10 skip, 11 skip and report.
#pragma once

#include <cstdint>
#include <string_view>

namespace purertc::sctp {

enum class ChunkType : uint8_t {
  kData = 0,
  kInit = 1,
  kInitAck = 2,
  kSack = 3,
  kHeartbeat = 4,
  kHeartbeatAck = 5,
  kAbort = 6,
  kShutdown = 7,
  kShutdownAck = 8,
  kError = 9,
  kCookieEcho = 10,
  kCookieAck = 11,
  kShutdownComplete = 14,
  kIData = 64,
  kReconfig = 130,
  kForwardTsn = 192,
  kIForwardTsn = 194,
};

std::string_view to_string(ChunkType type);

}  // namespace purertc::sctp
