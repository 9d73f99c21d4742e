#include "common/log.h"

#include <cstdio>
#include <mutex>
#include <utility>

namespace purertc {
namespace log::detail {

std::atomic<int> g_min_level{static_cast<int>(LogLevel::kWarning)};

namespace {

// The sink is swapped rarely and called often; a mutex keeps the swap safe without asking every sink to
// be lock-free. Formatting happens before the lock is taken.
std::mutex& sink_mutex() {
  static std::mutex m;
  return m;
}
LogSink& sink_storage() {
  static LogSink sink;
  return sink;
}

}  // namespace

void write(LogLevel level, const char* module, const char* fmt, ...) {
  char buf[1024];
  va_list args;
  va_start(args, fmt);
  int n = std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  if (n < 0) return;
  std::string_view message(buf, static_cast<size_t>(n) < sizeof buf ? static_cast<size_t>(n) : sizeof buf - 1);

  std::lock_guard lock(sink_mutex());
  if (sink_storage()) {
    sink_storage()(level, module, message);
  } else {
    std::fprintf(stderr, "[purertc %s %s] %.*s\n", std::string(to_string(level)).c_str(), module,
                 static_cast<int>(message.size()), message.data());
  }
}

}  // namespace log::detail

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace: return "trace";
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
    case LogLevel::kNone: return "none";
  }
  return "unknown";
}

void set_log_level(LogLevel level) {
  log::detail::g_min_level.store(static_cast<int>(level), std::memory_order_relaxed);
}

LogLevel log_level() { return static_cast<LogLevel>(log::detail::g_min_level.load(std::memory_order_relaxed)); }

void set_log_sink(LogSink sink) {
  std::lock_guard lock(log::detail::sink_mutex());
  log::detail::sink_storage() = std::move(sink);
}

}  // namespace purertc
