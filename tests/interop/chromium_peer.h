// Headless Chromium as a WebRTC peer for interop and end-to-end tests. Starts the Node driver
// tests/interop/browser/chromium_peer.mjs (playwright-core + Debian's /usr/bin/chromium) under the Process
// harness (hard timeout, stopped by process group), sends it JSON-line commands and collects its JSON-line
// responses and events. The command set is documented at the top of chromium_peer.mjs.
//
// Thread safety: one test thread calls the API; an internal reader thread collects the driver's output
// (so the driver never blocks on a full pipe while the test is busy elsewhere).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/timestamp.h"
#include "tests/interop/json.h"
#include "tests/interop/process.h"

namespace purertc::interop {

struct ChromiumPeerOptions {
  Duration lifetime = Duration::seconds(180);        // the driver (and Chromium) is killed after this
  Duration start_timeout = Duration::seconds(60);    // launch + page load; slow on a loaded 2-core box
  Duration command_timeout = Duration::seconds(20);  // default for call()
  bool verbose = false;                              // driver diagnostics in diagnostics()
};

class ChromiumPeer {
 public:
  // Why a Chromium peer cannot run on this machine ("" when it can): node, chromium or the driver's
  // node modules missing. Tests turn a non-empty answer into a failure when peers_required(), else a skip.
  static std::string unavailable();

  // Starts the driver; it loads Chromium in the background. wait_ready() waits for it, so that several
  // peers can start in parallel.
  explicit ChromiumPeer(ChromiumPeerOptions options = {});
  ~ChromiumPeer();
  ChromiumPeer(const ChromiumPeer&) = delete;
  ChromiumPeer& operator=(const ChromiumPeer&) = delete;

  // True once the driver reported "ready"; false (with error()) if it failed or did not in time.
  bool wait_ready();
  const std::string& error() const { return error_; }
  std::string browser_version() const;

  // Sends {"cmd": cmd, ...args, "req": n} and waits for its response. Returns the response; on a timeout or
  // a dead driver, {"ok": false, "error": "..."}. Check response["ok"].
  Json call(std::string_view cmd, Json args = Json::object(), std::optional<Duration> timeout = std::nullopt);

  // Events ({"event": name, ...}) received so far, in order.
  std::vector<Json> events(std::string_view name = {}) const;
  // Waits until some event (already received or new) named `name` satisfies `pred`; returns it.
  std::optional<Json> wait_event(std::string_view name, const std::function<bool(const Json&)>& pred,
                                 Duration timeout);
  std::optional<Json> wait_event(std::string_view name, Duration timeout) {
    return wait_event(name, [](const Json&) { return true; }, timeout);
  }
  // Waits until at least `count` events named `name` satisfy `pred`; returns whether they did.
  bool wait_count(std::string_view name, const std::function<bool(const Json&)>& pred, size_t count,
                  Duration timeout);
  // Forgets the events received so far (call between tests that reuse one browser: create_pc starts a new
  // RTCPeerConnection, but the event log is the driver's).
  void clear_events();
  // Waits for {"event":"connection_state","state":state}.
  bool wait_connection_state(std::string_view state, Duration timeout);

  // Everything the driver printed (JSON lines and diagnostics), for failure messages.
  std::string diagnostics() const;
  bool alive() const;

 private:
  void read_loop();
  bool handle_line(std::string_view line);

  ChromiumPeerOptions options_;
  std::unique_ptr<Process> process_;
  std::string error_;
  Json ready_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Json> events_;
  std::vector<Json> responses_;
  bool eof_ = false;      // the driver exited or the reader stopped
  bool stopping_ = false;
  int64_t next_id_ = 1;
  std::thread reader_;
};

// The test payloads the driver generates for send {gen: {kind, size, seed}}: xorshift32 from `seed` (0 means
// 0x9e3779b9), one byte per step from the top 8 bits. Text maps each byte onto 'a'..'z'.
std::vector<uint8_t> pattern_bytes(size_t size, uint32_t seed);
std::string pattern_text(size_t size, uint32_t seed);
// Lower-case hex SHA-256, as the driver reports received messages.
std::string sha256_hex(std::span<const uint8_t> data);
std::string sha256_hex(std::string_view text);

// All "a=candidate:" lines of an SDP (without the "a=" prefix).
std::vector<std::string> sdp_candidates(std::string_view sdp);

// Moves this process into a new network namespace that has only the loopback interface, up. Child
// processes (the driver and Chromium) inherit it, so 127.0.0.1 (and ::1) are the only addresses anyone can
// gather. Must run before the process starts any thread. Needs CAP_SYS_ADMIN (root in CI); on failure the
// process stays where it was and `why` says why (the driver's loopback-only candidate filter still
// applies).
bool enter_loopback_only_network_namespace(std::string* why);

}  // namespace purertc::interop
