// INIT (RFC 9260 3.3.2) and INIT ACK (3.3.3) share one layout; INIT ACK must carry a State Cookie.
//
//  |   Type = 1 or 2  |  Chunk Flags  |      Chunk Length             |
//  |                         Initiate Tag                             |
//  |           Advertised Receiver Window Credit (a_rwnd)             |
//  |  Number of Outbound Streams      |  Number of Inbound Streams    |
//  |                          Initial TSN                             |
//  \              Optional/Variable-Length Parameters                 /
//
// Capabilities are read from Supported Extensions (RFC 5061 4.2.7: RE-CONFIG 130, FORWARD-TSN 192,
// I-DATA 64, I-FORWARD-TSN 194), Forward-TSN-Supported (RFC 3758) and Zero Checksum Acceptable (RFC 9653).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/result.h"
#include "sctp/packet/sctp_packet.h"

namespace purertc::sctp {

struct Capabilities {
  bool partial_reliability = false;  // FORWARD-TSN (RFC 3758)
  bool reconfig = false;             // RE-CONFIG (RFC 6525)
  bool interleaving = false;         // I-DATA + I-FORWARD-TSN (RFC 8260)
  bool zero_checksum = false;        // RFC 9653 with EDMID DTLS
};

struct InitChunk {
  uint32_t initiate_tag = 0;
  uint32_t a_rwnd = 0;
  uint16_t outbound_streams = 0;
  uint16_t inbound_streams = 0;
  uint32_t initial_tsn = 0;
  Capabilities capabilities;
  std::span<const uint8_t> state_cookie;                 // INIT ACK only (a view)
  std::vector<std::span<const uint8_t>> unrecognized;    // parameters whose type asks to be reported

  // `is_ack` selects the INIT ACK rules (a cookie is mandatory). Fails on a zero initiate tag or zero
  // stream counts (RFC 9260 3.3.2: "MUST NOT be 0" / invalid mandatory parameter).
  static Result<InitChunk> parse(const ChunkView& chunk, bool is_ack);
  // Appends the chunk with Supported Extensions, Forward-TSN-Supported, Zero Checksum Acceptable as the
  // capabilities say, plus the cookie and unrecognized-parameter reports when set.
  void append_to(std::vector<uint8_t>& out, bool is_ack) const;
};

}  // namespace purertc::sctp
