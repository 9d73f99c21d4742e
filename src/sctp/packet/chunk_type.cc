#include "sctp/packet/chunk_type.h"

namespace purertc::sctp {

std::string_view to_string(ChunkType type) {
  switch (type) {
    case ChunkType::kData: return "DATA";
    case ChunkType::kInit: return "INIT";
    case ChunkType::kInitAck: return "INIT-ACK";
    case ChunkType::kSack: return "SACK";
    case ChunkType::kHeartbeat: return "HEARTBEAT";
    case ChunkType::kHeartbeatAck: return "HEARTBEAT-ACK";
    case ChunkType::kAbort: return "ABORT";
    case ChunkType::kShutdown: return "SHUTDOWN";
    case ChunkType::kShutdownAck: return "SHUTDOWN-ACK";
    case ChunkType::kError: return "ERROR";
    case ChunkType::kCookieEcho: return "COOKIE-ECHO";
    case ChunkType::kCookieAck: return "COOKIE-ACK";
    case ChunkType::kShutdownComplete: return "SHUTDOWN-COMPLETE";
    case ChunkType::kIData: return "I-DATA";
    case ChunkType::kReconfig: return "RE-CONFIG";
    case ChunkType::kForwardTsn: return "FORWARD-TSN";
    case ChunkType::kIForwardTsn: return "I-FORWARD-TSN";
  }
  return "UNKNOWN";
}

}  // namespace purertc::sctp
