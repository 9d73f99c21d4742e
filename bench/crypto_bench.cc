// Raw crypto costs on packet-sized buffers: the yardstick later modules quote their overhead against
// (SRTP protect vs the AES-GCM seal it contains, STUN verify vs its HMAC-SHA1...). OpenSSL EVP runs in the
// same binary when its headers are present, so "purertc vs OpenSSL" is a ratio from one run.
#include <benchmark/benchmark.h>

#include <vector>

#include "crypto/aead.h"
#include "crypto/aes.h"
#include "crypto/hmac.h"

#if PURERTC_BENCH_HAVE_OPENSSL
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#endif

namespace purertc::crypto {
namespace {

constexpr uint8_t kKey[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                              17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
constexpr uint8_t kNonce[12] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2};
constexpr size_t kAadSize = 12;  // an RTP header without CSRCs or extensions

void BM_Aes128GcmSeal(benchmark::State& state) {
  auto aead = Aead::create(AeadAlgorithm::kAes128Gcm, std::span(kKey, 16));
  std::vector<uint8_t> buf(static_cast<size_t>(state.range(0)), 0x5a);
  uint8_t aad[kAadSize] = {};
  uint8_t tag[kAeadTagSize];
  for (auto _ : state) {
    (void)aead->seal(kNonce, aad, buf, buf, tag);
    benchmark::DoNotOptimize(tag);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Aes128GcmSeal)->Arg(64)->Arg(200)->Arg(1200)->Arg(1500);

// SRTP AES_CM_128_HMAC_SHA1_80 does this per packet: a CTR keystream over the payload and an HMAC-SHA1
// over header + payload + ROC, truncated to 80 bits.
void BM_Aes128CtrHmacSha1(benchmark::State& state) {
  auto ctr = AesCtr::create(std::span(kKey, 16));
  HmacKey mac(HashAlgorithm::kSha1, std::span(kKey, 20));
  std::vector<uint8_t> buf(static_cast<size_t>(state.range(0)), 0x5a);
  uint8_t iv[16] = {};
  uint8_t roc[4] = {};
  for (auto _ : state) {
    ctr->crypt(iv, std::span(buf).subspan(kAadSize), std::span(buf).subspan(kAadSize));
    Digest d = mac.compute({buf, roc});
    benchmark::DoNotOptimize(d);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Aes128CtrHmacSha1)->Arg(64)->Arg(200)->Arg(1200)->Arg(1500);

#if PURERTC_BENCH_HAVE_OPENSSL
void BM_OpenSslAes128GcmSeal(benchmark::State& state) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), nullptr, kKey, nullptr);
  std::vector<uint8_t> buf(static_cast<size_t>(state.range(0)), 0x5a);
  uint8_t aad[kAadSize] = {};
  uint8_t tag[16];
  for (auto _ : state) {
    int len = 0;
    EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, kNonce);
    EVP_EncryptUpdate(ctx, nullptr, &len, aad, kAadSize);
    EVP_EncryptUpdate(ctx, buf.data(), &len, buf.data(), static_cast<int>(buf.size()));
    EVP_EncryptFinal_ex(ctx, buf.data() + len, &len);
    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
    benchmark::DoNotOptimize(tag);
  }
  EVP_CIPHER_CTX_free(ctx);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_OpenSslAes128GcmSeal)->Arg(64)->Arg(200)->Arg(1200)->Arg(1500);

void BM_OpenSslAes128CtrHmacSha1(benchmark::State& state) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  uint8_t iv[16] = {};
  EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), nullptr, kKey, iv);
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* mctx = EVP_MAC_CTX_new(mac);
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", const_cast<char*>("SHA1"), 0),
                         OSSL_PARAM_construct_end()};
  EVP_MAC_init(mctx, kKey, 20, params);
  std::vector<uint8_t> buf(static_cast<size_t>(state.range(0)), 0x5a);
  uint8_t roc[4] = {};
  uint8_t out[20];
  for (auto _ : state) {
    int len = 0;
    EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, iv);
    EVP_EncryptUpdate(ctx, buf.data() + kAadSize, &len, buf.data() + kAadSize, static_cast<int>(buf.size() - kAadSize));
    size_t outlen = 0;
    EVP_MAC_init(mctx, nullptr, 0, nullptr);  // restart with the same key
    EVP_MAC_update(mctx, buf.data(), buf.size());
    EVP_MAC_update(mctx, roc, sizeof roc);
    EVP_MAC_final(mctx, out, &outlen, sizeof out);
    benchmark::DoNotOptimize(out);
  }
  EVP_MAC_CTX_free(mctx);
  EVP_MAC_free(mac);
  EVP_CIPHER_CTX_free(ctx);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_OpenSslAes128CtrHmacSha1)->Arg(64)->Arg(200)->Arg(1200)->Arg(1500);
#endif

}  // namespace
}  // namespace purertc::crypto

BENCHMARK_MAIN();

// ---- Asymmetric crypto: the DTLS handshake's cost. One ECDHE key pair + shared secret and one ECDSA
// P-256 sign (ours) + verify (the peer's) per handshake side. Included here, not at the top, so that
// this block stays self-contained.
#include <memory>

#include "crypto/csprng.h"
#include "crypto/ecdh.h"
#include "crypto/signature.h"

namespace purertc::crypto {
namespace {

Random& bench_random() {
  static std::unique_ptr<Csprng> rng = std::move(*Csprng::create());
  return *rng;
}

// ServerKeyExchange signs client_random || server_random || ECParameters || point: about 100 bytes.
const std::vector<uint8_t> kSignedParams(100, 0x42);

void BM_EcdhKeyGen(benchmark::State& state, NamedGroup group) {
  for (auto _ : state) {
    auto kp = EcdhKeyPair::generate(group, bench_random());
    benchmark::DoNotOptimize(kp);
  }
}
BENCHMARK_CAPTURE(BM_EcdhKeyGen, X25519, NamedGroup::kX25519)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EcdhKeyGen, P256, NamedGroup::kSecp256r1)->Unit(benchmark::kMicrosecond);

void BM_EcdhSharedSecret(benchmark::State& state, NamedGroup group) {
  auto ours = EcdhKeyPair::generate(group, bench_random());
  auto peer = EcdhKeyPair::generate(group, bench_random());
  for (auto _ : state) {
    auto z = ours->compute_shared_secret(peer->public_key(), bench_random());
    benchmark::DoNotOptimize(z);
  }
}
BENCHMARK_CAPTURE(BM_EcdhSharedSecret, X25519, NamedGroup::kX25519)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EcdhSharedSecret, P256, NamedGroup::kSecp256r1)->Unit(benchmark::kMicrosecond);

void BM_EcdsaP256Sign(benchmark::State& state) {
  auto key = PrivateKey::generate(KeyType::kEcdsaP256, bench_random());
  for (auto _ : state) {
    auto sig = key->sign(SignatureScheme::kEcdsaSecp256r1Sha256, kSignedParams, bench_random());
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(BM_EcdsaP256Sign)->Unit(benchmark::kMicrosecond);

void BM_EcdsaP256Verify(benchmark::State& state) {
  auto key = PrivateKey::generate(KeyType::kEcdsaP256, bench_random());
  auto pub = PublicKey::from_der(key->public_key_der());
  auto sig = key->sign(SignatureScheme::kEcdsaSecp256r1Sha256, kSignedParams, bench_random());
  for (auto _ : state) {
    auto ok = pub->verify(SignatureScheme::kEcdsaSecp256r1Sha256, kSignedParams, *sig);
    if (!ok) state.SkipWithError("signature did not verify");
  }
}
BENCHMARK(BM_EcdsaP256Verify)->Unit(benchmark::kMicrosecond);

#if PURERTC_BENCH_HAVE_OPENSSL
// The same operations through OpenSSL 3 EVP, for the purertc/OpenSSL ratio.
EVP_PKEY* openssl_keygen(NamedGroup group) {
  return group == NamedGroup::kX25519 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519")
                                      : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
}

void BM_OpenSslEcdhKeyGen(benchmark::State& state, NamedGroup group) {
  for (auto _ : state) {
    EVP_PKEY* key = openssl_keygen(group);
    benchmark::DoNotOptimize(key);
    EVP_PKEY_free(key);
  }
}
BENCHMARK_CAPTURE(BM_OpenSslEcdhKeyGen, X25519, NamedGroup::kX25519)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_OpenSslEcdhKeyGen, P256, NamedGroup::kSecp256r1)->Unit(benchmark::kMicrosecond);

void BM_OpenSslEcdhSharedSecret(benchmark::State& state, NamedGroup group) {
  EVP_PKEY* ours = openssl_keygen(group);
  EVP_PKEY* peer = openssl_keygen(group);
  uint8_t secret[64];
  for (auto _ : state) {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(ours, nullptr);
    size_t len = sizeof secret;
    EVP_PKEY_derive_init(ctx);
    EVP_PKEY_derive_set_peer(ctx, peer);
    EVP_PKEY_derive(ctx, secret, &len);
    benchmark::DoNotOptimize(secret);
    EVP_PKEY_CTX_free(ctx);
  }
  EVP_PKEY_free(peer);
  EVP_PKEY_free(ours);
}
BENCHMARK_CAPTURE(BM_OpenSslEcdhSharedSecret, X25519, NamedGroup::kX25519)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_OpenSslEcdhSharedSecret, P256, NamedGroup::kSecp256r1)->Unit(benchmark::kMicrosecond);

void BM_OpenSslEcdsaP256Sign(benchmark::State& state) {
  EVP_PKEY* key = openssl_keygen(NamedGroup::kSecp256r1);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  uint8_t sig[80];
  for (auto _ : state) {
    size_t len = sizeof sig;
    EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(md, sig, &len, kSignedParams.data(), kSignedParams.size());
    benchmark::DoNotOptimize(sig);
  }
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
}
BENCHMARK(BM_OpenSslEcdsaP256Sign)->Unit(benchmark::kMicrosecond);

void BM_OpenSslEcdsaP256Verify(benchmark::State& state) {
  EVP_PKEY* key = openssl_keygen(NamedGroup::kSecp256r1);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  uint8_t sig[80];
  size_t sig_len = sizeof sig;
  EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key);
  EVP_DigestSign(md, sig, &sig_len, kSignedParams.data(), kSignedParams.size());
  for (auto _ : state) {
    EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key);
    if (EVP_DigestVerify(md, sig, sig_len, kSignedParams.data(), kSignedParams.size()) != 1) {
      state.SkipWithError("signature did not verify");
    }
  }
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
}
BENCHMARK(BM_OpenSslEcdsaP256Verify)->Unit(benchmark::kMicrosecond);
#endif

}  // namespace
}  // namespace purertc::crypto
