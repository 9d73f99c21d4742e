// SRTP/SRTCP packet path, 1200-byte payloads, every profile, three rows each, measured in one binary:
//   purertc   Context::protect_rtp / unprotect_rtp (header parse, SSRC lookup, ROC, replay window, IV)
//   raw       the crypto calls of the same profile and nothing else, on the same session keys and the same
//             bytes: AES-CTR over the payload + HMAC-SHA1 over header || payload || ROC with the tag
//             written/verified in place (HmacKey::compute_truncated / verify_truncated), HMAC alone for
//             NULL, or one AES-GCM seal/open with the 12-byte header as AAD. The IV is fixed (protect) or
//             precomputed per packet (unprotect): deriving it is SRTP's bookkeeping, counted in purertc.
//   libsrtp2  srtp_protect / srtp_unprotect with the same keys (benchmark-only dependency)
// so "purertc / raw" is the SRTP overhead and "purertc / libsrtp2" the comparison the issue targets.
//
// Unprotect rows (all three alike) copy the next packet of one pool of kPool protected packets into the
// work buffer first (unprotect is destructive), and the raw row really verifies each packet's tag with
// its own IV, so the three rows read the same bytes from the same memory. The pool (~315 KB) fits the
// per-core L2. Every kPool packets each row pauses the timer once (purertc and libsrtp2 re-create their
// receiver there so the replay window sees fresh indices; raw pauses too, so the pause's own cost, if any
// leaks into the CPU time, is the same in every row).
//
// Run: ./build/bench/srtp_bench --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true
#include <benchmark/benchmark.h>

#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_order.h"
#include "crypto/aead.h"
#include "crypto/aes.h"
#include "crypto/hmac.h"
#include "srtp/context.h"
#include "srtp/key_derivation.h"

#if PURERTC_BENCH_HAVE_LIBSRTP2
#include <srtp2/srtp.h>
#endif

namespace purertc::srtp {
namespace {

constexpr size_t kPayload = 1200;
constexpr size_t kHeader = 12;
constexpr size_t kPool = 256;
constexpr Profile kProfiles[] = {Profile::kAes128CmHmacSha1_80, Profile::kAes128CmHmacSha1_32,
                                 Profile::kNullHmacSha1_80, Profile::kAeadAes128Gcm, Profile::kAeadAes256Gcm};

std::vector<uint8_t> master_key(Profile p) { return std::vector<uint8_t>(params(p).master_key_size, 0x3c); }
std::vector<uint8_t> master_salt(Profile p) { return std::vector<uint8_t>(params(p).master_salt_size, 0xa5); }

std::vector<uint8_t> rtp_packet(uint16_t seq) {
  std::vector<uint8_t> p(kHeader + kPayload + kMaxRtpOverhead + 16, 0x5a);
  p[0] = 0x80;
  p[1] = 96;
  store_u16(&p[2], seq);
  store_u32(&p[4], 1234);
  store_u32(&p[8], 0xcafebabe);
  return p;
}

// kPool protected packets with consecutive sequence numbers (ROC 0, so index = sequence number).
std::vector<std::vector<uint8_t>> protected_pool(Profile profile) {
  auto tx = Context::create(profile, master_key(profile), master_salt(profile));
  std::vector<std::vector<uint8_t>> pool;
  for (size_t i = 0; i < kPool; ++i) {
    auto p = rtp_packet(static_cast<uint16_t>(i));
    auto n = tx->protect_rtp(p, kHeader + kPayload);
    p.resize(n ? *n : 0);
    pool.push_back(std::move(p));
  }
  return pool;
}

void set_bytes(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kPayload));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void purertc_protect(benchmark::State& state, Profile profile) {
  auto tx = Context::create(profile, master_key(profile), master_salt(profile));
  auto p = rtp_packet(0);
  uint16_t seq = 0;
  for (auto _ : state) {
    store_u16(&p[2], seq++);
    auto n = tx->protect_rtp(p, kHeader + kPayload);
    benchmark::DoNotOptimize(n);
  }
  set_bytes(state);
}

void purertc_unprotect(benchmark::State& state, Profile profile) {
  auto pool = protected_pool(profile);
  auto rx = Context::create(profile, master_key(profile), master_salt(profile));
  std::vector<uint8_t> work(pool[0].size());
  size_t i = 0;
  for (auto _ : state) {
    if (i == kPool) {
      state.PauseTiming();
      rx = Context::create(profile, master_key(profile), master_salt(profile));
      i = 0;
      state.ResumeTiming();
    }
    std::memcpy(work.data(), pool[i].data(), work.size());
    auto n = rx->unprotect_rtp(work);
    if (!n) state.SkipWithError("unprotect failed");
    ++i;
  }
  set_bytes(state);
}

// The crypto calls of one packet, on the session keys Context derives, without SRTP's bookkeeping.
class RawCipher {
 public:
  explicit RawCipher(Profile profile) : params_(params(profile)) {
    auto keys = derive_session_keys(profile, master_key(profile), master_salt(profile));
    keys_ = *keys;
    auto key = std::span<const uint8_t>(keys_.rtp_key).first(params_.master_key_size);
    if (params_.cipher == CipherKind::kAesGcm) {
      aead_.emplace(*crypto::Aead::create(
          params_.master_key_size == 16 ? crypto::AeadAlgorithm::kAes128Gcm : crypto::AeadAlgorithm::kAes256Gcm, key));
    } else {
      if (params_.cipher == CipherKind::kAesCm) ctr_.emplace(*crypto::AesCtr::create(key));
      mac_.emplace(crypto::HashAlgorithm::kSha1, std::span<const uint8_t>(keys_.rtp_auth_key).first(params_.auth_key_size));
    }
  }

  // The IV of packet `seq` under ROC 0 for SSRC 0xcafebabe (RFC 3711 4.1.1 / RFC 7714 8.1), computed
  // outside the timed loops.
  std::array<uint8_t, 16> iv(uint16_t seq) const {
    uint8_t in[16] = {};
    std::array<uint8_t, 16> iv{};
    if (aead_) {
      store_u32(in + 2, 0xcafebabe);
      store_u16(in + 10, seq);
      for (size_t i = 0; i < crypto::kAeadNonceSize; ++i) iv[i] = keys_.rtp_salt[i] ^ in[i];
    } else {
      store_u32(in + 4, 0xcafebabe);
      store_u16(in + 12, seq);
      for (size_t i = 0; i < 14; ++i) iv[i] = keys_.rtp_salt[i] ^ in[i];
    }
    return iv;
  }

  // Not inlined, like the library calls of the purertc rows (and so a profiler can attribute it).
  [[gnu::noinline]] void seal(const std::array<uint8_t, 16>& iv, std::span<uint8_t> packet, uint8_t* tag) {
    auto payload = packet.subspan(kHeader);
    if (aead_) {
      (void)aead_->seal(std::span<const uint8_t, crypto::kAeadNonceSize>(iv.data(), crypto::kAeadNonceSize),
                        packet.first(kHeader), payload, payload,
                        std::span<uint8_t, crypto::kAeadTagSize>(tag, crypto::kAeadTagSize));
      return;
    }
    if (ctr_) ctr_->crypt(iv.data(), payload, payload);
    mac_->compute_truncated({std::span<const uint8_t>(packet), std::span<const uint8_t>(roc_)},
                            std::span(tag, params_.rtp_tag_size));
  }
  [[gnu::noinline]] bool open(const std::array<uint8_t, 16>& iv, std::span<uint8_t> packet, const uint8_t* tag) {
    auto payload = packet.subspan(kHeader);
    if (aead_) {
      return aead_
          ->open(std::span<const uint8_t, crypto::kAeadNonceSize>(iv.data(), crypto::kAeadNonceSize),
                 packet.first(kHeader), payload, payload,
                 std::span<const uint8_t, crypto::kAeadTagSize>(tag, crypto::kAeadTagSize))
          .has_value();
    }
    if (!mac_->verify_truncated({std::span<const uint8_t>(packet), std::span<const uint8_t>(roc_)},
                                std::span(tag, params_.rtp_tag_size))) {
      return false;
    }
    if (ctr_) ctr_->crypt(iv.data(), payload, payload);
    return true;
  }

 private:
  const ProfileParams& params_;
  SessionKeys keys_;
  std::optional<crypto::Aead> aead_;
  std::optional<crypto::AesCtr> ctr_;
  std::optional<crypto::HmacKey> mac_;
  uint8_t roc_[4] = {};
};

void raw_protect(benchmark::State& state, Profile profile) {
  RawCipher raw(profile);
  const auto iv = raw.iv(0);
  auto p = rtp_packet(0);
  for (auto _ : state) {
    raw.seal(iv, std::span(p).first(kHeader + kPayload), p.data() + kHeader + kPayload);
    benchmark::DoNotOptimize(p.data());
  }
  set_bytes(state);
}

void raw_unprotect(benchmark::State& state, Profile profile) {
  RawCipher raw(profile);
  auto pool = protected_pool(profile);
  std::vector<std::array<uint8_t, 16>> ivs;
  for (size_t i = 0; i < kPool; ++i) ivs.push_back(raw.iv(static_cast<uint16_t>(i)));
  std::vector<uint8_t> work(pool[0].size());
  size_t i = 0;
  for (auto _ : state) {
    if (i == kPool) {
      state.PauseTiming();
      i = 0;
      state.ResumeTiming();
    }
    std::memcpy(work.data(), pool[i].data(), work.size());
    if (!raw.open(ivs[i], std::span(work).first(kHeader + kPayload), work.data() + kHeader + kPayload)) {
      state.SkipWithError("raw open failed");
    }
    ++i;
  }
  set_bytes(state);
}

#if PURERTC_BENCH_HAVE_LIBSRTP2
srtp_profile_t to_libsrtp(Profile p) {
  switch (p) {
    case Profile::kAes128CmHmacSha1_80: return srtp_profile_aes128_cm_sha1_80;
    case Profile::kAes128CmHmacSha1_32: return srtp_profile_aes128_cm_sha1_32;
    case Profile::kNullHmacSha1_80: return srtp_profile_null_sha1_80;
    case Profile::kAeadAes128Gcm: return srtp_profile_aead_aes_128_gcm;
    case Profile::kAeadAes256Gcm: return srtp_profile_aead_aes_256_gcm;
  }
  return srtp_profile_reserved;
}

srtp_t libsrtp_session(Profile profile, bool outbound, std::vector<uint8_t>& key) {
  static const bool initialized = srtp_init() == srtp_err_status_ok;
  (void)initialized;
  key = master_key(profile);
  auto salt = master_salt(profile);
  key.insert(key.end(), salt.begin(), salt.end());
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof(policy));
  srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, to_libsrtp(profile));
  srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, to_libsrtp(profile));
  policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
  policy.key = key.data();
  policy.window_size = 128;
  srtp_t s = nullptr;
  srtp_create(&s, &policy);
  return s;
}

void libsrtp_protect(benchmark::State& state, Profile profile) {
  std::vector<uint8_t> key;
  srtp_t s = libsrtp_session(profile, true, key);
  auto p = rtp_packet(0);
  p.resize(p.size() + SRTP_MAX_TRAILER_LEN);
  uint16_t seq = 0;
  for (auto _ : state) {
    store_u16(&p[2], seq++);
    int len = static_cast<int>(kHeader + kPayload);
    if (srtp_protect(s, p.data(), &len) != srtp_err_status_ok) state.SkipWithError("srtp_protect failed");
  }
  srtp_dealloc(s);
  set_bytes(state);
}

void libsrtp_unprotect(benchmark::State& state, Profile profile) {
  auto pool = protected_pool(profile);  // byte-identical to libsrtp2's output (srtp_interop_test)
  std::vector<uint8_t> key;
  srtp_t s = libsrtp_session(profile, false, key);
  std::vector<uint8_t> work(pool[0].size());
  size_t i = 0;
  for (auto _ : state) {
    if (i == kPool) {
      state.PauseTiming();
      srtp_dealloc(s);
      s = libsrtp_session(profile, false, key);
      i = 0;
      state.ResumeTiming();
    }
    std::memcpy(work.data(), pool[i].data(), work.size());
    int len = static_cast<int>(work.size());
    if (srtp_unprotect(s, work.data(), &len) != srtp_err_status_ok) state.SkipWithError("srtp_unprotect failed");
    ++i;
  }
  srtp_dealloc(s);
  set_bytes(state);
}
#endif

// SRTCP: a 100-byte compound packet, purertc only (the per-packet cost is dominated by the same calls).
void purertc_protect_rtcp(benchmark::State& state, Profile profile) {
  auto tx = Context::create(profile, master_key(profile), master_salt(profile));
  std::vector<uint8_t> p(100 + kMaxRtcpOverhead, 0x33);
  p[0] = 0x80;
  p[1] = 200;
  for (auto _ : state) {
    // The SRTCP index space is 2^31: far beyond any benchmark run.
    auto n = tx->protect_rtcp(p, 100);
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

int register_all() {
  for (Profile profile : kProfiles) {
    std::string name(to_string(profile).substr(5));
    benchmark::RegisterBenchmark(("protect/purertc/" + name).c_str(), purertc_protect, profile);
    benchmark::RegisterBenchmark(("protect/raw/" + name).c_str(), raw_protect, profile);
    benchmark::RegisterBenchmark(("unprotect/purertc/" + name).c_str(), purertc_unprotect, profile);
    benchmark::RegisterBenchmark(("unprotect/raw/" + name).c_str(), raw_unprotect, profile);
#if PURERTC_BENCH_HAVE_LIBSRTP2
    benchmark::RegisterBenchmark(("protect/libsrtp2/" + name).c_str(), libsrtp_protect, profile);
    benchmark::RegisterBenchmark(("unprotect/libsrtp2/" + name).c_str(), libsrtp_unprotect, profile);
#endif
    benchmark::RegisterBenchmark(("protect_rtcp/purertc/" + name).c_str(), purertc_protect_rtcp, profile);
  }
  return 0;
}
const int kRegistered = register_all();

}  // namespace
}  // namespace purertc::srtp

BENCHMARK_MAIN();
