// Logging facade. Modules log through PURERTC_LOG(level, "module", fmt, ...); the message is formatted
// only when that level is enabled, so disabled logging costs one relaxed atomic load and a branch. The
// application chooses the level and the sink (public API: include/purertc/logging.h); the default sink
// writes to stderr. A sink may be called from any thread that runs purertc code and must be thread-safe.
#pragma once

#include <atomic>
#include <cstdarg>

#include "purertc/logging.h"

namespace purertc::log {

namespace detail {
extern std::atomic<int> g_min_level;
[[gnu::format(printf, 3, 4)]] void write(LogLevel level, const char* module, const char* fmt, ...);
}  // namespace detail

inline bool enabled(LogLevel level) {
  return static_cast<int>(level) >= detail::g_min_level.load(std::memory_order_relaxed);
}

}  // namespace purertc::log

#define PURERTC_LOG(level, module, ...)                                  \
  do {                                                                   \
    if (::purertc::log::enabled(level)) {                                \
      ::purertc::log::detail::write((level), (module), __VA_ARGS__);     \
    }                                                                    \
  } while (0)

#define PURERTC_LOG_TRACE(module, ...) PURERTC_LOG(::purertc::LogLevel::kTrace, module, __VA_ARGS__)
#define PURERTC_LOG_DEBUG(module, ...) PURERTC_LOG(::purertc::LogLevel::kDebug, module, __VA_ARGS__)
#define PURERTC_LOG_INFO(module, ...) PURERTC_LOG(::purertc::LogLevel::kInfo, module, __VA_ARGS__)
#define PURERTC_LOG_WARN(module, ...) PURERTC_LOG(::purertc::LogLevel::kWarning, module, __VA_ARGS__)
#define PURERTC_LOG_ERROR(module, ...) PURERTC_LOG(::purertc::LogLevel::kError, module, __VA_ARGS__)
