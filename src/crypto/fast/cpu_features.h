// Runtime choice of the accelerated symmetric kernels (AES-GCM, AES-CTR, SHA-1, SHA-256). The CPU is
// probed once; every Aead, AesCtr and HmacKey picks its kernel when it is created, so a key object never
// switches implementation mid-life. Builds with -Dfast_crypto=disabled (PURERTC_FAST_CRYPTO=0) and CPUs
// without the instructions always get the portable mbedTLS path.
#pragma once

#include <string_view>

namespace purertc::crypto::fast {

// What the CPU offers and the OS has enabled (XSAVE state for AVX/AVX-512).
struct CpuFeatures {
  bool ssse3 = false;
  bool sse41 = false;
  bool aesni = false;
  bool pclmul = false;
  bool sha = false;
  bool avx2 = false;
  bool avx512 = false;  // F + VL + BW, with the ZMM state enabled by the OS
  bool vaes = false;
  bool vpclmul = false;
};

const CpuFeatures& cpu_features();

// False in builds configured with -Dfast_crypto=disabled or for a CPU family without kernels.
bool built_with_fast_kernels();

// Kernel families in increasing order of requirement. kX86: AES-NI + PCLMULQDQ + SSE4.1 (+ SHA-NI for
// the hashes); kX86Avx512: additionally VAES + VPCLMULQDQ + AVX-512 for AES-GCM and AES-CTR.
enum class Tier { kPortable, kX86, kX86Avx512 };
std::string_view to_string(Tier tier);

// The best tier this build and this CPU support.
Tier detected_tier();
// The tier new key objects use: detected_tier() capped by set_tier_limit().
Tier active_tier();
// Caps the tier for key objects created afterwards. For tests and benchmarks that run the portable
// and the accelerated kernels side by side on one machine; production code never calls it.
void set_tier_limit(Tier limit);

// Per-primitive availability under active_tier().
bool use_aes_x86();
bool use_aes_avx512();
bool use_sha1_x86();
bool use_sha256_x86();

}  // namespace purertc::crypto::fast
