#include "stun/packet/password_algorithms.h"

#include "common/byte_reader.h"

namespace purertc::stun {

std::string_view to_string(PasswordAlgorithm alg) {
  switch (alg) {
    case PasswordAlgorithm::kMd5: return "MD5";
    case PasswordAlgorithm::kSha256: return "SHA-256";
  }
  return "unknown password algorithm";
}

Result<PasswordAlgorithmsView> parse_password_algorithms(std::span<const uint8_t> value) {
  if (value.empty()) return unexpected(Error{Errc::kMalformed, "empty PASSWORD-ALGORITHMS"});
  PasswordAlgorithmsView v;
  ByteReader r(value);
  while (!r.empty()) {
    auto alg = r.read_u16();
    auto len = r.read_u16();
    if (!alg || !len) return unexpected(Error{Errc::kTruncated, "PASSWORD-ALGORITHMS entry cut short"});
    size_t padded = (size_t{*len} + 3) & ~size_t{3};
    if (!r.skip(padded)) return unexpected(Error{Errc::kTruncated, "PASSWORD-ALGORITHMS parameters cut short"});
    if (*alg == static_cast<uint16_t>(PasswordAlgorithm::kMd5)) v.md5 = true;
    if (*alg == static_cast<uint16_t>(PasswordAlgorithm::kSha256)) v.sha256 = true;
  }
  return v;
}

Result<PasswordAlgorithm> parse_password_algorithm(std::span<const uint8_t> value) {
  if (value.size() < 4) return unexpected(Error{Errc::kTruncated, "PASSWORD-ALGORITHM shorter than 4 bytes"});
  uint16_t alg = load_u16(value.data());
  uint16_t len = load_u16(value.data() + 2);
  if (alg != static_cast<uint16_t>(PasswordAlgorithm::kMd5) &&
      alg != static_cast<uint16_t>(PasswordAlgorithm::kSha256)) {
    return unexpected(Error{Errc::kUnsupported, "PASSWORD-ALGORITHM is neither MD5 nor SHA-256"});
  }
  if (len != 0 || value.size() != 4) {
    return unexpected(Error{Errc::kMalformed, "PASSWORD-ALGORITHM MD5/SHA-256 with parameters"});
  }
  return static_cast<PasswordAlgorithm>(alg);
}

void write_password_algorithm(std::span<uint8_t> out, PasswordAlgorithm alg) {
  store_u16(out.data(), static_cast<uint16_t>(alg));
  store_u16(out.data() + 2, 0);
}

}  // namespace purertc::stun
