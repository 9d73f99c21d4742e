#include "pc/sdp_candidate.h"

namespace purertc::pc {

sdp::Candidate to_sdp_candidate(const ice::Candidate& c, const std::string& mdns_name) {
  sdp::Candidate s;
  s.foundation = c.foundation;
  s.component = c.component;
  s.transport = std::string(ice::to_string(c.transport));
  s.priority = c.priority;
  s.address = mdns_name.empty() ? c.address.ip.to_string() : mdns_name;
  s.port = c.address.port;
  s.type = std::string(ice::to_string(c.type));
  if (c.related_address) {
    s.related_address = c.related_address->ip.to_string();
    s.related_port = c.related_address->port;
  }
  return s;
}

std::optional<ice::Candidate> to_ice_candidate(const sdp::Candidate& s) {
  // Everything is bundled with rtcp-mux (RFC 9429 rtcpMuxPolicy "require"): only component 1 is used.
  if (!s.is_udp() || s.component != 1) return std::nullopt;
  auto ip = IpAddress::parse(s.address);
  auto type = ice::candidate_type_from_string(s.type);
  if (!ip || !type) return std::nullopt;
  ice::Candidate c;
  c.foundation = s.foundation;
  c.component = s.component;
  c.transport = ice::TransportProtocol::kUdp;
  c.priority = s.priority;
  c.address = SocketAddress{*ip, s.port};
  c.type = *type;
  if (s.related_address && s.related_port) {
    if (auto rip = IpAddress::parse(*s.related_address)) c.related_address = SocketAddress{*rip, *s.related_port};
  }
  c.base = c.address;
  if (s.ufrag) c.ufrag = *s.ufrag;
  return c;
}

}  // namespace purertc::pc
