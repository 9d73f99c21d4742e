// Shared helpers for the DTLS tests: hex vectors and the captured browser ClientHello.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/hex.h"

namespace purertc::dtls::testing {

inline std::vector<uint8_t> hex(std::string_view text) {
  auto r = from_hex(text);
  EXPECT_TRUE(r) << "bad hex in test vector";
  return r ? *r : std::vector<uint8_t>{};
}

// Datagrams stored one per line as hex (tests/data/dtls/*.hex, written by scripts/dtls/).
inline std::vector<std::vector<uint8_t>> load_hex_datagrams(const std::string& name) {
  std::ifstream in(std::string(PURERTC_DTLS_TEST_DATA) + "/" + name);
  EXPECT_TRUE(in.good()) << "missing test data " << name;
  std::vector<std::vector<uint8_t>> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(hex(line));
  }
  return out;
}

}  // namespace purertc::dtls::testing
