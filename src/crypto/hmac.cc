#include "crypto/hmac.h"

#include <algorithm>
#include <cstring>

#include "crypto/constant_time.h"
#include "crypto/fast/cpu_features.h"
#include "crypto/mbedtls_util.h"
#if PURERTC_FAST_CRYPTO
#include "crypto/fast/sha.h"
#endif

namespace purertc::crypto {

#if PURERTC_FAST_CRYPTO
namespace {

bool fast_sha_kind(HashAlgorithm alg, fast::ShaKind& kind) {
  if (alg == HashAlgorithm::kSha1 && fast::use_sha1_x86()) {
    kind = fast::ShaKind::kSha1;
    return true;
  }
  if (alg == HashAlgorithm::kSha256 && fast::use_sha256_x86()) {
    kind = fast::ShaKind::kSha256;
    return true;
  }
  return false;
}

// RFC 2104: the key padded to the block size (hashed first when longer), XORed with ipad/opad, each
// absorbed once; the returned streams continue from there for every message.
void keyed_streams(fast::ShaKind kind, HashAlgorithm alg, std::span<const uint8_t> key, fast::ShaStream& inner,
                   fast::ShaStream& outer) {
  uint8_t k[64] = {};
  if (key.size() > 64) {
    Digest d = hash(alg, key);
    std::memcpy(k, d.bytes.data(), d.size);
  } else if (!key.empty()) {
    std::memcpy(k, key.data(), key.size());
  }
  uint8_t pad[64];
  for (size_t i = 0; i < 64; ++i) pad[i] = static_cast<uint8_t>(k[i] ^ 0x36);
  inner = fast::ShaStream(kind);
  inner.update(pad, 64);
  for (size_t i = 0; i < 64; ++i) pad[i] = static_cast<uint8_t>(k[i] ^ 0x5c);
  outer = fast::ShaStream(kind);
  outer.update(pad, 64);
}

Digest finish_hmac(fast::ShaStream inner, fast::ShaStream outer) {
  uint8_t inner_digest[32];
  inner.finish(inner_digest);
  outer.update(inner_digest, inner.digest_size());
  Digest d;
  d.size = outer.digest_size();
  outer.finish(d.bytes.data());
  return d;
}

}  // namespace
#endif

Digest hmac(HashAlgorithm alg, std::span<const uint8_t> key, std::span<const uint8_t> data) {
#if PURERTC_FAST_CRYPTO
  fast::ShaKind kind;
  if (fast_sha_kind(alg, kind)) {
    fast::ShaStream inner(kind);
    fast::ShaStream outer(kind);
    keyed_streams(kind, alg, key, inner, outer);
    if (!data.empty()) inner.update(data.data(), data.size());
    return finish_hmac(inner, outer);
  }
#endif
  Digest d;
  d.size = digest_size(alg);
  mbedtls_md_hmac(detail::md_info(alg), key.data(), key.size(), data.data(), data.size(), d.bytes.data());
  return d;
}

// SHA-1 and SHA-256 keys keep their keyed inner/outer chaining states for the SHA-NI kernel; every
// message starts from copies of them. Other hashes, and CPUs without SHA-NI, use mbedTLS's HMAC
// context (hmac_reset restarts from its stored ipad state, also without re-keying).
struct HmacKey::Impl {
  mbedtls_md_context_t ctx;
#if PURERTC_FAST_CRYPTO
  bool use_fast = false;
  fast::ShaStream inner{fast::ShaKind::kSha1};
  fast::ShaStream outer{fast::ShaKind::kSha1};
#endif
  Impl() { mbedtls_md_init(&ctx); }
  ~Impl() { mbedtls_md_free(&ctx); }
};

HmacKey::HmacKey(HashAlgorithm alg, std::span<const uint8_t> key) : alg_(alg), impl_(std::make_unique<Impl>()) {
#if PURERTC_FAST_CRYPTO
  fast::ShaKind kind;
  if (fast_sha_kind(alg, kind)) {
    keyed_streams(kind, alg, key, impl_->inner, impl_->outer);
    impl_->use_fast = true;
    return;
  }
#endif
  mbedtls_md_setup(&impl_->ctx, detail::md_info(alg), 1);
  mbedtls_md_hmac_starts(&impl_->ctx, key.data(), key.size());
}
HmacKey::~HmacKey() = default;
HmacKey::HmacKey(HmacKey&&) noexcept = default;
HmacKey& HmacKey::operator=(HmacKey&&) noexcept = default;

Digest HmacKey::compute(std::span<const uint8_t> data) { return compute({data}); }

Digest HmacKey::compute(std::initializer_list<std::span<const uint8_t>> pieces) {
  Digest d;
  d.size = digest_size(alg_);
  compute_into(pieces, d.bytes.data());
  return d;
}

void HmacKey::compute_into(std::initializer_list<std::span<const uint8_t>> pieces, uint8_t* out) {
#if PURERTC_FAST_CRYPTO
  if (impl_->use_fast) {
    // The inner stream continues from the keyed state; the outer one absorbs the inner digest straight
    // from the stack, so the only copies are of the two small stream states.
    fast::ShaStream inner = impl_->inner;
    for (auto piece : pieces) {
      if (!piece.empty()) inner.update(piece.data(), piece.size());
    }
    uint8_t inner_digest[32];
    inner.finish(inner_digest);
    fast::ShaStream outer = impl_->outer;
    outer.update(inner_digest, inner.digest_size());
    outer.finish(out);
    return;
  }
#endif
  mbedtls_md_hmac_reset(&impl_->ctx);
  for (auto piece : pieces) mbedtls_md_hmac_update(&impl_->ctx, piece.data(), piece.size());
  mbedtls_md_hmac_finish(&impl_->ctx, out);
}

void HmacKey::compute_truncated(std::initializer_list<std::span<const uint8_t>> pieces, std::span<uint8_t> tag) {
  uint8_t full[kMaxDigestSize];
  compute_into(pieces, full);
  const size_t n = std::min(tag.size(), digest_size(alg_));
  std::memcpy(tag.data(), full, n);
}

bool HmacKey::verify_truncated(std::initializer_list<std::span<const uint8_t>> pieces,
                               std::span<const uint8_t> tag) {
  if (tag.empty() || tag.size() > digest_size(alg_)) return false;
  uint8_t full[kMaxDigestSize];
  compute_into(pieces, full);
  return constant_time_equal(std::span<const uint8_t>(full, tag.size()), tag);
}

}  // namespace purertc::crypto
