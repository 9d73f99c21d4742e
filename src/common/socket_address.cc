#include "common/socket_address.h"

#include <cstdio>
#include <cstring>
#include <vector>

namespace purertc {

IpAddress IpAddress::v4(uint32_t host_order) {
  IpAddress a;
  a.family_ = IpFamily::kV4;
  a.bytes_[0] = static_cast<uint8_t>(host_order >> 24);
  a.bytes_[1] = static_cast<uint8_t>(host_order >> 16);
  a.bytes_[2] = static_cast<uint8_t>(host_order >> 8);
  a.bytes_[3] = static_cast<uint8_t>(host_order);
  return a;
}

IpAddress IpAddress::v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return v4(uint32_t{a} << 24 | uint32_t{b} << 16 | uint32_t{c} << 8 | d);
}

std::optional<IpAddress> IpAddress::from_bytes(std::span<const uint8_t> bytes) {
  IpAddress a;
  if (bytes.size() == 4) {
    a.family_ = IpFamily::kV4;
  } else if (bytes.size() == 16) {
    a.family_ = IpFamily::kV6;
  } else {
    return std::nullopt;
  }
  std::memcpy(a.bytes_.data(), bytes.data(), bytes.size());
  return a;
}

uint32_t IpAddress::v4_host_order() const {
  return uint32_t{bytes_[0]} << 24 | uint32_t{bytes_[1]} << 16 | uint32_t{bytes_[2]} << 8 | bytes_[3];
}

namespace {

std::optional<uint32_t> parse_v4(std::string_view s) {
  uint32_t out = 0;
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return std::nullopt;
    uint32_t v = 0;
    size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + static_cast<uint32_t>(s[i] - '0');
      ++i;
      if (++digits > 3 || v > 255) return std::nullopt;
    }
    // Leading zeros ("010") are ambiguous (octal in some parsers): refuse them.
    if (digits > 1 && s[i - digits] == '0') return std::nullopt;
    out = out << 8 | v;
    ++parts;
    if (parts < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses colon-separated hex groups (no "::") into 16-bit words; an IPv4 dotted tail counts as two words.
bool parse_groups(std::string_view s, std::vector<uint16_t>& out, bool allow_v4_tail) {
  if (s.empty()) return true;
  size_t start = 0;
  while (start <= s.size()) {
    size_t colon = s.find(':', start);
    std::string_view group = s.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    bool last = colon == std::string_view::npos;
    if (last && allow_v4_tail && group.find('.') != std::string_view::npos) {
      auto v4 = parse_v4(group);
      if (!v4) return false;
      out.push_back(static_cast<uint16_t>(*v4 >> 16));
      out.push_back(static_cast<uint16_t>(*v4));
      return true;
    }
    if (group.empty() || group.size() > 4) return false;
    uint16_t v = 0;
    for (char c : group) {
      int h = hex_value(c);
      if (h < 0) return false;
      v = static_cast<uint16_t>(v << 4 | h);
    }
    out.push_back(v);
    if (last) return true;
    start = colon + 1;
    if (start == s.size()) return false;  // trailing single colon
  }
  return true;
}

std::optional<std::array<uint8_t, 16>> parse_v6(std::string_view s) {
  if (s.size() < 2 || s.size() > 45) return std::nullopt;
  std::vector<uint16_t> head, tail;
  size_t gap = s.find("::");
  if (gap != std::string_view::npos) {
    if (s.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
    if (!parse_groups(s.substr(0, gap), head, false)) return std::nullopt;
    if (!parse_groups(s.substr(gap + 2), tail, true)) return std::nullopt;
    if (head.size() + tail.size() > 7) return std::nullopt;
  } else {
    if (!parse_groups(s, head, true) || head.size() != 8) return std::nullopt;
  }
  std::array<uint8_t, 16> out{};
  size_t i = 0;
  for (uint16_t w : head) {
    out[i++] = static_cast<uint8_t>(w >> 8);
    out[i++] = static_cast<uint8_t>(w);
  }
  i = 16 - tail.size() * 2;
  for (uint16_t w : tail) {
    out[i++] = static_cast<uint8_t>(w >> 8);
    out[i++] = static_cast<uint8_t>(w);
  }
  return out;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.find(':') == std::string_view::npos) {
    auto v4 = parse_v4(text);
    if (!v4) return std::nullopt;
    return IpAddress::v4(*v4);
  }
  auto v6 = parse_v6(text);
  if (!v6) return std::nullopt;
  return from_bytes(*v6);
}

bool IpAddress::is_unspecified() const {
  for (uint8_t b : bytes()) {
    if (b != 0) return false;
  }
  return true;
}

bool IpAddress::is_loopback() const {
  if (is_v4()) return bytes_[0] == 127;
  for (int i = 0; i < 15; ++i) {
    if (bytes_[i] != 0) return false;
  }
  return bytes_[15] == 1;
}

bool IpAddress::is_link_local() const {
  if (is_v4()) return bytes_[0] == 169 && bytes_[1] == 254;
  return bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
}

bool IpAddress::is_private() const {
  if (is_v4()) {
    return bytes_[0] == 10 || (bytes_[0] == 172 && (bytes_[1] & 0xf0) == 16) || (bytes_[0] == 192 && bytes_[1] == 168);
  }
  return (bytes_[0] & 0xfe) == 0xfc;
}

bool IpAddress::is_v4_mapped() const {
  if (!is_v6()) return false;
  for (int i = 0; i < 10; ++i) {
    if (bytes_[i] != 0) return false;
  }
  return bytes_[10] == 0xff && bytes_[11] == 0xff;
}

std::string IpAddress::to_string() const {
  char buf[64];
  if (is_v4()) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes_[0], bytes_[1], bytes_[2], bytes_[3]);
    return buf;
  }
  uint16_t w[8];
  for (int i = 0; i < 8; ++i) w[i] = static_cast<uint16_t>(bytes_[2 * i] << 8 | bytes_[2 * i + 1]);
  if (is_v4_mapped()) {
    std::snprintf(buf, sizeof buf, "::ffff:%u.%u.%u.%u", bytes_[12], bytes_[13], bytes_[14], bytes_[15]);
    return buf;
  }
  // RFC 5952 4.2: compress the longest run of two or more zero words (the first one on a tie).
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (w[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && w[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", w[i]);
    out += buf;
  }
  return out;
}

std::string SocketAddress::to_string() const {
  std::string out;
  out.reserve(48);
  if (ip.is_v6()) out += '[';
  out += ip.to_string();
  if (ip.is_v6()) out += ']';
  out += ':';
  out += std::to_string(port);
  return out;
}

std::optional<SocketAddress> SocketAddress::parse(std::string_view text) {
  std::string_view host;
  std::string_view port_text;
  if (!text.empty() && text[0] == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return std::nullopt;  // IPv6 needs brackets
  }
  if (port_text.empty() || port_text.size() > 5) return std::nullopt;
  uint32_t port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + static_cast<uint32_t>(c - '0');
  }
  if (port > 65535) return std::nullopt;
  auto ip = IpAddress::parse(host);
  if (!ip) return std::nullopt;
  return SocketAddress{*ip, static_cast<uint16_t>(port)};
}

}  // namespace purertc

size_t std::hash<purertc::IpAddress>::operator()(const purertc::IpAddress& a) const noexcept {
  size_t h = static_cast<size_t>(a.family());
  for (uint8_t b : a.bytes()) h = h * 131 + b;
  return h;
}
