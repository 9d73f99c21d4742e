#include "crypto/hmac.h"

#include "crypto/mbedtls_util.h"

namespace purertc::crypto {

Digest hmac(HashAlgorithm alg, std::span<const uint8_t> key, std::span<const uint8_t> data) {
  Digest d;
  d.size = digest_size(alg);
  mbedtls_md_hmac(detail::md_info(alg), key.data(), key.size(), data.data(), data.size(), d.bytes.data());
  return d;
}

struct HmacKey::Impl {
  mbedtls_md_context_t ctx;
  Impl() { mbedtls_md_init(&ctx); }
  ~Impl() { mbedtls_md_free(&ctx); }
};

HmacKey::HmacKey(HashAlgorithm alg, std::span<const uint8_t> key) : alg_(alg), impl_(std::make_unique<Impl>()) {
  mbedtls_md_setup(&impl_->ctx, detail::md_info(alg), 1);
  mbedtls_md_hmac_starts(&impl_->ctx, key.data(), key.size());
}
HmacKey::~HmacKey() = default;
HmacKey::HmacKey(HmacKey&&) noexcept = default;
HmacKey& HmacKey::operator=(HmacKey&&) noexcept = default;

Digest HmacKey::compute(std::span<const uint8_t> data) { return compute({data}); }

Digest HmacKey::compute(std::initializer_list<std::span<const uint8_t>> pieces) {
  // hmac_reset restarts from the stored ipad state: no re-keying per message.
  mbedtls_md_hmac_reset(&impl_->ctx);
  for (auto piece : pieces) mbedtls_md_hmac_update(&impl_->ctx, piece.data(), piece.size());
  Digest d;
  d.size = digest_size(alg_);
  mbedtls_md_hmac_finish(&impl_->ctx, d.bytes.data());
  return d;
}

}  // namespace purertc::crypto
