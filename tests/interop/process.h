// Child processes for interop tests: a real peer (openssl, gnutls, turnserver, tshark, ffmpeg...) started
// on 127.0.0.1 with a hard timeout, its output captured to a file, and stopped by PID when the test ends
// (the destructor kills the whole process group, so wrappers like `timeout` and their children go too).
#pragma once

#include <string>
#include <vector>

#include "common/timestamp.h"

namespace purertc::interop {

// True if `program` is found on PATH (or is an executable path).
bool have_program(const std::string& program);

// Whether a missing peer must fail the test: in CI (env CI set) everything must be installed; locally
// a test may skip with a message saying what to install.
bool peers_required();

struct ProcessOptions {
  Duration timeout = Duration::seconds(30);  // the child is killed (SIGKILL) when it runs longer
  std::string stdin_data;                    // written to the child's stdin; see keep_stdin_open
  bool keep_stdin_open = false;              // openssl s_server quits when stdin closes
  std::string working_dir;                   // empty: inherit
};

class Process {
 public:

  // Starts argv[0] (looked up on PATH) with the rest as arguments; check started() / error() afterwards.
  explicit Process(std::vector<std::string> argv, ProcessOptions options = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool started() const { return pid_ > 0; }
  int pid() const { return pid_; }
  const std::string& error() const { return error_; }

  // Everything the child wrote to stdout and stderr so far (merged, in order).
  std::string output() const;
  // The file that output() reads, for readers that follow it incrementally (tests/interop/chromium_peer).
  const std::string& output_path() const { return output_path_; }
  // Polls output() until it contains `needle` or `wait` passes; returns whether it appeared.
  bool wait_for_output(const std::string& needle, Duration wait) const;
  // Writes to the child's stdin (only while it is open).
  bool write_stdin(const std::string& data);
  void close_stdin();

  // Waits up to `wait` for a normal exit; returns the exit status, or -1 if it had to be killed or was
  // killed by a signal.
  int wait_exit(Duration wait);
  // SIGTERM, then SIGKILL after a grace period, to the whole process group. Idempotent.
  void stop();

 private:
  std::vector<std::string> argv_;
  ProcessOptions options_;
  int pid_ = -1;
  int stdin_fd_ = -1;
  std::string output_path_;
  std::string error_;
  bool exited_ = false;
  int exit_status_ = -1;
};

// A UDP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close). Races with other
// processes are possible but rare; tests that start servers retry on a bind failure where they can.
int free_udp_port();
int free_tcp_port();

// Makes a fresh temporary directory (removed by the destructor).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  void write(const std::string& name, const std::string& contents) const;

 private:
  std::string path_;
};

}  // namespace purertc::interop
