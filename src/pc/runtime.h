// What an Api shares with its PeerConnections: the event loop thread, the random generator used on it,
// copies of the MediaEngine and SettingEngine, and in single-port mode (SettingEngine::
// ice_udp_mux_address) the UdpMux every PeerConnection's gatherer shares. Every public call reaches the
// loop through call().
//
// Threading: call() and the accessors of immutable members are thread-safe; random() and udp_mux() are
// loop-thread only (udp_mux_address() is set once, before the Api is handed out).
// Lifetime: shared by the Api and each PeerConnection. Destroying the last reference on the loop thread
// (a callback dropped the last PeerConnection) is allowed: the loop is then stopped at once and joined by
// a short-lived thread, since a thread cannot join itself.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "common/random.h"
#include "common/result.h"
#include "pc/event_loop.h"
#include "pc/gather/udp_mux.h"
#include "pc/sys_error.h"
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

  // Binds the shared single-port socket on the loop thread (once, from Api::create). Errors: the bind's
  // SysError (EADDRINUSE when the port is taken, EADDRNOTAVAIL for an IP that is not local).
  SysResult<void> open_udp_mux(const SocketAddress& local);
  // Null unless open_udp_mux() succeeded. It lives as long as this Runtime, which every PeerConnection
  // (and so every gatherer registered with the mux) keeps alive.
  UdpMux* udp_mux() { return udp_mux_.get(); }
  const std::optional<SocketAddress>& udp_mux_address() const { return udp_mux_address_; }

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
  std::unique_ptr<UdpMux> udp_mux_;  // destroyed on the loop thread, before the loop (see ~Runtime)
  std::optional<SocketAddress> udp_mux_address_;
};

}  // namespace purertc::pc
