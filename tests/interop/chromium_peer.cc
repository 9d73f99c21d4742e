#include "tests/interop/chromium_peer.h"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/hex.h"
#include "crypto/hash.h"

#ifndef PURERTC_BROWSER_DIR
#error "PURERTC_BROWSER_DIR must name tests/interop/browser (set by tests/interop/meson.build)"
#endif

namespace purertc::interop {
namespace {

using Clock = std::chrono::steady_clock;

std::string browser_dir() { return PURERTC_BROWSER_DIR; }

std::string chromium_path() {
  const char* env = std::getenv("PURERTC_CHROMIUM");
  return env != nullptr && env[0] != '\0' ? env : "/usr/bin/chromium";
}

Clock::time_point deadline_after(Duration d) { return Clock::now() + std::chrono::microseconds(d.us()); }

// A zombie still answers kill(pid, 0), so read the state letter from /proc instead. With read(2), not
// std::ifstream: a process that is reaped between open and read makes read fail with ESRCH, which
// libstdc++'s filebuf turns into an exception (it aborted a test run).
bool process_running(int pid) {
  if (pid <= 0) return false;
  const int fd = ::open(("/proc/" + std::to_string(pid) + "/stat").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[512];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n <= 0) return false;  // gone (ESRCH) or unreadable
  const std::string content(buf, static_cast<size_t>(n));
  size_t paren = content.rfind(')');
  if (paren == std::string::npos || paren + 2 >= content.size()) return false;
  char state = content[paren + 2];
  return state != 'Z' && state != 'X';
}

}  // namespace

std::string ChromiumPeer::unavailable() {
  std::string missing;
  if (!have_program("node")) missing += "node (Debian package nodejs); ";
  if (!have_program(chromium_path())) missing += chromium_path() + " (Debian package chromium); ";
  if (::access((browser_dir() + "/node_modules/playwright-core/package.json").c_str(), R_OK) != 0) {
    missing += "playwright-core (npm ci in " + browser_dir() + "; scripts/install-deps test does it); ";
  }
  if (missing.empty()) return "";
  return "Chromium peer unavailable, missing: " + missing.substr(0, missing.size() - 2);
}

ChromiumPeer::ChromiumPeer(ChromiumPeerOptions options) : options_(options) {
  std::vector<std::string> argv = {"node", browser_dir() + "/chromium_peer.mjs", "--chromium", chromium_path(),
                                   "--command-timeout-ms", std::to_string(options_.command_timeout.ms())};
  if (options_.verbose) argv.push_back("--verbose");
  ProcessOptions popts;
  popts.timeout = options_.lifetime;
  popts.keep_stdin_open = true;
  popts.working_dir = browser_dir();
  process_ = std::make_unique<Process>(std::move(argv), popts);
  if (!process_->started()) {
    error_ = "cannot start the driver: " + process_->error();
    eof_ = true;
    return;
  }
  reader_ = std::thread([this] { read_loop(); });
}

ChromiumPeer::~ChromiumPeer() {
  if (process_ && process_->started()) {
    // Closing stdin asks the driver to close Chromium and exit; the process group is killed if it lingers.
    process_->close_stdin();
    process_->wait_exit(Duration::seconds(5));
    process_->stop();
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (reader_.joinable()) reader_.join();
}

void ChromiumPeer::read_loop() {
  std::ifstream in;
  std::string pending;
  char buf[65536];
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) break;
    }
    if (!in.is_open()) {
      in.open(process_->output_path(), std::ios::binary);
      if (!in.is_open()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        continue;
      }
    }
    in.clear();
    in.read(buf, sizeof buf);
    std::streamsize n = in.gcount();
    if (n <= 0) {
      // At the end of what the driver wrote so far: poll again shortly (the file never blocks a writer).
      if (!process_running(process_->pid())) {
        std::lock_guard<std::mutex> lock(mu_);
        if (!eof_) {
          eof_ = true;
          cv_.notify_all();
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
      continue;
    }
    pending.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n', start)) {
      handle_line(std::string_view(pending).substr(start, nl - start));
      start = nl + 1;
    }
    pending.erase(0, start);
  }
}

bool ChromiumPeer::handle_line(std::string_view line) {
  if (line.empty() || line.front() != '{') return false;  // a diagnostic line, kept in diagnostics()
  auto json = Json::parse(line);
  if (!json) return false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (json->has("event")) events_.push_back(std::move(*json));
    else if (json->has("req")) responses_.push_back(std::move(*json));
  }
  cv_.notify_all();
  return true;
}

bool ChromiumPeer::wait_ready() {
  if (!error_.empty()) return false;
  auto deadline = deadline_after(options_.start_timeout);
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    for (const auto& e : events_) {
      std::string name = e["event"].string();
      if (name == "ready") {
        ready_ = e;
        return true;
      }
      if (name == "fatal") {
        error_ = "driver failed: " + e["error"].string();
        return false;
      }
    }
    if (eof_) {
      error_ = "driver exited before it was ready";
      return false;
    }
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
      error_ = "Chromium was not ready after " + to_string(options_.start_timeout);
      return false;
    }
  }
}

std::string ChromiumPeer::browser_version() const { return ready_["browser"].string(); }

Json ChromiumPeer::call(std::string_view cmd, Json args, std::optional<Duration> timeout) {
  Duration wait = timeout.value_or(options_.command_timeout);
  int64_t id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    id = next_id_++;
  }
  if (!args.is_object()) args = Json::object();
  args.set("cmd", std::string(cmd));
  args.set("req", id);
  // The driver applies its own timeout; this one is a little longer so its error message wins.
  args.set("timeout_ms", wait.ms());
  auto fail = [&](std::string why) {
    return Json::object({{"ok", false}, {"error", std::string(cmd) + ": " + why}});
  };
  if (!process_ || !process_->write_stdin(args.dump() + "\n")) return fail("driver not running");
  auto deadline = deadline_after(wait + Duration::seconds(3));
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    for (auto it = responses_.begin(); it != responses_.end(); ++it) {
      if ((*it)["req"].integer(-1) == id) {
        Json response = std::move(*it);
        responses_.erase(it);
        return response;
      }
    }
    if (eof_) return fail("driver exited");
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) return fail("no response in time");
  }
}

std::vector<Json> ChromiumPeer::events(std::string_view name) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Json> out;
  for (const auto& e : events_) {
    if (name.empty() || e["event"].string() == name) out.push_back(e);
  }
  return out;
}

std::optional<Json> ChromiumPeer::wait_event(std::string_view name, const std::function<bool(const Json&)>& pred,
                                             Duration timeout) {
  auto deadline = deadline_after(timeout);
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    for (const auto& e : events_) {
      if (e["event"].string() == name && pred(e)) return e;
    }
    if (eof_) return std::nullopt;
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) return std::nullopt;
  }
}

bool ChromiumPeer::wait_count(std::string_view name, const std::function<bool(const Json&)>& pred, size_t count,
                              Duration timeout) {
  auto deadline = deadline_after(timeout);
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    size_t n = 0;
    for (const auto& e : events_) {
      if (e["event"].string() == name && pred(e)) ++n;
    }
    if (n >= count) return true;
    if (eof_) return false;
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) return false;
  }
}

void ChromiumPeer::clear_events() {
  std::lock_guard<std::mutex> lock(mu_);
  events_.clear();
}

bool ChromiumPeer::wait_connection_state(std::string_view state, Duration timeout) {
  return wait_event("connection_state", [&](const Json& e) { return e["state"].string() == state; }, timeout)
      .has_value();
}

std::string ChromiumPeer::diagnostics() const { return process_ ? process_->output() : std::string(); }

bool ChromiumPeer::alive() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !eof_ && process_ && process_running(process_->pid());
}

std::vector<uint8_t> pattern_bytes(size_t size, uint32_t seed) {
  std::vector<uint8_t> out(size);
  uint32_t x = seed != 0 ? seed : 0x9e3779b9u;
  for (size_t i = 0; i < size; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    out[i] = static_cast<uint8_t>(x >> 24);
  }
  return out;
}

std::string pattern_text(size_t size, uint32_t seed) {
  std::vector<uint8_t> bytes = pattern_bytes(size, seed);
  std::string out(size, 'a');
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>('a' + bytes[i] % 26);
  return out;
}

std::string sha256_hex(std::span<const uint8_t> data) {
  return to_hex(crypto::hash(crypto::HashAlgorithm::kSha256, data).view());
}

std::string sha256_hex(std::string_view text) {
  return sha256_hex(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

std::vector<std::string> sdp_candidates(std::string_view sdp) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < sdp.size()) {
    size_t end = sdp.find('\n', pos);
    if (end == std::string_view::npos) end = sdp.size();
    std::string_view line = sdp.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with("a=candidate:")) out.emplace_back(line.substr(2));
    pos = end + 1;
  }
  return out;
}

bool enter_loopback_only_network_namespace(std::string* why) {
  if (::unshare(CLONE_NEWNET) != 0) {
    if (why) *why = std::string("unshare(CLONE_NEWNET): ") + std::strerror(errno);
    return false;
  }
  // A new namespace has lo, but down: bring it up so 127.0.0.1 and ::1 work.
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    if (why) *why = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  ifreq req{};
  std::strncpy(req.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ::ioctl(fd, SIOCGIFFLAGS, &req) == 0;
  if (ok) {
    req.ifr_flags = static_cast<short>(req.ifr_flags | IFF_UP | IFF_RUNNING);
    ok = ::ioctl(fd, SIOCSIFFLAGS, &req) == 0;
  }
  if (!ok && why) *why = std::string("bringing lo up: ") + std::strerror(errno);
  ::close(fd);
  return ok;
}

}  // namespace purertc::interop
