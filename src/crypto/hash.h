// Message digests: MD5 (TURN long-term key only, RFC 8489 9.2.2), SHA-1 (HMAC-SHA1 for STUN/SRTP,
// sha-1 fingerprints), SHA-224/256/384/512 (DTLS transcripts and PRF, fingerprints).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

namespace purertc::crypto {

enum class HashAlgorithm { kMd5, kSha1, kSha224, kSha256, kSha384, kSha512 };

constexpr size_t kMaxDigestSize = 64;

size_t digest_size(HashAlgorithm alg);
// The names SDP a=fingerprint uses (RFC 8122 / IANA "Hash Function Textual Names"): "md5", "sha-1",
// "sha-224", "sha-256", "sha-384", "sha-512".
std::string_view to_string(HashAlgorithm alg);
// Case-insensitive inverse of to_string.
std::optional<HashAlgorithm> hash_algorithm_from_name(std::string_view name);

// A digest by value: no allocation.
struct Digest {
  std::array<uint8_t, kMaxDigestSize> bytes{};
  size_t size = 0;

  std::span<const uint8_t> view() const { return {bytes.data(), size}; }
  friend bool operator==(const Digest& a, const Digest& b) {
    return a.size == b.size && std::equal(a.bytes.begin(), a.bytes.begin() + a.size, b.bytes.begin());
  }
};

Digest hash(HashAlgorithm alg, std::span<const uint8_t> data);

// Incremental hashing; current() reads the digest of what was fed so far without ending the hash
// (the DTLS handshake transcript needs the hash at several points).
class Hasher {
 public:
  explicit Hasher(HashAlgorithm alg);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  HashAlgorithm algorithm() const { return alg_; }
  void update(std::span<const uint8_t> data);
  Digest current() const;

 private:
  struct Impl;
  HashAlgorithm alg_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace purertc::crypto
