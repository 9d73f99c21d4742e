// Result<T, E>: the subset of C++23 std::expected that purertc needs. clang 14 cannot use libstdc++ 12's
// <expected>, so this stands in until the project moves to C++23; the member names match std::expected so
// the switch is mechanical. No exceptions: value() on an error is a programming bug caught by an assert.
#pragma once

#include <cassert>
#include <new>
#include <type_traits>
#include <utility>

#include "common/error.h"

namespace purertc {

template <class E>
struct Unexpected {
  E error;
};

template <class E>
constexpr Unexpected<std::decay_t<E>> unexpected(E&& e) {
  return Unexpected<std::decay_t<E>>{std::forward<E>(e)};
}

template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = E;

  Result() requires std::is_default_constructible_v<T> : has_value_(true) { new (&value_) T(); }
  Result(const T& v) : has_value_(true) { new (&value_) T(v); }        // NOLINT: implicit by design
  Result(T&& v) : has_value_(true) { new (&value_) T(std::move(v)); }  // NOLINT: implicit by design
  template <class G>
  Result(Unexpected<G> u) : has_value_(false) {  // NOLINT: implicit by design
    new (&error_) E(std::move(u.error));
  }
  Result(const Result& o) : has_value_(o.has_value_) {
    if (has_value_) new (&value_) T(o.value_);
    else new (&error_) E(o.error_);
  }
  Result(Result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) : has_value_(o.has_value_) {
    if (has_value_) new (&value_) T(std::move(o.value_));
    else new (&error_) E(std::move(o.error_));
  }
  Result& operator=(const Result& o) {
    if (this != &o) {
      destroy();
      has_value_ = o.has_value_;
      if (has_value_) new (&value_) T(o.value_);
      else new (&error_) E(o.error_);
    }
    return *this;
  }
  Result& operator=(Result&& o) noexcept(std::is_nothrow_move_constructible_v<T>) {
    if (this != &o) {
      destroy();
      has_value_ = o.has_value_;
      if (has_value_) new (&value_) T(std::move(o.value_));
      else new (&error_) E(std::move(o.error_));
    }
    return *this;
  }
  ~Result() { destroy(); }

  bool has_value() const { return has_value_; }
  explicit operator bool() const { return has_value_; }

  T& value() & { assert(has_value_); return value_; }
  const T& value() const& { assert(has_value_); return value_; }
  T&& value() && { assert(has_value_); return std::move(value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const { assert(!has_value_); return error_; }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value_ ? value_ : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void destroy() {
    if (has_value_) value_.~T();
    else error_.~E();
  }

  bool has_value_;
  union {
    T value_;
    E error_;
  };
};

// Result<void, E>: success carries nothing.
template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  Result() : has_value_(true), error_() {}
  template <class G>
  Result(Unexpected<G> u) : has_value_(false), error_(std::move(u.error)) {}  // NOLINT: implicit by design

  bool has_value() const { return has_value_; }
  explicit operator bool() const { return has_value_; }
  void value() const { assert(has_value_); }
  const E& error() const { assert(!has_value_); return error_; }

 private:
  bool has_value_;
  E error_;
};

using Status = Result<void, Error>;

}  // namespace purertc
