// Helpers for the SDP tests: reading corpus files and normalizing line endings.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace purertc::sdp {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string data_file(std::string_view relative) {
  return read_file(std::filesystem::path(PURERTC_SDP_DATA_DIR) / relative);
}

// Every line ending becomes LF; a missing final one is added.
inline std::string to_lf(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

inline std::string to_crlf(std::string_view text) {
  std::string lf = to_lf(text);
  std::string out;
  out.reserve(lf.size() * 2);
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// Joins lines with CRLF (each line gets one).
inline std::string lines(std::initializer_list<std::string_view> ls) {
  std::string out;
  for (auto l : ls) {
    out += l;
    out += "\r\n";
  }
  return out;
}

}  // namespace purertc::sdp
