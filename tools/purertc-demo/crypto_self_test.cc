// purertc-demo --crypto-self-test: runs the crypto known-answer self-test, creates a WebRTC identity
// (ECDSA P-256 self-signed certificate) and prints its SDP fingerprint, and performs the public-key
// operations of one DTLS handshake side, with their timings.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "common/hex.h"
#include "crypto/aead.h"
#include "crypto/certificate.h"
#include "crypto/csprng.h"
#include "crypto/ecdh.h"
#include "crypto/hash.h"
#include "crypto/hmac.h"
#include "crypto/prf.h"
#include "demo.h"
#include "purertc/version.h"

namespace {

using namespace purertc;
using Clock = std::chrono::steady_clock;

int g_failures = 0;

void check(const char* name, bool ok) {
  std::printf("  %-60s %s\n", name, ok ? "ok" : "FAILED");
  if (!ok) ++g_failures;
}

std::span<const uint8_t> ascii(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

std::vector<uint8_t> hex(std::string_view s) { return from_hex(s).value_or(std::vector<uint8_t>{}); }

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void self_test() {
  std::printf("Crypto known-answer self-test (FIPS 180-4, RFC 4231, McGrew-Viega GCM, RFC 8439, TLS PRF):\n");
  check("SHA-256(\"abc\")", to_hex(crypto::hash(crypto::HashAlgorithm::kSha256, ascii("abc")).view()) ==
                                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  check("HMAC-SHA1 (RFC 2202 case 2)",
        to_hex(crypto::hmac(crypto::HashAlgorithm::kSha1, ascii("Jefe"), ascii("what do ya want for nothing?")).view()) ==
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  {
    auto aead = crypto::Aead::create(crypto::AeadAlgorithm::kAes128Gcm, hex("00000000000000000000000000000000"));
    std::vector<uint8_t> data(16, 0);
    uint8_t nonce[12] = {}, tag[16];
    bool ok = aead && aead->seal(nonce, {}, data, data, tag);
    check("AES-128-GCM (test case 2)",
          ok && to_hex(data) == "0388dace60b6a392f328c2b971b2fe78" && to_hex(tag) == "ab6e47d42cec13bdf53a67b21257bddf");
  }
  {
    auto aead = crypto::Aead::create(crypto::AeadAlgorithm::kChaCha20Poly1305,
                                     hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"));
    auto nonce = hex("070000004041424344454647");
    auto aad = hex("50515253c0c1c2c3c4c5c6c7");
    std::string text =
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen "
        "would be it.";
    std::vector<uint8_t> data(text.begin(), text.end());
    uint8_t tag[16];
    bool ok = aead && aead->seal(std::span<const uint8_t, 12>(nonce.data(), 12), aad, data, data, tag);
    check("ChaCha20-Poly1305 (RFC 8439 2.8.2)", ok && to_hex(tag) == "1ae10b594f09e26a7e902ecbd0600691");
  }
  {
    std::vector<uint8_t> out(16);
    crypto::tls12_prf(crypto::HashAlgorithm::kSha256, hex("9bbe436ba940f017b17652849a71db35"), "test label",
                      hex("a0ba9f936cda311827a6f796ffd5198c"), out);
    check("TLS 1.2 PRF P_SHA256", to_hex(out) == "e3f229ba727be17b8d122620557cd453");
  }
}

}  // namespace

namespace purertc::demo {

int run_crypto_self_test() {
  std::printf("purertc %s crypto self-test\n\n", std::string(version()).c_str());
  self_test();

  auto rng = crypto::Csprng::create();
  if (!rng) {
    std::printf("cannot seed the CSPRNG: %s\n", to_string(rng.error()).c_str());
    return 1;
  }
  Random& random = **rng;

  std::printf("\nWebRTC identity (what a PeerConnection presents in DTLS):\n");
  crypto::CertificateOptions options;
  options.not_before_unix_seconds = static_cast<int64_t>(std::time(nullptr));
  auto t0 = Clock::now();
  auto identity = crypto::Identity::generate_self_signed(options, random);
  double gen_ms = ms_since(t0);
  if (!identity) {
    std::printf("  certificate generation failed: %s\n", to_string(identity.error()).c_str());
    return 1;
  }
  std::printf("  ECDSA P-256 self-signed certificate, %zu bytes DER, generated in %.2f ms\n",
              identity->certificate.der().size(), gen_ms);
  std::printf("  a=fingerprint:%s\n", identity->certificate.sdp_fingerprint().c_str());
  check("fingerprint verifies against the certificate",
        crypto::verify_fingerprint(identity->certificate, identity->certificate.sdp_fingerprint()).has_value());

  std::printf("\nPublic-key operations of one DTLS handshake side (ECDHE + signature):\n");
  for (auto group : {crypto::NamedGroup::kX25519, crypto::NamedGroup::kSecp256r1}) {
    t0 = Clock::now();
    auto a = crypto::EcdhKeyPair::generate(group, random);
    auto b = crypto::EcdhKeyPair::generate(group, random);
    double keygen_ms = ms_since(t0) / 2;
    if (!a || !b) {
      check("ECDH key generation", false);
      continue;
    }
    t0 = Clock::now();
    auto s1 = a->compute_shared_secret(b->public_key(), random);
    auto s2 = b->compute_shared_secret(a->public_key(), random);
    double derive_ms = ms_since(t0) / 2;
    std::string name = std::string(to_string(group)) + " key agreement (" + std::to_string(keygen_ms).substr(0, 5) +
                       " ms keygen, " + std::to_string(derive_ms).substr(0, 5) + " ms derive)";
    check(name.c_str(), s1 && s2 && *s1 == *s2);
  }
  const std::string transcript = "ClientHello.random + ServerHello.random + ServerECDHParams";
  t0 = Clock::now();
  auto sig = identity->key.sign(crypto::SignatureScheme::kEcdsaSecp256r1Sha256, ascii(transcript), random);
  double sign_ms = ms_since(t0);
  t0 = Clock::now();
  bool verified = sig && identity->certificate.public_key()
                             .verify(crypto::SignatureScheme::kEcdsaSecp256r1Sha256, ascii(transcript), *sig)
                             .has_value();
  double verify_ms = ms_since(t0);
  std::string name = "ECDSA P-256 sign " + std::to_string(sign_ms).substr(0, 5) + " ms, verify " +
                     std::to_string(verify_ms).substr(0, 5) + " ms";
  check(name.c_str(), verified);

  std::printf("\n%s\n", g_failures == 0 ? "self-test passed" : "self-test FAILED");
  return g_failures == 0 ? 0 : 1;
}

}  // namespace purertc::demo
