// Helpers shared by the STUN tests.
#pragma once

#include <gtest/gtest.h>

#include <span>
#include <string_view>
#include <vector>

#include "common/hex.h"

namespace purertc::stun::testing {

inline std::vector<uint8_t> hex(std::string_view text) {
  auto r = from_hex(text);
  EXPECT_TRUE(r) << "bad hex in test vector";
  return r ? *r : std::vector<uint8_t>{};
}

inline std::span<const uint8_t> ascii(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace purertc::stun::testing
