// StrongId<Tag, T>: a wire identifier (SSRC, TSN, stream id...) that cannot be mixed up with another one
// or with a plain integer by accident. Comparison is plain equality/ordering of the raw value; wrapping
// counters must be unwrapped (see unwrap.h) before they are ordered.
#pragma once

#include <compare>
#include <cstddef>
#include <functional>

namespace purertc {

template <class Tag, class T>
class StrongId {
 public:
  using underlying_type = T;
  constexpr StrongId() = default;
  constexpr explicit StrongId(T v) : value_(v) {}
  constexpr T value() const { return value_; }
  constexpr auto operator<=>(const StrongId&) const = default;

 private:
  T value_{};
};

}  // namespace purertc

template <class Tag, class T>
struct std::hash<purertc::StrongId<Tag, T>> {
  size_t operator()(const purertc::StrongId<Tag, T>& id) const noexcept { return std::hash<T>{}(id.value()); }
};
