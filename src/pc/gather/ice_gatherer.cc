#include "pc/gather/ice_gatherer.h"

#include <algorithm>

#include "common/log.h"
#include "ice/mdns_resolver.h"
#include "ice/srflx_discovery.h"
#include "ice/turn_relay.h"
#include "pc/gather/host_addresses.h"
#include "pc/gather/mdns_socket.h"
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
  Impl(EventLoop& loop, GatherSettings settings, GatherCallbacks callbacks, Random& random);
  ~Impl() { close(); }

  Status gather(Timestamp now);
  Status send(const SocketAddress& local_base, const SocketAddress& to, std::span<const uint8_t> bytes);
  Result<size_t> send_batch(const SocketAddress& local_base, const SocketAddress& to,
                            std::span<const std::span<const uint8_t>> datagrams);
  void set_local_ufrag(const std::string& ufrag);
  void resolve_mdns(const std::string& name, std::function<void(std::optional<IpAddress>)> callback);
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
  struct Relay {
    std::unique_ptr<ice::TurnRelay> turn;
    HostSocket* socket = nullptr;  // the socket the allocation was made from
    SocketAddress server;
    uint16_t local_preference = 0;
    bool settled = false;  // allocated or failed: gathering no longer waits for it
  };

  void open_host_sockets(bool report);
  void use_mux();
  void start_srflx(Timestamp now);
  void start_relays(Timestamp now);
  void on_readable(HostSocket& s);
  // Routes one datagram received on `s`: a STUN server's answer, TURN traffic, or the owner's. Returns
  // whether on_packet saw (something of) it.
  bool dispatch(HostSocket& s, const SocketAddress& from, std::span<const uint8_t> bytes, Timestamp now);
  void deliver(const SocketAddress& local_base, const SocketAddress& from, std::span<const uint8_t> bytes,
               Timestamp now);
  void on_timer();
  // Sends what the sans-IO parts queued; with `events`, also acts on their results (reporting
  // candidates, so it is never done from inside send(): the owner may be in the middle of its own loop).
  void pump(Timestamp now, bool events);
  void pump_relay(Relay& r, Timestamp now, bool events);
  void on_srflx_result(const ice::SrflxResult& r);
  void on_relay_allocated(Relay& r, const ice::RelayAllocated& a);
  void rearm();
  void send_raw(HostSocket& s, const SocketAddress& to, std::span<const uint8_t> bytes);
  HostSocket* socket_for_server(const SocketAddress& server);
  void report_host(const SocketAddress& base, uint16_t local_preference);
  void report(const ice::Candidate& c, const std::string& mdns_name);
  bool ensure_mdns_socket();
  void on_mdns_readable();
  void pump_mdns();
  std::optional<IpAddress> nat_external(const IpAddress& local) const;
  void maybe_complete();
  bool closed() const { return state_ == GatheringState::kClosed; }

  EventLoop& loop_;
  GatherSettings settings_;
  GatherCallbacks callbacks_;
  Random& random_;
  std::vector<std::unique_ptr<HostSocket>> sockets_;
  std::vector<OutgoingDatagram> outgoing_;  // send_batch's scratch, kept to avoid an allocation per call
  std::optional<ice::MuxTarget> mux_target_;
  std::string ufrag_;  // registered with the mux once gather() has joined it
  ice::ServerReflexiveDiscovery srflx_;
  std::vector<std::unique_ptr<Relay>> relays_;
  std::vector<ice::RelayOutput> deferred_;  // relay events seen inside send(), acted on at the next pump
  TimerId timer_{};
  // mDNS: the resolver, its socket (opened on first use), and who waits for which name.
  ice::MdnsResolver mdns_;
  std::optional<MdnsSocket> mdns_socket_;
  WatchId mdns_watch_{};
  bool mdns_unavailable_ = false;  // opening the socket failed: every resolution answers nullopt
  std::vector<std::pair<std::string, std::function<void(std::optional<IpAddress>)>>> mdns_waiters_;
  // Tells tasks posted to the loop whether this gatherer still exists (resolve_mdns answers later).
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

namespace {

ice::MdnsSettings mdns_settings(const GatherSettings& s) {
  ice::MdnsSettings out;
  out.timeout = s.mdns_timeout;
  return out;
}

ice::SrflxSettings srflx_settings(const GatherSettings& s) {
  ice::SrflxSettings out;
  out.timeout = s.stun_timeout;
  out.software = "purertc";
  return out;
}

}  // namespace

IceGatherer::Impl::Impl(EventLoop& loop, GatherSettings settings, GatherCallbacks callbacks, Random& random)
    : loop_(loop),
      settings_(std::move(settings)),
      callbacks_(std::move(callbacks)),
      random_(random),
      srflx_(srflx_settings(settings_), random),
      mdns_(mdns_settings(settings_), random) {
  timer_ = loop_.add_timer([this] { on_timer(); });
}

Status IceGatherer::Impl::gather(Timestamp now) {
  if (state_ != GatheringState::kNew) return unexpected(Error{Errc::kWrongState, "gather() called twice"});
  state_ = GatheringState::kGathering;
  // Hiding host addresses means answering for their names: the socket must be up before they are offered.
  if (settings_.mdns_mode == MdnsMode::kQueryAndGather) ensure_mdns_socket();
  const bool servers = !settings_.stun_servers.empty() || !settings_.turn_servers.empty();
  if (settings_.udp_mux != nullptr) {
    use_mux();
    if (closed()) return {};
    // STUN and TURN need sockets of our own: the mux routes only by ufrag and peer address.
    if (servers) open_host_sockets(false);
  } else {
    open_host_sockets(!settings_.relay_only);
  }
  if (closed()) return {};
  start_srflx(now);
  start_relays(now);
  pump(now, true);
  if (closed()) return {};
  maybe_complete();
  rearm();
  return {};
}

void IceGatherer::Impl::use_mux() {
  UdpMux& mux = *settings_.udp_mux;
  mux_target_ = mux.add([this](const SocketAddress& from, std::span<const uint8_t> bytes, Timestamp now) {
    ++stats_.datagrams_received;
    deliver(settings_.udp_mux->local_address(), from, bytes, now);
  }, [this](Timestamp now) {
    if (callbacks_.on_receive_batch_end) callbacks_.on_receive_batch_end(now);
  });
  if (!ufrag_.empty()) mux.set_ufrag(*mux_target_, ufrag_);
  if (!settings_.relay_only) report_host(mux.local_address(), 65535);
}

void IceGatherer::Impl::open_host_sockets(bool report) {
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
  if (!report) return;
  for (const auto& s : sockets_) {
    report_host(s->socket.local_address(), s->host.local_preference);
    if (closed()) return;
  }
}

void IceGatherer::Impl::start_srflx(Timestamp now) {
  if (settings_.relay_only) return;  // srflx candidates would never be offered
  for (const auto& server : settings_.stun_servers) {
    for (const auto& s : sockets_) {
      const auto& base = s->socket.local_address();
      // A loopback base reaches only a loopback server, and a loopback server says nothing useful about
      // how the outside sees a real interface.
      if (base.ip.family() != server.ip.family() || base.ip.is_loopback() != server.ip.is_loopback()) continue;
      if (auto st = srflx_.start(base, server, now); !st) {
        PURERTC_LOG_WARN("gather", "STUN request to %s: %s", server.to_string().c_str(), to_string(st.error()).c_str());
      }
    }
  }
}

IceGatherer::Impl::HostSocket* IceGatherer::Impl::socket_for_server(const SocketAddress& server) {
  for (auto& s : sockets_) {
    const auto& ip = s->socket.local_address().ip;
    if (ip.family() == server.ip.family() && ip.is_loopback() == server.ip.is_loopback()) return s.get();
  }
  return nullptr;
}

void IceGatherer::Impl::start_relays(Timestamp now) {
  uint16_t preference = 65535;
  for (const auto& server : settings_.turn_servers) {
    if (server.transport != TurnTransport::kUdp) {
      // TURN over TCP needs a stream socket and RFC 6062 framing on the pc side; not built yet.
      ++stats_.turn_failures;
      PURERTC_LOG_WARN("gather", "TURN over %s to %s is not supported; skipped",
                       std::string(to_string(server.transport)).c_str(), server.address.to_string().c_str());
      continue;
    }
    HostSocket* socket = socket_for_server(server.address);
    if (socket == nullptr) {
      ++stats_.turn_failures;
      PURERTC_LOG_WARN("gather", "no socket can reach TURN server %s", server.address.to_string().c_str());
      continue;
    }
    ice::TurnRelaySettings rs;
    rs.turn.username = server.username;
    rs.turn.password = server.password;
    rs.allocate_timeout = settings_.turn_timeout;
    rs.max_queued_bytes = settings_.max_queued_relay_bytes;
    auto relay = std::make_unique<Relay>();
    relay->turn = std::make_unique<ice::TurnRelay>(std::move(rs), random_);
    relay->socket = socket;
    relay->server = server.address;
    relay->local_preference = preference--;
    if (auto st = relay->turn->allocate(now); !st) {
      ++stats_.turn_failures;
      continue;
    }
    relays_.push_back(std::move(relay));
  }
}

std::optional<IpAddress> IceGatherer::Impl::nat_external(const IpAddress& local) const {
  // An explicit local address wins over a catch-all mapping of the same family.
  for (const auto& m : settings_.nat_1to1_ips) {
    if (m.local && *m.local == local) return m.external;
  }
  for (const auto& m : settings_.nat_1to1_ips) {
    if (!m.local && m.external.family() == local.family()) return m.external;
  }
  return std::nullopt;
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
  const auto external = nat_external(base.ip);
  if (external && settings_.nat_1to1_candidate_type == NatCandidateType::kHost) {
    // The peer must send to the public address; we keep sending from the local one (the base).
    c.address = SocketAddress{*external, base.port};
    report(c, std::string());
    return;
  }
  std::string name;
  if (settings_.mdns_mode == MdnsMode::kQueryAndGather && !mdns_unavailable_) name = mdns_.add_local_name(base.ip);
  report(c, name);
  if (closed() || !external) return;
  ice::Candidate srflx = c;
  srflx.type = ice::CandidateType::kServerReflexive;
  srflx.priority = ice::candidate_priority(srflx.type, local_preference, srflx.component);
  srflx.address = SocketAddress{*external, base.port};
  srflx.related_address = base;
  srflx.foundation = ice::candidate_foundation(srflx.type, base.ip, *external, srflx.transport);
  report(srflx, std::string());
}

void IceGatherer::Impl::report(const ice::Candidate& c, const std::string& mdns_name) {
  // RFC 8445 5.1.3: a candidate with the same address and base as one already offered is redundant
  // (a server-reflexive address equal to its host address: no NAT on the way to that server).
  for (const auto& known : candidates_) {
    if (known.address == c.address && known.base == c.base) {
      ++stats_.redundant_candidates;
      return;
    }
  }
  candidates_.push_back(c);
  PURERTC_LOG_DEBUG("gather", "candidate %s", ice::to_string(c).c_str());
  if (callbacks_.on_candidate) callbacks_.on_candidate(c, mdns_name);
}

void IceGatherer::Impl::maybe_complete() {
  if (state_ != GatheringState::kGathering) return;
  if (srflx_.outstanding() != 0) return;
  for (const auto& r : relays_) {
    if (!r->settled) return;
  }
  state_ = GatheringState::kComplete;
  if (callbacks_.on_gathering_complete) callbacks_.on_gathering_complete();
}

void IceGatherer::Impl::on_readable(HostSocket& s) {
  // One receive batch per loop thread, shared by every gatherer on it: per connection, even 32 x 2 KiB
  // slots were about half the memory of an idle PeerConnection. Sharing is safe because readers on one
  // thread run one at a time and every datagram is consumed (copied by the engine that keeps it) before
  // on_receive_batch_end returns. Its slots hold a whole GRO run each (2 MiB of address space per loop
  // thread, resident only as far as datagrams have filled it).
  static thread_local ReceiveBatch batch(kGroSlotSize);
  for (;;) {
    auto n = s.socket.receive(batch);
    if (!n) {
      PURERTC_LOG_WARN("gather", "receive: %s", to_string(n.error()).c_str());
      return;
    }
    if (*n == 0) break;
    const Timestamp now = pc::now();
    bool delivered = false;
    for (size_t i = 0; i < *n; ++i) {
      ++stats_.datagrams_received;
      if (batch.truncated(i)) continue;
      delivered |= dispatch(s, batch.from(i), batch.data(i), now);
      if (closed()) return;  // a callback closed the gatherer: `s` is gone
    }
    // Before the next receive() overwrites the batch.
    if (delivered && callbacks_.on_receive_batch_end) {
      callbacks_.on_receive_batch_end(now);
      if (closed()) return;
    }
  }
  pump(pc::now(), true);
  if (!closed()) rearm();
}

bool IceGatherer::Impl::dispatch(HostSocket& s, const SocketAddress& from, std::span<const uint8_t> bytes,
                                 Timestamp now) {
  const SocketAddress& base = s.socket.local_address();
  if (srflx_.handle_input(bytes, base, from, now)) return false;
  for (auto& r : relays_) {
    if (r->socket != &s || r->server != from) continue;
    auto data = r->turn->handle_input(bytes, now);
    if (!data) return false;
    deliver(r->turn->relayed_address(), data->peer, data->data, now);
    return true;
  }
  deliver(base, from, bytes, now);
  return true;
}

void IceGatherer::Impl::deliver(const SocketAddress& local_base, const SocketAddress& from,
                                std::span<const uint8_t> bytes, Timestamp now) {
  if (callbacks_.on_packet) callbacks_.on_packet(local_base, from, bytes, now);
}

void IceGatherer::Impl::on_timer() {
  const Timestamp now = pc::now();
  srflx_.handle_timeout(now);
  for (auto& r : relays_) r->turn->handle_timeout(now);
  mdns_.handle_timeout(now);
  pump_mdns();
  if (closed()) return;
  pump(now, true);
  if (!closed()) rearm();
}

void IceGatherer::Impl::rearm() {
  Timestamp next = srflx_.next_timeout();
  for (const auto& r : relays_) next = std::min(next, r->turn->next_timeout());
  next = std::min(next, mdns_.next_timeout());
  if (!deferred_.empty()) next = pc::now();
  loop_.arm_timer(timer_, next);
}

void IceGatherer::Impl::send_raw(HostSocket& s, const SocketAddress& to, std::span<const uint8_t> bytes) {
  const OutgoingDatagram d{to, bytes};
  auto sent = s.socket.send(std::span(&d, 1));
  if (!sent || *sent == 0) {
    ++stats_.send_failures;
    return;
  }
  ++stats_.datagrams_sent;
}

void IceGatherer::Impl::pump(Timestamp now, bool events) {
  while (auto out = srflx_.poll_output()) {
    if (auto* t = std::get_if<ice::SrflxTransmit>(&*out)) {
      for (auto& s : sockets_) {
        if (s->socket.local_address() == t->from) send_raw(*s, t->to, t->data);
      }
    } else if (events) {
      on_srflx_result(std::get<ice::SrflxResult>(*out));
      if (closed()) return;
    }
  }
  if (events && !deferred_.empty()) {
    // Relay events noticed inside send(): only failures can be among them; act on them now.
    std::vector<ice::RelayOutput> deferred;
    deferred.swap(deferred_);
    for (auto& o : deferred) {
      if (auto* f = std::get_if<ice::RelayFailed>(&o)) {
        ++stats_.turn_failures;
        PURERTC_LOG_WARN("gather", "TURN relay failed: %u %s", f->error_code, f->reason.c_str());
      }
    }
  }
  for (size_t i = 0; i < relays_.size(); ++i) {
    pump_relay(*relays_[i], now, events);
    if (closed()) return;
  }
  if (events) maybe_complete();
}

void IceGatherer::Impl::pump_relay(Relay& r, Timestamp, bool events) {
  while (auto out = r.turn->poll_output()) {
    if (auto* t = std::get_if<ice::ServerTransmit>(&*out)) {
      send_raw(*r.socket, r.server, t->data);
      continue;
    }
    if (!events) {
      deferred_.push_back(std::move(*out));
      continue;
    }
    if (auto* a = std::get_if<ice::RelayAllocated>(&*out)) {
      r.settled = true;
      on_relay_allocated(r, *a);
      if (closed()) return;
    } else if (auto* f = std::get_if<ice::RelayFailed>(&*out)) {
      r.settled = true;
      ++stats_.turn_failures;
      PURERTC_LOG_WARN("gather", "TURN allocation on %s failed: %u %s", r.server.to_string().c_str(), f->error_code,
                       f->reason.c_str());
    }
  }
}

void IceGatherer::Impl::on_srflx_result(const ice::SrflxResult& r) {
  if (!r.mapped) {
    ++stats_.stun_timeouts;
    PURERTC_LOG_INFO("gather", "no answer from STUN server %s for %s", r.server.to_string().c_str(),
                     r.base.to_string().c_str());
    return;
  }
  const HostSocket* socket = nullptr;
  for (const auto& s : sockets_) {
    if (s->socket.local_address() == r.base) socket = s.get();
  }
  ice::Candidate c;
  c.type = ice::CandidateType::kServerReflexive;
  c.component = settings_.component;
  c.transport = ice::TransportProtocol::kUdp;
  c.priority = ice::candidate_priority(c.type, socket ? socket->host.local_preference : 65535, c.component);
  c.address = *r.mapped;
  c.base = r.base;
  c.related_address = r.base;
  c.foundation = ice::candidate_foundation(c.type, r.base.ip, r.server.ip, c.transport);
  report(c, std::string());
}

void IceGatherer::Impl::on_relay_allocated(Relay& r, const ice::RelayAllocated& a) {
  ice::Candidate c;
  c.type = ice::CandidateType::kRelayed;
  c.component = settings_.component;
  c.transport = ice::TransportProtocol::kUdp;
  c.priority = ice::candidate_priority(c.type, r.local_preference, c.component);
  c.address = a.relayed;
  c.base = a.relayed;
  c.related_address = a.mapped;
  c.foundation = ice::candidate_foundation(c.type, a.relayed.ip, r.server.ip, c.transport);
  report(c, std::string());
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
  for (auto& r : relays_) {
    if (r->turn->state() != ice::RelayState::kAllocated || r->turn->relayed_address() != local_base) continue;
    const Timestamp now = pc::now();
    auto framed = r->turn->send(to, bytes, now);
    if (!framed) {
      if (framed.error().code == Errc::kLimitExceeded) ++stats_.relay_queue_drops;
      return unexpected(framed.error());
    }
    if (!framed->empty()) send_raw(*r->socket, r->server, *framed);
    // A first datagram to a peer starts a ChannelBind: send it now; its answer arrives later.
    pump_relay(*r, now, false);
    rearm();
    return {};
  }
  return unexpected(Error{Errc::kInvalidArgument, "no such local base"});
}

Result<size_t> IceGatherer::Impl::send_batch(const SocketAddress& local_base, const SocketAddress& to,
                                             std::span<const std::span<const uint8_t>> datagrams) {
  if (closed()) return unexpected(Error{Errc::kWrongState, "gatherer closed"});
  for (auto& s : sockets_) {
    if (s->socket.local_address() != local_base) continue;
    outgoing_.clear();
    for (const auto& d : datagrams) outgoing_.push_back({to, d});
    auto sent = s->socket.send(outgoing_);
    if (!sent) {
      stats_.send_failures += datagrams.size();
      return unexpected(Error{Errc::kIo, "send failed"});
    }
    stats_.datagrams_sent += *sent;
    stats_.send_failures += datagrams.size() - *sent;
    return *sent;
  }
  size_t sent = 0;
  for (const auto& d : datagrams) {
    auto st = send(local_base, to, d);
    if (!st) return sent > 0 ? Result<size_t>(sent) : unexpected(st.error());
    ++sent;
  }
  return sent;
}

void IceGatherer::Impl::set_local_ufrag(const std::string& ufrag) {
  ufrag_ = ufrag;
  if (settings_.udp_mux != nullptr && mux_target_) settings_.udp_mux->set_ufrag(*mux_target_, ufrag);
}

void IceGatherer::Impl::close() {
  if (closed()) return;
  const bool started = state_ != GatheringState::kNew;
  state_ = GatheringState::kClosed;
  if (started) {
    // Best effort: one Refresh with LIFETIME 0 per allocation, so the server frees the relayed port now
    // rather than at expiry. Its answer is never read.
    const Timestamp now = pc::now();
    for (auto& r : relays_) {
      r->turn->close(now);
      while (auto out = r->turn->poll_output()) {
        if (auto* t = std::get_if<ice::ServerTransmit>(&*out)) send_raw(*r->socket, r->server, t->data);
      }
    }
  }
  relays_.clear();
  *alive_ = false;
  mdns_waiters_.clear();
  if (mdns_socket_) loop_.unwatch(mdns_watch_);
  mdns_socket_.reset();
  if (settings_.udp_mux != nullptr && mux_target_) settings_.udp_mux->remove(*mux_target_);
  for (auto& s : sockets_) loop_.unwatch(s->watch);
  sockets_.clear();
  loop_.remove_timer(timer_);
}

bool IceGatherer::Impl::ensure_mdns_socket() {
  if (mdns_socket_) return true;
  if (mdns_unavailable_) return false;
  std::vector<IpAddress> interfaces;
  if (settings_.udp_mux != nullptr) interfaces.push_back(settings_.udp_mux->local_address().ip);
  for (const auto& h : select_host_addresses(list_interface_addresses(), settings_)) interfaces.push_back(h.ip);
  auto socket = MdnsSocket::open(interfaces, settings_.mdns_port);
  if (!socket) {
    mdns_unavailable_ = true;
    ++stats_.mdns_unavailable;
    PURERTC_LOG_WARN("gather", "mDNS unavailable: %s", to_string(socket.error()).c_str());
    return false;
  }
  auto watch = loop_.watch(socket->fd(), EPOLLIN, [this](uint32_t) { on_mdns_readable(); });
  if (!watch) {
    mdns_unavailable_ = true;
    return false;
  }
  mdns_watch_ = *watch;
  mdns_socket_ = std::move(*socket);
  return true;
}

void IceGatherer::Impl::on_mdns_readable() {
  uint8_t buf[9000];  // RFC 6762 17: mDNS messages fit the interface MTU, at most 9000 bytes
  const Timestamp now = pc::now();
  while (mdns_socket_) {
    const size_t n = mdns_socket_->receive(buf);
    if (n == 0) break;
    mdns_.handle_input(std::span<const uint8_t>(buf, n), now);
    pump_mdns();
    if (closed()) return;
  }
  rearm();
}

void IceGatherer::Impl::pump_mdns() {
  while (auto out = mdns_.poll_output()) {
    if (auto* t = std::get_if<ice::MdnsTransmit>(&*out)) {
      const bool answer = !t->data.empty() && t->data.size() > 2 && (t->data[2] & 0x80) != 0;
      if (mdns_socket_ && mdns_socket_->send(t->data, SocketAddress{IpAddress::v4(224, 0, 0, 251), settings_.mdns_port}) > 0) {
        ++(answer ? stats_.mdns_answers_sent : stats_.mdns_queries_sent);
      }
      continue;
    }
    const auto& resolved = std::get<ice::MdnsResolved>(*out);
    // Hand the result to everyone who asked for this name; callbacks may ask again or close.
    std::vector<std::function<void(std::optional<IpAddress>)>> ready;
    for (auto it = mdns_waiters_.begin(); it != mdns_waiters_.end();) {
      if (ice::dns_names_equal(it->first, resolved.name)) {
        ready.push_back(std::move(it->second));
        it = mdns_waiters_.erase(it);
      } else {
        ++it;
      }
    }
    for (auto& cb : ready) {
      cb(resolved.address);
      if (closed()) return;
    }
  }
}

void IceGatherer::Impl::resolve_mdns(const std::string& name,
                                     std::function<void(std::optional<IpAddress>)> callback) {
  if (closed() || settings_.mdns_mode == MdnsMode::kDisabled || !ensure_mdns_socket()) {
    // Never inside this call: the caller may be in the middle of its own bookkeeping.
    loop_.post([alive = alive_, cb = std::move(callback)] {
      if (*alive) cb(std::nullopt);
    });
    return;
  }
  mdns_waiters_.emplace_back(name, std::move(callback));
  mdns_.query(name, pc::now());
  // A cached or local answer is ready at once; deliver it from a fresh loop turn, not from this call.
  loop_.post([this, alive = alive_] {
    if (!*alive) return;
    pump_mdns();
    if (!closed()) rearm();
  });
}

IceGatherer::IceGatherer(EventLoop& loop, GatherSettings settings, GatherCallbacks callbacks, Random& random)
    : impl_(std::make_unique<Impl>(loop, std::move(settings), std::move(callbacks), random)) {}
IceGatherer::~IceGatherer() = default;
Status IceGatherer::gather(Timestamp now) { return impl_->gather(now); }
Status IceGatherer::send(const SocketAddress& local_base, const SocketAddress& to, std::span<const uint8_t> bytes) {
  return impl_->send(local_base, to, bytes);
}
Result<size_t> IceGatherer::send_batch(const SocketAddress& local_base, const SocketAddress& to,
                                       std::span<const std::span<const uint8_t>> datagrams) {
  return impl_->send_batch(local_base, to, datagrams);
}
void IceGatherer::set_local_ufrag(const std::string& ufrag) { impl_->set_local_ufrag(ufrag); }
void IceGatherer::resolve_mdns(const std::string& name, std::function<void(std::optional<IpAddress>)> callback) {
  impl_->resolve_mdns(name, std::move(callback));
}
void IceGatherer::close() { impl_->close(); }
GatheringState IceGatherer::state() const { return impl_->state_; }
const std::vector<ice::Candidate>& IceGatherer::local_candidates() const { return impl_->candidates_; }
const GatherStats& IceGatherer::stats() const { return impl_->stats_; }

}  // namespace purertc::pc
