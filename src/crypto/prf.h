// The TLS 1.2 pseudo-random function (RFC 5246 section 5): PRF(secret, label, seed) = P_<hash>(secret,
// label + seed), with SHA-256 for most suites and SHA-384 for *_SHA384 suites. DTLS 1.2 uses it for the
// master secret, key expansion, Finished and the RFC 5705 exporter (DTLS-SRTP keys).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/hash.h"

namespace purertc::crypto {

// Fills all of `out`.
void tls12_prf(HashAlgorithm alg, std::span<const uint8_t> secret, std::string_view label,
               std::span<const uint8_t> seed, std::span<uint8_t> out);

}  // namespace purertc::crypto
