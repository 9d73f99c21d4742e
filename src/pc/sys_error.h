// The error src/pc returns when an operating-system call fails: which call, and its errno. Like
// purertc::Error it is trivially copyable and never allocates (the call name is a static string), so a
// failing send on the packet path costs nothing; to_string() formats it for logs. Threading: plain
// values and pure functions, usable from any thread.
#pragma once

#include <cerrno>
#include <string>

#include "common/result.h"

namespace purertc::pc {

struct SysError {
  const char* call = "";  // "bind", "sendmmsg", ... (static string)
  int code = 0;           // errno value

  friend bool operator==(const SysError&, const SysError&) = default;
};

// "bind: Address already in use (98)"
std::string to_string(const SysError& error);

// Captures errno (or the given code) for a failed call, as an error Result.
inline Unexpected<SysError> sys_error(const char* call, int code) { return unexpected(SysError{call, code}); }
inline Unexpected<SysError> sys_error(const char* call) { return sys_error(call, errno); }

template <class T>
using SysResult = Result<T, SysError>;

}  // namespace purertc::pc
