// IP addresses and transport addresses as values: what STUN's MAPPED-ADDRESS carries, what ICE candidates
// are, what SDP's c= and a=candidate lines name. No sockets here: conversion to sockaddr lives with the
// code that owns sockets (src/pc, tests/interop).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace purertc {

enum class IpFamily : uint8_t { kV4 = 4, kV6 = 6 };

class IpAddress {
 public:
  // 0.0.0.0
  constexpr IpAddress() = default;
  static IpAddress v4(uint32_t host_order);
  static IpAddress v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d);
  // 4 bytes (IPv4) or 16 bytes (IPv6), network order; nullopt for any other length.
  static std::optional<IpAddress> from_bytes(std::span<const uint8_t> bytes);
  // Dotted quad or RFC 5952 / RFC 4291 IPv6 text (an IPv4-mapped tail is accepted; zone ids are not).
  static std::optional<IpAddress> parse(std::string_view text);

  IpFamily family() const { return family_; }
  bool is_v4() const { return family_ == IpFamily::kV4; }
  bool is_v6() const { return family_ == IpFamily::kV6; }
  // 4 or 16 bytes, network order.
  std::span<const uint8_t> bytes() const { return {bytes_.data(), is_v4() ? 4u : 16u}; }
  uint32_t v4_host_order() const;

  bool is_unspecified() const;
  bool is_loopback() const;
  bool is_link_local() const;    // 169.254/16, fe80::/10
  bool is_private() const;       // RFC 1918, fc00::/7 (unique local)
  bool is_v4_mapped() const;     // ::ffff:a.b.c.d

  // Canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6.
  std::string to_string() const;

  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  IpFamily family_ = IpFamily::kV4;
  std::array<uint8_t, 16> bytes_{};
};

struct SocketAddress {
  IpAddress ip;
  uint16_t port = 0;

  // "192.0.2.1:3478", "[2001:db8::1]:3478".
  std::string to_string() const;
  // The inverse of to_string (brackets required around IPv6).
  static std::optional<SocketAddress> parse(std::string_view text);

  friend auto operator<=>(const SocketAddress&, const SocketAddress&) = default;
  friend bool operator==(const SocketAddress&, const SocketAddress&) = default;
};

}  // namespace purertc

template <>
struct std::hash<purertc::IpAddress> {
  size_t operator()(const purertc::IpAddress& a) const noexcept;
};
template <>
struct std::hash<purertc::SocketAddress> {
  size_t operator()(const purertc::SocketAddress& a) const noexcept {
    return std::hash<purertc::IpAddress>{}(a.ip) * 31 + a.port;
  }
};
