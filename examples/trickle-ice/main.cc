// trickle-ice: each PeerConnection hands its candidates to the other as they are gathered
// (on_ice_candidate -> add_ice_candidate) instead of waiting for gathering to complete, so connectivity
// checks start with the first candidate. Candidates that arrive before the remote description are
// kept until it is set, as a signaling server would queue them.
#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "common/example.h"

using namespace purertc;

// One direction of the signaling channel: candidates for `to`, delivered once it has a remote description.
struct CandidateQueue {
  CandidateQueue(std::shared_ptr<PeerConnection> peer, const char* peer_name) : to(std::move(peer)), name(peer_name) {}
  std::shared_ptr<PeerConnection> to;
  const char* name;
  std::mutex mutex;
  bool ready = false;
  std::vector<IceCandidateInit> pending;

  void send(const std::optional<IceCandidateInit>& candidate) {
    // nullopt: gathering completed; an empty candidate string tells the peer so.
    const IceCandidateInit c = candidate.value_or(IceCandidateInit{});
    std::printf("%s <- %s\n", name, c.candidate.empty() ? "end of candidates" : c.candidate.c_str());
    std::lock_guard lock(mutex);
    if (ready) {
      example::must(to->add_ice_candidate(c), "add_ice_candidate");
    } else {
      pending.push_back(c);
    }
  }
  // Called on the main thread: the candidates are added outside the lock, which send() takes on the
  // library's thread (add_ice_candidate from main waits for that thread).
  void remote_description_set() {
    std::vector<IceCandidateInit> queued;
    {
      std::lock_guard lock(mutex);
      queued.swap(pending);
      ready = true;
    }
    for (const IceCandidateInit& c : queued) example::must(to->add_ice_candidate(c), "add_ice_candidate");
  }
};

int main() {
  Api api = example::loopback_api();
  auto offerer = example::must(api.new_peer_connection(), "new_peer_connection");
  auto answerer = example::must(api.new_peer_connection(), "new_peer_connection");
  CandidateQueue to_answerer{answerer, "answerer"}, to_offerer{offerer, "offerer"};
  offerer->on_ice_candidate([&](const std::optional<IceCandidateInit>& c) { to_answerer.send(c); });
  answerer->on_ice_candidate([&](const std::optional<IceCandidateInit>& c) { to_offerer.send(c); });
  example::must(offerer->create_data_channel("trickle"), "create_data_channel");

  // The descriptions go without candidates: they follow one by one.
  const auto start = std::chrono::steady_clock::now();
  auto offer = example::must(offerer->create_offer(), "create_offer");
  example::must(offerer->set_local_description(offer), "set_local_description(offer)");
  example::must(answerer->set_remote_description(offer), "set_remote_description(offer)");
  to_answerer.remote_description_set();
  auto answer = example::must(answerer->create_answer(), "create_answer");
  example::must(answerer->set_local_description(answer), "set_local_description(answer)");
  example::must(offerer->set_remote_description(answer), "set_remote_description(answer)");
  to_offerer.remote_description_set();

  example::wait_connected(*offerer, *answerer);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::printf("connected %lld ms after the offer\n", static_cast<long long>(ms.count()));
  offerer->close();
  answerer->close();
  return 0;
}
