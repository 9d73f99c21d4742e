// Comparison of secrets (MACs, tags, cookies, fingerprints) whose time does not depend on where the
// inputs differ. Different lengths compare unequal (the lengths themselves are not secret).
#pragma once

#include <cstdint>
#include <span>

namespace purertc::crypto {

bool constant_time_equal(std::span<const uint8_t> a, std::span<const uint8_t> b);

}  // namespace purertc::crypto
