// How the public classes run a call on the loop thread: Runtime::call, then the PeerConnection's queued
// callbacks (so events a call caused are delivered before it returns to another thread, and a callback
// that made the call keeps running the queue itself).
#pragma once

#include <optional>
#include <type_traits>

#include "pc/peer_connection_core.h"
#include "pc/runtime.h"

namespace purertc::pc {

// The value `fn(core)` returned, or nullopt when the PeerConnection is gone or the loop stopped.
template <class F>
auto loop_call(Runtime& runtime, const std::weak_ptr<PeerConnectionCore>& weak, F&& fn)
    -> std::optional<std::invoke_result_t<F, PeerConnectionCore&>> {
  using R = std::invoke_result_t<F, PeerConnectionCore&>;
  std::optional<R> result;
  runtime.call([&] {
    auto core = weak.lock();
    if (!core) return;
    result.emplace(fn(*core));
    core->run_callbacks();
  });
  return result;
}

// For calls that return nothing; false when the PeerConnection is gone.
template <class F>
bool loop_run(Runtime& runtime, const std::weak_ptr<PeerConnectionCore>& weak, F&& fn) {
  bool ran = false;
  runtime.call([&] {
    auto core = weak.lock();
    if (!core) return;
    fn(*core);
    ran = true;
    core->run_callbacks();
  });
  return ran;
}

}  // namespace purertc::pc
