#include "common/error.h"

namespace purertc {

std::string_view to_string(Errc code) {
  switch (code) {
    case Errc::kTruncated: return "truncated";
    case Errc::kMalformed: return "malformed";
    case Errc::kInvalidArgument: return "invalid argument";
    case Errc::kBufferTooSmall: return "buffer too small";
    case Errc::kUnsupported: return "unsupported";
    case Errc::kAuthFailed: return "authentication failed";
    case Errc::kReplay: return "replay";
    case Errc::kLimitExceeded: return "limit exceeded";
    case Errc::kWrongState: return "wrong state";
    case Errc::kTimeout: return "timeout";
    case Errc::kCrypto: return "crypto failure";
    case Errc::kIo: return "i/o error";
    case Errc::kInternal: return "internal error";
  }
  return "unknown error";
}

std::string to_string(const Error& error) {
  std::string out(to_string(error.code));
  if (error.detail != nullptr && error.detail[0] != '\0') {
    out += ": ";
    out += error.detail;
  }
  return out;
}

}  // namespace purertc
