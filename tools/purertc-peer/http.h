// A small HTTP/1.1 message parser and formatter for purertc-peer's offer/answer exchange (one request,
// one response per connection). Strict and bounded: header section and body sizes are limited, no
// chunked transfer coding, no obsolete line folding. Pure functions over bytes, so they are unit tested
// and fuzzed (fuzz/peer/) without sockets.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace purertc::peer {

struct HttpLimits {
  size_t max_header_bytes = 16 * 1024;  // request/status line plus headers plus the blank line
  size_t max_headers = 64;
  size_t max_body_bytes = 256 * 1024;  // an SDP offer with many candidates stays far below this
};

struct HttpMessage {
  // Request line (requests only).
  std::string method;
  std::string target;
  // Status line (responses only).
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header with this name (names compare case-insensitively).
  std::optional<std::string_view> header(std::string_view name) const;
};

enum class ParseState { kNeedMore, kComplete, kError };

struct ParseResult {
  ParseState state = ParseState::kNeedMore;
  // For kError: the HTTP status a server answers with (400, 413, 431, 501, 505) and why.
  int status = 0;
  std::string error;
  // For kComplete: bytes of the input that made up the message.
  size_t consumed = 0;
};

// Parses one request from the start of `data`. kNeedMore while the header section or the body is
// incomplete (and within limits).
ParseResult parse_request(std::string_view data, const HttpLimits& limits, HttpMessage& out);

// Parses one response. Without Content-Length the body runs to the end of the connection: pass
// `eof` = true once the peer closed, and the rest of `data` becomes the body.
ParseResult parse_response(std::string_view data, bool eof, const HttpLimits& limits, HttpMessage& out);

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// "HTTP/1.1 <status> <reason>" with the headers, Content-Length, Connection: close, and the body.
std::string format_response(int status, std::string_view reason, const HttpHeaders& headers, std::string_view body);
// "<method> <target> HTTP/1.1" with Host, the headers, Content-Length, Connection: close, and the body.
std::string format_request(std::string_view method, std::string_view target, std::string_view host,
                           const HttpHeaders& headers, std::string_view body);

// The standard reason phrase of the statuses purertc-peer uses ("" for others).
std::string_view reason_phrase(int status);

}  // namespace purertc::peer
