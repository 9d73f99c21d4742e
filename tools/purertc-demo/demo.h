// purertc-demo's parts: the main demo (a file transfer between two PeerConnections) and the crypto
// self-test. Each returns the process exit code.
#pragma once

#include <cstddef>

namespace purertc::demo {

int run_transfer(size_t bytes);
int run_crypto_self_test();

}  // namespace purertc::demo
