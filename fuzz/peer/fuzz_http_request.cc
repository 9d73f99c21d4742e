// purertc-peer's HTTP/1.1 parser (tools/purertc-peer/http.h) on arbitrary bytes, as a request and as a
// response: never crash or read out of bounds, stay within the limits, and whatever parses as a request
// formats back into a request that parses to the same method, target, headers and body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http.h"

using namespace purertc::peer;

namespace {

void check_request(std::string_view text, const HttpLimits& limits) {
  HttpMessage m;
  ParseResult r = parse_request(text, limits, m);
  if (r.state == ParseState::kError && (r.status < 400 || r.error.empty())) __builtin_trap();
  if (r.state != ParseState::kComplete) return;
  if (r.consumed > text.size() || m.body.size() > limits.max_body_bytes || m.headers.size() > limits.max_headers) {
    __builtin_trap();
  }
  HttpHeaders headers;
  for (const auto& [name, value] : m.headers) {
    if (name.size() == 14 && (name[0] | 0x20) == 'c' && name.find_first_of("-") == 7) continue;  // Content-Length
    headers.emplace_back(name, value);
  }
  std::string again = format_request(m.method, m.target, "h", headers, m.body);
  HttpMessage m2;
  HttpLimits roomy;
  roomy.max_header_bytes = again.size() + 1;
  roomy.max_headers = headers.size() + 3;
  roomy.max_body_bytes = m.body.size();
  ParseResult r2 = parse_request(again, roomy, m2);
  if (r2.state != ParseState::kComplete || r2.consumed != again.size() || m2.method != m.method ||
      m2.target != m.target || m2.body != m.body) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_request(text, HttpLimits{});
  HttpLimits tight;
  tight.max_header_bytes = 128;
  tight.max_headers = 3;
  tight.max_body_bytes = 64;
  check_request(text, tight);
  for (bool eof : {false, true}) {
    HttpMessage m;
    ParseResult r = parse_response(text, eof, tight, m);
    if (r.state == ParseState::kComplete && (r.consumed > text.size() || m.status < 0 || m.status > 999)) __builtin_trap();
  }
  return 0;
}
