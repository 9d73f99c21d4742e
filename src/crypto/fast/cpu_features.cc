#include "crypto/fast/cpu_features.h"

#include <atomic>

#if PURERTC_FAST_CRYPTO
#include <cpuid.h>
#endif

namespace purertc::crypto::fast {
namespace {

#if PURERTC_FAST_CRYPTO
// XGETBV through inline assembly so this file needs no -mxsave.
unsigned long long read_xcr0() {
  unsigned eax = 0;
  unsigned edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<unsigned long long>(edx) << 32) | eax;
}

CpuFeatures probe() {
  CpuFeatures f;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return f;
  f.pclmul = (c >> 1) & 1;
  f.ssse3 = (c >> 9) & 1;
  f.sse41 = (c >> 19) & 1;
  f.aesni = (c >> 25) & 1;
  const bool osxsave = (c >> 27) & 1;
  const bool avx = (c >> 28) & 1;
  const unsigned long long xcr0 = osxsave ? read_xcr0() : 0;
  const bool ymm_state = (xcr0 & 0x6) == 0x6;
  const bool zmm_state = (xcr0 & 0xe6) == 0xe6;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return f;
  f.sha = (b >> 29) & 1;
  f.avx2 = avx && ymm_state && ((b >> 5) & 1);
  f.avx512 = zmm_state && ((b >> 16) & 1) && ((b >> 30) & 1) && ((b >> 31) & 1);
  f.vaes = ymm_state && ((c >> 9) & 1);
  f.vpclmul = ymm_state && ((c >> 10) & 1);
  return f;
}
#else
CpuFeatures probe() { return {}; }
#endif

Tier compute_detected_tier() {
  const CpuFeatures& f = cpu_features();
  if (!(f.aesni && f.pclmul && f.ssse3 && f.sse41)) return Tier::kPortable;
  if (f.avx512 && f.vaes && f.vpclmul) return Tier::kX86Avx512;
  return Tier::kX86;
}

// Only tests and benchmarks write it; atomic so a test thread changing it is never a data race.
std::atomic<Tier> g_tier_limit{Tier::kX86Avx512};

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = probe();
  return features;
}

bool built_with_fast_kernels() { return PURERTC_FAST_CRYPTO != 0; }

std::string_view to_string(Tier tier) {
  switch (tier) {
    case Tier::kPortable: return "portable";
    case Tier::kX86: return "x86 AES-NI/PCLMULQDQ/SHA-NI";
    case Tier::kX86Avx512: return "x86 VAES/VPCLMULQDQ/AVX-512";
  }
  return "unknown";
}

Tier detected_tier() {
  static const Tier tier = compute_detected_tier();
  return tier;
}

Tier active_tier() {
  const Tier limit = g_tier_limit.load(std::memory_order_relaxed);
  const Tier detected = detected_tier();
  return static_cast<int>(limit) < static_cast<int>(detected) ? limit : detected;
}

void set_tier_limit(Tier limit) { g_tier_limit.store(limit, std::memory_order_relaxed); }

bool use_aes_x86() { return active_tier() != Tier::kPortable; }
bool use_aes_avx512() { return active_tier() == Tier::kX86Avx512; }
// SHA-NI kernels also use SSSE3 (byte shuffles) and SSE4.1 (blends), independently of AES-NI.
bool use_sha1_x86() {
  const CpuFeatures& f = cpu_features();
  return g_tier_limit.load(std::memory_order_relaxed) != Tier::kPortable && f.sha && f.ssse3 && f.sse41;
}
bool use_sha256_x86() { return use_sha1_x86(); }

}  // namespace purertc::crypto::fast
