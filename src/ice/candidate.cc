#include "ice/candidate.h"

#include <algorithm>

namespace purertc::ice {

std::string_view to_string(CandidateType type) {
  switch (type) {
    case CandidateType::kHost: return "host";
    case CandidateType::kServerReflexive: return "srflx";
    case CandidateType::kPeerReflexive: return "prflx";
    case CandidateType::kRelayed: return "relay";
  }
  return "unknown";
}

std::optional<CandidateType> candidate_type_from_string(std::string_view name) {
  for (auto t : {CandidateType::kHost, CandidateType::kServerReflexive, CandidateType::kPeerReflexive,
                 CandidateType::kRelayed}) {
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

std::string_view to_string(TransportProtocol transport) {
  return transport == TransportProtocol::kUdp ? "udp" : "tcp";
}

uint32_t type_preference(CandidateType type) {
  switch (type) {
    case CandidateType::kHost: return 126;
    case CandidateType::kPeerReflexive: return 110;
    case CandidateType::kServerReflexive: return 100;
    case CandidateType::kRelayed: return 0;
  }
  return 0;
}

uint32_t candidate_priority(CandidateType type, uint32_t local_preference, uint16_t component) {
  local_preference = std::min<uint32_t>(local_preference, 65535);
  component = std::clamp<uint16_t>(component, 1, 256);
  return (type_preference(type) << 24) + (local_preference << 8) + (256u - component);
}

std::string candidate_foundation(CandidateType type, const IpAddress& base, const std::optional<IpAddress>& server,
                                 TransportProtocol transport) {
  // FNV-1a over the defining tuple: stable across runs and processes, short enough for SDP.
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&h](uint8_t b) {
    h ^= b;
    h *= 0x100000001b3ull;
  };
  mix(static_cast<uint8_t>(type));
  mix(static_cast<uint8_t>(transport));
  for (uint8_t b : base.bytes()) mix(b);
  if (server) {
    mix(1);
    for (uint8_t b : server->bytes()) mix(b);
  }
  return std::to_string(h % 4294967296ull);
}

std::string to_string(const Candidate& c) {
  std::string out(to_string(c.type));
  out += ' ';
  out += to_string(c.transport);
  out += ' ';
  out += c.address.to_string();
  out += " comp=" + std::to_string(c.component) + " prio=" + std::to_string(c.priority);
  if (c.related_address) out += " raddr=" + c.related_address->to_string();
  return out;
}

uint64_t pair_priority(uint32_t controlling_priority, uint32_t controlled_priority) {
  uint64_t g = controlling_priority, d = controlled_priority;
  return (std::min(g, d) << 32) + 2 * std::max(g, d) + (g > d ? 1 : 0);
}

}  // namespace purertc::ice
