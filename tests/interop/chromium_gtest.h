// GoogleTest glue for tests that run a Chromium peer (tests/interop/chromium_peer.h).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tests/interop/chromium_peer.h"
#include "tests/interop/process.h"

// Skips the test when Chromium, node or the driver's node modules are missing, or fails it in CI
// (peers_required()), with a message saying what to install.
#define PURERTC_REQUIRE_CHROMIUM()                                               \
  do {                                                                           \
    std::string purertc_why_ = ::purertc::interop::ChromiumPeer::unavailable();  \
    if (!purertc_why_.empty()) {                                                 \
      if (::purertc::interop::peers_required()) FAIL() << purertc_why_;          \
      GTEST_SKIP() << purertc_why_;                                              \
    }                                                                            \
  } while (0)

namespace purertc::interop {

// Runs the whole test program in a network namespace with only lo, before any test starts a thread, so
// Chromium and purertc can only gather, and only send from, 127.0.0.1 and ::1. Register it once per test
// program with ::testing::AddGlobalTestEnvironment. Without the privilege the tests run in the host
// namespace and rely on the loopback-only candidate filters (the driver's loopback_only).
class LoopbackOnlyNetwork : public ::testing::Environment {
 public:
  void SetUp() override {
    std::string why;
    if (enter_loopback_only_network_namespace(&why)) {
      std::fprintf(stderr, "[chromium] running in a private network namespace (lo only)\n");
    } else {
      std::fprintf(stderr, "[chromium] staying in the host network namespace (%s); candidates are filtered "
                           "to 127.0.0.1 instead\n", why.c_str());
    }
  }
};

}  // namespace purertc::interop
