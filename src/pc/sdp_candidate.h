// Conversion between the SDP form of a candidate (a=candidate, RFC 8839 section 5.1) and the ICE agent's.
#pragma once

#include <optional>
#include <string>

#include "ice/candidate.h"
#include "sdp/attributes/candidate.h"

namespace purertc::pc {

// The SDP form of a local candidate. `mdns_name` replaces the IP address when it is not empty.
sdp::Candidate to_sdp_candidate(const ice::Candidate& c, const std::string& mdns_name = {});

// The agent's form of a remote candidate; nullopt for what the agent cannot use (TCP, an address that
// is not an IP literal such as an unresolved mDNS name, a component other than 1 under rtcp-mux).
std::optional<ice::Candidate> to_ice_candidate(const sdp::Candidate& c);

}  // namespace purertc::pc
