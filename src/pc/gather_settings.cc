#include "pc/gather_settings.h"

#include <netdb.h>
#include <sys/socket.h>

#include <charconv>
#include <string_view>

#include "pc/sockaddr.h"

namespace purertc::pc {
namespace {

std::optional<IpAddress> resolve(const std::string& host) {
  if (auto ip = IpAddress::parse(host)) return ip;
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* result = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &result) != 0 || result == nullptr) return std::nullopt;
  std::optional<IpAddress> out;
  for (addrinfo* a = result; a != nullptr && !out; a = a->ai_next) {
    if (auto sa = from_sockaddr(a->ai_addr, a->ai_addrlen)) out = sa->ip;
  }
  freeaddrinfo(result);
  return out;
}

}  // namespace

RtcResult<IceServerAddresses> resolve_ice_servers(const std::vector<IceServer>& servers) {
  IceServerAddresses out;
  for (const IceServer& server : servers) {
    for (const std::string& url : server.urls) {
      const size_t colon = url.find(':');
      if (colon == std::string::npos) return RtcError{RtcErrorCode::kSyntaxError, "ICE server URL without scheme: " + url};
      const std::string_view scheme = std::string_view(url).substr(0, colon);
      std::string_view rest = std::string_view(url).substr(colon + 1);
      if (scheme == "stuns" || scheme == "turns") {
        return RtcError{RtcErrorCode::kNotSupported, "TLS STUN/TURN (" + std::string(scheme) + ":) is not supported"};
      }
      if (scheme != "stun" && scheme != "turn") return RtcError{RtcErrorCode::kSyntaxError, "unknown ICE server scheme: " + url};
      std::string_view query;
      if (size_t q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
      }
      if (!query.empty() && query != "transport=udp") {
        return RtcError{RtcErrorCode::kNotSupported, "only UDP TURN is supported: " + url};
      }
      std::string host;
      uint16_t port = 3478;
      std::string_view port_text;
      if (!rest.empty() && rest.front() == '[') {  // [v6]:port
        const size_t close = rest.find(']');
        if (close == std::string_view::npos) return RtcError{RtcErrorCode::kSyntaxError, "bad IPv6 host in " + url};
        host = std::string(rest.substr(1, close - 1));
        if (close + 1 < rest.size() && rest[close + 1] == ':') port_text = rest.substr(close + 2);
      } else if (size_t c = rest.rfind(':'); c != std::string_view::npos) {
        host = std::string(rest.substr(0, c));
        port_text = rest.substr(c + 1);
      } else {
        host = std::string(rest);
      }
      if (!port_text.empty()) {
        auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || p != port_text.data() + port_text.size() || port == 0) {
          return RtcError{RtcErrorCode::kSyntaxError, "bad port in " + url};
        }
      }
      if (host.empty()) return RtcError{RtcErrorCode::kSyntaxError, "no host in " + url};
      auto ip = resolve(host);
      if (!ip) return RtcError{RtcErrorCode::kOperationError, "cannot resolve " + host};
      if (scheme == "stun") {
        out.stun.push_back(SocketAddress{*ip, port});
      } else {
        if (server.username.empty() || server.credential.empty()) {
          return RtcError{RtcErrorCode::kInvalidArgument, "TURN server without username/credential: " + url};
        }
        out.turn.push_back(TurnServer{SocketAddress{*ip, port}, server.username, server.credential, TurnTransport::kUdp});
      }
    }
  }
  return out;
}

UdpSocketOptions transport_socket_options() {
  UdpSocketOptions o;
  // The kernel default (rmem_default, often 208 KiB, about 90 datagrams of 1200 bytes) overflows as soon
  // as the receiving process is descheduled for a moment under a full SCTP congestion window; each drop
  // costs SCTP a fast retransmit or an RTO. These are limits, not allocations (idle sockets cost
  // nothing), and the kernel caps them at rmem_max / wmem_max.
  o.receive_buffer_bytes = 4 * 1024 * 1024;
  o.send_buffer_bytes = 1024 * 1024;
  // A GSO sender's runs (ours send them) then arrive as one buffer instead of being segmented on the way
  // and read one by one. The receivers (IceGatherer, UdpMux) read into kGroSlotSize slots.
  o.gro = true;
  return o;
}

GatherSettings make_gather_settings(const SettingEngine& engine, const Configuration& configuration,
                                    const IceServerAddresses& servers) {
  GatherSettings g;
  if (engine.interface_filter) {
    g.interface_filter = [f = engine.interface_filter](const NetworkInterface& i) { return f(i.name); };
  }
  if (engine.ip_filter) {
    g.ip_filter = [f = engine.ip_filter](const IpAddress& ip) { return f(ip.to_string()); };
  }
  g.include_loopback = engine.include_loopback_candidate;
  g.socket_options = transport_socket_options();
  g.port_min = engine.ephemeral_udp_port_min;
  g.port_max = engine.ephemeral_udp_port_max;
  g.stun_servers = servers.stun;
  g.turn_servers = servers.turn;
  for (const std::string& text : engine.nat_1to1_ips) {
    // Pion's form: "external" or "external/local".
    const size_t slash = text.find('/');
    auto external = IpAddress::parse(text.substr(0, slash));
    if (!external) continue;
    NatMapping m{*external, std::nullopt};
    if (slash != std::string::npos) m.local = IpAddress::parse(text.substr(slash + 1));
    g.nat_1to1_ips.push_back(m);
  }
  g.nat_1to1_candidate_type = engine.nat_1to1_candidate_type == purertc::NatCandidateType::kHost
                                  ? NatCandidateType::kHost
                                  : NatCandidateType::kServerReflexive;
  switch (engine.mdns_mode) {
    case MulticastDnsMode::kDisabled: g.mdns_mode = MdnsMode::kDisabled; break;
    case MulticastDnsMode::kQueryOnly: g.mdns_mode = MdnsMode::kQueryOnly; break;
    case MulticastDnsMode::kQueryAndGather: g.mdns_mode = MdnsMode::kQueryAndGather; break;
  }
  g.relay_only = configuration.ice_transport_policy == IceTransportPolicy::kRelay;
  g.stun_timeout = Duration::millis(engine.ice_gathering_timeout.count());
  g.turn_timeout = Duration::millis(engine.ice_gathering_timeout.count());
  return g;
}

}  // namespace purertc::pc
