#include "pc/gather/udp_mux.h"

#include <algorithm>

#include "common/log.h"

namespace purertc::pc {

SysResult<std::unique_ptr<UdpMux>> UdpMux::create(EventLoop& loop, const SocketAddress& local,
                                                  ice::UdpMuxSettings settings, const UdpSocketOptions& options) {
  auto socket = UdpSocket::bind(local, options);
  if (!socket) return unexpected(socket.error());
  std::unique_ptr<UdpMux> mux(new UdpMux(loop, std::move(*socket), settings));
  auto watch = loop.watch(mux->socket_.fd(), EPOLLIN, [m = mux.get()](uint32_t) { m->on_readable(); });
  if (!watch) return unexpected(watch.error());
  mux->watch_ = *watch;
  return mux;
}

UdpMux::UdpMux(EventLoop& loop, UdpSocket socket, ice::UdpMuxSettings settings)
    : loop_(loop),
      socket_(std::move(socket)),
      router_(settings),
      settings_(settings),
      batch_(socket_.gro_enabled() ? kGroSlotSize : ReceiveBatch::kDefaultSlotSize) {
  // Remote addresses are forgotten after address_idle_timeout; sweeping at that period bounds how long a
  // stale one lingers to twice the timeout.
  expire_timer_ = loop_.add_timer([this] {
    router_.expire(pc::now());
    loop_.arm_timer(expire_timer_, pc::now() + settings_.address_idle_timeout);
  });
  loop_.arm_timer(expire_timer_, pc::now() + settings_.address_idle_timeout);
}

UdpMux::~UdpMux() {
  loop_.unwatch(watch_);
  loop_.remove_timer(expire_timer_);
}

ice::MuxTarget UdpMux::add(Handler handler, BatchEndHandler on_batch_end) {
  const ice::MuxTarget target = next_target_++;
  handlers_.emplace(target, std::make_shared<Target>(Target{std::move(handler), std::move(on_batch_end)}));
  return target;
}

void UdpMux::set_ufrag(ice::MuxTarget target, const std::string& ufrag) {
  if (handlers_.count(target) != 0) router_.add(ufrag, target);
}

void UdpMux::remove(ice::MuxTarget target) {
  handlers_.erase(target);
  router_.remove(target);
}

SysResult<void> UdpMux::send(const SocketAddress& to, std::span<const uint8_t> bytes) {
  const OutgoingDatagram d{to, bytes};
  auto sent = socket_.send(std::span(&d, 1));
  if (!sent) {
    ++stats_.send_failures;
    return unexpected(sent.error());
  }
  if (*sent == 0) {
    ++stats_.send_failures;
    return sys_error("sendmmsg", EAGAIN);
  }
  ++stats_.datagrams_sent;
  return {};
}

void UdpMux::on_readable() {
  for (;;) {
    auto n = socket_.receive(batch_);
    if (!n) {
      PURERTC_LOG_WARN("udpmux", "receive: %s", to_string(n.error()).c_str());
      return;
    }
    if (*n == 0) return;
    const Timestamp now = pc::now();
    batch_targets_.clear();
    for (size_t i = 0; i < *n; ++i) {
      ++stats_.datagrams_received;
      if (batch_.truncated(i)) continue;
      const auto target = router_.route(batch_.data(i), batch_.from(i), now);
      auto handler = target ? handlers_.find(*target) : handlers_.end();
      if (handler == handlers_.end()) {
        ++stats_.dropped_unrouted;
        continue;
      }
      ++stats_.datagrams_routed;
      if (std::find(batch_targets_.begin(), batch_targets_.end(), *target) == batch_targets_.end()) {
        batch_targets_.push_back(*target);
      }
      // Held by a copy of the shared_ptr: the handler may remove itself (its gatherer closing).
      const auto keep = handler->second;
      keep->on_datagram(batch_.from(i), batch_.data(i), now);
    }
    for (const ice::MuxTarget target : batch_targets_) {
      // Looked up again: a handler of this batch may have removed this target (or any other).
      auto handler = handlers_.find(target);
      if (handler == handlers_.end() || !handler->second->on_batch_end) continue;
      const auto keep = handler->second;
      keep->on_batch_end(now);
    }
  }
}

}  // namespace purertc::pc
