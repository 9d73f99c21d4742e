#include "sctp/packet/error_cause.h"

#include "common/byte_order.h"
#include "sctp/packet/sctp_packet.h"

namespace purertc::sctp {

std::string_view to_string(CauseCode code) {
  switch (code) {
    case CauseCode::kInvalidStreamIdentifier: return "invalid-stream-identifier";
    case CauseCode::kMissingMandatoryParameter: return "missing-mandatory-parameter";
    case CauseCode::kStaleCookie: return "stale-cookie";
    case CauseCode::kOutOfResource: return "out-of-resource";
    case CauseCode::kUnresolvableAddress: return "unresolvable-address";
    case CauseCode::kUnrecognizedChunkType: return "unrecognized-chunk-type";
    case CauseCode::kInvalidMandatoryParameter: return "invalid-mandatory-parameter";
    case CauseCode::kUnrecognizedParameters: return "unrecognized-parameters";
    case CauseCode::kNoUserData: return "no-user-data";
    case CauseCode::kCookieReceivedWhileShuttingDown: return "cookie-received-while-shutting-down";
    case CauseCode::kRestartWithNewAddresses: return "restart-with-new-addresses";
    case CauseCode::kUserInitiatedAbort: return "user-initiated-abort";
    case CauseCode::kProtocolViolation: return "protocol-violation";
  }
  return "unknown-cause";
}

Result<std::vector<ErrorCauseView>> parse_error_causes(std::span<const uint8_t> data, size_t max_count) {
  std::vector<ErrorCauseView> out;
  size_t pos = 0;
  while (pos < data.size()) {
    if (data.size() - pos < 4) return unexpected(Error{Errc::kTruncated, "sctp: error cause header truncated"});
    uint16_t code = load_u16(data.data() + pos);
    size_t len = load_u16(data.data() + pos + 2);
    if (len < 4) return unexpected(Error{Errc::kMalformed, "sctp: error cause length below 4"});
    if (len > data.size() - pos) return unexpected(Error{Errc::kTruncated, "sctp: error cause exceeds chunk"});
    if (out.size() >= max_count) return unexpected(Error{Errc::kLimitExceeded, "sctp: too many error causes"});
    out.push_back({code, data.subspan(pos + 4, len - 4)});
    size_t padded = padded4(len);
    pos = padded > data.size() - pos ? data.size() : pos + padded;
  }
  return out;
}

void append_error_cause(std::vector<uint8_t>& out, CauseCode code, std::span<const uint8_t> info) {
  append_u16(out, static_cast<uint16_t>(code));
  append_u16(out, static_cast<uint16_t>(4 + info.size()));
  append_bytes(out, info);
  pad4(out);
}

std::string describe(const std::vector<ErrorCauseView>& causes) {
  std::string s;
  for (const auto& c : causes) {
    if (!s.empty()) s += "; ";
    s += to_string(static_cast<CauseCode>(c.code));
    auto code = static_cast<CauseCode>(c.code);
    if (code == CauseCode::kUserInitiatedAbort || code == CauseCode::kProtocolViolation) {
      s += ": ";
      for (uint8_t b : c.info) s += (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '?';
    }
  }
  return s;
}

}  // namespace purertc::sctp
