// Character-level helpers shared by the SDP line and attribute grammars (RFC 8866 section 9, RFC 5234
// core rules). Internal to src/sdp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace purertc::sdp::text {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// RFC 8866 token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
constexpr bool is_token_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x27) || u == 0x2a || u == 0x2b || u == 0x2d || u == 0x2e ||
         (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5a) || (u >= 0x5e && u <= 0x7e);
}
bool is_token(std::string_view s);

// RFC 8839 ice-char = ALPHA / DIGIT / "+" / "/"
constexpr bool is_ice_char(char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '/'; }

// Digits only, no sign, no leading '+', at most `max`. Leading zeros are accepted (RFC 8866 allows them).
std::optional<uint64_t> parse_uint(std::string_view s, uint64_t max);

// Splits on every `sep`; adjacent separators give empty pieces (callers treat those as errors where
// the grammar requires a single SP).
std::vector<std::string_view> split(std::string_view s, char sep);

// Splits off the first `sep`: returns the part before it and leaves `s` after it (or empty).
std::string_view next_field(std::string_view& s, char sep);

std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);

void append_uint(std::string& out, uint64_t v);

}  // namespace purertc::sdp::text
