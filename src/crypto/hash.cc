#include "crypto/hash.h"

#include <cassert>
#include <cctype>

#include "common/random.h"
#include "crypto/fast/cpu_features.h"
#include "crypto/mbedtls_util.h"
#if PURERTC_FAST_CRYPTO
#include "crypto/fast/sha.h"
#endif

namespace purertc::crypto {
namespace detail {

mbedtls_md_type_t md_type(HashAlgorithm alg) {
  switch (alg) {
    case HashAlgorithm::kMd5: return MBEDTLS_MD_MD5;
    case HashAlgorithm::kSha1: return MBEDTLS_MD_SHA1;
    case HashAlgorithm::kSha224: return MBEDTLS_MD_SHA224;
    case HashAlgorithm::kSha256: return MBEDTLS_MD_SHA256;
    case HashAlgorithm::kSha384: return MBEDTLS_MD_SHA384;
    case HashAlgorithm::kSha512: return MBEDTLS_MD_SHA512;
  }
  return MBEDTLS_MD_NONE;
}

const mbedtls_md_info_t* md_info(HashAlgorithm alg) {
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md_type(alg));
  assert(info != nullptr && "mbedTLS built without a hash purertc needs");
  return info;
}

int random_callback(void* random, unsigned char* out, size_t len) {
  static_cast<Random*>(random)->fill({out, len});
  return 0;
}

}  // namespace detail

size_t digest_size(HashAlgorithm alg) {
  switch (alg) {
    case HashAlgorithm::kMd5: return 16;
    case HashAlgorithm::kSha1: return 20;
    case HashAlgorithm::kSha224: return 28;
    case HashAlgorithm::kSha256: return 32;
    case HashAlgorithm::kSha384: return 48;
    case HashAlgorithm::kSha512: return 64;
  }
  return 0;
}

std::string_view to_string(HashAlgorithm alg) {
  switch (alg) {
    case HashAlgorithm::kMd5: return "md5";
    case HashAlgorithm::kSha1: return "sha-1";
    case HashAlgorithm::kSha224: return "sha-224";
    case HashAlgorithm::kSha256: return "sha-256";
    case HashAlgorithm::kSha384: return "sha-384";
    case HashAlgorithm::kSha512: return "sha-512";
  }
  return "unknown";
}

std::optional<HashAlgorithm> hash_algorithm_from_name(std::string_view name) {
  for (auto alg : {HashAlgorithm::kMd5, HashAlgorithm::kSha1, HashAlgorithm::kSha224, HashAlgorithm::kSha256,
                   HashAlgorithm::kSha384, HashAlgorithm::kSha512}) {
    std::string_view want = to_string(alg);
    if (want.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < want.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(name[i])) != want[i]) same = false;
    }
    if (same) return alg;
  }
  return std::nullopt;
}

Digest hash(HashAlgorithm alg, std::span<const uint8_t> data) {
  Digest d;
  d.size = digest_size(alg);
#if PURERTC_FAST_CRYPTO
  // One-shot SHA-1/SHA-256 (fingerprints, long HMAC keys) on the SHA-NI kernel when the CPU has it.
  const bool sha1 = alg == HashAlgorithm::kSha1 && fast::use_sha1_x86();
  const bool sha256 = alg == HashAlgorithm::kSha256 && fast::use_sha256_x86();
  if (sha1 || sha256) {
    fast::ShaStream s(sha1 ? fast::ShaKind::kSha1 : fast::ShaKind::kSha256);
    if (!data.empty()) s.update(data.data(), data.size());
    s.finish(d.bytes.data());
    return d;
  }
#endif
  mbedtls_md(detail::md_info(alg), data.data(), data.size(), d.bytes.data());
  return d;
}

// SHA-1 and SHA-256 transcripts run on the SHA-NI kernel when the CPU has it (current() is then a copy
// of a small plain state); the other hashes, and CPUs without SHA-NI, use mbedTLS.
struct Hasher::Impl {
  mbedtls_md_context_t ctx;
#if PURERTC_FAST_CRYPTO
  bool use_fast = false;
  fast::ShaStream stream{fast::ShaKind::kSha1};
#endif
  Impl() { mbedtls_md_init(&ctx); }
  ~Impl() { mbedtls_md_free(&ctx); }
};

Hasher::Hasher(HashAlgorithm alg) : alg_(alg), impl_(std::make_unique<Impl>()) {
#if PURERTC_FAST_CRYPTO
  const bool sha1 = alg == HashAlgorithm::kSha1 && fast::use_sha1_x86();
  const bool sha256 = alg == HashAlgorithm::kSha256 && fast::use_sha256_x86();
  if (sha1 || sha256) {
    impl_->stream = fast::ShaStream(sha1 ? fast::ShaKind::kSha1 : fast::ShaKind::kSha256);
    impl_->use_fast = true;
    return;
  }
#endif
  mbedtls_md_setup(&impl_->ctx, detail::md_info(alg), 0);
  mbedtls_md_starts(&impl_->ctx);
}
Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(std::span<const uint8_t> data) {
#if PURERTC_FAST_CRYPTO
  if (impl_->use_fast) {
    if (!data.empty()) impl_->stream.update(data.data(), data.size());
    return;
  }
#endif
  mbedtls_md_update(&impl_->ctx, data.data(), data.size());
}

Digest Hasher::current() const {
  Digest d;
  d.size = digest_size(alg_);
#if PURERTC_FAST_CRYPTO
  if (impl_->use_fast) {
    fast::ShaStream copy = impl_->stream;
    copy.finish(d.bytes.data());
    return d;
  }
#endif
  Impl copy;
  mbedtls_md_setup(&copy.ctx, detail::md_info(alg_), 0);
  mbedtls_md_clone(&copy.ctx, &impl_->ctx);
  mbedtls_md_finish(&copy.ctx, d.bytes.data());
  return d;
}

}  // namespace purertc::crypto
