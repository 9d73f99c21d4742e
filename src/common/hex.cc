#include "common/hex.h"

namespace purertc {

std::string to_hex(std::span<const uint8_t> data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (uint8_t b : data) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

std::string to_hex_upper(std::span<const uint8_t> data, char separator) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(data.size() * 3);
  for (size_t i = 0; i < data.size(); ++i) {
    if (i > 0 && separator != '\0') out += separator;
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
}

Result<std::vector<uint8_t>> from_hex(std::string_view text) {
  std::vector<uint8_t> out;
  out.reserve(text.size() / 2);
  int pending = -1;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else if (c == ' ' || c == ':' || c == '\n' || c == '\r' || c == '\t') continue;
    else return unexpected(Error{Errc::kMalformed, "not a hex digit"});
    if (pending < 0) {
      pending = v;
    } else {
      out.push_back(static_cast<uint8_t>(pending << 4 | v));
      pending = -1;
    }
  }
  if (pending >= 0) return unexpected(Error{Errc::kMalformed, "odd number of hex digits"});
  return out;
}

}  // namespace purertc
