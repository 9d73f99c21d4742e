// The small control chunks of RFC 9260, each a header plus at most one field, kept together because
// each is a few lines:
//
//  HEARTBEAT (4) / HEARTBEAT ACK (5), 3.3.5/3.3.6: value = Heartbeat Info parameter (type 1), opaque
//    to the receiver, echoed back verbatim.
//  ABORT (6), 3.3.7: flag T (bit 0: the sender had no TCB, the tag is reflected); value = error causes.
//  ERROR (9), 3.3.10: value = error causes.
//  SHUTDOWN (7), 3.3.8: value = Cumulative TSN Ack (4 bytes).
//  SHUTDOWN ACK (8), 3.3.9: no value.
//  SHUTDOWN COMPLETE (14), 3.3.13: flag T as in ABORT, no value.
//  COOKIE ECHO (10), 3.3.11: value = the State Cookie from the INIT ACK.
//  COOKIE ACK (11), 3.3.12: no value.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/result.h"
#include "sctp/packet/chunk_type.h"
#include "sctp/packet/error_cause.h"
#include "sctp/packet/sctp_packet.h"

namespace purertc::sctp {

inline constexpr uint8_t kFlagTagReflected = 0x01;

// The Heartbeat Info parameter's value inside a HEARTBEAT or HEARTBEAT ACK.
Result<std::span<const uint8_t>> parse_heartbeat(const ChunkView& chunk);
void append_heartbeat(std::vector<uint8_t>& out, bool ack, std::span<const uint8_t> info);

// Cumulative TSN Ack of a SHUTDOWN chunk.
Result<uint32_t> parse_shutdown(const ChunkView& chunk);
void append_shutdown(std::vector<uint8_t>& out, uint32_t cumulative_tsn_ack);

// ABORT / ERROR / SHUTDOWN ACK / SHUTDOWN COMPLETE / COOKIE ECHO / COOKIE ACK: a header plus an
// opaque value (causes or cookie), built with this one helper.
void append_simple_chunk(std::vector<uint8_t>& out, ChunkType type, uint8_t flags, std::span<const uint8_t> value);

}  // namespace purertc::sctp
