#include "http.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace purertc::peer {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 9110 5.6.2 tchar.
bool is_tchar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar); }

// Field values: visible ASCII, obs-text, space and tab (RFC 9110 5.5); no control characters.
bool is_field_value(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || u >= 0x20 ? u != 0x7f : false;
  });
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

ParseResult fail(int status, std::string why) {
  ParseResult r;
  r.state = ParseState::kError;
  r.status = status;
  r.error = std::move(why);
  return r;
}

// Splits off the header section (through the blank line). Returns nullopt with `result` set when it
// is incomplete or too large.
std::optional<std::string_view> header_section(std::string_view data, const HttpLimits& limits, ParseResult& result) {
  size_t end = data.find("\r\n\r\n");
  bool too_large = end == std::string_view::npos ? data.size() >= limits.max_header_bytes
                                                  : end + 4 > limits.max_header_bytes;
  if (too_large) result = fail(431, "header section larger than " + std::to_string(limits.max_header_bytes) + " bytes");
  if (too_large || end == std::string_view::npos) return std::nullopt;
  return data.substr(0, end + 2);  // keeps the last header line's CRLF
}

// Parses the header lines after the start line into `out`, and finds the body length.
ParseResult parse_fields(std::string_view lines, const HttpLimits& limits, HttpMessage& out,
                         std::optional<size_t>& content_length) {
  while (!lines.empty()) {
    size_t eol = lines.find("\r\n");
    if (eol == std::string_view::npos) break;  // the section always ends in CRLF; defensive
    std::string_view line = lines.substr(0, eol);
    lines.remove_prefix(eol + 2);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') return fail(400, "obsolete header line folding");
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return fail(400, "header line without ':'");
    std::string_view name = line.substr(0, colon);
    std::string_view value = trim_ows(line.substr(colon + 1));
    if (!is_token(name)) return fail(400, "invalid header name");
    if (!is_field_value(value)) return fail(400, "invalid character in header value");
    if (out.headers.size() >= limits.max_headers) {
      return fail(431, "more than " + std::to_string(limits.max_headers) + " headers");
    }
    if (iequals(name, "transfer-encoding")) return fail(501, "transfer codings are not supported");
    if (iequals(name, "content-length")) {
      if (value.empty() || value.size() > 12 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return fail(400, "invalid Content-Length");
      }
      size_t n = 0;
      std::from_chars(value.data(), value.data() + value.size(), n);
      if (content_length && *content_length != n) return fail(400, "conflicting Content-Length headers");
      if (n > limits.max_body_bytes) {
        return fail(413, "body of " + std::to_string(n) + " bytes exceeds the limit of " +
                             std::to_string(limits.max_body_bytes));
      }
      content_length = n;
    }
    out.headers.emplace_back(std::string(name), std::string(value));
  }
  return {};
}

// Takes the body once all of it arrived.
ParseResult take_body(std::string_view data, size_t body_start, size_t length, HttpMessage& out) {
  ParseResult r;
  if (data.size() - body_start < length) return r;  // kNeedMore
  out.body.assign(data.substr(body_start, length));
  r.state = ParseState::kComplete;
  r.consumed = body_start + length;
  return r;
}

}  // namespace

std::optional<std::string_view> HttpMessage::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

ParseResult parse_request(std::string_view data, const HttpLimits& limits, HttpMessage& out) {
  out = HttpMessage{};
  ParseResult pending;
  auto head = header_section(data, limits, pending);
  if (!head) return pending;
  size_t eol = head->find("\r\n");
  std::string_view line = head->substr(0, eol);
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return fail(400, "malformed request line");
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method)) return fail(400, "invalid method");
  if (target.empty() || !std::all_of(target.begin(), target.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f;
      })) {
    return fail(400, "invalid request target");
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    if (version.starts_with("HTTP/")) return fail(505, "HTTP version not supported");
    return fail(400, "malformed HTTP version");
  }
  out.method.assign(method);
  out.target.assign(target);
  std::optional<size_t> length;
  ParseResult fields = parse_fields(head->substr(eol + 2), limits, out, length);
  if (fields.state == ParseState::kError) return fields;
  // A request without Content-Length has no body (RFC 9112 6.3).
  return take_body(data, head->size() + 2, length.value_or(0), out);
}

ParseResult parse_response(std::string_view data, bool eof, const HttpLimits& limits, HttpMessage& out) {
  out = HttpMessage{};
  ParseResult pending;
  auto head = header_section(data, limits, pending);
  if (!head) {
    if (pending.state == ParseState::kNeedMore && eof) return fail(0, "connection closed before the response headers ended");
    return pending;
  }
  size_t eol = head->find("\r\n");
  std::string_view line = head->substr(0, eol);
  // "HTTP/1.1 201 Created": version, three-digit status, optional reason.
  if (line.size() < 12 || !(line.starts_with("HTTP/1.1 ") || line.starts_with("HTTP/1.0 ")) ||
      !std::all_of(line.begin() + 9, line.begin() + 12, [](char c) { return c >= '0' && c <= '9'; }) ||
      (line.size() > 12 && line[12] != ' ')) {
    return fail(0, "malformed status line");
  }
  std::from_chars(line.data() + 9, line.data() + 12, out.status);
  if (line.size() > 13) out.reason.assign(line.substr(13));
  if (!is_field_value(out.reason)) return fail(0, "invalid character in reason phrase");
  std::optional<size_t> length;
  ParseResult fields = parse_fields(head->substr(eol + 2), limits, out, length);
  if (fields.state == ParseState::kError) return fields;
  size_t body_start = head->size() + 2;
  if (length) return take_body(data, body_start, *length, out);
  if (data.size() - body_start > limits.max_body_bytes) return fail(0, "response body exceeds the limit");
  if (!eof) return {};
  return take_body(data, body_start, data.size() - body_start, out);
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "";
  }
}

namespace {
void append_headers_and_body(std::string& out, const HttpHeaders& headers, std::string_view body) {
  for (const auto& [name, value] : headers) out.append(name).append(": ").append(value).append("\r\n");
  out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  out.append("Connection: close\r\n\r\n");
  out.append(body);
}
}  // namespace

std::string format_response(int status, std::string_view reason, const HttpHeaders& headers, std::string_view body) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  append_headers_and_body(out, headers, body);
  return out;
}

std::string format_request(std::string_view method, std::string_view target, std::string_view host,
                           const HttpHeaders& headers, std::string_view body) {
  std::string out = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: " + std::string(host) + "\r\n";
  append_headers_and_body(out, headers, body);
  return out;
}

}  // namespace purertc::peer
