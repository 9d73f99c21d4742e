// UNKNOWN-ATTRIBUTES (RFC 8489 14.9): the comprehension-required attribute types a server did not
// understand, carried in a 420 error response.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      Attribute 1 Type         |       Attribute 2 Type        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      Attribute 3 Type         |       Attribute 4 Type    ...
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <cstdint>
#include <span>

#include "common/result.h"

namespace purertc::stun {

// A view over the list; count() types, each read on demand.
class UnknownAttributesView {
 public:
  // Errors: kMalformed (odd length).
  static Result<UnknownAttributesView> parse(std::span<const uint8_t> value);
  size_t count() const { return value_.size() / 2; }
  uint16_t type(size_t i) const;

 private:
  std::span<const uint8_t> value_;
};

constexpr size_t unknown_attributes_value_size(size_t count) { return 2 * count; }
void write_unknown_attributes(std::span<uint8_t> out, std::span<const uint16_t> types);

}  // namespace purertc::stun
