// One UDP socket shared by many ICE agents (a server hosting many peers on one port, like Pion's UDPMux):
// the socket side of ice::UdpMuxRouter. Each IceGatherer that uses the mux registers a handler and its
// local ufrag; a datagram is routed by the USERNAME of a STUN Binding request naming that ufrag, and every
// later datagram from the same remote address (DTLS, SRTP...) follows it. Unroutable datagrams are dropped
// and counted. The socket is bound to one concrete address (not a wildcard), so the address a datagram
// arrived on is always the mux's local address, which is every sharing agent's host candidate base.
//
// Threading: lives on one EventLoop; create it and call every method on the loop thread. Handlers run on
// the loop thread. Lifetime: must outlive every gatherer registered with it; the destructor unwatches and
// closes the socket (call it on the loop thread too).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/socket_address.h"
#include "common/timestamp.h"
#include "ice/udp_mux_router.h"
#include "pc/event_loop.h"
#include "pc/udp_socket.h"

namespace purertc::pc {

struct UdpMuxStats {
  uint64_t datagrams_received = 0;
  uint64_t datagrams_routed = 0;
  uint64_t dropped_unrouted = 0;  // no registered ufrag, no known sender
  uint64_t datagrams_sent = 0;
  uint64_t send_failures = 0;
};

class UdpMux {
 public:
  using Handler = std::function<void(const SocketAddress& from, std::span<const uint8_t> bytes, Timestamp now)>;
  // Runs once after each receive batch in which the target got at least one datagram (see
  // GatherCallbacks::on_receive_batch_end).
  using BatchEndHandler = std::function<void(Timestamp now)>;

  // Binds `local` (a concrete IP; port 0 lets the kernel choose) and starts reading. Errors: the bind's or
  // the epoll registration's SysError.
  static SysResult<std::unique_ptr<UdpMux>> create(EventLoop& loop, const SocketAddress& local,
                                                   ice::UdpMuxSettings settings = {},
                                                   const UdpSocketOptions& options = {});
  UdpMux(const UdpMux&) = delete;
  UdpMux& operator=(const UdpMux&) = delete;
  ~UdpMux();

  const SocketAddress& local_address() const { return socket_.local_address(); }

  // Registers a handler; datagrams reach it once set_ufrag() names its ufrag.
  ice::MuxTarget add(Handler handler, BatchEndHandler on_batch_end = {});
  // Routes STUN requests whose USERNAME starts with `ufrag` (and their senders) to `target`. Several
  // ufrags may name one target (old and new across an ICE restart).
  void set_ufrag(ice::MuxTarget target, const std::string& ufrag);
  // Forgets the handlers, its ufrags and its remote addresses; they are never called again.
  void remove(ice::MuxTarget target);

  // Sends one datagram. Errors: the kernel's refusal (counted), or EAGAIN when the socket buffer is full
  // (UDP: the datagram is dropped, as the network would).
  SysResult<void> send(const SocketAddress& to, std::span<const uint8_t> bytes);

  size_t target_count() const { return handlers_.size(); }
  const UdpMuxStats& stats() const { return stats_; }

 private:
  UdpMux(EventLoop& loop, UdpSocket socket, ice::UdpMuxSettings settings);
  void on_readable();

  EventLoop& loop_;
  UdpSocket socket_;
  ice::UdpMuxRouter router_;
  ice::UdpMuxSettings settings_;
  ReceiveBatch batch_;
  WatchId watch_{};
  TimerId expire_timer_{};
  struct Target {
    Handler on_datagram;
    BatchEndHandler on_batch_end;
  };
  ice::MuxTarget next_target_ = 1;
  std::unordered_map<ice::MuxTarget, std::shared_ptr<Target>> handlers_;
  std::vector<ice::MuxTarget> batch_targets_;  // targets that got datagrams in the current batch
  UdpMuxStats stats_;
};

}  // namespace purertc::pc
