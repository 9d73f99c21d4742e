// Signaling between a test and a peer in another process over text lines (the child's stdin and
// stdout): "<verb> <hex>\n", the payload hex-encoded so SDP line breaks survive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace purertc::e2e {

inline std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

inline std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

inline std::string signal_line(std::string_view verb, std::string_view payload) {
  return std::string(verb) + " " + to_hex(payload) + "\n";
}

}  // namespace purertc::e2e
