// Protocol time. Modules never read a clock: the caller passes `now` into every call that needs it, and
// modules return the next deadline. Timestamp deliberately has no now(); only src/pc (and tests/interop)
// turn std::chrono::steady_clock into a Timestamp. Both types count microseconds in 64 bits, which covers
// ~292,000 years either way, so arithmetic on them never overflows in practice.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <string>

namespace purertc {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration micros(int64_t us) { return Duration(us); }
  static constexpr Duration millis(int64_t ms) { return Duration(ms * 1000); }
  static constexpr Duration seconds(int64_t s) { return Duration(s * 1000000); }
  static constexpr Duration zero() { return Duration(0); }
  static constexpr Duration infinite() { return Duration(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t us() const { return us_; }
  constexpr int64_t ms() const { return us_ / 1000; }
  constexpr double seconds_f() const { return static_cast<double>(us_) / 1e6; }
  constexpr bool is_infinite() const { return us_ == std::numeric_limits<int64_t>::max(); }

  constexpr Duration operator+(Duration o) const { return Duration(us_ + o.us_); }
  constexpr Duration operator-(Duration o) const { return Duration(us_ - o.us_); }
  constexpr Duration operator*(int64_t k) const { return Duration(us_ * k); }
  constexpr Duration operator/(int64_t k) const { return Duration(us_ / k); }
  constexpr Duration& operator+=(Duration o) { us_ += o.us_; return *this; }
  constexpr Duration& operator-=(Duration o) { us_ -= o.us_; return *this; }
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  constexpr explicit Duration(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp from_micros(int64_t us) { return Timestamp(us); }
  static constexpr Timestamp from_millis(int64_t ms) { return Timestamp(ms * 1000); }
  // "Never": the value next_timeout() returns when no timer is armed.
  static constexpr Timestamp infinite() { return Timestamp(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t us() const { return us_; }
  constexpr int64_t ms() const { return us_ / 1000; }
  constexpr bool is_infinite() const { return us_ == std::numeric_limits<int64_t>::max(); }

  constexpr Timestamp operator+(Duration d) const {
    if (is_infinite() || d.is_infinite()) return infinite();
    return Timestamp(us_ + d.us());
  }
  constexpr Timestamp operator-(Duration d) const { return Timestamp(us_ - d.us()); }
  constexpr Duration operator-(Timestamp o) const { return Duration::micros(us_ - o.us_); }
  constexpr Timestamp& operator+=(Duration d) { *this = *this + d; return *this; }
  constexpr auto operator<=>(const Timestamp&) const = default;

 private:
  constexpr explicit Timestamp(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

constexpr Timestamp earliest(Timestamp a, Timestamp b) { return a < b ? a : b; }

std::string to_string(Duration d);   // "1.250s", "300ms", "42us"
std::string to_string(Timestamp t);  // "t=12.345678s", or "never"

}  // namespace purertc
