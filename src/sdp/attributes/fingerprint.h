// RFC 8122 section 5: a=fingerprint:<hash-func> SP <fingerprint>
//   hash-func   = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
//   fingerprint = 2UHEX *(":" 2UHEX)
// Hash names compare case-insensitively (RFC 8122 says so); lower-case hex digits are accepted because
// some peers send them, upper-case is emitted. For the named hashes the digest length must match.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

enum class FingerprintHash { kSha1, kSha224, kSha256, kSha384, kSha512, kMd5, kMd2, kOther };

std::string_view to_string(FingerprintHash h);
FingerprintHash fingerprint_hash_from_name(std::string_view name);  // case-insensitive

struct Fingerprint {
  static constexpr std::string_view kName = "fingerprint";
  std::string hash_name;  // as written ("sha-256"); compare with hash()
  std::vector<uint8_t> digest;

  FingerprintHash hash() const { return fingerprint_hash_from_name(hash_name); }
  static Result<Fingerprint, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
};

}  // namespace purertc::sdp
