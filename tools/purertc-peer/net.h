// Blocking TCP with deadlines for purertc-peer's HTTP exchange: a listener, one-shot request/response
// I/O on a connection, and a client that POSTs one request. IPv4 and IPv6 (getaddrinfo).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "http.h"

namespace purertc::peer {

using Clock = std::chrono::steady_clock;

// An owned file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd();
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

struct Listener {
  Fd fd;
  int port = 0;  // the bound port (useful with port 0)
};

// Binds and listens on address:port. On failure returns nullopt and sets `error`.
std::optional<Listener> listen_tcp(const std::string& address, int port, std::string& error);

// Waits up to `wait` for a connection; an invalid Fd when none came (or on error).
Fd accept_tcp(const Listener& listener, std::chrono::milliseconds wait);

// Reads one request until it is complete, malformed, the peer closes, or `deadline`. Returns the parse
// result (kNeedMore means the connection ended or timed out first; `error` says which).
ParseResult read_request(int fd, Clock::time_point deadline, const HttpLimits& limits, HttpMessage& out,
                         std::string& error);

// Writes everything or fails at `deadline`.
bool write_all(int fd, std::string_view data, Clock::time_point deadline);

// A server's reply on a connection: the response with `status`'s reason phrase, written within 5 s.
void respond(int fd, int status, const HttpHeaders& headers, std::string_view body);
// A text/plain reply: `message` and a newline.
void respond_text(int fd, int status, const std::string& message);

// "http://host:port/path" split into parts. Only http: (the exchange runs on a trusted network or
// loopback); IPv6 literals in brackets.
struct Url {
  std::string host;
  int port = 80;
  std::string target = "/";
  std::string host_header;  // host[:port] as written
};
std::optional<Url> parse_url(std::string_view text, std::string& error);

// Connects, sends `request`, and reads the whole response by `deadline`. On failure returns nullopt
// and sets `error` to a sentence for humans ("cannot connect to 127.0.0.1:9: Connection refused").
std::optional<HttpMessage> http_exchange(const Url& url, const std::string& request, Clock::time_point deadline,
                                         const HttpLimits& limits, std::string& error);

}  // namespace purertc::peer
