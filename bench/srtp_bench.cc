// SRTP/SRTCP packet path, 1200-byte payloads, every profile, three rows each, measured in one binary:
//   purertc   Context::protect_rtp / unprotect_rtp (header parse, ROC, replay window, tag handling)
//   raw       the crypto calls the profile needs and nothing else (AesCtr + HmacKey, HmacKey, or Aead)
//   libsrtp2  srtp_protect / srtp_unprotect with the same keys (benchmark-only dependency)
// so "purertc / raw" is the SRTP overhead and "purertc / libsrtp2" the comparison the issue targets.
// Unprotect rows copy the packet into the work buffer first (unprotect is destructive); the raw
// unprotect rows copy too, so the ratio stays like for like. Receivers are re-created (timer paused)
// every kPool packets so the replay window sees fresh indices.
//
// Run: ./build/bench/srtp_bench --benchmark_repetitions=3 --benchmark_enable_random_interleaving=true
#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/byte_order.h"
#include "crypto/aead.h"
#include "crypto/aes.h"
#include "crypto/hmac.h"
#include "srtp/context.h"

#if PURERTC_BENCH_HAVE_LIBSRTP2
#include <srtp2/srtp.h>
#endif

namespace purertc::srtp {
namespace {

constexpr size_t kPayload = 1200;
constexpr size_t kHeader = 12;
constexpr size_t kPool = 4096;
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

// kPool protected packets with consecutive sequence numbers.
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

// The crypto calls of one packet, on session keys, without SRTP's bookkeeping.
class RawCipher {
 public:
  explicit RawCipher(Profile profile) : params_(params(profile)) {
    std::vector<uint8_t> key(params_.master_key_size, 0x3c), auth(20, 0x77);
    if (params_.cipher == CipherKind::kAesGcm) {
      aead_.emplace(*crypto::Aead::create(
          params_.master_key_size == 16 ? crypto::AeadAlgorithm::kAes128Gcm : crypto::AeadAlgorithm::kAes256Gcm, key));
    } else {
      if (params_.cipher == CipherKind::kAesCm) ctr_.emplace(*crypto::AesCtr::create(key));
      mac_.emplace(crypto::HashAlgorithm::kSha1, auth);
    }
  }
  void seal(std::span<uint8_t> packet, uint8_t* tag) {
    auto payload = packet.subspan(kHeader);
    if (aead_) {
      (void)aead_->seal(nonce_, packet.first(kHeader), payload, payload,
                        std::span<uint8_t, crypto::kAeadTagSize>(tag, crypto::kAeadTagSize));
      return;
    }
    if (ctr_) ctr_->crypt(iv_, payload, payload);
    crypto::Digest d = mac_->compute({std::span<const uint8_t>(packet), std::span<const uint8_t>(roc_)});
    std::memcpy(tag, d.bytes.data(), params_.rtp_tag_size);
  }
  bool open(std::span<uint8_t> packet, const uint8_t* tag) {
    auto payload = packet.subspan(kHeader);
    if (aead_) {
      return aead_->open(nonce_, packet.first(kHeader), payload, payload,
                         std::span<const uint8_t, crypto::kAeadTagSize>(tag, crypto::kAeadTagSize))
          .has_value();
    }
    crypto::Digest d = mac_->compute({std::span<const uint8_t>(packet), std::span<const uint8_t>(roc_)});
    bool ok = std::memcmp(d.bytes.data(), tag, params_.rtp_tag_size) == 0;
    if (ctr_) ctr_->crypt(iv_, payload, payload);
    return ok;
  }

 private:
  const ProfileParams& params_;
  std::optional<crypto::Aead> aead_;
  std::optional<crypto::AesCtr> ctr_;
  std::optional<crypto::HmacKey> mac_;
  uint8_t nonce_[crypto::kAeadNonceSize] = {};
  uint8_t iv_[16] = {};
  uint8_t roc_[4] = {};
};

void raw_protect(benchmark::State& state, Profile profile) {
  RawCipher raw(profile);
  auto p = rtp_packet(0);
  for (auto _ : state) {
    raw.seal(std::span(p).first(kHeader + kPayload), p.data() + kHeader + kPayload);
    benchmark::DoNotOptimize(p.data());
  }
  set_bytes(state);
}

void raw_unprotect(benchmark::State& state, Profile profile) {
  RawCipher raw(profile);
  auto sealed = rtp_packet(0);
  raw.seal(std::span(sealed).first(kHeader + kPayload), sealed.data() + kHeader + kPayload);
  std::vector<uint8_t> work(sealed.size());
  for (auto _ : state) {
    std::memcpy(work.data(), sealed.data(), kHeader + kPayload + params(profile).rtp_tag_size);
    if (!raw.open(std::span(work).first(kHeader + kPayload), work.data() + kHeader + kPayload)) {
      state.SkipWithError("raw open failed");
    }
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
