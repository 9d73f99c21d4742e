// SettingEngine (as in Pion): the knobs that tune purertc itself, separate from the W3C Configuration.
// An Api copies it when it is created. Defaults suit a public WebRTC application.
//
// Threading: a plain value. The filter functions are called on the library's event loop thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "purertc/logging.h"

namespace purertc {

// How host candidates are advertised (RFC 8839 / draft-ietf-mmusic-mdns-ice-candidates).
enum class MulticastDnsMode {
  kDisabled,        // neither advertise nor resolve .local names
  kQueryOnly,       // resolve a peer's .local candidates, advertise IP addresses (Pion's default)
  kQueryAndGather,  // also hide our host addresses behind random .local names
};

// What NAT 1:1 addresses replace or add (Pion's ICECandidateType for SetNAT1To1IPs).
enum class NatCandidateType { kHost, kServerReflexive };

struct SettingEngine {
  // Local UDP ports are taken from [ephemeral_udp_port_min, ephemeral_udp_port_max]; 0/0 lets the
  // kernel pick.
  uint16_t ephemeral_udp_port_min = 0;
  uint16_t ephemeral_udp_port_max = 0;
  // Gather on an interface / address only when the filter returns true (empty: all).
  std::function<bool(std::string_view interface_name)> interface_filter;
  std::function<bool(std::string_view ip)> ip_filter;
  // Loopback addresses are skipped unless this is set (or no other address exists).
  bool include_loopback_candidate = false;
  // Public addresses of a 1:1 NAT in front of this host, advertised as `nat_1to1_candidate_type`.
  std::vector<std::string> nat_1to1_ips;
  NatCandidateType nat_1to1_candidate_type = NatCandidateType::kHost;
  MulticastDnsMode mdns_mode = MulticastDnsMode::kQueryOnly;
  // Single-port mode (Pion's SetICEUDPMux): every PeerConnection created from the Api shares one UDP
  // socket bound to this address, "ip:port" or "[ipv6]:port", and offers it as its only host candidate;
  // datagrams are routed to each PeerConnection by the ICE ufrag of its peer's connectivity checks.
  // The IP must be a concrete local address (not 0.0.0.0 / ::): the shared socket is every
  // PeerConnection's candidate base. Port 0 lets the kernel choose (see Api::ice_udp_mux_address()).
  // STUN/TURN servers still get sockets of each PeerConnection's own. Empty: each PeerConnection binds
  // its own ports (the default).
  std::string ice_udp_mux_address;

  // ICE (RFC 8445 / RFC 7675).
  std::chrono::milliseconds ice_disconnected_timeout{5000};
  std::chrono::milliseconds ice_failed_timeout{25000};
  std::chrono::milliseconds ice_check_interval{50};  // Ta: pacing of new connectivity checks
  // Time allowed for srflx/relay gathering before gathering is declared complete.
  std::chrono::milliseconds ice_gathering_timeout{5000};
  bool ice_lite = false;

  // DTLS.
  size_t dtls_mtu = 1200;
  std::chrono::milliseconds dtls_retransmission_interval{1000};
  std::chrono::milliseconds dtls_handshake_timeout{30000};

  // SCTP / data channels.
  size_t sctp_max_message_size = 256 * 1024;   // advertised as a=max-message-size
  size_t sctp_max_receive_buffer = 5 * 1024 * 1024;
  size_t sctp_max_send_buffer = 64 * 1024 * 1024;
  // RFC 9653: offer (in SCTP INIT / INIT ACK) to take packets with a zero checksum, since DTLS already
  // authenticates every record SCTP rides in. Used only when the peer offers it too (then neither side
  // computes CRC32c, a few percent of the CPU of a bulk transfer); otherwise every packet carries CRC32c
  // as usual. Pion's SetSCTPZeroChecksum.
  bool sctp_zero_checksum = true;

  // Applied to the process-wide logger (purertc/logging.h) when an Api is created with this engine.
  LogLevel log_level = LogLevel::kWarning;
};

}  // namespace purertc
