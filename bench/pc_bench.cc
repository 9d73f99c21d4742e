// src/pc benchmarks: UDP loopback throughput of the socket layer against the kernel's own ceiling.
//
// The ceiling is raw sendmmsg/recvmmsg with batches of 32 datagrams of 1200 bytes between two sockets on
// 127.0.0.1 in one thread, alternating one send batch and one receive batch (loopback delivers during
// the send, so each receive batch finds the whole send batch waiting). The same traffic then goes through
// pc::UdpSocket (send() + receive() into a ReceiveBatch), once with UDP GSO and once without. Every
// benchmark measures process CPU time, so items_per_second is datagrams per CPU-second, which is what
// issue 11 targets (socket layer >= 0.8x the ceiling); main() prints the ratios after the table.
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <atomic>
#include <cstring>
#include <memory>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "pc/demux.h"
#include "pc/notification.h"
#include "pc/sockaddr.h"
#include "pc/udp_socket.h"
#include "purertc/purertc.h"

namespace purertc::pc {
namespace {

constexpr size_t kDatagramSize = 1200;
constexpr int kBatch = 32;
const SocketAddress kLoopbackAny{IpAddress::v4(127, 0, 0, 1), 0};

// Both ends get a buffer large enough for several batches, as a WebRTC stack would configure.
constexpr int kBufferBytes = 1 << 20;

int raw_socket(sockaddr_in& bound) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kBufferBytes, sizeof kBufferBytes);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kBufferBytes, sizeof kBufferBytes);
  bound = sockaddr_in{};
  bound.sin_family = AF_INET;
  bound.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&bound), sizeof bound);
  socklen_t len = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  return fd;
}

void BM_KernelCeiling(benchmark::State& state) {
  sockaddr_in tx_addr;
  sockaddr_in rx_addr;
  const int tx = raw_socket(tx_addr);
  const int rx = raw_socket(rx_addr);
  std::vector<uint8_t> payload(kDatagramSize * kBatch, 0x80);
  std::vector<uint8_t> receive_space(2048 * kBatch);
  mmsghdr send_msgs[kBatch] = {};
  iovec send_iov[kBatch];
  mmsghdr recv_msgs[kBatch] = {};
  iovec recv_iov[kBatch];
  sockaddr_storage from[kBatch];
  for (int i = 0; i < kBatch; ++i) {
    send_iov[i] = {payload.data() + i * kDatagramSize, kDatagramSize};
    send_msgs[i].msg_hdr.msg_iov = &send_iov[i];
    send_msgs[i].msg_hdr.msg_iovlen = 1;
    send_msgs[i].msg_hdr.msg_name = &rx_addr;
    send_msgs[i].msg_hdr.msg_namelen = sizeof rx_addr;
    recv_iov[i] = {receive_space.data() + i * 2048, 2048};
    recv_msgs[i].msg_hdr.msg_iov = &recv_iov[i];
    recv_msgs[i].msg_hdr.msg_iovlen = 1;
    recv_msgs[i].msg_hdr.msg_name = &from[i];
  }
  int64_t datagrams = 0;
  for (auto _ : state) {
    const int sent = sendmmsg(tx, send_msgs, kBatch, 0);
    if (sent != kBatch) {
      state.SkipWithError("sendmmsg did not take the whole batch");
      break;
    }
    int received = 0;
    while (received < kBatch) {
      for (int i = 0; i < kBatch; ++i) recv_msgs[i].msg_hdr.msg_namelen = sizeof from[i];
      const int n = recvmmsg(rx, recv_msgs, kBatch - received, MSG_DONTWAIT, nullptr);
      if (n <= 0) break;
      received += n;
    }
    if (received != kBatch) {
      state.SkipWithError("loopback lost datagrams");
      break;
    }
    datagrams += received;
  }
  state.SetItemsProcessed(datagrams);
  state.SetBytesProcessed(datagrams * static_cast<int64_t>(kDatagramSize));
  close(tx);
  close(rx);
}
BENCHMARK(BM_KernelCeiling)->MeasureProcessCPUTime();

// arg 0: GSO allowed.
void BM_UdpSocket(benchmark::State& state) {
  const UdpSocketOptions options{kBufferBytes, kBufferBytes, state.range(0) != 0};
  auto tx = UdpSocket::bind(kLoopbackAny, options);
  auto rx = UdpSocket::bind(kLoopbackAny, options);
  if (!tx || !rx) {
    state.SkipWithError("bind failed");
    return;
  }
  if (state.range(0) != 0 && !tx->gso_enabled()) {
    state.SkipWithError("kernel without UDP GSO");
    return;
  }
  std::vector<uint8_t> payload(kDatagramSize * kBatch, 0x80);
  std::vector<OutgoingDatagram> out;
  for (int i = 0; i < kBatch; ++i) {
    out.push_back({rx->local_address(), {payload.data() + i * kDatagramSize, kDatagramSize}});
  }
  ReceiveBatch batch;
  int64_t datagrams = 0;
  int64_t rtp = 0;
  for (auto _ : state) {
    auto sent = tx->send(out);
    if (!sent || *sent != out.size()) {
      state.SkipWithError("send did not take the whole batch");
      break;
    }
    size_t received = 0;
    while (received < out.size()) {
      auto n = rx->receive(batch);
      if (!n || *n == 0) break;
      // What the PeerConnection does next with each datagram: classify it (RFC 7983).
      for (size_t i = 0; i < *n; ++i) rtp += classify_packet(batch.data(i)) == PacketKind::kRtp;
      received += *n;
    }
    if (received != out.size()) {
      state.SkipWithError("loopback lost datagrams");
      break;
    }
    datagrams += static_cast<int64_t>(received);
  }
  benchmark::DoNotOptimize(rtp);
  state.SetItemsProcessed(datagrams);
  state.SetBytesProcessed(datagrams * static_cast<int64_t>(kDatagramSize));
  state.counters["gso_messages"] = static_cast<double>(tx->stats().gso_messages);
}
BENCHMARK(BM_UdpSocket)->ArgName("gso")->Arg(0)->Arg(1)->MeasureProcessCPUTime();

// Keeps each benchmark's datagrams per CPU-second (the median when repetitions are asked for) so main()
// can print the ratios to the ceiling measured in this same run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const bool usable = run.run_type == Run::RT_Iteration ? run.repetitions <= 1 : run.aggregate_name == "median";
      auto it = run.counters.find("items_per_second");
      if (usable && !run.error_occurred && it != run.counters.end()) rates_[run.run_name.str()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  const std::map<std::string, double>& rates() const { return rates_; }

 private:
  std::map<std::string, double> rates_;
};


// Two purertc PeerConnections on 127.0.0.1, signaled in-process with complete descriptions.
struct BenchPair {
  BenchPair() {
    SettingEngine s;
    s.include_loopback_candidate = true;
    s.ip_filter = [](std::string_view ip) { return ip == "127.0.0.1"; };
    s.mdns_mode = MulticastDnsMode::kDisabled;
    auto created = Api::create(Api::default_media_engine(), s);
    api = std::make_unique<Api>(std::move(*created));
    offerer = std::move(*api->new_peer_connection());
    answerer = std::move(*api->new_peer_connection());
  }
  // Offer/answer with complete descriptions (gathering on loopback is immediate).
  bool connect() {
    (void)offerer->set_local_description({SdpType::kOffer, ""});
    (void)offerer->wait_for_gathering_complete();
    if (!answerer->set_remote_description(*offerer->local_description())) return false;
    (void)answerer->set_local_description({SdpType::kAnswer, ""});
    (void)answerer->wait_for_gathering_complete();
    return offerer->set_remote_description(*answerer->local_description()).ok();
  }
  std::unique_ptr<Api> api;
  std::shared_ptr<PeerConnection> offerer, answerer;
};

// Connection setup (issue #11 item 7): from create_offer to the first data channel message echoed back.
void BM_PeerConnectionSetup(benchmark::State& state) {
  for (auto _ : state) {
    BenchPair pair;
    pair.answerer->on_data_channel([](std::shared_ptr<DataChannel> dc) {
      std::weak_ptr<DataChannel> weak = dc;
      dc->on_message([weak](const DataChannelMessage& m) {
        if (auto self = weak.lock()) (void)self->send(m.text());
      });
    });
    auto dc = *pair.offerer->create_data_channel("echo");
    auto echoed = std::make_shared<Notification>();
    dc->on_open([dc] { (void)dc->send("ping"); });
    dc->on_message([echoed](const DataChannelMessage&) { echoed->notify(); });
    if (!pair.connect() || !echoed->wait_for(std::chrono::seconds(10))) {
      state.SkipWithError("no echo");
      break;
    }
    state.PauseTiming();
    pair.offerer->close();
    pair.answerer->close();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_PeerConnectionSetup)->Unit(benchmark::kMillisecond)->UseRealTime();

// Data channel goodput through UDP + DTLS + SCTP between two PeerConnections in one process: 64 KiB
// messages, keeping the sender's buffer between 1 and 4 MiB.
void BM_DataChannelGoodput(benchmark::State& state) {
  const size_t message = static_cast<size_t>(state.range(0));
  BenchPair pair;
  std::atomic<uint64_t> received{0};
  pair.answerer->on_data_channel([&received](std::shared_ptr<DataChannel> dc) {
    dc->on_message([&received](const DataChannelMessage& m) { received += m.data.size(); });
  });
  auto dc = *pair.offerer->create_data_channel("bulk");
  auto opened = std::make_shared<Notification>();
  dc->on_open([opened] { opened->notify(); });
  if (!pair.connect() || !opened->wait_for(std::chrono::seconds(10))) {
    state.SkipWithError("no connection");
    return;
  }
  const std::vector<uint8_t> payload(message, 0x5a);
  const uint64_t batch = 16 * 1024 * 1024;
  for (auto _ : state) {
    const uint64_t target = received.load() + batch;
    uint64_t sent = 0;
    while (sent < batch) {
      if (dc->buffered_amount() > 4 * 1024 * 1024) {
        std::this_thread::yield();
        continue;
      }
      if (!dc->send(std::span<const uint8_t>(payload))) break;
      sent += message;
    }
    while (received.load() < target) std::this_thread::yield();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * batch));
  pair.offerer->close();
  pair.answerer->close();
}
BENCHMARK(BM_DataChannelGoodput)->Arg(1024)->Arg(64 * 1024)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace purertc::pc

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  purertc::pc::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  const auto& rates = reporter.rates();
  auto ceiling = rates.find("BM_KernelCeiling/process_time");
  if (ceiling == rates.end()) return 0;
  std::printf("\nDatagrams per CPU-second relative to the kernel ceiling (%.0f/s):\n", ceiling->second);
  for (const auto& [name, rate] : rates) {
    std::printf("  %-40s %12.0f/s  %.2fx\n", name.c_str(), rate, rate / ceiling->second);
  }
  return 0;
}
