// Interop against coturn (Debian package `coturn`): the test starts `turnserver` on 127.0.0.1 with a
// static long-term user, then checks (a) a Binding request over a real UDP socket returns our own address
// in XOR-MAPPED-ADDRESS, (b) two purertc TURN clients allocate, install permissions, bind channels and
// exchange datagrams through the relay with Send/Data indications and with ChannelData, and (c) wrong
// credentials fail cleanly. Sockets, the event loop and the clock live here, never in src/stun.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "common/random.h"
#include "crypto/csprng.h"
#include "stun/client_transactions.h"
#include "stun/packet/message.h"
#include "stun/packet/message_builder.h"
#include "stun/turn/turn_client.h"

namespace purertc::stun {
namespace {

namespace fs = std::filesystem;

Timestamp clock_now() {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch());
  return Timestamp::from_micros(us.count());
}

SocketAddress from_sockaddr(const sockaddr_in& sa) {
  std::array<uint8_t, 4> ip;
  std::memcpy(ip.data(), &sa.sin_addr.s_addr, 4);
  return SocketAddress{*IpAddress::from_bytes(ip), ntohs(sa.sin_port)};
}

sockaddr_in to_sockaddr(const SocketAddress& a) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(a.port);
  std::memcpy(&sa.sin_addr.s_addr, a.ip.bytes().data(), 4);
  return sa;
}

class UdpSocket {
 public:
  UdpSocket() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)), 0);
    socklen_t len = sizeof(sa);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
    local_ = from_sockaddr(sa);
  }
  ~UdpSocket() { ::close(fd_); }
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  const SocketAddress& local() const { return local_; }
  void send_to(const SocketAddress& to, std::span<const uint8_t> bytes) const {
    sockaddr_in sa = to_sockaddr(to);
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&sa), sizeof(sa));
  }
  // One datagram if one is waiting, else an empty vector.
  std::vector<uint8_t> receive() const {
    std::vector<uint8_t> buf(65536);
    ssize_t n = ::recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT);
    if (n <= 0) return {};
    buf.resize(static_cast<size_t>(n));
    return buf;
  }

 private:
  int fd_ = -1;
  SocketAddress local_;
};

uint16_t free_udp_port() {
  UdpSocket s;
  return s.local().port;
}

// coturn in the foreground, under `timeout`, stopped by PID.
class Coturn {
 public:
  static constexpr const char* kUser = "alice";
  static constexpr const char* kPassword = "secret";
  static constexpr const char* kRealm = "purertc.test";

  bool start() {
    dir_ = fs::temp_directory_path() / ("purertc-coturn-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    port_ = free_udp_port();
    // The relay range sits next to a port the kernel just called free; coturn skips ports it cannot bind.
    uint16_t relay_lo = free_udp_port();
    if (relay_lo > 65000) relay_lo = 50000;
    std::ofstream conf(dir_ / "turnserver.conf");
    conf << "listening-ip=127.0.0.1\nrelay-ip=127.0.0.1\nlistening-port=" << port_ << "\n"
         << "min-port=" << relay_lo << "\nmax-port=" << relay_lo + 200 << "\n"
         << "realm=" << kRealm << "\nlt-cred-mech\nuser=" << kUser << ":" << kPassword << "\n"
         << "fingerprint\nallow-loopback-peers\nno-tls\nno-dtls\nno-tcp\nno-cli\n"
         << "userdb=" << (dir_ / "turndb").string() << "\npidfile=" << (dir_ / "turnserver.pid").string() << "\n"
         << "log-file=stdout\nsimple-log\n";
    conf.close();
    std::string log = (dir_ / "turnserver.log").string();
    std::string conf_path = (dir_ / "turnserver.conf").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      FILE* out = std::freopen(log.c_str(), "w", stdout);
      (void)out;
      ::dup2(STDOUT_FILENO, STDERR_FILENO);
      ::execlp("timeout", "timeout", "120", "turnserver", "-c", conf_path.c_str(), static_cast<char*>(nullptr));
      std::_Exit(127);
    }
    return pid_ > 0 && wait_ready();
  }

  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  SocketAddress address() const { return SocketAddress{IpAddress::v4(127, 0, 0, 1), port_}; }
  std::string log() const {
    std::ifstream in(dir_ / "turnserver.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  // Ready when a Binding request gets an answer (coturn takes a moment to open its sockets).
  bool wait_ready() {
    UdpSocket s;
    SeededRandom rng(1);
    for (int i = 0; i < 100; ++i) {
      uint8_t buf[64];
      MessageBuilder b(buf, MessageType(Method::kBinding, MessageClass::kRequest), random_transaction_id(rng));
      s.send_to(address(), *b.finish());
      pollfd p{s.fd(), POLLIN, 0};
      if (::poll(&p, 1, 100) > 0 && !s.receive().empty()) return true;
    }
    return false;
  }

  fs::path dir_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

class CoturnInterop : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::system("command -v turnserver >/dev/null 2>&1") != 0) {
      missing_ = true;
      return;
    }
    server_ = new Coturn();
    started_ = server_->start();
  }
  static void TearDownTestSuite() {
    if (server_ != nullptr) server_->stop();
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (missing_) {
      if (std::getenv("CI") != nullptr) FAIL() << "turnserver not found: install coturn";
      GTEST_SKIP() << "turnserver not found: install coturn";
    }
    ASSERT_TRUE(started_) << "coturn did not start:\n" << server_->log();
  }

  static inline Coturn* server_ = nullptr;
  static inline bool started_ = false;
  static inline bool missing_ = false;
};

// One TURN client on its own socket, with everything it reported.
struct Endpoint {
  UdpSocket socket;
  TurnClient client;
  std::vector<TurnEvent> events;
  std::vector<TurnPeerData> received;                // views into `buffers`
  std::vector<std::vector<uint8_t>> buffers;

  Endpoint(TurnClientSettings settings, Random& rng) : client(std::move(settings), rng) {}

  bool has_event(TurnEvent::Kind kind) const {
    return std::any_of(events.begin(), events.end(), [&](const TurnEvent& e) { return e.kind == kind; });
  }
  const TurnEvent* event(TurnEvent::Kind kind) const {
    for (const auto& e : events) if (e.kind == kind) return &e;
    return nullptr;
  }
};

TurnClientSettings settings(const char* password = Coturn::kPassword) {
  TurnClientSettings s;
  s.username = Coturn::kUser;
  s.password = password;
  return s;
}

// Runs the endpoints' I/O until `done` holds or the deadline passes.
bool run_until(std::vector<Endpoint*> eps, const SocketAddress& server, const std::function<bool()>& done,
               Duration limit = Duration::seconds(10)) {
  Timestamp deadline = clock_now() + limit;
  while (true) {
    for (auto* ep : eps) {
      while (auto out = ep->client.poll_output()) {
        if (auto* t = std::get_if<TurnTransmit>(&*out)) {
          ep->socket.send_to(server, t->bytes);
        } else {
          ep->events.push_back(std::get<TurnEvent>(*out));
        }
      }
    }
    if (done()) return true;
    Timestamp now = clock_now();
    if (now >= deadline) return false;
    Timestamp next = deadline;
    for (auto* ep : eps) next = earliest(next, ep->client.next_timeout());
    int wait_ms = static_cast<int>(std::max<int64_t>(0, (next - now).ms()) + 1);
    std::vector<pollfd> fds;
    for (auto* ep : eps) fds.push_back(pollfd{ep->socket.fd(), POLLIN, 0});
    ::poll(fds.data(), fds.size(), std::min(wait_ms, 50));
    now = clock_now();
    for (auto* ep : eps) {
      while (true) {
        auto dgram = ep->socket.receive();
        if (dgram.empty()) break;
        ep->buffers.push_back(std::move(dgram));
        if (auto data = ep->client.handle_input(ep->buffers.back(), now)) ep->received.push_back(*data);
      }
      ep->client.handle_timeout(now);
    }
  }
}

std::span<const uint8_t> text(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }
std::string as_string(std::span<const uint8_t> b) { return std::string(b.begin(), b.end()); }

TEST_F(CoturnInterop, BindingRequestReturnsOurAddress) {
  UdpSocket s;
  auto csprng = crypto::Csprng::create();
  ASSERT_TRUE(csprng);
  Random& rng = **csprng;
  ClientTransactions tx(TransactionSettings{.initial_rto = Duration::millis(200)});
  TransactionId id = random_transaction_id(rng);
  std::vector<uint8_t> req(64);
  MessageBuilder b(req, MessageType(Method::kBinding, MessageClass::kRequest), id);
  b.add_string(AttributeType::kSoftware, "purertc interop");
  b.add_fingerprint();
  req.resize(b.finish()->size());
  ASSERT_TRUE(tx.start(req, clock_now()));

  std::optional<SocketAddress> mapped;
  Timestamp deadline = clock_now() + Duration::seconds(5);
  std::vector<uint8_t> dgram;
  while (!mapped && clock_now() < deadline && !tx.poll_timeout_event()) {
    while (auto bytes = tx.poll_transmit()) s.send_to(server_->address(), *bytes);
    pollfd p{s.fd(), POLLIN, 0};
    ::poll(&p, 1, 20);
    dgram = s.receive();
    if (!dgram.empty()) {
      auto m = MessageView::parse(dgram);
      ASSERT_TRUE(m) << to_string(m.error());
      ASSERT_TRUE(m->type().is(Method::kBinding, MessageClass::kSuccessResponse));
      EXPECT_TRUE(m->verify_fingerprint()) << "coturn runs with `fingerprint`";
      ASSERT_TRUE(tx.handle_response(m->transaction_id()));
      auto addr = m->get_address(AttributeType::kXorMappedAddress);
      ASSERT_TRUE(addr) << to_string(addr.error());
      mapped = *addr;
      // A duplicate of the same response is not matched again.
      EXPECT_FALSE(tx.handle_response(m->transaction_id()));
    }
    tx.handle_timeout(clock_now());
  }
  ASSERT_TRUE(mapped) << "no Binding response from coturn";
  EXPECT_EQ(*mapped, s.local()) << mapped->to_string() << " vs " << s.local().to_string();
}

TEST_F(CoturnInterop, TwoClientsRelayThroughSendDataAndChannelData) {
  auto csprng = crypto::Csprng::create();
  ASSERT_TRUE(csprng);
  Random& rng = **csprng;
  Endpoint a(settings(), rng);
  Endpoint b(settings(), rng);
  const auto server = server_->address();
  auto t0 = clock_now();
  ASSERT_TRUE(a.client.allocate(t0));
  ASSERT_TRUE(b.client.allocate(t0));
  ASSERT_TRUE(run_until({&a, &b}, server, [&] {
    return a.client.state() != TurnState::kAllocating && b.client.state() != TurnState::kAllocating;
  })) << server_->log();
  ASSERT_EQ(a.client.state(), TurnState::kAllocated) << (a.events.empty() ? "" : a.events.back().reason);
  ASSERT_EQ(b.client.state(), TurnState::kAllocated);
  const auto* alloc = a.event(TurnEvent::Kind::kAllocated);
  ASSERT_NE(alloc, nullptr);
  EXPECT_EQ(alloc->mapped, a.socket.local());
  EXPECT_EQ(alloc->relayed.ip, IpAddress::v4(127, 0, 0, 1));
  EXPECT_GT(alloc->lifetime, Duration::zero());
  const SocketAddress ra = a.client.relayed_address();
  const SocketAddress rb = b.client.relayed_address();
  EXPECT_NE(ra, rb);

  // Permissions both ways, then Send indications -> Data indications.
  ASSERT_TRUE(a.client.create_permission(rb, clock_now()));
  ASSERT_TRUE(b.client.create_permission(ra, clock_now()));
  ASSERT_TRUE(run_until({&a, &b}, server, [&] {
    return a.client.has_permission(rb) && b.client.has_permission(ra);
  })) << server_->log();
  EXPECT_TRUE(a.has_event(TurnEvent::Kind::kPermissionCreated));

  uint8_t out[2048];
  auto wrapped = a.client.wrap(rb, text("hello via Send"), out);
  ASSERT_TRUE(wrapped);
  EXPECT_TRUE(is_stun_message(*wrapped));
  a.socket.send_to(server, *wrapped);
  ASSERT_TRUE(run_until({&a, &b}, server, [&] { return !b.received.empty(); })) << server_->log();
  EXPECT_EQ(as_string(b.received[0].data), "hello via Send");
  EXPECT_EQ(b.received[0].peer, ra);
  EXPECT_FALSE(b.received[0].via_channel);

  wrapped = b.client.wrap(ra, text("reply via Send"), out);
  ASSERT_TRUE(wrapped);
  b.socket.send_to(server, *wrapped);
  ASSERT_TRUE(run_until({&a, &b}, server, [&] { return !a.received.empty(); }));
  EXPECT_EQ(as_string(a.received[0].data), "reply via Send");
  EXPECT_EQ(a.received[0].peer, rb);

  // Channels both ways, then ChannelData.
  auto ca = a.client.bind_channel(rb, clock_now());
  auto cb = b.client.bind_channel(ra, clock_now());
  ASSERT_TRUE(ca);
  ASSERT_TRUE(cb);
  ASSERT_TRUE(run_until({&a, &b}, server, [&] {
    return a.client.channel_for(rb) != 0 && b.client.channel_for(ra) != 0;
  })) << server_->log();
  EXPECT_EQ(a.client.channel_for(rb), *ca);

  std::vector<uint8_t> big(1000);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 7);
  wrapped = a.client.wrap(rb, big, out);
  ASSERT_TRUE(wrapped);
  EXPECT_TRUE(is_channel_data(*wrapped));
  EXPECT_EQ(wrapped->size(), 4 + big.size());
  a.socket.send_to(server, *wrapped);
  ASSERT_TRUE(run_until({&a, &b}, server, [&] { return b.received.size() >= 2; }));
  EXPECT_TRUE(b.received[1].via_channel);
  EXPECT_EQ(b.received[1].peer, ra);
  EXPECT_TRUE(std::equal(big.begin(), big.end(), b.received[1].data.begin(), b.received[1].data.end()));

  wrapped = b.client.wrap(ra, text("odd"), out);  // 3 bytes: exercises (absent) UDP padding
  ASSERT_TRUE(wrapped);
  EXPECT_TRUE(is_channel_data(*wrapped));
  b.socket.send_to(server, *wrapped);
  ASSERT_TRUE(run_until({&a, &b}, server, [&] { return a.received.size() >= 2; }));
  EXPECT_TRUE(a.received[1].via_channel);
  EXPECT_EQ(as_string(a.received[1].data), "odd");

  EXPECT_EQ(a.client.stats().dropped_unauthenticated, 0u);
  EXPECT_EQ(b.client.stats().dropped_malformed, 0u);

  // Deallocation: Refresh with LIFETIME 0, answered.
  a.client.close(clock_now());
  b.client.close(clock_now());
  ASSERT_TRUE(run_until({&a, &b}, server, [&] {
    return a.client.state() == TurnState::kClosed && b.client.state() == TurnState::kClosed;
  }));
  EXPECT_EQ(a.event(TurnEvent::Kind::kClosed)->error_code, 0) << a.event(TurnEvent::Kind::kClosed)->reason;
}

TEST_F(CoturnInterop, WrongPasswordFailsCleanly) {
  auto csprng = crypto::Csprng::create();
  ASSERT_TRUE(csprng);
  Random& rng = **csprng;
  Endpoint a(settings("not-the-password"), rng);
  ASSERT_TRUE(a.client.allocate(clock_now()));
  ASSERT_TRUE(run_until({&a}, server_->address(), [&] { return a.client.state() != TurnState::kAllocating; }));
  EXPECT_EQ(a.client.state(), TurnState::kFailed);
  const auto* e = a.event(TurnEvent::Kind::kAllocationFailed);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->error_code, kErrorUnauthenticated) << e->reason;
  EXPECT_TRUE(a.client.next_timeout().is_infinite()) << "nothing left to retransmit";
  uint8_t out[64];
  EXPECT_EQ(a.client.wrap(SocketAddress{IpAddress::v4(127, 0, 0, 1), 9}, text("x"), out).error().code, Errc::kWrongState);
}

TEST_F(CoturnInterop, UnknownUserFailsCleanly) {
  auto csprng = crypto::Csprng::create();
  ASSERT_TRUE(csprng);
  Random& rng = **csprng;
  TurnClientSettings s = settings();
  s.username = "mallory";
  Endpoint a(s, rng);
  ASSERT_TRUE(a.client.allocate(clock_now()));
  ASSERT_TRUE(run_until({&a}, server_->address(), [&] { return a.client.state() != TurnState::kAllocating; }));
  EXPECT_EQ(a.client.state(), TurnState::kFailed);
  ASSERT_TRUE(a.has_event(TurnEvent::Kind::kAllocationFailed));
  EXPECT_EQ(a.event(TurnEvent::Kind::kAllocationFailed)->error_code, kErrorUnauthenticated);
}

}  // namespace
}  // namespace purertc::stun
