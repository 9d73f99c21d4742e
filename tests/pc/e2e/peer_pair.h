// Two purertc PeerConnections in one process on 127.0.0.1, and the signaling between them done by the
// test: trickle (candidates forwarded by on_ice_candidate, buffered until the other side has a remote
// description) or non-trickle (complete descriptions after gathering).
//
// These tests use real sockets and the library's event loop thread, so they wait on events with
// generous hang guards; nothing asserts on timing.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "purertc/purertc.h"

namespace purertc::e2e {

inline constexpr auto kHangGuard = std::chrono::seconds(20);

// Polls `pred` until it holds or the hang guard runs out.
inline bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit = kHangGuard) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// A thread-safe log of events, to wait for and to compare sequences.
template <class T>
class EventLog {
 public:
  void push(T v) {
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(v));
    cv_.notify_all();
  }
  std::vector<T> items() const {
    std::lock_guard lock(mutex_);
    return items_;
  }
  size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }
  bool wait_for_size(size_t n, std::chrono::milliseconds limit = kHangGuard) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return items_.size() >= n; });
  }
  bool wait_for(const T& v, std::chrono::milliseconds limit = kHangGuard) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return std::find(items_.begin(), items_.end(), v) != items_.end(); });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<T> items_;
};

inline SettingEngine loopback_settings() {
  SettingEngine s;
  s.include_loopback_candidate = true;
  s.ip_filter = [](std::string_view ip) { return ip == "127.0.0.1"; };
  s.mdns_mode = MulticastDnsMode::kDisabled;
  s.sctp_max_message_size = 2 * 1024 * 1024;
  return s;
}

inline Api make_api(SettingEngine settings = loopback_settings()) {
  auto api = Api::create(Api::default_media_engine(), std::move(settings));
  EXPECT_TRUE(api) << to_string(api.error());
  return std::move(*api);
}

// Forwards one side's trickled candidates to the other, holding them until the receiver has a remote
// description (add_ice_candidate refuses them before).
class CandidateForwarder {
 public:
  void attach(PeerConnection& from, std::shared_ptr<PeerConnection> to) {
    to_ = to;
    from.on_ice_candidate([this](const std::optional<IceCandidateInit>& c) {
      IceCandidateInit init = c ? *c : IceCandidateInit{};
      std::shared_ptr<PeerConnection> target;
      {
        std::lock_guard lock(mutex_);
        if (!ready_) {
          held_.push_back(init);
          return;
        }
        target = to_.lock();
      }
      if (target) {
        EXPECT_TRUE(target->add_ice_candidate(init)) << init.candidate;
      }
    });
  }
  // The receiver now has a remote description: deliver what was held, forward the rest directly.
  void release() {
    std::vector<IceCandidateInit> held;
    {
      std::lock_guard lock(mutex_);
      ready_ = true;
      held.swap(held_);
    }
    if (auto target = to_.lock()) {
      for (const auto& c : held) EXPECT_TRUE(target->add_ice_candidate(c)) << c.candidate;
    }
  }

 private:
  std::mutex mutex_;
  bool ready_ = false;
  std::vector<IceCandidateInit> held_;
  std::weak_ptr<PeerConnection> to_;
};

struct PeerPair {
  explicit PeerPair(SettingEngine settings = loopback_settings()) : PeerPair(make_api(std::move(settings))) {}
  explicit PeerPair(Api api_to_use) : api(std::move(api_to_use)) {
    auto a = api.new_peer_connection();
    auto b = api.new_peer_connection();
    EXPECT_TRUE(a && b);
    offerer = std::move(*a);
    answerer = std::move(*b);
  }
  ~PeerPair() { close(); }

  // Tests call this at the end of their body: callbacks capture the test's locals, which are destroyed
  // before the PeerPair, and no callback runs after close() returns.
  void close() {
    if (offerer) offerer->close();
    if (answerer) answerer->close();
  }

  // Offer/answer with trickled candidates. `before_answer` runs on the answerer after it applied the
  // offer (e.g. to add tracks to the transceivers the offer created).
  void negotiate_trickle(const std::function<void()>& before_answer = {}) {
    to_answerer.attach(*offerer, answerer);
    to_offerer.attach(*answerer, offerer);
    auto offer = offerer->create_offer();
    ASSERT_TRUE(offer) << to_string(offer.error());
    ASSERT_TRUE(offerer->set_local_description(*offer));
    auto r = answerer->set_remote_description(*offer);
    ASSERT_TRUE(r) << to_string(r.error());
    to_answerer.release();
    if (before_answer) before_answer();
    auto answer = answerer->create_answer();
    ASSERT_TRUE(answer) << to_string(answer.error());
    ASSERT_TRUE(answerer->set_local_description(*answer));
    r = offerer->set_remote_description(*answer);
    ASSERT_TRUE(r) << to_string(r.error());
    to_offerer.release();
  }

  // One complete description each way, after gathering (no trickle).
  void negotiate_complete() {
    ASSERT_TRUE(offerer->set_local_description(SessionDescription{SdpType::kOffer, ""}));
    ASSERT_TRUE(offerer->wait_for_gathering_complete());
    auto offer = offerer->local_description();
    ASSERT_TRUE(offer);
    ASSERT_TRUE(answerer->set_remote_description(*offer));
    ASSERT_TRUE(answerer->set_local_description(SessionDescription{SdpType::kAnswer, ""}));
    ASSERT_TRUE(answerer->wait_for_gathering_complete());
    auto answer = answerer->local_description();
    ASSERT_TRUE(answer);
    ASSERT_TRUE(offerer->set_remote_description(*answer));
  }

  bool wait_connected() {
    return eventually([&] {
      return offerer->connection_state() == PeerConnectionState::kConnected &&
             answerer->connection_state() == PeerConnectionState::kConnected;
    });
  }

  Api api;
  std::shared_ptr<PeerConnection> offerer, answerer;
  CandidateForwarder to_answerer, to_offerer;
};

// Collects what the remote side's on_data_channel announces.
struct RemoteChannels {
  void attach(PeerConnection& pc) {
    pc.on_data_channel([this](std::shared_ptr<DataChannel> dc) {
      on_new(dc);
      channels.push(std::move(dc));
    });
  }
  std::function<void(const std::shared_ptr<DataChannel>&)> on_new = [](const std::shared_ptr<DataChannel>&) {};
  EventLog<std::shared_ptr<DataChannel>> channels;
};

}  // namespace purertc::e2e
