// What the examples share, like Pion's examples/internal/signal: an Api whose PeerConnections use only
// 127.0.0.1 (the examples run both peers in one process), the complete offer/answer exchange between
// two of them, waiting with a timeout, and failing loudly.
#pragma once

#include <purertc/purertc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace example {

[[noreturn]] inline void fail(std::string_view what) {
  std::fprintf(stderr, "FAILED: %.*s\n", static_cast<int>(what.size()), what.data());
  std::exit(1);
}

// The value of a call that must succeed.
template <class T>
T must(purertc::RtcResult<T> result, std::string_view what) {
  if (!result) fail(std::string(what) + ": " + purertc::to_string(result.error()));
  return std::move(*result);
}
inline void must(const purertc::RtcResult<void>& result, std::string_view what) {
  if (!result) fail(std::string(what) + ": " + purertc::to_string(result.error()));
}

inline purertc::SettingEngine loopback_settings() {
  purertc::SettingEngine settings;
  settings.include_loopback_candidate = true;
  settings.ip_filter = [](std::string_view ip) { return ip == "127.0.0.1"; };
  settings.mdns_mode = purertc::MulticastDnsMode::kDisabled;
  return settings;
}

inline purertc::Api loopback_api(purertc::MediaEngine media = purertc::Api::default_media_engine()) {
  return must(purertc::Api::create(std::move(media), loopback_settings()), "Api::create");
}

// Offer from `offerer`, answer from `answerer`, each description complete (ICE gathered, no trickle).
// `before_answer` runs once the answerer has the offer (where it may add tracks to answer with).
inline void negotiate(purertc::PeerConnection& offerer, purertc::PeerConnection& answerer,
                      const std::function<void()>& before_answer = {}) {
  using purertc::SdpType;
  must(offerer.set_local_description({SdpType::kOffer, ""}), "offerer set_local_description");
  must(offerer.wait_for_gathering_complete(), "offerer gathering");
  must(answerer.set_remote_description(*offerer.local_description()), "answerer set_remote_description");
  if (before_answer) before_answer();
  must(answerer.set_local_description({SdpType::kAnswer, ""}), "answerer set_local_description");
  must(answerer.wait_for_gathering_complete(), "answerer gathering");
  must(offerer.set_remote_description(*answerer.local_description()), "offerer set_remote_description");
}

// Polls `done` until it returns true; false after `timeout`.
template <class F>
bool wait_until(F&& done, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

inline void wait_connected(const purertc::PeerConnection& a, const purertc::PeerConnection& b) {
  using purertc::PeerConnectionState;
  if (!wait_until([&] {
        return a.connection_state() == PeerConnectionState::kConnected &&
               b.connection_state() == PeerConnectionState::kConnected;
      })) {
    fail("not connected after 10 s");
  }
}

}  // namespace example
