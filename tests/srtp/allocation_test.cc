// The packet path allocates nothing once an SSRC is known: counted with a replaced global operator new
// (C++ allocations; the mbedTLS calls behind src/crypto work on contexts set up at key time).
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "srtp/context.h"
#include "tests/srtp/test_util.h"

namespace {
thread_local bool g_counting = false;
thread_local size_t g_allocations = 0;
}  // namespace

void* operator new(size_t size) {
  if (g_counting) ++g_allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace purertc::srtp {
namespace {

using testing::make_rtcp;
using testing::make_rtp;

TEST(SrtpAllocation, SteadyStateProtectAndUnprotectDoNotAllocate) {
  Settings settings;
  settings.encrypted_header_extensions.set(1);
  for (Profile profile : {Profile::kAes128CmHmacSha1_80, Profile::kAeadAes128Gcm}) {
    std::vector<uint8_t> key(params(profile).master_key_size, 1), salt(params(profile).master_salt_size, 2);
    auto tx = Context::create(profile, key, salt, settings);
    auto rx = Context::create(profile, key, salt, settings);
    ASSERT_TRUE(tx && rx);
    SeededRandom rng(12);
    std::vector<testing::TestPacket> rtp, rtcp;
    for (uint16_t i = 0; i < 64; ++i) {
      rtp.push_back(make_rtp(5, i, 1200, rng));
      rtcp.push_back(make_rtcp(5, 64, rng));
    }
    // First packet of the SSRC in each direction creates its state.
    auto first = make_rtp(5, 65535, 10, rng);
    auto n = tx->protect_rtp(first.buffer, first.size);
    ASSERT_TRUE(n);
    ASSERT_TRUE(rx->unprotect_rtp(std::span(first.buffer).first(*n)));
    g_allocations = 0;
    g_counting = true;
    for (size_t i = 0; i < rtp.size(); ++i) {
      auto pn = tx->protect_rtp(rtp[i].buffer, rtp[i].size);
      auto un = rx->unprotect_rtp(std::span(rtp[i].buffer).first(pn ? *pn : 0));
      auto rn = tx->protect_rtcp(rtcp[i].buffer, rtcp[i].size);
      auto urn = rx->unprotect_rtcp(std::span(rtcp[i].buffer).first(rn ? *rn : 0));
      if (!pn || !un || !rn || !urn) {
        g_counting = false;
        FAIL() << "packet " << i;
      }
    }
    g_counting = false;
    EXPECT_EQ(g_allocations, 0u) << to_string(profile);
  }
}

}  // namespace
}  // namespace purertc::srtp
