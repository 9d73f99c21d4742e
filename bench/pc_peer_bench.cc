// PeerConnection benchmarks of issue 11 item 7, all on 127.0.0.1:
//
//   BM_ConnectionSetup     two PeerConnections in one process, create_offer -> first data channel message
//                          echoed back (complete descriptions, signaled in memory). Wall time per setup.
//   BM_DataChannelGoodput  a reliable ordered data channel between this process and a child process
//                          (this binary re-executed with --peer-child), 1 KiB and 64 KiB messages, through
//                          UDP + DTLS 1.2 + SCTP. Wall-clock goodput plus the CPU time of each process.
//   BM_UdpCeiling          the kernel's loopback ceiling between the same two processes: sendmmsg/recvmmsg
//                          batches of 32 datagrams of 1200 bytes (arg 0), and the same traffic through
//                          pc::UdpSocket on both ends (arg 1, with GSO and GRO). Datagrams per CPU-second
//                          of each process.
//   BM_IdleConnectionMemory  N connected PeerConnections (N/2 pairs with an open data channel) in this
//                          process: heap in use (mallinfo2) and RSS growth per PeerConnection.
//
// The child is started through the interop harness (hard timeout, killed by PID/process group at the
// end); the signaling is length-prefixed messages over a loopback TCP connection the child opens.
// Several helpers share this machine's two cores, so every result also reports CPU time, which the
// load disturbs much less than wall time.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pc/notification.h"
#include "pc/udp_socket.h"
#include "purertc/purertc.h"
#include "tests/interop/process.h"

namespace purertc::bench {
namespace {

using pc::Notification;
using Clock = std::chrono::steady_clock;
constexpr auto kStepTimeout = std::chrono::seconds(20);

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

SettingEngine loopback_settings() {
  SettingEngine s;
  s.include_loopback_candidate = true;
  s.ip_filter = [](std::string_view ip) { return ip == "127.0.0.1"; };
  s.mdns_mode = MulticastDnsMode::kDisabled;
  return s;
}

std::unique_ptr<Api> make_api() {
  auto api = Api::create(Api::default_media_engine(), loopback_settings());
  if (!api) return nullptr;
  return std::make_unique<Api>(std::move(*api));
}

// ---- signaling: u32 length + bytes over a loopback TCP connection ----------------------------------

class Signal {
 public:
  explicit Signal(int fd) : fd_(fd) {
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Signal() {
    if (fd_ >= 0) ::close(fd_);
  }
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;

  // Thread-safe: the child writes reports from its loop thread.
  bool send(std::string_view bytes) {
    std::lock_guard lock(write_mutex_);
    const uint32_t len = htonl(static_cast<uint32_t>(bytes.size()));
    return write_all(&len, sizeof len) && write_all(bytes.data(), bytes.size());
  }
  // Empty optional on EOF, error or `timeout`.
  std::optional<std::string> receive(std::chrono::milliseconds timeout = kStepTimeout) {
    uint32_t len = 0;
    if (!read_all(&len, sizeof len, timeout)) return std::nullopt;
    std::string bytes(ntohl(len), '\0');
    if (!read_all(bytes.data(), bytes.size(), timeout)) return std::nullopt;
    return bytes;
  }

 private:
  bool write_all(const void* data, size_t n) {
    const auto* p = static_cast<const char*>(data);
    while (n > 0) {
      const ssize_t w = ::send(fd_, p, n, MSG_NOSIGNAL);
      if (w <= 0) return false;
      p += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  }
  bool read_all(void* data, size_t n, std::chrono::milliseconds timeout) {
    auto* p = static_cast<char*>(data);
    while (n > 0) {
      pollfd pfd{fd_, POLLIN, 0};
      if (::poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return false;
      const ssize_t r = ::recv(fd_, p, n, 0);
      if (r <= 0) return false;
      p += r;
      n -= static_cast<size_t>(r);
    }
    return true;
  }

  int fd_;
  std::mutex write_mutex_;
};

sockaddr_in loopback(uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  return a;
}

// The parent's side: a listening socket, the child process, and the accepted connection.
class Child {
 public:
  // `mode` and `arg` are handed to the child's main (see child_main).
  Child(const std::string& mode, const std::string& arg) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a = loopback(0);
    socklen_t len = sizeof a;
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(listen_fd_, 1) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      return;
    }
    interop::ProcessOptions options;
    options.timeout = Duration::seconds(120);
    process_ = std::make_unique<interop::Process>(
        std::vector<std::string>{self_path(), "--peer-child", mode, std::to_string(ntohs(a.sin_port)), arg}, options);
    if (!process_->started()) return;
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 20000) != 1) return;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) signal_ = std::make_unique<Signal>(fd);
  }
  ~Child() {
    if (signal_) (void)signal_->send("quit");
    if (process_ && process_->wait_exit(Duration::seconds(5)) != 0) {
      std::fprintf(stderr, "peer child output:\n%s\n", process_->output().c_str());
    }
    if (listen_fd_ >= 0) ::close(listen_fd_);
  }
  Signal* signal() { return signal_.get(); }
  std::string output() const { return process_ ? process_->output() : std::string(); }

  static std::string& self_path() {
    static std::string path;
    return path;
  }

 private:
  int listen_fd_ = -1;
  std::unique_ptr<interop::Process> process_;
  std::unique_ptr<Signal> signal_;
};

std::unique_ptr<Signal> connect_to_parent(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const sockaddr_in a = loopback(port);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return nullptr;
  }
  return std::make_unique<Signal>(fd);
}

// ---- BM_ConnectionSetup ----------------------------------------------------------------------------

void BM_ConnectionSetup(benchmark::State& state) {
  auto api = make_api();
  if (!api) {
    state.SkipWithError("no Api");
    return;
  }
  double cpu = 0;
  std::vector<double> wall_ms;
  for (auto _ : state) {
    auto offerer = *api->new_peer_connection();
    auto answerer = *api->new_peer_connection();
    // The answerer's channel handle must be kept by its callback: a DataChannel is only a handle, and
    // a callback holding a weak_ptr to the one passed to on_data_channel finds it gone once
    // on_data_channel returned (that is why the first version of this benchmark never saw its echo).
    // close() drops the callbacks, which breaks the cycle.
    answerer->on_data_channel([](std::shared_ptr<DataChannel> dc) {
      dc->on_message([dc](const DataChannelMessage& m) { (void)dc->send(m.text()); });
    });
    auto dc = *offerer->create_data_channel("echo");
    auto echoed = std::make_shared<Notification>();
    dc->on_open([dc] { (void)dc->send("ping"); });
    dc->on_message([echoed](const DataChannelMessage&) { echoed->notify(); });
    // The window: create_offer to the first echo. Creating the PeerConnections (each generates its
    // DTLS certificate: a P-256 key and a self-signed X.509, ~3 ms of mbedTLS CPU each) comes before it.
    const double cpu0 = cpu_seconds();
    const auto t0 = Clock::now();
    bool ok = false;
    if (auto offer = offerer->create_offer(); offer && offerer->set_local_description(*offer) &&
                                              offerer->wait_for_gathering_complete()) {
      if (answerer->set_remote_description(*offerer->local_description())) {
        if (auto answer = answerer->create_answer(); answer && answerer->set_local_description(*answer) &&
                                                     answerer->wait_for_gathering_complete()) {
          ok = offerer->set_remote_description(*answerer->local_description()).ok() &&
               echoed->wait_for(std::chrono::seconds(10));
        }
      }
    }
    cpu += cpu_seconds() - cpu0;
    wall_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    state.PauseTiming();
    offerer->close();
    answerer->close();
    state.ResumeTiming();
    if (!ok) {
      state.SkipWithError("no echo");
      break;
    }
  }
  state.counters["cpu_ms_per_setup"] = benchmark::Counter(cpu * 1e3 / static_cast<double>(state.iterations()));
  // The target is on the median (the mean suffers from the shared machine's scheduling outliers).
  if (!wall_ms.empty()) {
    std::sort(wall_ms.begin(), wall_ms.end());
    state.counters["median_ms"] = wall_ms[wall_ms.size() / 2];
    state.counters["p90_ms"] = wall_ms[wall_ms.size() * 9 / 10];
  }
}
BENCHMARK(BM_ConnectionSetup)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(50);

// ---- BM_DataChannelGoodput -------------------------------------------------------------------------

constexpr size_t kHighWater = 4 * 1024 * 1024;
constexpr size_t kLowWater = 1024 * 1024;
constexpr uint64_t kBatchBytes = 32 * 1024 * 1024;

// The receiver's progress report: cumulative bytes and its process CPU time.
struct Report {
  uint64_t bytes = 0;
  double cpu = 0;
};
std::string encode(const Report& r) { return std::to_string(r.bytes) + " " + std::to_string(r.cpu); }
Report decode(const std::string& s) {
  Report r;
  std::sscanf(s.c_str(), "%lu %lf", &r.bytes, &r.cpu);
  return r;
}

// The child: answers, counts received bytes, reports every kBatchBytes.
int goodput_child(Signal& signal) {
  auto api = make_api();
  if (!api) return 2;
  auto pc = *api->new_peer_connection();
  auto received = std::make_shared<uint64_t>(0);
  auto next_mark = std::make_shared<uint64_t>(kBatchBytes);
  pc->on_data_channel([&signal, received, next_mark](std::shared_ptr<DataChannel> dc) {
    dc->on_message([&signal, received, next_mark, dc](const DataChannelMessage& m) {
      *received += m.data.size();
      if (*received >= *next_mark) {
        *next_mark += kBatchBytes;
        (void)signal.send(encode({*received, cpu_seconds()}));
      }
    });
  });
  auto offer = signal.receive();
  if (!offer || !pc->set_remote_description({SdpType::kOffer, *offer})) return 3;
  if (!pc->set_local_description({SdpType::kAnswer, ""}) || !pc->wait_for_gathering_complete()) return 4;
  if (!signal.send(pc->local_description()->sdp)) return 5;
  // Everything else happens on the loop thread until the parent says "quit" (or goes away).
  while (auto msg = signal.receive(std::chrono::hours(1))) {
    if (*msg == "quit") break;
  }
  pc->close();
  return 0;
}

void BM_DataChannelGoodput(benchmark::State& state) {
  const size_t message = static_cast<size_t>(state.range(0));
  Child child("goodput", "");
  Signal* signal = child.signal();
  auto api = make_api();
  if (!signal || !api) {
    state.SkipWithError("no child peer");
    return;
  }
  auto pc = *api->new_peer_connection();
  auto dc = *pc->create_data_channel("bulk");
  dc->set_buffered_amount_low_threshold(kLowWater);
  auto opened = std::make_shared<Notification>();
  dc->on_open([opened] { opened->notify(); });
  // The sender sleeps while the SCTP send buffer is above the high-water mark, woken by the low event, so
  // its main thread burns no CPU while waiting.
  struct Low {
    std::mutex mutex;
    std::condition_variable cv;
    uint64_t events = 0;
  };
  auto low = std::make_shared<Low>();
  dc->on_buffered_amount_low([low] {
    std::lock_guard lock(low->mutex);
    low->events++;
    low->cv.notify_all();
  });
  bool ok = pc->set_local_description({SdpType::kOffer, ""}) && pc->wait_for_gathering_complete() &&
            signal->send(pc->local_description()->sdp);
  auto answer = ok ? signal->receive() : std::nullopt;
  if (!answer || !pc->set_remote_description({SdpType::kAnswer, *answer}) ||
      !opened->wait_for(kStepTimeout)) {
    state.SkipWithError("no connection to the child peer");
    pc->close();
    return;
  }
  const std::vector<uint8_t> payload(message, 0x5a);
  Report last;
  // Sends kBatchBytes and waits until the child reports them received.
  auto round = [&] {
    const Report start = last;
    uint64_t sent = 0;
    while (sent < kBatchBytes && ok) {
      if (dc->buffered_amount() > kHighWater) {
        std::unique_lock lock(low->mutex);
        const uint64_t seen = low->events;
        // The low event may have fired between buffered_amount() and here; the timeout covers that race.
        low->cv.wait_for(lock, std::chrono::milliseconds(5), [&] { return low->events != seen; });
        continue;
      }
      ok = dc->send(std::span<const uint8_t>(payload)).ok();
      sent += message;
    }
    while (ok && last.bytes < start.bytes + kBatchBytes) {
      auto r = signal->receive();
      if (!r) {
        ok = false;
        break;
      }
      last = decode(*r);
    }
  };
  round();  // warm-up (congestion window, buffers), and the receiver's first CPU reading
  double sender_cpu = 0, receiver_cpu = 0;
  for (auto _ : state) {
    const double cpu0 = cpu_seconds();
    const Report start = last;
    round();
    sender_cpu += cpu_seconds() - cpu0;
    receiver_cpu += last.cpu - start.cpu;
    if (!ok) {
      state.SkipWithError("send failed or the child stopped reporting");
      break;
    }
  }
  const double bytes = static_cast<double>(state.iterations()) * static_cast<double>(kBatchBytes);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["sender_MB_per_cpu_s"] = bytes / 1e6 / sender_cpu;
  state.counters["receiver_MB_per_cpu_s"] = bytes / 1e6 / receiver_cpu;
  auto report = pc->get_stats();
  for (const Stats* s : report.of_type("transport")) {
    if (auto p = s->get<uint64_t>("packetsSent")) state.counters["udp_packets_sent"] = static_cast<double>(*p);
  }
  pc->close();
}
BENCHMARK(BM_DataChannelGoodput)
    ->ArgName("message")
    ->Arg(1024)
    ->Arg(64 * 1024)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

// ---- BM_UdpCeiling ---------------------------------------------------------------------------------

constexpr size_t kDatagram = 1200;
constexpr int kBatch = 32;
constexpr int kBufferBytes = 4 << 20;
// Datagrams in flight at most (sent, not yet acknowledged over the signaling connection): well inside
// the receive buffer, so loopback never drops.
constexpr uint64_t kWindow = 16 * kBatch;
constexpr uint64_t kRound = 16 * 1024;  // datagrams per benchmark iteration
// The receiver acknowledges after this many datagrams, so the acknowledgements (one TCP write and one
// read per ack) cost little next to the datagrams.
constexpr uint64_t kAckEvery = 4 * kBatch;

int raw_udp_socket(sockaddr_in& bound) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kBufferBytes, sizeof kBufferBytes);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kBufferBytes, sizeof kBufferBytes);
  bound = loopback(0);
  bind(fd, reinterpret_cast<sockaddr*>(&bound), sizeof bound);
  socklen_t len = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  return fd;
}

// The receiving process: tells the parent its port, then receives in batches of 32 (blocking for the
// first datagram of each batch) and acknowledges every kAckEvery datagrams with the cumulative count and
// its CPU time.
int udp_child(Signal& signal, bool through_udp_socket) {
  uint64_t received = 0, acked = 0;
  auto ack = [&] {
    // On crossing each multiple of kAckEvery: a round's end is one, so its last datagram is acknowledged.
    if (received / kAckEvery == acked / kAckEvery) return true;
    acked = received;
    return signal.send(encode({received, cpu_seconds()}));
  };
  if (!through_udp_socket) {
    sockaddr_in bound;
    const int fd = raw_udp_socket(bound);
    (void)signal.send(std::to_string(ntohs(bound.sin_port)));
    std::vector<uint8_t> space(2048 * kBatch);
    mmsghdr msgs[kBatch] = {};
    iovec iov[kBatch];
    sockaddr_storage from[kBatch];
    for (int i = 0; i < kBatch; ++i) {
      iov[i] = {space.data() + i * 2048, 2048};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &from[i];
    }
    for (;;) {
      for (int i = 0; i < kBatch; ++i) msgs[i].msg_hdr.msg_namelen = sizeof from[i];
      const int n = recvmmsg(fd, msgs, kBatch, MSG_WAITFORONE, nullptr);
      if (n <= 0) break;
      received += static_cast<uint64_t>(n);
      if (n == 1 && space[0] == 0) break;  // the parent's end marker
      if (!ack()) break;
    }
    ::close(fd);
    return 0;
  }
  // As the PeerConnection's sockets: GRO on receive (where the kernel has it), so the sender's GSO
  // messages arrive whole.
  auto bound_socket = pc::UdpSocket::bind(SocketAddress{IpAddress::v4(127, 0, 0, 1), 0},
                                          pc::UdpSocketOptions{kBufferBytes, kBufferBytes, true, true});
  if (!bound_socket) return 2;
  pc::UdpSocket* socket = &*bound_socket;
  (void)signal.send(std::to_string(socket->local_address().port));
  pc::ReceiveBatch batch(pc::kGroSlotSize);
  for (;;) {
    pollfd pfd{socket->fd(), POLLIN, 0};
    if (::poll(&pfd, 1, 20000) != 1) break;
    auto n = socket->receive(batch);
    if (!n) break;
    if (*n == 0) continue;
    received += *n;
    if (*n == 1 && batch.data(0)[0] == 0) break;
    if (!ack()) break;
  }
  return 0;
}

// arg 0: raw sendmmsg/recvmmsg on both ends; arg 1: pc::UdpSocket on both ends (GSO and GRO where
// available).
void BM_UdpCeiling(benchmark::State& state) {
  const bool through_udp_socket = state.range(0) != 0;
  Child child("udp", through_udp_socket ? "socket" : "raw");
  Signal* signal = child.signal();
  auto port_text = signal ? signal->receive() : std::nullopt;
  if (!port_text) {
    state.SkipWithError("no child peer");
    return;
  }
  const auto port = static_cast<uint16_t>(std::stoi(*port_text));
  sockaddr_in to = loopback(port);
  std::vector<uint8_t> payload(kDatagram * kBatch, 0x80);
  sockaddr_in bound;
  const int fd = raw_udp_socket(bound);
  mmsghdr msgs[kBatch] = {};
  iovec iov[kBatch];
  for (int i = 0; i < kBatch; ++i) {
    iov[i] = {payload.data() + i * kDatagram, kDatagram};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &to;
    msgs[i].msg_hdr.msg_namelen = sizeof to;
  }
  std::unique_ptr<pc::UdpSocket> socket;
  std::vector<pc::OutgoingDatagram> out;
  if (through_udp_socket) {
    auto s = pc::UdpSocket::bind(SocketAddress{IpAddress::v4(127, 0, 0, 1), 0},
                                 pc::UdpSocketOptions{kBufferBytes, kBufferBytes, true});
    if (!s) {
      state.SkipWithError("bind failed");
      return;
    }
    socket = std::make_unique<pc::UdpSocket>(std::move(*s));
    for (int i = 0; i < kBatch; ++i) {
      out.push_back({SocketAddress{IpAddress::v4(127, 0, 0, 1), port}, {payload.data() + i * kDatagram, kDatagram}});
    }
  }
  uint64_t sent = 0;
  Report acked;
  bool ok = true;
  // Sends kRound datagrams and waits for their acknowledgement.
  auto round = [&] {
    const uint64_t end = sent + kRound;
    while (ok && acked.bytes < end) {
      if (sent < end && sent - acked.bytes + kBatch <= kWindow) {
        if (socket) {
          auto n = socket->send(out);
          ok = n && *n == out.size();
        } else {
          ok = sendmmsg(fd, msgs, kBatch, 0) == kBatch;
        }
        sent += kBatch;
        continue;
      }
      auto r = signal->receive();
      if (!r) {
        ok = false;
        break;
      }
      acked = decode(*r);
    }
  };
  round();  // warm-up, and the receiver's first CPU reading
  double sender_cpu = 0, receiver_cpu = 0;
  for (auto _ : state) {
    const double cpu0 = cpu_seconds();
    const Report start = acked;
    round();
    sender_cpu += cpu_seconds() - cpu0;
    receiver_cpu += acked.cpu - start.cpu;
    if (!ok) {
      state.SkipWithError("send failed or datagrams were lost");
      break;
    }
  }
  // The end marker: one datagram starting with 0.
  const uint8_t zero[1] = {0};
  sendto(fd, zero, 1, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
  ::close(fd);
  const double datagrams = static_cast<double>(state.iterations()) * static_cast<double>(kRound);
  state.SetItemsProcessed(static_cast<int64_t>(datagrams));
  state.SetBytesProcessed(static_cast<int64_t>(datagrams * kDatagram));
  state.counters["sender_dgrams_per_cpu_s"] = datagrams / sender_cpu;
  state.counters["receiver_dgrams_per_cpu_s"] = datagrams / receiver_cpu;
  if (socket) state.counters["gso_messages"] = static_cast<double>(socket->stats().gso_messages);
}
BENCHMARK(BM_UdpCeiling)
    ->ArgName("udp_socket")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

// ---- BM_IdleConnectionMemory -----------------------------------------------------------------------

size_t heap_in_use() { return mallinfo2().uordblks + mallinfo2().hblkhd; }
size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

struct Pair {
  std::shared_ptr<PeerConnection> offerer, answerer;
  std::shared_ptr<DataChannel> channel;
};

// Connects one pair with a data channel and waits until it is open on both sides.
bool connect_pair(Api& api, Pair& pair) {
  pair.offerer = *api.new_peer_connection();
  pair.answerer = *api.new_peer_connection();
  auto opened = std::make_shared<Notification>();
  pair.answerer->on_data_channel([opened](std::shared_ptr<DataChannel>) { opened->notify(); });
  pair.channel = *pair.offerer->create_data_channel("idle");
  if (auto offer = pair.offerer->set_local_description({SdpType::kOffer, ""}); !offer) {
    std::fprintf(stderr, "offer: %s\n", offer.error().message.c_str());
    return false;
  }
  return pair.offerer->set_local_description({SdpType::kOffer, ""}) && pair.offerer->wait_for_gathering_complete() &&
         pair.answerer->set_remote_description(*pair.offerer->local_description()) &&
         pair.answerer->set_local_description({SdpType::kAnswer, ""}) && pair.answerer->wait_for_gathering_complete() &&
         pair.offerer->set_remote_description(*pair.answerer->local_description()) && opened->wait_for(kStepTimeout);
}

// arg: PeerConnections (arg/2 pairs). One iteration: the measurement is a size, not a time.
void BM_IdleConnectionMemory(benchmark::State& state) {
  const size_t pcs = static_cast<size_t>(state.range(0));
  auto api = make_api();
  if (!api) {
    state.SkipWithError("no Api");
    return;
  }
  {
    // One pair first, closed again: one-time allocations (certificate, loop, caches) are not counted.
    Pair warm;
    (void)connect_pair(*api, warm);
    warm.offerer->close();
    warm.answerer->close();
  }
  malloc_trim(0);
  for (auto _ : state) {
    const size_t heap0 = heap_in_use(), rss0 = rss_bytes();
    std::vector<Pair> pairs(pcs / 2);
    bool ok = true;
    size_t pairs_up = 0;
    for (auto& p : pairs) {
      if (!(ok = connect_pair(*api, p))) break;
      ++pairs_up;
    }
    state.counters["pairs_connected"] = static_cast<double>(pairs_up);
    // Idle: the handshakes' transient buffers are gone and the keepalive timers have ticked.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const double heap = static_cast<double>(heap_in_use() - heap0);
    const double rss = static_cast<double>(rss_bytes() - rss0);
    state.counters["heap_KiB_per_pc"] = heap / 1024.0 / static_cast<double>(pcs);
    state.counters["rss_KiB_per_pc"] = rss / 1024.0 / static_cast<double>(pcs);
    size_t connected = 0, disconnected = 0;
    for (auto& p : pairs) {
      if (!p.offerer) break;
      for (const auto* pc : {p.offerer.get(), p.answerer.get()}) {
        const auto st = pc->connection_state();
        connected += st == PeerConnectionState::kConnected;
        disconnected += st == PeerConnectionState::kDisconnected;
      }
    }
    state.counters["connected"] = static_cast<double>(connected);
    // Not an error for this measurement (the state is all still held), but reported: with hundreds of
    // connections on one loop thread some ICE agents were seen in "disconnected" after the idle wait.
    state.counters["disconnected"] = static_cast<double>(disconnected);
    for (auto& p : pairs) {
      if (p.offerer) p.offerer->close();
      if (p.answerer) p.answerer->close();
    }
    if (!ok || connected + disconnected != pcs) {
      std::fprintf(stderr, "%zu of %zu pairs connected, %zu PeerConnections in state connected\n", pairs_up,
                   pairs.size(), connected);
      state.SkipWithError("not every pair connected");
    }
  }
}
BENCHMARK(BM_IdleConnectionMemory)->Arg(20)->Arg(1000)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

int child_main(int argc, char** argv) {
  if (argc < 5) return 64;
  const std::string mode = argv[2];
  auto signal = connect_to_parent(static_cast<uint16_t>(std::atoi(argv[3])));
  if (!signal) return 65;
  if (mode == "goodput") return goodput_child(*signal);
  if (mode == "udp") return udp_child(*signal, std::string(argv[4]) == "socket");
  return 64;
}

}  // namespace
}  // namespace purertc::bench

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--peer-child") return purertc::bench::child_main(argc, argv);
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return 1;
  purertc::bench::Child::self_path().assign(path, static_cast<size_t>(n));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
