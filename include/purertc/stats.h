// get_stats(): a W3C-shaped stats report (https://www.w3.org/TR/webrtc-stats/). Each entry has the W3C
// type ("peer-connection", "transport", "candidate-pair", "local-candidate", "remote-candidate",
// "data-channel", "certificate", "codec") and members named as in the spec (bytesSent, messagesReceived,
// dtlsState ...), and "outbound-rtp" / "inbound-rtp" per media stream.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace purertc {

using StatsValue = std::variant<bool, int64_t, uint64_t, double, std::string>;

struct Stats {
  std::string type;
  std::string id;
  double timestamp_ms = 0;  // monotonic clock, milliseconds
  std::map<std::string, StatsValue> members;

  // The member as T, or nullopt when absent or of another type.
  template <class T>
  std::optional<T> get(const std::string& name) const {
    auto it = members.find(name);
    if (it == members.end() || !std::holds_alternative<T>(it->second)) return std::nullopt;
    return std::get<T>(it->second);
  }
};

struct StatsReport {
  std::vector<Stats> stats;
  // The entries of one type, in report order. The pointers point into this report: keep the report alive
  // while using them (`for (auto* s : pc.get_stats().of_type(...))` reads a destroyed temporary).
  std::vector<const Stats*> of_type(const std::string& type) const {
    std::vector<const Stats*> out;
    for (const Stats& s : stats) {
      if (s.type == type) out.push_back(&s);
    }
    return out;
  }
};

}  // namespace purertc
