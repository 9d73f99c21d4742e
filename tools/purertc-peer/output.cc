#include "output.h"

#include <cstdio>
#include <mutex>

namespace purertc::peer {
namespace {
std::mutex g_output_mutex;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string json_object(std::initializer_list<std::pair<std::string_view, JsonValue>> members) {
  std::string out = "{";
  for (const auto& [name, value] : members) {
    if (out.size() > 1) out += ',';
    out += json_string(name);
    out += ':';
    if (std::holds_alternative<std::monostate>(value)) {
      out += "null";
    } else if (auto* s = std::get_if<std::string>(&value)) {
      out += json_string(*s);
    } else if (auto* i = std::get_if<int64_t>(&value)) {
      out += std::to_string(*i);
    } else {
      out += std::get<bool>(value) ? "true" : "false";
    }
  }
  out += '}';
  return out;
}

void print_line(const std::string& line) {
  std::lock_guard lock(g_output_mutex);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void print_error(std::string_view message) {
  std::lock_guard lock(g_output_mutex);
  std::fprintf(stderr, "purertc-peer: %.*s\n", static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
}

}  // namespace purertc::peer
