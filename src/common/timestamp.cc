#include "common/timestamp.h"

#include <cstdio>

namespace purertc {

std::string to_string(Duration d) {
  char buf[48];
  if (d.is_infinite()) return "infinite";
  int64_t us = d.us();
  int64_t mag = us < 0 ? -us : us;
  if (mag >= 1000000) std::snprintf(buf, sizeof buf, "%.3fs", d.seconds_f());
  else if (mag >= 1000) std::snprintf(buf, sizeof buf, "%.3fms", static_cast<double>(us) / 1000.0);
  else std::snprintf(buf, sizeof buf, "%lldus", static_cast<long long>(us));
  return buf;
}

std::string to_string(Timestamp t) {
  if (t.is_infinite()) return "never";
  char buf[48];
  std::snprintf(buf, sizeof buf, "t=%.6fs", static_cast<double>(t.us()) / 1e6);
  return buf;
}

}  // namespace purertc
