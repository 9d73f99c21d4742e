#include "sdp/attributes/candidate.h"

#include "sdp/text.h"

namespace purertc::sdp {

std::string_view to_string(CandidateType t) {
  switch (t) {
    case CandidateType::kHost: return "host";
    case CandidateType::kSrflx: return "srflx";
    case CandidateType::kPrflx: return "prflx";
    case CandidateType::kRelay: return "relay";
    case CandidateType::kOther: return "other";
  }
  return "other";
}

CandidateType Candidate::candidate_type() const {
  for (auto t : {CandidateType::kHost, CandidateType::kSrflx, CandidateType::kPrflx, CandidateType::kRelay}) {
    if (type == to_string(t)) return t;
  }
  return CandidateType::kOther;
}

bool Candidate::is_udp() const { return text::iequals(transport, "udp"); }

static SdpError bad(SdpErrc code, const char* why) { return SdpError(code, why); }

// connection-address: IPv4/IPv6 literal or FQDN. All are visible ASCII without SP; anything else is a
// syntax error (the full address grammar is checked where the address is used, by the ICE agent).
static bool is_address(std::string_view s) {
  if (s.empty() || s.size() > 255) return false;
  for (char c : s) {
    if (!text::is_alpha(c) && !text::is_digit(c) && c != '.' && c != ':' && c != '-' && c != '_' && c != '%') return false;
  }
  return true;
}

Result<Candidate, SdpError> Candidate::parse(std::string_view v) {
  auto f = text::split(v, ' ');
  if (f.size() < 8) return unexpected(bad(SdpErrc::kMissing, "a=candidate: expected foundation component transport priority address port typ type"));
  Candidate c;
  if (f[0].empty() || f[0].size() > 32) return unexpected(bad(SdpErrc::kSyntax, "a=candidate: foundation must be 1-32 ice-chars"));
  for (char ch : f[0]) {
    if (!text::is_ice_char(ch)) return unexpected(bad(SdpErrc::kSyntax, "a=candidate: foundation must be 1-32 ice-chars"));
  }
  c.foundation = std::string(f[0]);
  auto component = f[1].size() <= 3 ? text::parse_uint(f[1], 256) : std::nullopt;
  if (!component || *component == 0) return unexpected(bad(SdpErrc::kInvalidValue, "a=candidate: component-id must be 1-256"));
  c.component = static_cast<uint16_t>(*component);
  if (!text::is_token(f[2])) return unexpected(bad(SdpErrc::kSyntax, "a=candidate: transport must be a token"));
  c.transport = std::string(f[2]);
  auto priority = f[3].size() <= 10 ? text::parse_uint(f[3], UINT32_MAX) : std::nullopt;
  if (!priority) return unexpected(bad(SdpErrc::kInvalidValue, "a=candidate: priority must be a 32-bit number"));
  c.priority = static_cast<uint32_t>(*priority);
  if (!is_address(f[4])) return unexpected(bad(SdpErrc::kSyntax, "a=candidate: connection-address must be an IP address or FQDN"));
  c.address = std::string(f[4]);
  auto port = text::parse_uint(f[5], 65535);
  if (!port) return unexpected(bad(SdpErrc::kInvalidValue, "a=candidate: port must be 0-65535"));
  c.port = static_cast<uint16_t>(*port);
  if (f[6] != "typ") return unexpected(bad(SdpErrc::kSyntax, "a=candidate: expected \"typ\" after the port"));
  if (!text::is_token(f[7])) return unexpected(bad(SdpErrc::kSyntax, "a=candidate: candidate type must be a token"));
  c.type = std::string(f[7]);
  size_t i = 8;
  if ((f.size() - i) % 2 != 0) return unexpected(bad(SdpErrc::kSyntax, "a=candidate: extensions must be name/value pairs"));
  for (; i < f.size(); i += 2) {
    std::string_view name = f[i];
    std::string_view value = f[i + 1];
    if (name.empty() || value.empty()) return unexpected(bad(SdpErrc::kSyntax, "a=candidate: fields are separated by one SP"));
    if (name == "raddr") {
      if (c.related_address || !is_address(value)) return unexpected(bad(SdpErrc::kSyntax, "a=candidate: raddr must be one IP address or FQDN"));
      c.related_address = std::string(value);
    } else if (name == "rport") {
      auto rport = text::parse_uint(value, 65535);
      if (c.related_port || !rport) return unexpected(bad(SdpErrc::kInvalidValue, "a=candidate: rport must be one port 0-65535"));
      c.related_port = static_cast<uint16_t>(*rport);
    } else if (name == "tcptype") {
      if (c.tcp_type || (value != "active" && value != "passive" && value != "so")) return unexpected(bad(SdpErrc::kInvalidValue, "a=candidate: tcptype must be active, passive or so (RFC 6544)"));
      c.tcp_type = std::string(value);
    } else if (name == "generation") {
      auto g = text::parse_uint(value, UINT32_MAX);
      if (c.generation || !g) return unexpected(bad(SdpErrc::kInvalidValue, "a=candidate: generation must be a number"));
      c.generation = static_cast<uint32_t>(*g);
    } else if (name == "ufrag") {
      if (c.ufrag) return unexpected(bad(SdpErrc::kConflict, "a=candidate: ufrag given twice"));
      c.ufrag = std::string(value);
    } else if (name == "network-id") {
      auto n = text::parse_uint(value, UINT32_MAX);
      if (c.network_id || !n) return unexpected(bad(SdpErrc::kInvalidValue, "a=candidate: network-id must be a number"));
      c.network_id = static_cast<uint32_t>(*n);
    } else if (name == "network-cost") {
      auto n = text::parse_uint(value, UINT32_MAX);
      if (c.network_cost || !n) return unexpected(bad(SdpErrc::kInvalidValue, "a=candidate: network-cost must be a number"));
      c.network_cost = static_cast<uint32_t>(*n);
    } else {
      c.extensions.emplace_back(std::string(name), std::string(value));
    }
  }
  // RFC 8839 section 5.1: a TCP candidate carries tcptype (RFC 6544 section 4.5).
  if (text::iequals(c.transport, "tcp") && !c.tcp_type) return unexpected(bad(SdpErrc::kMissing, "a=candidate: a TCP candidate needs tcptype (RFC 6544)"));
  return c;
}

Result<Candidate, SdpError> Candidate::parse_line(std::string_view line) {
  if (line.substr(0, 2) == "a=") line.remove_prefix(2);
  if (line.substr(0, 10) != "candidate:") return unexpected(bad(SdpErrc::kSyntax, "candidate: must start with \"candidate:\""));
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  return parse(line.substr(10));
}

std::string Candidate::to_value() const {
  std::string out = foundation;
  out += ' ';
  text::append_uint(out, component);
  out += ' ';
  out += transport;
  out += ' ';
  text::append_uint(out, priority);
  out += ' ';
  out += address;
  out += ' ';
  text::append_uint(out, port);
  out += " typ ";
  out += type;
  if (related_address) {
    out += " raddr ";
    out += *related_address;
  }
  if (related_port) {
    out += " rport ";
    text::append_uint(out, *related_port);
  }
  if (tcp_type) {
    out += " tcptype ";
    out += *tcp_type;
  }
  if (generation) {
    out += " generation ";
    text::append_uint(out, *generation);
  }
  if (ufrag) {
    out += " ufrag ";
    out += *ufrag;
  }
  if (network_id) {
    out += " network-id ";
    text::append_uint(out, *network_id);
  }
  if (network_cost) {
    out += " network-cost ";
    text::append_uint(out, *network_cost);
  }
  for (const auto& [name, value] : extensions) {
    out += ' ';
    out += name;
    out += ' ';
    out += value;
  }
  return out;
}

}  // namespace purertc::sdp
