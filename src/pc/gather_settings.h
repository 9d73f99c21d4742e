// From the public SettingEngine and Configuration to what the IceGatherer takes: filters, port range,
// NAT 1:1 mappings, mDNS mode, and the STUN/TURN servers of Configuration::ice_servers.
#pragma once

#include <vector>

#include "pc/gather/ice_gatherer.h"
#include "purertc/configuration.h"
#include "purertc/rtc_error.h"
#include "purertc/setting_engine.h"

namespace purertc::pc {

struct IceServerAddresses {
  std::vector<SocketAddress> stun;
  std::vector<TurnServer> turn;
};

// Parses RFC 7064 / RFC 7065 URLs ("stun:host[:port]", "turn:host[:port][?transport=udp|tcp]"; turns: and
// stuns: are refused: purertc has no TLS transport for them) and resolves host names (getaddrinfo: this
// blocks, so call it on the application's thread). Errors: kSyntaxError for a malformed URL,
// kInvalidArgument for a TURN URL without username/credential, kNotSupported for turns:/stuns: and
// TCP TURN, kOperationError when a host name does not resolve.
RtcResult<IceServerAddresses> resolve_ice_servers(const std::vector<IceServer>& servers);

// The options of every UDP socket that carries a PeerConnection's traffic (gathered host sockets and the
// single-port mux): large kernel buffers and UDP GRO on receive.
UdpSocketOptions transport_socket_options();

GatherSettings make_gather_settings(const SettingEngine& engine, const Configuration& configuration,
                                    const IceServerAddresses& servers);

}  // namespace purertc::pc
