// PASSWORD-ALGORITHM (RFC 8489 14.11) and PASSWORD-ALGORITHMS (RFC 8489 14.12).
//
// PASSWORD-ALGORITHMS is a list of entries; PASSWORD-ALGORITHM is exactly one entry:
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |          Algorithm           |  Algorithm Parameters Length   |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Algorithm Parameters (variable, padded to 4)
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.h"

namespace purertc::stun {

enum class PasswordAlgorithm : uint16_t { kMd5 = 0x0001, kSha256 = 0x0002 };

std::string_view to_string(PasswordAlgorithm alg);

// What a client needs from a server's PASSWORD-ALGORITHMS: which of the algorithms purertc implements
// are offered. Unknown algorithms and their parameters are skipped.
struct PasswordAlgorithmsView {
  bool md5 = false;
  bool sha256 = false;
};

// Errors: kTruncated (an entry or its parameters run past the value), kMalformed (empty list).
Result<PasswordAlgorithmsView> parse_password_algorithms(std::span<const uint8_t> value);

// PASSWORD-ALGORITHM: one entry. purertc's two algorithms take no parameters.
// Errors: kTruncated, kMalformed (trailing bytes), kUnsupported (an algorithm other than MD5/SHA-256).
Result<PasswordAlgorithm> parse_password_algorithm(std::span<const uint8_t> value);

constexpr size_t kPasswordAlgorithmValueSize = 4;
void write_password_algorithm(std::span<uint8_t> out, PasswordAlgorithm alg);

}  // namespace purertc::stun
