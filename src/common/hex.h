// Hex helpers for logs, SDP fingerprints and test vectors.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace purertc {

// "0a1b": lower case, no separators.
std::string to_hex(std::span<const uint8_t> data);
// "0A:1B": upper case with a separator, as SDP a=fingerprint writes it.
std::string to_hex_upper(std::span<const uint8_t> data, char separator);
// Accepts upper and lower case; ignores spaces, ':' and newlines (so RFC vectors paste in as printed).
Result<std::vector<uint8_t>> from_hex(std::string_view text);

}  // namespace purertc
