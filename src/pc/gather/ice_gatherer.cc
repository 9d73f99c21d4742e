#include "pc/gather/ice_gatherer.h"

#include <algorithm>

#include "common/log.h"
#include "pc/gather/host_addresses.h"
#include "pc/gather/udp_mux.h"

namespace purertc::pc {

std::string_view to_string(MdnsMode mode) {
  switch (mode) {
    case MdnsMode::kDisabled: return "disabled";
    case MdnsMode::kQueryOnly: return "query-only";
    case MdnsMode::kQueryAndGather: return "query-and-gather";
  }
  return "?";
}

std::string_view to_string(TurnTransport transport) {
  switch (transport) {
    case TurnTransport::kUdp: return "udp";
    case TurnTransport::kTcp: return "tcp";
  }
  return "?";
}

std::string_view to_string(GatheringState state) {
  switch (state) {
    case GatheringState::kNew: return "new";
    case GatheringState::kGathering: return "gathering";
    case GatheringState::kComplete: return "complete";
    case GatheringState::kClosed: return "closed";
  }
  return "?";
}

class IceGatherer::Impl {
 public:
  Impl(EventLoop& loop, GatherSettings settings, GatherCallbacks callbacks, Random& random)
      : loop_(loop), settings_(std::move(settings)), callbacks_(std::move(callbacks)), random_(random) {}
  ~Impl() { close(); }

  Status gather(Timestamp now);
  Status send(const SocketAddress& local_base, const SocketAddress& to, std::span<const uint8_t> bytes);
  void set_local_ufrag(const std::string& ufrag);
  void close();

  GatheringState state_ = GatheringState::kNew;
  std::vector<ice::Candidate> candidates_;
  GatherStats stats_;

 private:
  struct HostSocket {
    UdpSocket socket;
    WatchId watch{};
    HostAddress host;
  };

  void open_host_sockets(Timestamp now);
  void use_mux(Timestamp now);
  void on_readable(HostSocket& s);
  void deliver(const SocketAddress& local_base, const SocketAddress& from, std::span<const uint8_t> bytes,
               Timestamp now);
  void report_host(const SocketAddress& base, uint16_t local_preference);
  void report(const ice::Candidate& c, const std::string& mdns_name);
  void maybe_complete();
  bool closed() const { return state_ == GatheringState::kClosed; }

  EventLoop& loop_;
  GatherSettings settings_;
  GatherCallbacks callbacks_;
  Random& random_;
  std::vector<std::unique_ptr<HostSocket>> sockets_;
  ReceiveBatch batch_;
  std::optional<ice::MuxTarget> mux_target_;
  std::string ufrag_;  // registered with the mux once gather() has joined it
};

Status IceGatherer::Impl::gather(Timestamp now) {
  if (state_ != GatheringState::kNew) return unexpected(Error{Errc::kWrongState, "gather() called twice"});
  state_ = GatheringState::kGathering;
  if (settings_.udp_mux != nullptr) {
    use_mux(now);
  } else {
    open_host_sockets(now);
  }
  if (closed()) return {};
  maybe_complete();
  return {};
}

void IceGatherer::Impl::use_mux(Timestamp) {
  UdpMux& mux = *settings_.udp_mux;
  mux_target_ = mux.add([this](const SocketAddress& from, std::span<const uint8_t> bytes, Timestamp now) {
    ++stats_.datagrams_received;
    deliver(settings_.udp_mux->local_address(), from, bytes, now);
  });
  if (!ufrag_.empty()) mux.set_ufrag(*mux_target_, ufrag_);
  if (!settings_.relay_only) report_host(mux.local_address(), 65535);
}

void IceGatherer::Impl::open_host_sockets(Timestamp) {
  const auto hosts = select_host_addresses(list_interface_addresses(), settings_);
  for (const auto& host : hosts) {
    auto socket = UdpSocket::bind_range(host.ip, settings_.port_min, settings_.port_max, settings_.socket_options);
    if (!socket) {
      ++stats_.bind_failures;
      PURERTC_LOG_WARN("gather", "no host candidate on %s (%s): %s", host.ip.to_string().c_str(),
                       host.interface.name.c_str(), to_string(socket.error()).c_str());
      continue;
    }
    auto s = std::make_unique<HostSocket>(HostSocket{std::move(*socket), WatchId{}, host});
    auto watch = loop_.watch(s->socket.fd(), EPOLLIN, [this, p = s.get()](uint32_t) { on_readable(*p); });
    if (!watch) {
      ++stats_.bind_failures;
      PURERTC_LOG_WARN("gather", "epoll watch: %s", to_string(watch.error()).c_str());
      continue;
    }
    s->watch = *watch;
    ++stats_.sockets_bound;
    sockets_.push_back(std::move(s));
  }
  if (settings_.relay_only) return;
  for (const auto& s : sockets_) {
    report_host(s->socket.local_address(), s->host.local_preference);
    if (closed()) return;
  }
}

void IceGatherer::Impl::report_host(const SocketAddress& base, uint16_t local_preference) {
  ice::Candidate c;
  c.type = ice::CandidateType::kHost;
  c.component = settings_.component;
  c.transport = ice::TransportProtocol::kUdp;
  c.priority = ice::candidate_priority(c.type, local_preference, c.component);
  c.address = base;
  c.base = base;
  c.foundation = ice::candidate_foundation(c.type, base.ip, std::nullopt, c.transport);
  report(c, std::string());
}

void IceGatherer::Impl::report(const ice::Candidate& c, const std::string& mdns_name) {
  candidates_.push_back(c);
  PURERTC_LOG_DEBUG("gather", "candidate %s", ice::to_string(c).c_str());
  if (callbacks_.on_candidate) callbacks_.on_candidate(c, mdns_name);
}

void IceGatherer::Impl::maybe_complete() {
  if (state_ != GatheringState::kGathering) return;
  state_ = GatheringState::kComplete;
  if (callbacks_.on_gathering_complete) callbacks_.on_gathering_complete();
}

void IceGatherer::Impl::on_readable(HostSocket& s) {
  for (;;) {
    auto n = s.socket.receive(batch_);
    if (!n) {
      PURERTC_LOG_WARN("gather", "receive: %s", to_string(n.error()).c_str());
      return;
    }
    if (*n == 0) return;
    const Timestamp now = pc::now();
    for (size_t i = 0; i < *n; ++i) {
      ++stats_.datagrams_received;
      if (batch_.truncated(i)) continue;
      deliver(s.socket.local_address(), batch_.from(i), batch_.data(i), now);
      if (closed()) return;  // a callback closed the gatherer: `s` is gone
    }
  }
}

void IceGatherer::Impl::deliver(const SocketAddress& local_base, const SocketAddress& from,
                                std::span<const uint8_t> bytes, Timestamp now) {
  if (callbacks_.on_packet) callbacks_.on_packet(local_base, from, bytes, now);
}

Status IceGatherer::Impl::send(const SocketAddress& local_base, const SocketAddress& to,
                               std::span<const uint8_t> bytes) {
  if (closed()) return unexpected(Error{Errc::kWrongState, "gatherer closed"});
  if (settings_.udp_mux != nullptr && local_base == settings_.udp_mux->local_address()) {
    auto r = settings_.udp_mux->send(to, bytes);
    if (!r) {
      ++stats_.send_failures;
      return unexpected(Error{Errc::kIo, "mux send failed"});
    }
    ++stats_.datagrams_sent;
    return {};
  }
  for (auto& s : sockets_) {
    if (s->socket.local_address() != local_base) continue;
    const OutgoingDatagram d{to, bytes};
    auto sent = s->socket.send(std::span(&d, 1));
    if (!sent || *sent == 0) {
      ++stats_.send_failures;
      return unexpected(Error{Errc::kIo, "send failed"});
    }
    ++stats_.datagrams_sent;
    return {};
  }
  return unexpected(Error{Errc::kInvalidArgument, "no such local base"});
}

void IceGatherer::Impl::set_local_ufrag(const std::string& ufrag) {
  ufrag_ = ufrag;
  if (settings_.udp_mux != nullptr && mux_target_) settings_.udp_mux->set_ufrag(*mux_target_, ufrag);
}

void IceGatherer::Impl::close() {
  if (closed()) return;
  state_ = GatheringState::kClosed;
  if (settings_.udp_mux != nullptr && mux_target_) settings_.udp_mux->remove(*mux_target_);
  for (auto& s : sockets_) loop_.unwatch(s->watch);
  sockets_.clear();
}

IceGatherer::IceGatherer(EventLoop& loop, GatherSettings settings, GatherCallbacks callbacks, Random& random)
    : impl_(std::make_unique<Impl>(loop, std::move(settings), std::move(callbacks), random)) {}
IceGatherer::~IceGatherer() = default;
Status IceGatherer::gather(Timestamp now) { return impl_->gather(now); }
Status IceGatherer::send(const SocketAddress& local_base, const SocketAddress& to, std::span<const uint8_t> bytes) {
  return impl_->send(local_base, to, bytes);
}
void IceGatherer::set_local_ufrag(const std::string& ufrag) { impl_->set_local_ufrag(ufrag); }
void IceGatherer::close() { impl_->close(); }
GatheringState IceGatherer::state() const { return impl_->state_; }
const std::vector<ice::Candidate>& IceGatherer::local_candidates() const { return impl_->candidates_; }
const GatherStats& IceGatherer::stats() const { return impl_->stats_; }

}  // namespace purertc::pc
