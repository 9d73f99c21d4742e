// Test glue between an IceGatherer and an ice::Agent on an EventLoop: the wiring the PeerConnection does
// (candidates into the agent, STUN from the sockets into the agent, the agent's transmits out through the
// gatherer, one timer at the agent's next_timeout). Every member is used on the loop thread only; the
// test thread reaches it through run_on().
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "ice/agent.h"
#include "pc/event_loop.h"
#include "pc/gather/ice_gatherer.h"
#include "stun/packet/message.h"
#include "tests/pc/notification.h"

namespace purertc::pc::testing {

// A hang guard, not a timing assertion.
constexpr auto kHangGuard = std::chrono::seconds(30);

inline std::unique_ptr<EventLoop> make_loop() {
  auto loop = EventLoop::create();
  return loop ? std::move(*loop) : nullptr;
}

// Runs fn on the loop thread and waits for it.
inline bool run_on(EventLoop& loop, std::function<void()> fn) {
  Notification done;
  if (!loop.post([&] {
        fn();
        done.notify();
      })) {
    return false;
  }
  return done.wait_for(kHangGuard);
}

// Polls `condition` on the loop thread until it holds or the hang guard runs out.
inline bool wait_until(EventLoop& loop, std::function<bool()> condition) {
  const auto deadline = std::chrono::steady_clock::now() + kHangGuard;
  while (std::chrono::steady_clock::now() < deadline) {
    bool ok = false;
    if (!run_on(loop, [&] { ok = condition(); })) return false;
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

class AgentDriver {
 public:
  // Loop thread only.
  AgentDriver(EventLoop& loop, GatherSettings settings, ice::AgentSettings agent_settings, Random& random)
      : loop_(loop), agent_(std::move(agent_settings), ice::Credentials::generate(random), random) {
    timer_ = loop_.add_timer([this] {
      agent_.handle_timeout(pc::now());
      flush();
    });
    GatherCallbacks callbacks;
    callbacks.on_candidate = [this](const ice::Candidate& c, const std::string& mdns_name) {
      agent_.add_local_candidate(c, pc::now());
      candidates_.push_back(c);
      mdns_names_.push_back(mdns_name);
      flush();
    };
    callbacks.on_gathering_complete = [this] { complete_ = true; };
    callbacks.on_packet = [this](const SocketAddress& base, const SocketAddress& from, std::span<const uint8_t> bytes,
                                 Timestamp now) {
      if (stun::is_stun_message(bytes)) {
        agent_.handle_stun(bytes, base, from, now);
        flush();
      } else {
        app_data_.emplace_back(bytes.begin(), bytes.end());
      }
    };
    gatherer_ = std::make_unique<IceGatherer>(loop_, std::move(settings), std::move(callbacks), random);
    gatherer_->set_local_ufrag(agent_.local_credentials().ufrag);
  }
  ~AgentDriver() {
    gatherer_->close();
    loop_.remove_timer(timer_);
  }

  void start() { (void)gatherer_->gather(pc::now()); }

  // Hands this side's credentials and candidates to `peer` (signaling, in one step).
  void signal_to(AgentDriver& peer) {
    peer.agent_.set_remote_credentials(agent_.local_credentials(), pc::now());
    for (const auto& c : candidates_) (void)peer.agent_.add_remote_candidate(c, pc::now());
    peer.agent_.set_remote_end_of_candidates(pc::now());
    peer.flush();
  }

  bool connected() const {
    return agent_.state() == ice::ConnectionState::kConnected || agent_.state() == ice::ConnectionState::kCompleted;
  }
  void send_app_data(std::span<const uint8_t> data) {
    if (const auto* pair = agent_.selected_pair()) {
      (void)gatherer_->send(pair->local.base, pair->remote.address, data);
    }
  }

  ice::Agent& agent() { return agent_; }
  IceGatherer& gatherer() { return *gatherer_; }
  bool complete() const { return complete_; }
  const std::vector<ice::Candidate>& candidates() const { return candidates_; }
  const std::vector<std::string>& mdns_names() const { return mdns_names_; }
  std::vector<std::vector<uint8_t>>& app_data() { return app_data_; }

  void flush() {
    while (auto out = agent_.poll_output()) {
      if (auto* t = std::get_if<ice::Transmit>(&*out)) (void)gatherer_->send(t->from, t->to, t->data);
    }
    loop_.arm_timer(timer_, agent_.next_timeout());
  }

 private:
  EventLoop& loop_;
  ice::Agent agent_;
  std::unique_ptr<IceGatherer> gatherer_;
  TimerId timer_{};
  std::vector<ice::Candidate> candidates_;
  std::vector<std::string> mdns_names_;
  std::vector<std::vector<uint8_t>> app_data_;
  bool complete_ = false;
};

}  // namespace purertc::pc::testing
