#include "sdp/attributes/fingerprint.h"

#include "sdp/text.h"

namespace purertc::sdp {

std::string_view to_string(FingerprintHash h) {
  switch (h) {
    case FingerprintHash::kSha1: return "sha-1";
    case FingerprintHash::kSha224: return "sha-224";
    case FingerprintHash::kSha256: return "sha-256";
    case FingerprintHash::kSha384: return "sha-384";
    case FingerprintHash::kSha512: return "sha-512";
    case FingerprintHash::kMd5: return "md5";
    case FingerprintHash::kMd2: return "md2";
    case FingerprintHash::kOther: return "other";
  }
  return "other";
}

FingerprintHash fingerprint_hash_from_name(std::string_view name) {
  for (auto h : {FingerprintHash::kSha1, FingerprintHash::kSha224, FingerprintHash::kSha256, FingerprintHash::kSha384,
                 FingerprintHash::kSha512, FingerprintHash::kMd5, FingerprintHash::kMd2}) {
    if (text::iequals(name, to_string(h))) return h;
  }
  return FingerprintHash::kOther;
}

static size_t digest_size(FingerprintHash h) {
  switch (h) {
    case FingerprintHash::kSha1: return 20;
    case FingerprintHash::kSha224: return 28;
    case FingerprintHash::kSha256: return 32;
    case FingerprintHash::kSha384: return 48;
    case FingerprintHash::kSha512: return 64;
    case FingerprintHash::kMd5: return 16;
    case FingerprintHash::kMd2: return 16;
    case FingerprintHash::kOther: return 0;
  }
  return 0;
}

static uint8_t hex_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint8_t>(c - 'a' + 10);
  return static_cast<uint8_t>(c - 'A' + 10);
}

Result<Fingerprint, SdpError> Fingerprint::parse(std::string_view v) {
  std::string_view name = text::next_field(v, ' ');
  if (!text::is_token(name)) return unexpected(SdpError(SdpErrc::kSyntax, "a=fingerprint: hash function is not a token"));
  Fingerprint out;
  out.hash_name = std::string(name);
  // 2HEX *(":" 2HEX): 3n-1 characters for n bytes.
  if (v.size() < 2 || (v.size() + 1) % 3 != 0) return unexpected(SdpError(SdpErrc::kSyntax, "a=fingerprint: expected hex bytes separated by ':'"));
  out.digest.reserve((v.size() + 1) / 3);
  for (size_t i = 0; i < v.size(); i += 3) {
    if (!text::is_hex(v[i]) || !text::is_hex(v[i + 1]) || (i + 2 < v.size() && v[i + 2] != ':')) {
      return unexpected(SdpError(SdpErrc::kSyntax, "a=fingerprint: expected hex bytes separated by ':'"));
    }
    out.digest.push_back(static_cast<uint8_t>(hex_value(v[i]) << 4 | hex_value(v[i + 1])));
  }
  size_t want = digest_size(out.hash());
  if (want != 0 && out.digest.size() != want) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=fingerprint: digest length does not match the hash function"));
  return out;
}

std::string Fingerprint::to_value() const {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = hash_name;
  out += ' ';
  for (size_t i = 0; i < digest.size(); ++i) {
    if (i != 0) out += ':';
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace purertc::sdp
