#include "sctp/packet/control_chunks.h"

#include "common/byte_order.h"
#include "sctp/packet/parameters.h"

namespace purertc::sctp {

Result<std::span<const uint8_t>> parse_heartbeat(const ChunkView& chunk) {
  auto params = parse_parameters(chunk.value, 4);
  if (!params) return unexpected(params.error());
  for (const auto& p : *params) {
    if (p.type == static_cast<uint16_t>(ParameterType::kHeartbeatInfo)) return p.value;
  }
  return unexpected(Error{Errc::kMalformed, "sctp: HEARTBEAT without heartbeat info"});
}

void append_heartbeat(std::vector<uint8_t>& out, bool ack, std::span<const uint8_t> info) {
  size_t at = out.size();
  append_u8(out, static_cast<uint8_t>(ack ? ChunkType::kHeartbeatAck : ChunkType::kHeartbeat));
  append_u8(out, 0);
  append_u16(out, 0);
  append_parameter(out, static_cast<uint16_t>(ParameterType::kHeartbeatInfo), info);
  store_u16(out.data() + at + 2, static_cast<uint16_t>(out.size() - at));
}

Result<uint32_t> parse_shutdown(const ChunkView& chunk) {
  if (chunk.value.size() < 4) return unexpected(Error{Errc::kTruncated, "sctp: SHUTDOWN chunk too short"});
  return load_u32(chunk.value.data());
}

void append_shutdown(std::vector<uint8_t>& out, uint32_t cumulative_tsn_ack) {
  uint8_t v[4];
  store_u32(v, cumulative_tsn_ack);
  append_simple_chunk(out, ChunkType::kShutdown, 0, v);
}

void append_simple_chunk(std::vector<uint8_t>& out, ChunkType type, uint8_t flags, std::span<const uint8_t> value) {
  append_u8(out, static_cast<uint8_t>(type));
  append_u8(out, flags);
  append_u16(out, static_cast<uint16_t>(4 + value.size()));
  append_bytes(out, value);
  pad4(out);
}

}  // namespace purertc::sctp
