// RE-CONFIG chunk (RFC 6525 3.1): one or two re-configuration parameters (see parameters.h).
//
//  |  Type = 130   |  Chunk Flags  |      Chunk Length             |
//  \                  Re-configuration Parameter                   /
//  \            Re-configuration Parameter (optional)              /
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/result.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/sctp_packet.h"

namespace purertc::sctp {

// RFC 6525 3.1: exactly one or two parameters.
Result<std::vector<ParameterView>> parse_reconfig_chunk(const ChunkView& chunk);
// `params` are complete, padded parameters (from the append_to helpers in parameters.h).
void append_reconfig_chunk(std::vector<uint8_t>& out, std::span<const uint8_t> params);

}  // namespace purertc::sctp
