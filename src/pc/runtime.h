// What an Api shares with its PeerConnections: the event loop thread, the random generator used on it,
// and copies of the MediaEngine and SettingEngine. Every public call reaches the loop through call().
//
// Threading: call() and the accessors of immutable members are thread-safe; random() is loop-thread only.
// Lifetime: shared by the Api and each PeerConnection. Destroying the last reference on the loop thread
// (a callback dropped the last PeerConnection) is allowed: the loop is then stopped at once and joined by
// a short-lived thread, since a thread cannot join itself.
#pragma once

#include <functional>
#include <memory>

#include "common/random.h"
#include "common/result.h"
#include "pc/event_loop.h"
#include "purertc/interceptor.h"
#include "purertc/media_engine.h"
#include "purertc/setting_engine.h"

namespace purertc::pc {

class Runtime {
 public:
  static Result<std::shared_ptr<Runtime>> create(MediaEngine media_engine, SettingEngine setting_engine,
                                                 InterceptorRegistry interceptors);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  EventLoop& loop() { return *loop_; }
  Random& random() { return *random_; }
  const MediaEngine& media_engine() const { return media_engine_; }
  const SettingEngine& settings() const { return settings_; }
  const InterceptorRegistry& interceptors() const { return interceptors_; }

  // Runs `fn` on the loop thread and returns once it ran: inline when called on the loop thread,
  // otherwise posted and waited for. False when the loop no longer runs tasks (never while a
  // PeerConnection holds this Runtime, since only the destructor stops the loop).
  bool call(const std::function<void()>& fn);

 private:
  Runtime(std::unique_ptr<EventLoop> loop, std::unique_ptr<Random> random, MediaEngine media_engine,
          SettingEngine setting_engine, InterceptorRegistry interceptors);

  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<Random> random_;
  const MediaEngine media_engine_;
  const SettingEngine settings_;
  const InterceptorRegistry interceptors_;
};

}  // namespace purertc::pc
