// Private helpers shared by the mbedTLS adapter files. Every mbedTLS version difference (2.28 vs 3.x) is
// switched here or next to the call, on MBEDTLS_VERSION_NUMBER.
#pragma once

#include <mbedtls/md.h>
#include <mbedtls/version.h>

#include "crypto/hash.h"

#if MBEDTLS_VERSION_NUMBER >= 0x03000000
#define PURERTC_MBEDTLS_3 1
#else
#define PURERTC_MBEDTLS_3 0
#endif

namespace purertc::crypto::detail {

mbedtls_md_type_t md_type(HashAlgorithm alg);
const mbedtls_md_info_t* md_info(HashAlgorithm alg);

// The f_rng callback mbedTLS takes, reading from a purertc::Random passed as p_rng.
int random_callback(void* random, unsigned char* out, size_t len);

}  // namespace purertc::crypto::detail
