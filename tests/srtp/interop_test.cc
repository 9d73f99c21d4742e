// Conformance with libsrtp2 (the implementation browsers use), linked only into this test: for every
// profile, packets protected by purertc unprotect in libsrtp2 and the other way round, over thousands
// of packets of varying sizes, several SSRCs, sequence wraps, reordering and RTCP; byte-identical
// output for identical input; RFC 6904 header extension encryption both ways.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "common/random.h"
#include "srtp/context.h"
#include "tests/srtp/test_util.h"

#ifdef PURERTC_TEST_HAVE_LIBSRTP2
#include <srtp2/srtp.h>
#endif

namespace purertc::srtp {
namespace {

using testing::make_rtcp;
using testing::make_rtp;

#ifdef PURERTC_TEST_HAVE_LIBSRTP2

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

// One libsrtp2 session (inbound or outbound, any SSRC) with the given master key || salt.
class LibSrtp {
 public:
  LibSrtp(Profile profile, const std::vector<uint8_t>& key_and_salt, bool outbound, std::vector<int> xtn_ids = {})
      : key_(key_and_salt), xtn_ids_(std::move(xtn_ids)) {
    static const bool initialized = srtp_init() == srtp_err_status_ok;
    EXPECT_TRUE(initialized);
    srtp_policy_t policy;
    std::memset(&policy, 0, sizeof(policy));
    EXPECT_EQ(srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, to_libsrtp(profile)), srtp_err_status_ok);
    EXPECT_EQ(srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, to_libsrtp(profile)), srtp_err_status_ok);
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key_.data();
    policy.window_size = 128;
    policy.allow_repeat_tx = 0;
    if (!xtn_ids_.empty()) {
      policy.enc_xtn_hdr = xtn_ids_.data();
      policy.enc_xtn_hdr_count = static_cast<int>(xtn_ids_.size());
    }
    EXPECT_EQ(srtp_create(&session_, &policy), srtp_err_status_ok);
  }
  ~LibSrtp() {
    if (session_) srtp_dealloc(session_);
  }
  LibSrtp(const LibSrtp&) = delete;
  LibSrtp& operator=(const LibSrtp&) = delete;

  // Returns the new length or -status.
  int protect(std::vector<uint8_t>& buf, size_t len, bool rtcp) {
    buf.resize(std::max(buf.size(), len + SRTP_MAX_TRAILER_LEN + 4));
    int n = static_cast<int>(len);
    srtp_err_status_t st = rtcp ? srtp_protect_rtcp(session_, buf.data(), &n) : srtp_protect(session_, buf.data(), &n);
    return st == srtp_err_status_ok ? n : -static_cast<int>(st);
  }
  int unprotect(std::vector<uint8_t>& buf, bool rtcp) {
    int n = static_cast<int>(buf.size());
    srtp_err_status_t st =
        rtcp ? srtp_unprotect_rtcp(session_, buf.data(), &n) : srtp_unprotect(session_, buf.data(), &n);
    return st == srtp_err_status_ok ? n : -static_cast<int>(st);
  }

 private:
  std::vector<uint8_t> key_;
  std::vector<int> xtn_ids_;
  srtp_t session_ = nullptr;
};

constexpr Profile kAllProfiles[] = {Profile::kAes128CmHmacSha1_80, Profile::kAes128CmHmacSha1_32,
                                    Profile::kNullHmacSha1_80, Profile::kAeadAes128Gcm, Profile::kAeadAes256Gcm};

struct Keys {
  std::vector<uint8_t> key, salt, both;
};

Keys random_keys(Profile p, Random& rng) {
  Keys k;
  k.key.resize(params(p).master_key_size);
  k.salt.resize(params(p).master_salt_size);
  rng.fill(k.key);
  rng.fill(k.salt);
  k.both = k.key;
  k.both.insert(k.both.end(), k.salt.begin(), k.salt.end());
  return k;
}

class Interop : public ::testing::TestWithParam<Profile> {};
INSTANTIATE_TEST_SUITE_P(Libsrtp2, Interop, ::testing::ValuesIn(kAllProfiles),
                         [](const auto& info) { return std::string(to_string(info.param)).substr(5); });

// A mixed RTP/RTCP stream: 4 SSRCs starting near the sequence wrap, sizes 0-1400 bytes, CSRCs, and
// the receiver getting neighbours swapped now and then.
struct Plain {
  bool rtcp;
  std::vector<uint8_t> bytes;
};

std::vector<Plain> make_stream(Random& rng, int count) {
  std::vector<Plain> out;
  uint16_t seq[4] = {65000, 100, 65535, 30000};
  for (int i = 0; i < count; ++i) {
    unsigned s = rng.uniform(4);
    uint32_t ssrc = 0x10000000u * (s + 1) + s;
    if (rng.uniform(10) == 0) {
      out.push_back({true, make_rtcp(ssrc, 8 + 4 * rng.uniform(100), rng).plain()});
    } else {
      out.push_back({false, make_rtp(ssrc, seq[s]++, rng.uniform(1401), rng, rng.uniform(8) == 0 ? 2 : 0).plain()});
    }
  }
  return out;
}

void swap_some_neighbours(std::vector<std::vector<uint8_t>>& wires, std::vector<Plain>& plains, Random& rng) {
  for (size_t i = 1; i < wires.size(); ++i) {
    if (rng.uniform(20) == 0) {
      std::swap(wires[i], wires[i - 1]);
      std::swap(plains[i], plains[i - 1]);
    }
  }
}

TEST_P(Interop, PurertcToLibsrtp) {
  SeededRandom rng(100 + static_cast<int>(GetParam()));
  Keys k = random_keys(GetParam(), rng);
  auto tx = Context::create(GetParam(), k.key, k.salt);
  ASSERT_TRUE(tx);
  LibSrtp rx(GetParam(), k.both, false);
  auto plains = make_stream(rng, 4000);
  std::vector<std::vector<uint8_t>> wires;
  for (const auto& p : plains) {
    std::vector<uint8_t> buf(p.bytes.size() + kMaxRtcpOverhead);
    std::copy(p.bytes.begin(), p.bytes.end(), buf.begin());
    auto n = p.rtcp ? tx->protect_rtcp(buf, p.bytes.size()) : tx->protect_rtp(buf, p.bytes.size());
    ASSERT_TRUE(n);
    buf.resize(*n);
    wires.push_back(std::move(buf));
  }
  swap_some_neighbours(wires, plains, rng);
  for (size_t i = 0; i < wires.size(); ++i) {
    int n = rx.unprotect(wires[i], plains[i].rtcp);
    ASSERT_GT(n, 0) << "packet " << i << " rtcp " << plains[i].rtcp << " libsrtp status " << -n;
    wires[i].resize(static_cast<size_t>(n));
    ASSERT_EQ(wires[i], plains[i].bytes) << i;
  }
}

TEST_P(Interop, LibsrtpToPurertc) {
  SeededRandom rng(200 + static_cast<int>(GetParam()));
  Keys k = random_keys(GetParam(), rng);
  LibSrtp tx(GetParam(), k.both, true);
  auto rx = Context::create(GetParam(), k.key, k.salt);
  ASSERT_TRUE(rx);
  auto plains = make_stream(rng, 4000);
  std::vector<std::vector<uint8_t>> wires;
  for (const auto& p : plains) {
    std::vector<uint8_t> buf = p.bytes;
    int n = tx.protect(buf, p.bytes.size(), p.rtcp);
    ASSERT_GT(n, 0) << "libsrtp status " << -n;
    buf.resize(static_cast<size_t>(n));
    wires.push_back(std::move(buf));
  }
  swap_some_neighbours(wires, plains, rng);
  for (size_t i = 0; i < wires.size(); ++i) {
    auto n = plains[i].rtcp ? rx->unprotect_rtcp(wires[i]) : rx->unprotect_rtp(wires[i]);
    ASSERT_TRUE(n) << "packet " << i << ": " << to_string(n.error());
    wires[i].resize(*n);
    ASSERT_EQ(wires[i], plains[i].bytes) << i;
  }
}

// Same key, same packets: the same bytes on the wire. libsrtp2 starts the SRTCP index at 1.
TEST_P(Interop, ByteIdenticalOutput) {
  SeededRandom rng(300 + static_cast<int>(GetParam()));
  Keys k = random_keys(GetParam(), rng);
  auto ours = Context::create(GetParam(), k.key, k.salt);
  ASSERT_TRUE(ours);
  LibSrtp theirs(GetParam(), k.both, true);
  auto plains = make_stream(rng, 1000);
  std::vector<uint32_t> rtcp_ssrcs;
  for (const auto& p : plains) {
    if (!p.rtcp) continue;
    uint32_t ssrc = load_u32(p.bytes.data() + 4);
    if (std::find(rtcp_ssrcs.begin(), rtcp_ssrcs.end(), ssrc) == rtcp_ssrcs.end()) {
      rtcp_ssrcs.push_back(ssrc);
      ASSERT_TRUE(ours->set_send_rtcp_index(ssrc, 1));
    }
  }
  for (size_t i = 0; i < plains.size(); ++i) {
    const auto& p = plains[i];
    std::vector<uint8_t> a(p.bytes.size() + kMaxRtcpOverhead);
    std::copy(p.bytes.begin(), p.bytes.end(), a.begin());
    auto n = p.rtcp ? ours->protect_rtcp(a, p.bytes.size()) : ours->protect_rtp(a, p.bytes.size());
    ASSERT_TRUE(n);
    a.resize(*n);
    std::vector<uint8_t> b = p.bytes;
    int m = theirs.protect(b, p.bytes.size(), p.rtcp);
    ASSERT_GT(m, 0);
    b.resize(static_cast<size_t>(m));
    ASSERT_EQ(a, b) << "packet " << i << " rtcp " << p.rtcp;
  }
}

// One long stream per direction through two sequence-number wraps.
TEST_P(Interop, LongStreamAcrossWraps) {
  SeededRandom rng(400 + static_cast<int>(GetParam()));
  Keys k = random_keys(GetParam(), rng);
  auto ours_tx = Context::create(GetParam(), k.key, k.salt);
  auto ours_rx = Context::create(GetParam(), k.key, k.salt);
  LibSrtp lib_rx(GetParam(), k.both, false);
  LibSrtp lib_tx(GetParam(), k.both, true);
  ASSERT_TRUE(ours_tx && ours_rx);
  const uint16_t start = 50000;
  for (int i = 0; i < 2 * 65536 + 1000; ++i) {
    auto p = make_rtp(0x5eed, static_cast<uint16_t>(start + i), 8 + rng.uniform(40), rng);
    auto plain = p.plain();
    auto n = ours_tx->protect_rtp(p.buffer, p.size);
    ASSERT_TRUE(n);
    std::vector<uint8_t> w(p.buffer.begin(), p.buffer.begin() + static_cast<ptrdiff_t>(*n));
    int m = lib_rx.unprotect(w, false);
    ASSERT_EQ(m, static_cast<int>(plain.size())) << i;

    std::vector<uint8_t> b = plain;
    int bn = lib_tx.protect(b, plain.size(), false);
    ASSERT_GT(bn, 0) << i;
    b.resize(static_cast<size_t>(bn));
    auto r = ours_rx->unprotect_rtp(b);
    ASSERT_TRUE(r) << i << ": " << to_string(r.error());
    b.resize(*r);
    ASSERT_EQ(b, plain) << i;
  }
}

// RFC 6904 with one-byte and two-byte extension blocks, both directions.
TEST(Libsrtp2, HeaderExtensionEncryption) {
  for (Profile profile : {Profile::kAes128CmHmacSha1_80, Profile::kAeadAes128Gcm, Profile::kAeadAes256Gcm}) {
    SCOPED_TRACE(to_string(profile));
    SeededRandom rng(500);
    Keys k = random_keys(profile, rng);
    Settings settings;
    settings.encrypted_header_extensions.set(1).set(3).set(200);
    auto ours_tx = Context::create(profile, k.key, k.salt, settings);
    auto ours_rx = Context::create(profile, k.key, k.salt, settings);
    ASSERT_TRUE(ours_tx && ours_rx);
    LibSrtp lib_tx(profile, k.both, true, {1, 3, 200});
    LibSrtp lib_rx(profile, k.both, false, {1, 3, 200});
    for (uint16_t seq = 0; seq < 500; ++seq) {
      const bool two_byte = seq % 2 == 1;
      std::vector<uint8_t> ext;
      if (!two_byte) {
        ext = {0x13, 1, 2, 3, 4, 0x21, 9, 9, 0x30, 7, 0x00, 0x00, 0x00};  // ids 1, 2, 3, padding
        ext[1] = static_cast<uint8_t>(seq);
      } else {
        ext = {200, 3, 1, 2, 3, 5, 2, 8, 8, 1, 0, 0x00, 0x00, 0x00};  // ids 200, 5, empty 1, padding
      }
      while (ext.size() % 4) ext.push_back(0);
      auto p = make_rtp(0xe7, seq, 50, rng);
      std::vector<uint8_t> plain(p.buffer.begin(), p.buffer.begin() + 12);
      plain[0] |= 0x10;
      plain.push_back(two_byte ? 0x10 : 0xBE);
      plain.push_back(two_byte ? 0x00 : 0xDE);
      plain.push_back(0);
      plain.push_back(static_cast<uint8_t>(ext.size() / 4));
      plain.insert(plain.end(), ext.begin(), ext.end());
      plain.insert(plain.end(), p.buffer.begin() + 12, p.buffer.begin() + static_cast<ptrdiff_t>(p.size));

      std::vector<uint8_t> a(plain.size() + kMaxRtpOverhead);
      std::copy(plain.begin(), plain.end(), a.begin());
      auto n = ours_tx->protect_rtp(a, plain.size());
      ASSERT_TRUE(n);
      a.resize(*n);
      std::vector<uint8_t> b = plain;
      int m = lib_tx.protect(b, plain.size(), false);
      ASSERT_GT(m, 0);
      b.resize(static_cast<size_t>(m));
      ASSERT_EQ(a, b) << seq;
      ASSERT_NE(std::vector<uint8_t>(a.begin() + 16, a.begin() + 16 + static_cast<ptrdiff_t>(ext.size())), ext);

      int back = lib_rx.unprotect(a, false);
      ASSERT_EQ(back, static_cast<int>(plain.size()));
      a.resize(static_cast<size_t>(back));
      ASSERT_EQ(a, plain);
      auto r = ours_rx->unprotect_rtp(b);
      ASSERT_TRUE(r);
      b.resize(*r);
      ASSERT_EQ(b, plain);
    }
  }
}

#else

TEST(Libsrtp2, Available) {
  if (std::getenv("CI")) FAIL() << "libsrtp2 not found: install libsrtp2-dev";
  GTEST_SKIP() << "install libsrtp2-dev to run the libsrtp2 conformance tests";
}

#endif

}  // namespace
}  // namespace purertc::srtp
