#include "pc/runtime.h"

#include <thread>

#include "crypto/csprng.h"
#include "pc/gather_settings.h"
#include "pc/notification.h"

namespace purertc::pc {

Result<std::shared_ptr<Runtime>> Runtime::create(MediaEngine media_engine, SettingEngine setting_engine,
                                                 InterceptorRegistry interceptors) {
  auto random = crypto::Csprng::create();
  if (!random) return unexpected(random.error());
  auto loop = EventLoop::create();
  if (!loop) return unexpected(Error(Errc::kIo, "cannot create the event loop"));
  return std::shared_ptr<Runtime>(new Runtime(std::move(*loop), std::move(*random), std::move(media_engine),
                                              std::move(setting_engine), std::move(interceptors)));
}

Runtime::Runtime(std::unique_ptr<EventLoop> loop, std::unique_ptr<Random> random, MediaEngine media_engine,
                 SettingEngine setting_engine, InterceptorRegistry interceptors)
    : loop_(std::move(loop)),
      random_(std::move(random)),
      media_engine_(std::move(media_engine)),
      settings_(std::move(setting_engine)),
      interceptors_(std::move(interceptors)) {}

Runtime::~Runtime() {
  // The mux unwatches its socket, which must happen on the loop thread while the loop still runs.
  if (!loop_->is_loop_thread()) {
    if (udp_mux_ && !call([this] { udp_mux_.reset(); })) udp_mux_.reset();  // loop already stopped
    return;  // ~EventLoop stops and joins
  }
  udp_mux_.reset();
  // On the loop thread: stop() returns at once and no other callback runs after the current one; the
  // join (and the fds' closing) must happen on another thread.
  loop_->stop();
  std::thread([loop = std::move(loop_)]() mutable { loop.reset(); }).detach();
}

SysResult<void> Runtime::open_udp_mux(const SocketAddress& local) {
  std::optional<SysResult<std::unique_ptr<UdpMux>>> mux;
  if (!call([&] { mux.emplace(UdpMux::create(*loop_, local, {}, transport_socket_options())); })) return sys_error("epoll_ctl", ESHUTDOWN);
  if (!*mux) return unexpected(mux->error());
  udp_mux_ = std::move(mux->value());
  udp_mux_address_ = udp_mux_->local_address();
  return {};
}

bool Runtime::call(const std::function<void()>& fn) {
  if (loop_->is_loop_thread()) {
    fn();
    return true;
  }
  Notification done;
  if (!loop_->post([&] {
        fn();
        done.notify();
      })) {
    return false;
  }
  done.wait();
  return true;
}

}  // namespace purertc::pc
