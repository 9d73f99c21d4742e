// Real-peer plumbing for the DTLS interop tests: a UDP socket on 127.0.0.1, a peer process started with
// a hard timeout and stopped by PID, and a loop that drives a Connection in real time.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "common/timestamp.h"
#include "dtls/connection.h"

namespace purertc::dtls::testing {

inline Timestamp wall_now() {
  return Timestamp::from_micros(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
}

inline bool have_binary(const char* name) {
  return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "purertc-dtls-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) dir_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write_text(const std::string& name, const std::string& text) const {
    std::ofstream f(path(name), std::ios::binary);
    f << text;
  }
  std::string read_text(const std::string& name) const {
    std::ifstream f(path(name), std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }

 private:
  std::filesystem::path dir_;
};

class UdpSocket {
 public:
  explicit UdpSocket(uint16_t port = 0) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
    socklen_t len = sizeof(a);
    if (ok_) ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~UdpSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return ok_; }
  uint16_t port() const { return port_; }
  void set_peer_port(uint16_t port) {
    peer_ = sockaddr_in{};
    peer_.sin_family = AF_INET;
    peer_.sin_port = htons(port);
    peer_.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    have_peer_ = true;
  }
  bool has_peer() const { return have_peer_; }
  void send(const std::vector<uint8_t>& d) {
    if (have_peer_) ::sendto(fd_, d.data(), d.size(), 0, reinterpret_cast<sockaddr*>(&peer_), sizeof(peer_));
  }
  // Waits up to timeout_ms; the first sender becomes the peer when none is set.
  bool receive(std::vector<uint8_t>& out, int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    out.resize(65536);
    sockaddr_in from{};
    socklen_t len = sizeof(from);
    ssize_t n = ::recvfrom(fd_, out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) return false;
    out.resize(static_cast<size_t>(n));
    if (!have_peer_) {
      peer_ = from;
      have_peer_ = true;
    }
    return true;
  }

 private:
  int fd_ = -1;
  bool ok_ = false;
  uint16_t port_ = 0;
  sockaddr_in peer_{};
  bool have_peer_ = false;
};

// A port that was free a moment ago, for a peer server to bind (the socket is closed on return).
inline uint16_t free_udp_port() {
  UdpSocket probe;
  return probe.port();
}

// A peer process: `sh -c "exec timeout 30 <command>"` with stdin on a pipe we hold open (s_server quits
// on EOF), stdout and stderr into a file. Stopped by PID in the destructor.
class PeerProcess {
 public:
  PeerProcess(const std::string& command, const std::string& log_path) : log_path_(log_path) {
    int in[2];
    if (::pipe(in) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(in[1]);
      std::string full = "exec timeout 30 " + command;
      ::execl("/bin/sh", "sh", "-c", full.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(in[0]);
    stdin_ = in[1];
  }
  ~PeerProcess() {
    if (stdin_ >= 0) ::close(stdin_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      for (int i = 0; i < 50; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  void write_stdin(const std::string& text) {
    if (stdin_ >= 0) (void)!::write(stdin_, text.data(), text.size());
  }
  std::string log() const {
    std::ifstream f(log_path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  }
  // Polls the log until it contains `needle` or `timeout_ms` passes.
  bool wait_for_log(const std::string& needle, int timeout_ms) const {
    for (int waited = 0; waited <= timeout_ms; waited += 20) {
      if (log().find(needle) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  std::string log_path_;
};

// Drives `conn` over `socket` in real time until `done` or `timeout_ms`. Data and events go to `on_output`.
inline bool drive(Connection& conn, UdpSocket& socket, const std::function<bool()>& done,
                  const std::function<void(Output&)>& on_output, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::vector<uint8_t> buf;
  while (true) {
    while (auto o = conn.poll_output()) {
      if (o->kind == Output::Kind::kTransmit) socket.send(o->data);
      else on_output(*o);
    }
    if (done()) return true;
    auto now_tp = std::chrono::steady_clock::now();
    if (now_tp >= deadline) return false;
    Timestamp now = wall_now();
    Timestamp next = conn.next_timeout();
    int wait = 50;
    if (!next.is_infinite()) wait = static_cast<int>(std::clamp<int64_t>((next - now).ms(), 0, 50));
    if (socket.receive(buf, wait)) conn.handle_input(buf, wall_now());
    if (conn.next_timeout() <= wall_now()) conn.handle_timeout(wall_now());
  }
}

}  // namespace purertc::dtls::testing
