#include "tests/interop/process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace purertc::interop {
namespace {

// The interop harness is the one place outside src/pc allowed to read the wall clock.
int64_t monotonic_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int free_port(int type) {
  int fd = ::socket(AF_INET, type, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace

bool have_program(const std::string& program) {
  if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

bool peers_required() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && ci[0] != '\0' && std::strcmp(ci, "0") != 0 && std::strcmp(ci, "false") != 0;
}

Process::Process(std::vector<std::string> argv, ProcessOptions options)
    : argv_(std::move(argv)), options_(std::move(options)) {
  if (argv_.empty()) {
    error_ = "no program given";
    return;
  }
  char tmpl[] = "/tmp/purertc-proc-XXXXXX";
  int out_fd = ::mkstemp(tmpl);
  if (out_fd < 0) {
    error_ = std::string("mkstemp: ") + std::strerror(errno);
    return;
  }
  output_path_ = tmpl;
  int in_pipe[2];
  if (::pipe(in_pipe) != 0) {
    ::close(out_fd);
    error_ = std::string("pipe: ") + std::strerror(errno);
    return;
  }
  // The child runs under coreutils `timeout`, so it dies on its own even if this test process crashes.
  std::vector<std::string> command = {"timeout", "-s", "KILL",
                                   std::to_string((options_.timeout.ms() + 999) / 1000) + "s"};
  command.insert(command.end(), argv_.begin(), argv_.end());

  pid_t pid = ::fork();
  if (pid < 0) {
    error_ = std::string("fork: ") + std::strerror(errno);
    ::close(out_fd);
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return;
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(in_pipe[0], 0);
    ::dup2(out_fd, 1);
    ::dup2(out_fd, 2);
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    ::close(out_fd);
    if (!options_.working_dir.empty() && ::chdir(options_.working_dir.c_str()) != 0) _exit(126);
    std::vector<char*> args;
    for (auto& a : command) args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    _exit(127);
  }
  ::setpgid(pid, pid);
  pid_ = pid;
  ::close(in_pipe[0]);
  ::close(out_fd);
  stdin_fd_ = in_pipe[1];
  ::fcntl(stdin_fd_, F_SETFD, FD_CLOEXEC);
  if (!options_.stdin_data.empty()) write_stdin(options_.stdin_data);
  if (!options_.keep_stdin_open) close_stdin();
}

Process::~Process() {
  stop();
  close_stdin();
  if (!output_path_.empty()) ::unlink(output_path_.c_str());
}

std::string Process::output() const {
  std::ifstream in(output_path_, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Process::wait_for_output(const std::string& needle, Duration wait) const {
  int64_t deadline = monotonic_us() + wait.us();
  do {
    if (output().find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (monotonic_us() < deadline);
  return output().find(needle) != std::string::npos;
}

bool Process::write_stdin(const std::string& data) {
  if (stdin_fd_ < 0) return false;
  // A child that stopped reading must not kill the test with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(stdin_fd_, data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

void Process::close_stdin() {
  if (stdin_fd_ >= 0) {
    ::close(stdin_fd_);
    stdin_fd_ = -1;
  }
}

int Process::wait_exit(Duration wait) {
  if (pid_ <= 0) return -1;
  if (exited_) return exit_status_;
  int64_t deadline = monotonic_us() + wait.us();
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return exit_status_;
    }
    if (monotonic_us() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop();
  return -1;
}

void Process::stop() {
  if (pid_ <= 0 || exited_) return;
  ::kill(-pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      ::kill(-pid_, SIGKILL);  // stragglers in the group
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(-pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exited_ = true;
  exit_status_ = -1;
}

int free_udp_port() { return free_port(SOCK_DGRAM); }
int free_tcp_port() { return free_port(SOCK_STREAM); }

TempDir::TempDir() {
  char tmpl[] = "/tmp/purertc-test-XXXXXX";
  const char* p = ::mkdtemp(tmpl);
  path_ = p != nullptr ? p : "/tmp";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (path_ != "/tmp") std::filesystem::remove_all(path_, ec);
}

void TempDir::write(const std::string& name, const std::string& contents) const {
  std::ofstream out(file(name), std::ios::binary);
  out << contents;
}

}  // namespace purertc::interop
