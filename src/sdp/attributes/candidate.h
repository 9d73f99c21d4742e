// RFC 8839 section 5.1:
//   candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
//                         connection-address SP port SP cand-type [SP rel-addr] [SP rel-port]
//                         *(SP cand-extension)
//   foundation = 1*32ice-char          component-id = 1*3DIGIT (1-256)
//   transport  = "UDP" / token         priority = 1*10DIGIT (32 bits)
//   cand-type  = "typ" SP ("host" / "srflx" / "prflx" / "relay" / token)
//   rel-addr   = "raddr" SP connection-address       rel-port = "rport" SP port
//   cand-extension = extension-att-name SP extension-att-value   (byte-strings without SP)
// Extensions used by browsers get typed fields: tcptype (RFC 6544: active/passive/so), generation,
// ufrag, network-id and network-cost (libwebrtc). Others are kept in order. The connection address may
// be an IP literal or an FQDN (mDNS "<uuid>.local" names from browsers that hide local addresses).
// The transport compares case-insensitively: Chrome writes "udp", the RFC "UDP".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

enum class CandidateType { kHost, kSrflx, kPrflx, kRelay, kOther };
std::string_view to_string(CandidateType t);

struct Candidate {
  static constexpr std::string_view kName = "candidate";
  std::string foundation;
  uint16_t component = 1;  // 1 = RTP, 2 = RTCP
  std::string transport = "udp";
  uint32_t priority = 0;
  std::string address;
  uint16_t port = 0;
  std::string type = "host";  // as written; see candidate_type()
  std::optional<std::string> related_address;
  std::optional<uint16_t> related_port;
  std::optional<std::string> tcp_type;  // "active", "passive", "so"
  std::optional<uint32_t> generation;
  std::optional<std::string> ufrag;
  std::optional<uint32_t> network_id;
  std::optional<uint32_t> network_cost;
  std::vector<std::pair<std::string, std::string>> extensions;  // any other extension, in order

  CandidateType candidate_type() const;
  bool is_udp() const;

  // The value after "a=candidate:".
  static Result<Candidate, SdpError> parse(std::string_view v);
  // A trickled candidate string: "candidate:..." or "a=candidate:..." (what RTCIceCandidate carries).
  static Result<Candidate, SdpError> parse_line(std::string_view line);
  std::string to_value() const;
  friend bool operator==(const Candidate&, const Candidate&) = default;
};

}  // namespace purertc::sdp
