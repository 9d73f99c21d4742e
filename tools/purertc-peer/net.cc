#include "net.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace purertc::peer {
namespace {

int ms_until(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000 * 1000));
}

// Waits until fd is ready for `events`; false on timeout or error.
bool wait_ready(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, ms_until(deadline));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

struct AddrInfo {
  addrinfo* list = nullptr;
  ~AddrInfo() {
    if (list) ::freeaddrinfo(list);
  }
};

std::string errno_text(int err) { return std::strerror(err); }

}  // namespace

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

std::optional<Listener> listen_tcp(const std::string& address, int port, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  AddrInfo ai;
  std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &ai.list); rc != 0) {
    error = "cannot resolve bind address " + address + ": " + ::gai_strerror(rc);
    return std::nullopt;
  }
  for (addrinfo* a = ai.list; a; a = a->ai_next) {
    Fd fd(::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
    if (!fd) continue;
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd.get(), a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd.get(), 16) != 0) {
      error = "cannot listen on " + address + ":" + service + ": " + errno_text(errno);
      continue;
    }
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &len);
    Listener l;
    l.port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    l.fd = std::move(fd);
    return l;
  }
  if (error.empty()) error = "cannot listen on " + address + ":" + service;
  return std::nullopt;
}

Fd accept_tcp(const Listener& listener, std::chrono::milliseconds wait) {
  if (!wait_ready(listener.fd.get(), POLLIN, Clock::now() + wait)) return Fd();
  return Fd(::accept4(listener.fd.get(), nullptr, nullptr, SOCK_CLOEXEC));
}

ParseResult read_request(int fd, Clock::time_point deadline, const HttpLimits& limits, HttpMessage& out,
                         std::string& error) {
  std::string buffer;
  char chunk[4096];
  for (;;) {
    ParseResult r = parse_request(buffer, limits, out);
    if (r.state != ParseState::kNeedMore) return r;
    if (!wait_ready(fd, POLLIN, deadline)) {
      error = "timed out reading the request";
      return r;
    }
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n == 0 ? "connection closed before the request was complete" : "recv: " + errno_text(errno);
      return r;
    }
    buffer.append(chunk, static_cast<size_t>(n));
  }
}

bool write_all(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    if (!wait_ready(fd, POLLOUT, deadline)) return false;
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void respond(int fd, int status, const HttpHeaders& headers, std::string_view body) {
  write_all(fd, format_response(status, reason_phrase(status), headers, body), Clock::now() + std::chrono::seconds(5));
}

void respond_text(int fd, int status, const std::string& message) {
  respond(fd, status, {{"Content-Type", "text/plain; charset=utf-8"}}, message + "\n");
}

std::optional<Url> parse_url(std::string_view text, std::string& error) {
  constexpr std::string_view kScheme = "http://";
  if (!text.starts_with(kScheme)) {
    error = "URL must start with http:// (got \"" + std::string(text) + "\")";
    return std::nullopt;
  }
  text.remove_prefix(kScheme.size());
  size_t slash = text.find('/');
  std::string_view authority = text.substr(0, slash);
  Url url;
  url.target = slash == std::string_view::npos ? "/" : std::string(text.substr(slash));
  url.host_header = std::string(authority);
  std::string_view port_text;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "URL has an unterminated IPv6 literal";
      return std::nullopt;
    }
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        error = "URL has garbage after the IPv6 literal";
        return std::nullopt;
      }
      port_text = rest.substr(1);
    }
  } else {
    size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) {
    error = "URL has no host";
    return std::nullopt;
  }
  if (!port_text.empty() || authority.ends_with(':')) {
    int port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
      error = "URL has an invalid port \"" + std::string(port_text) + "\"";
      return std::nullopt;
    }
    url.port = port;
  }
  return url;
}

std::optional<HttpMessage> http_exchange(const Url& url, const std::string& request, Clock::time_point deadline,
                                         const HttpLimits& limits, std::string& error) {
  const std::string where = url.host + ":" + std::to_string(url.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  AddrInfo ai;
  if (int rc = ::getaddrinfo(url.host.c_str(), std::to_string(url.port).c_str(), &hints, &ai.list); rc != 0) {
    error = "cannot resolve " + url.host + ": " + ::gai_strerror(rc);
    return std::nullopt;
  }
  Fd fd;
  for (addrinfo* a = ai.list; a && !fd; a = a->ai_next) {
    Fd s(::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol));
    if (!s) continue;
    if (::connect(s.get(), a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      error = "cannot connect to " + where + ": " + errno_text(errno);
      continue;
    }
    if (!wait_ready(s.get(), POLLOUT, deadline)) {
      error = "timed out connecting to " + where;
      continue;
    }
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      error = "cannot connect to " + where + ": " + errno_text(err);
      continue;
    }
    fd = std::move(s);
  }
  if (!fd) return std::nullopt;
  if (!write_all(fd.get(), request, deadline)) {
    error = "cannot send the request to " + where + (Clock::now() >= deadline ? ": timed out" : "");
    return std::nullopt;
  }
  std::string buffer;
  char chunk[4096];
  bool eof = false;
  HttpMessage response;
  for (;;) {
    ParseResult r = parse_response(buffer, eof, limits, response);
    if (r.state == ParseState::kComplete) return response;
    if (r.state == ParseState::kError) {
      error = "bad HTTP response from " + where + ": " + r.error;
      return std::nullopt;
    }
    if (eof) {
      error = "connection to " + where + " closed before the response was complete";
      return std::nullopt;
    }
    if (!wait_ready(fd.get(), POLLIN, deadline)) {
      error = "timed out waiting for the HTTP response from " + where;
      return std::nullopt;
    }
    ssize_t n = ::recv(fd.get(), chunk, sizeof chunk, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) {
      error = "recv from " + where + ": " + errno_text(errno);
      return std::nullopt;
    }
    if (n == 0) eof = true;
    buffer.append(chunk, static_cast<size_t>(n > 0 ? n : 0));
  }
}

}  // namespace purertc::peer
