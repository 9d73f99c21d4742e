// Routing for a UDP mux (many ICE agents on one socket, as Pion's UDPMux and libwebrtc's single-port
// servers do): the first packet from a peer is a STUN Binding request whose USERNAME starts with the
// local ufrag of the agent it is for ("<local ufrag>:<remote ufrag>", RFC 8445 7.2.2); the router remembers
// the peer's address for that agent, and every later datagram from that address (STUN, DTLS, SRTP...) goes
// to the same agent. Sans-IO: the socket and the dispatch belong to the owner.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/socket_address.h"
#include "common/timestamp.h"

namespace purertc::ice {

using MuxTarget = uint64_t;  // the owner's id for an agent / connection

struct UdpMuxSettings {
  size_t max_addresses = 100000;               // remote addresses remembered in total
  size_t max_addresses_per_target = 64;        // a peer cannot pin more than this many addresses
  Duration address_idle_timeout = Duration::seconds(60);
};

class UdpMuxRouter {
 public:
  explicit UdpMuxRouter(UdpMuxSettings settings = {}) : settings_(settings) {}

  // Registers an agent by its local ufrag (replacing a previous registration of the same ufrag).
  void add(std::string ufrag, MuxTarget target);
  // Forgets the agent and every address routed to it.
  void remove(MuxTarget target);

  // The target for a datagram from `from`, learning the address when the datagram is a STUN request
  // naming a registered ufrag. nullopt: unknown peer, drop it.
  std::optional<MuxTarget> route(std::span<const uint8_t> datagram, const SocketAddress& from, Timestamp now);

  // Drops addresses idle for longer than address_idle_timeout.
  void expire(Timestamp now);

  size_t address_count() const { return by_address_.size(); }

 private:
  struct Route {
    MuxTarget target;
    Timestamp last_seen;
  };
  // The local ufrag named by a STUN Binding request's USERNAME, if the datagram is one.
  static std::optional<std::string_view> request_ufrag(std::span<const uint8_t> datagram);

  UdpMuxSettings settings_;
  std::unordered_map<std::string, MuxTarget> by_ufrag_;
  std::unordered_map<SocketAddress, Route> by_address_;
  std::unordered_map<MuxTarget, size_t> addresses_of_;
};

}  // namespace purertc::ice
