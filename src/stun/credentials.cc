#include "stun/credentials.h"

namespace purertc::stun {
namespace {

crypto::Digest hash_joined(crypto::HashAlgorithm alg, std::initializer_list<std::string_view> parts) {
  crypto::Hasher h(alg);
  bool first = true;
  for (auto p : parts) {
    if (!first) h.update(std::span(reinterpret_cast<const uint8_t*>(":"), 1));
    first = false;
    h.update(std::span(reinterpret_cast<const uint8_t*>(p.data()), p.size()));
  }
  return h.current();
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

crypto::Digest long_term_key(PasswordAlgorithm alg, std::string_view username, std::string_view realm,
                             std::string_view password) {
  auto hash = alg == PasswordAlgorithm::kSha256 ? crypto::HashAlgorithm::kSha256 : crypto::HashAlgorithm::kMd5;
  return hash_joined(hash, {username, realm, password});
}

crypto::Digest userhash(std::string_view username, std::string_view realm) {
  return hash_joined(crypto::HashAlgorithm::kSha256, {username, realm});
}

std::optional<SecurityFeatures> parse_nonce_cookie(std::string_view nonce) {
  constexpr std::string_view kCookie = "obMatJos2";
  if (nonce.size() < kCookie.size() + 4 || nonce.substr(0, kCookie.size()) != kCookie) return std::nullopt;
  uint32_t bits = 0;
  for (size_t i = 0; i < 4; ++i) {
    int v = base64_value(nonce[kCookie.size() + i]);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
  }
  SecurityFeatures f;
  f.password_algorithms = (bits & 1) != 0;
  f.username_anonymity = (bits & 2) != 0;
  return f;
}

}  // namespace purertc::stun
