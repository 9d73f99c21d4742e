// ICE candidate gathering (RFC 8445 section 5.1.1) for one ICE agent: the I/O side around the sans-IO
// core in src/ice. The gatherer opens and owns the UDP sockets the agent's local candidates are based on,
// finds host candidates on every usable interface, asks STUN servers for server-reflexive candidates,
// allocates relayed candidates on TURN servers (RFC 8656), applies NAT 1:1 mappings, and resolves remote
// mDNS `.local` names (RFC 6762) - or hides our own host addresses behind generated names.
//
// After gathering, it stays the agent's transport: every datagram received on any of its sockets is
// handed to on_packet() (TURN-relayed data already unwrapped, so a relayed candidate looks like any
// other socket), and send() sends from any local candidate base (through the TURN allocation for a
// relayed base: permissions and channel bindings are installed on first use, and data waiting for them
// is queued, bounded).
//
//   kNew --gather()--> kGathering --(every host socket bound, every STUN/TURN server answered or timed
//                                    out, every mDNS name announced)--> kComplete --close()--> kClosed
//
// Candidates are reported one by one as they are found (trickle ICE, RFC 8838); on_gathering_complete()
// follows the last one. Failures (a port that cannot be bound, a STUN server that never answers, a TURN
// server that refuses the credentials) cost only the candidates they would have produced; they are logged
// and counted in stats(), never fatal.
//
// Threading: an IceGatherer lives on one EventLoop (src/pc/event_loop.h). Construct it, and call every
// method, on the loop thread; every callback runs on the loop thread, never under a lock, and may call
// back into the gatherer (including close()). Lifetime: the EventLoop and the UdpMux (if any) must outlive
// the gatherer. Nothing is called back after close() returns or after destruction (which closes).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/random.h"
#include "common/result.h"
#include "common/socket_address.h"
#include "common/timestamp.h"
#include "ice/candidate.h"
#include "pc/event_loop.h"
#include "pc/udp_socket.h"

namespace purertc::pc {

class UdpMux;

// Pion's MulticastDNSMode.
enum class MdnsMode {
  kDisabled,        // remote .local candidates are ignored (resolve_mdns() answers nullopt at once)
  kQueryOnly,       // resolve remote .local names; our host candidates carry their IP addresses
  kQueryAndGather,  // also hide our host IPs behind generated "<uuid>.local" names and answer for them
};
std::string_view to_string(MdnsMode mode);

// kTcp (RFC 6062 framing to the server) is not implemented yet: a server configured with it is skipped,
// logged, and counted in GatherStats::turn_failures, so gathering proceeds with the other servers.
enum class TurnTransport { kUdp, kTcp };
std::string_view to_string(TurnTransport transport);

struct TurnServer {
  SocketAddress address;
  std::string username;
  std::string password;
  TurnTransport transport = TurnTransport::kUdp;
};

// NAT 1:1 (Pion's SetNAT1To1IPs): a server behind a static NAT knows its public address.
struct NatMapping {
  IpAddress external;
  // The local address it maps to; unset: every local address of the same family maps to `external`.
  std::optional<IpAddress> local;
};
enum class NatCandidateType {
  kHost,             // host candidates carry the external address (base stays the local address)
  kServerReflexive,  // host candidates stay; an srflx candidate with the external address is added
};

// What the filters see of an interface (from getifaddrs).
struct NetworkInterface {
  std::string name;     // "eth0", "lo"
  uint32_t index = 0;   // if_nametoindex
  bool loopback = false;
};

struct GatherSettings {
  // Network types (Pion's NetworkTypeUDP4 / UDP6).
  bool udp4 = true;
  bool udp6 = true;
  // Pion's SetInterfaceFilter / SetIPFilter: return false to skip an interface / an address. Unset: all.
  std::function<bool(const NetworkInterface&)> interface_filter;
  std::function<bool(const IpAddress&)> ip_filter;
  bool include_loopback = false;    // 127.0.0.1 / ::1 (tests need them; browsers never offer them)
  bool include_link_local_v6 = false;  // fe80::/10 needs a scope id to be usable; off unless asked
  // Ephemeral port range (Pion's SetEphemeralUDPPortRange); 0/0: the kernel picks.
  uint16_t port_min = 0;
  uint16_t port_max = 0;

  std::vector<SocketAddress> stun_servers;
  std::vector<TurnServer> turn_servers;
  std::vector<NatMapping> nat_1to1_ips;
  NatCandidateType nat_1to1_candidate_type = NatCandidateType::kHost;
  MdnsMode mdns_mode = MdnsMode::kQueryOnly;
  // RTCIceTransportPolicy "relay": only relayed candidates are offered (host sockets are still opened
  // to reach the TURN servers, but never reported).
  bool relay_only = false;
  // Share one UDP socket between many gatherers (a server hosting many peers on one port). When set,
  // the host candidate is the mux's address and datagrams come routed by the mux; STUN and TURN still use
  // the gatherer's own sockets. Call set_local_ufrag() so the mux can route to this gatherer.
  UdpMux* udp_mux = nullptr;

  uint16_t component = 1;
  size_t max_host_candidates = 16;
  Duration stun_timeout = Duration::seconds(5);   // give up on a STUN server (gathering completes)
  Duration turn_timeout = Duration::seconds(10);  // give up on a TURN allocation
  Duration mdns_timeout = Duration::seconds(3);   // resolve_mdns() answers nullopt after this
  uint16_t mdns_port = 5353;                      // RFC 6762; tests may isolate themselves on another
  size_t max_queued_relay_bytes = 64 * 1024;      // per relayed base, waiting for permission/channel
  UdpSocketOptions socket_options;
};

struct GatherCallbacks {
  // A new local candidate. `mdns_name` is the "<uuid>.local" name to signal in place of the IP address
  // when MdnsMode::kQueryAndGather hides it (empty otherwise); the candidate itself always carries the
  // real address, which is what the ICE agent needs. If hiding was asked for but the mDNS socket could
  // not be opened (GatherStats::mdns_unavailable), host candidates arrive with an empty name: the caller
  // must then not signal them if it promised not to reveal local addresses (the agent still needs them).
  std::function<void(const ice::Candidate& candidate, const std::string& mdns_name)> on_candidate;
  std::function<void()> on_gathering_complete;
  // Every datagram received on a candidate base: STUN (connectivity checks), DTLS, SRTP... `local_base`
  // is the base of the local candidate it arrived on (the relayed address for TURN data), `from` the
  // remote transport address. The bytes are valid only during the call.
  std::function<void(const SocketAddress& local_base, const SocketAddress& from, std::span<const uint8_t> bytes,
                     Timestamp now)>
      on_packet;
  // After the datagrams of one receive batch (one recvmmsg, up to kMaxBatch) were all handed to
  // on_packet. An owner can feed its engines in on_packet and process their outputs once here, so a
  // batch of 32 datagrams costs one round of output processing (one SACK, one sendmmsg) instead of 32.
  // Optional: without it an owner must finish each datagram inside on_packet.
  std::function<void(Timestamp now)> on_receive_batch_end;
};

enum class GatheringState { kNew, kGathering, kComplete, kClosed };
std::string_view to_string(GatheringState state);

struct GatherStats {
  uint64_t sockets_bound = 0;
  uint64_t bind_failures = 0;
  uint64_t stun_timeouts = 0;
  uint64_t turn_failures = 0;
  uint64_t datagrams_received = 0;
  uint64_t datagrams_sent = 0;
  uint64_t send_failures = 0;
  uint64_t relay_queue_drops = 0;  // data dropped because a relayed base's queue was full
  uint64_t redundant_candidates = 0;  // same address and base as an earlier one (RFC 8445 5.1.3)
  uint64_t mdns_queries_sent = 0;
  uint64_t mdns_answers_sent = 0;
  uint64_t mdns_unavailable = 0;  // the mDNS socket could not be opened (no multicast-capable interface...)
};

class IceGatherer {
 public:
  // `random` must outlive the gatherer (STUN transaction ids, mDNS names; a crypto::Csprng in production).
  IceGatherer(EventLoop& loop, GatherSettings settings, GatherCallbacks callbacks, Random& random);
  IceGatherer(const IceGatherer&) = delete;
  IceGatherer& operator=(const IceGatherer&) = delete;
  ~IceGatherer();

  // Starts gathering; candidates and completion are reported through the callbacks (host candidates
  // before this returns). Errors: kWrongState unless kNew.
  Status gather(Timestamp now);

  // Sends `bytes` from the local candidate base `local_base` to `to`. A relayed base wraps the data for
  // the TURN server (ChannelData once a channel is bound, a Send indication before), installing the
  // permission and channel on first use and queueing the data until the permission exists. Errors:
  // kInvalidArgument (no such base), kWrongState (closed, or the relay allocation failed),
  // kLimitExceeded (relay queue full), kIo (the kernel refused the datagram).
  Status send(const SocketAddress& local_base, const SocketAddress& to, std::span<const uint8_t> bytes);
  // Several datagrams to one destination. From a host socket they leave in one sendmmsg (with UDP GSO
  // for runs of equal size); relayed and UDP-mux bases send them one by one. Returns how many the
  // kernel took (a full socket buffer drops the rest, as a lost datagram would be); errors as send().
  Result<size_t> send_batch(const SocketAddress& local_base, const SocketAddress& to,
                            std::span<const std::span<const uint8_t>> datagrams);

  // Resolves a remote mDNS name ("<uuid>.local") by multicast query (RFC 6762) on 224.0.0.251:5353 (and
  // [ff02::fb]:5353 when udp6 is on). The callback runs once, later (never inside this call): with the
  // address, or nullopt after mdns_timeout or when mDNS is disabled. Answers are cached for their TTL.
  void resolve_mdns(const std::string& name, std::function<void(std::optional<IpAddress>)> callback);

  // With a UdpMux: routes STUN requests naming this ufrag (and then their senders' other datagrams) to
  // this gatherer. Call again after an ICE restart. A no-op without a mux.
  void set_local_ufrag(const std::string& ufrag);

  // Releases TURN allocations (best effort: one Refresh with LIFETIME 0), closes every socket and stops
  // all timers. Idempotent; no callback runs after it returns.
  void close();

  GatheringState state() const;
  // Every candidate reported so far, in order.
  const std::vector<ice::Candidate>& local_candidates() const;
  const GatherStats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace purertc::pc
