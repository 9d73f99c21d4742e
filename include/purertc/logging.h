// Logging controls for applications. purertc is silent below kWarning by default.
//
// Threading: all functions are thread-safe. The sink is called from whichever purertc thread logs (the
// event loop thread once a PeerConnection exists); it must not block for long and must be thread-safe.
#pragma once

#include <functional>
#include <string_view>

#include "purertc/export.h"

namespace purertc {

enum class LogLevel { kTrace = 0, kDebug = 1, kInfo = 2, kWarning = 3, kError = 4, kNone = 5 };

// module: "stun", "dtls", "sctp"... ; message: one line, no trailing newline, valid only during the call.
using LogSink = std::function<void(LogLevel level, std::string_view module, std::string_view message)>;

PURERTC_EXPORT std::string_view to_string(LogLevel level);
// Messages below `level` are neither formatted nor passed to the sink.
PURERTC_EXPORT void set_log_level(LogLevel level);
PURERTC_EXPORT LogLevel log_level();
// Replaces the sink; an empty function restores the default (stderr).
PURERTC_EXPORT void set_log_sink(LogSink sink);

}  // namespace purertc
