// The error type shared by the toolkit and by modules that need nothing more specific. Errors are small
// and trivially copyable: a code plus a static detail string (never allocated), so reporting an error on
// the packet path costs nothing. Modules with a richer vocabulary define their own enum and use
// Result<T, TheirError>.
#pragma once

#include <string>
#include <string_view>

namespace purertc {

enum class Errc {
  kTruncated,        // input ended before a field that must be there
  kMalformed,        // a field has a value the format forbids
  kInvalidArgument,  // the caller passed something unusable
  kBufferTooSmall,   // an output buffer cannot hold the result
  kUnsupported,      // valid, but not something purertc implements
  kAuthFailed,       // a MAC, tag, signature or fingerprint did not verify
  kReplay,           // a replay window rejected the input
  kLimitExceeded,    // a resource limit (count, size) was reached
  kWrongState,       // the call is not valid in the current state
  kTimeout,          // a timer ran out
  kCrypto,           // the crypto backend failed (entropy, key generation...)
  kIo,               // an operating-system call failed (only outside protocol modules)
  kInternal,         // an invariant broke: a bug in purertc
};

std::string_view to_string(Errc code);

struct Error {
  Errc code = Errc::kInternal;
  const char* detail = "";  // static string: never owned, never freed

  constexpr Error() = default;
  constexpr Error(Errc c, const char* d) : code(c), detail(d) {}

  friend bool operator==(const Error& a, const Error& b) { return a.code == b.code; }
};

// "malformed: attribute length exceeds message"
std::string to_string(const Error& error);

}  // namespace purertc
