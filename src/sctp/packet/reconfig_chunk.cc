#include "sctp/packet/reconfig_chunk.h"

#include "sctp/packet/chunk_type.h"
#include "sctp/packet/control_chunks.h"

namespace purertc::sctp {

Result<std::vector<ParameterView>> parse_reconfig_chunk(const ChunkView& chunk) {
  auto params = parse_parameters(chunk.value, 2);
  if (!params) return unexpected(params.error());
  if (params->empty()) return unexpected(Error{Errc::kMalformed, "sctp: RE-CONFIG without parameters"});
  return params;
}

void append_reconfig_chunk(std::vector<uint8_t>& out, std::span<const uint8_t> params) {
  append_simple_chunk(out, ChunkType::kReconfig, 0, params);
}

}  // namespace purertc::sctp
