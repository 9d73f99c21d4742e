// The State Cookie (RFC 9260 5.1.3): everything needed to build the association, signed with
// HMAC-SHA-256 under a secret key only this endpoint knows, so a listener keeps no state before the
// COOKIE ECHO and nobody else can forge or alter one.
//
//  magic(4) created_us(8) local_tag(4) peer_tag(4) local_initial_tsn(4) peer_initial_tsn(4)
//  peer_a_rwnd(4) peer_outbound_streams(2) peer_inbound_streams(2) local_tie_tag(4) peer_tie_tag(4)
//  capabilities(1) reserved(3) | HMAC-SHA-256(32)
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/timestamp.h"
#include "crypto/hmac.h"
#include "sctp/packet/init_chunk.h"

namespace purertc::sctp {

struct StateCookie {
  Timestamp created;
  uint32_t local_tag = 0;
  uint32_t peer_tag = 0;
  uint32_t local_initial_tsn = 0;
  uint32_t peer_initial_tsn = 0;
  uint32_t peer_a_rwnd = 0;
  uint16_t peer_outbound_streams = 0;
  uint16_t peer_inbound_streams = 0;
  uint32_t local_tie_tag = 0;
  uint32_t peer_tie_tag = 0;
  Capabilities capabilities;  // already the intersection of both sides

  static constexpr size_t kBodySize = 52;
  static constexpr size_t kSize = kBodySize + 32;

  std::vector<uint8_t> sign(crypto::HmacKey& key) const;
  // Checks the size, magic and MAC (constant-time); nullopt when any is wrong.
  static std::optional<StateCookie> verify(std::span<const uint8_t> cookie, crypto::HmacKey& key);
};

}  // namespace purertc::sctp
