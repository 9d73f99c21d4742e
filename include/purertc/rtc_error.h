// Errors of the public API. No purertc call throws: a call that can fail returns RtcResult<T>, which holds
// either the value or an RtcError (a W3C-shaped code plus a message for humans).
//
// Threading: plain values, safe to copy and move between threads.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "purertc/export.h"

namespace purertc {

// The W3C DOMException names a WebRTC call can report, and what each means here.
enum class RtcErrorCode {
  kInvalidState,         // the call is not allowed in the current signaling/channel/connection state
  kInvalidAccessError,   // a description does not match the state it is applied in (e.g. wrong type)
  kInvalidModification,  // a description was changed in a way JSEP forbids (e.g. edited local SDP)
  kSyntaxError,          // SDP text or a candidate string does not parse
  kInvalidArgument,      // an argument is out of range (W3C TypeError/RangeError)
  kOperationError,       // the operation failed for a reason outside the caller's control
  kNotSupported,         // valid, but not implemented by purertc
  kClosed,               // the PeerConnection (or its library thread) is closed
};

PURERTC_EXPORT std::string_view to_string(RtcErrorCode code);

struct RtcError {
  RtcErrorCode code = RtcErrorCode::kOperationError;
  std::string message;
};

PURERTC_EXPORT std::string to_string(const RtcError& error);  // "InvalidStateError: <message>"

// Either a T or an RtcError. Like std::expected: test with `if (result)`, then `*result` or
// `result.value()`; `result.error()` otherwise. Reading the wrong alternative is a bug (assert).
template <class T>
class [[nodiscard]] RtcResult {
 public:
  RtcResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}       // NOLINT: implicit
  RtcResult(RtcError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const RtcError& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, RtcError> v_;
};

template <>
class [[nodiscard]] RtcResult<void> {
 public:
  RtcResult() = default;
  RtcResult(RtcError error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const RtcError& error() const { assert(!ok_); return error_; }

 private:
  RtcError error_;
  bool ok_ = true;
};

}  // namespace purertc
