// SCTP over DTLS (RFC 8841 section 5):
//   a=sctp-port:<port>                 the SCTP port, 5000 by WebRTC convention
//   a=max-message-size:<size>          bytes; 0 = no limit; when absent the default is 64 KiB (RFC 8841
//                                      section 6.1), which is also what Chrome's answers often imply
// The legacy form old peers still send (draft-ietf-mmusic-sctp-sdp-05, "m=application 9 DTLS/SCTP 5000"):
//   a=sctpmap:<sctpmap-number> <app> [<max-message-size / streams>]   e.g. "5000 webrtc-datachannel 1024"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

constexpr uint64_t kDefaultMaxMessageSize = 65536;

struct SctpPort {
  static constexpr std::string_view kName = "sctp-port";
  uint16_t port = 5000;
  static Result<SctpPort, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const SctpPort&, const SctpPort&) = default;
};

struct MaxMessageSize {
  static constexpr std::string_view kName = "max-message-size";
  uint64_t size = kDefaultMaxMessageSize;
  static Result<MaxMessageSize, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const MaxMessageSize&, const MaxMessageSize&) = default;
};

struct Sctpmap {
  static constexpr std::string_view kName = "sctpmap";
  uint16_t number = 5000;               // the SCTP port in the legacy form
  std::string app = "webrtc-datachannel";
  std::optional<uint32_t> streams;      // the third field (number of streams)
  static Result<Sctpmap, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const Sctpmap&, const Sctpmap&) = default;
};

}  // namespace purertc::sdp
