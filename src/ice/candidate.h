// ICE candidates (RFC 8445 section 5.1): what each side offers, their priorities and foundations.
//
//   priority = (2^24) * type preference + (2^8) * local preference + (256 - component id)   (5.1.2.1)
//
// Type preferences are the RFC's recommended values: host 126, peer-reflexive 110, server-reflexive 100,
// relayed 0. Two candidates share a foundation when they have the same type, base IP address, STUN/TURN
// server and transport (5.1.1.3): the frozen-pair algorithm unfreezes one pair per foundation at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/socket_address.h"

namespace purertc::ice {

enum class CandidateType { kHost, kServerReflexive, kPeerReflexive, kRelayed };
enum class TransportProtocol { kUdp, kTcp };

std::string_view to_string(CandidateType type);  // "host", "srflx", "prflx", "relay" (SDP names)
std::optional<CandidateType> candidate_type_from_string(std::string_view name);
std::string_view to_string(TransportProtocol transport);  // "udp", "tcp"

uint32_t type_preference(CandidateType type);

// local_preference: 0..65535, higher is better (5.1.2.2: distinguishes interfaces / IP families);
// component: 1 (RTP) or 2 (RTCP without rtcp-mux).
uint32_t candidate_priority(CandidateType type, uint32_t local_preference, uint16_t component);

// A decimal string (SDP's foundation is 1*32 ice-char) derived from what makes two candidates "similar".
// `server` is the STUN/TURN server address for srflx/relay candidates, unset for host and prflx.
std::string candidate_foundation(CandidateType type, const IpAddress& base, const std::optional<IpAddress>& server,
                                 TransportProtocol transport);

struct Candidate {
  std::string foundation;
  uint16_t component = 1;
  TransportProtocol transport = TransportProtocol::kUdp;
  uint32_t priority = 0;
  SocketAddress address;          // the transport address the peer sends to
  CandidateType type = CandidateType::kHost;
  std::optional<SocketAddress> related_address;  // raddr/rport: the base for srflx/prflx, mapped for relay
  // Local candidates only: the address the agent actually sends from (5.1.1.1). Equals `address` for
  // host candidates; the host candidate's address for srflx; the relayed address for relay.
  SocketAddress base;
  std::string ufrag;  // remote candidates from trickle may name the ICE generation they belong to

  friend bool operator==(const Candidate&, const Candidate&) = default;
};

std::string to_string(const Candidate& c);  // for logs: "host udp 192.0.2.1:5000 prio=2130706431"

// RFC 8445 6.1.2.2: pair priority with G the controlling agent's candidate priority and D the
// controlled agent's: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0).
uint64_t pair_priority(uint32_t controlling_priority, uint32_t controlled_priority);

}  // namespace purertc::ice
