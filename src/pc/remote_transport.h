// What a remote description says about the one bundled transport: ICE credentials and candidates, the
// DTLS fingerprints and setup role, and the SCTP parameters of its data m-line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sdp/sdp.h"

namespace purertc::pc {

struct RemoteTransport {
  std::string ice_ufrag;
  std::string ice_pwd;
  bool ice_lite = false;
  std::vector<sdp::Candidate> candidates;
  bool end_of_candidates = false;
  std::vector<std::string> fingerprints;  // "sha-256 AB:CD:..."
  sdp::SetupRole setup = sdp::SetupRole::kActpass;
  // The accepted application m-line (RFC 8841), if any.
  std::optional<std::string> data_mid;
  bool has_data = false;
  uint16_t sctp_port = 5000;
  uint64_t max_message_size = sdp::kDefaultMaxMessageSize;
};

// Reads the transport from the first accepted m-line (all are bundled on it, RFC 8843) and candidates
// from every m-line. Errors: kMissing when no m-line is accepted or it lacks ICE credentials or a
// fingerprint.
Result<RemoteTransport, sdp::SdpError> read_remote_transport(const sdp::SessionDescription& sd);

}  // namespace purertc::pc
