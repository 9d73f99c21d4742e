// Two DTLS endpoints joined by seeded SimLinks in logical time, for in-process handshake tests, fuzzing
// seeds and benchmarks.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "common/random.h"
#include "crypto/certificate.h"
#include "dtls/connection.h"
#include "tests/sim/sim_link.h"

namespace purertc::dtls::testing {

inline std::shared_ptr<const crypto::Identity> make_identity(crypto::KeyType type, uint64_t seed) {
  SeededRandom rng(seed);
  crypto::CertificateOptions options;
  options.key_type = type;
  options.not_before_unix_seconds = 1767225600;  // 2026-01-01
  auto id = crypto::Identity::generate_self_signed(options, rng);
  if (!id) return nullptr;
  return std::make_shared<const crypto::Identity>(std::move(*id));
}

struct Endpoint {
  std::unique_ptr<Connection> conn;
  std::vector<Output> events;  // everything but transmits
  std::vector<std::vector<uint8_t>> received;
  bool connected = false;
  bool failed = false;
  bool closed = false;
};

class DtlsPair {
 public:
  DtlsPair(DtlsSettings client_settings, DtlsSettings server_settings, sim::Impairment impairment = {},
           uint64_t seed = 1)
      : client_rng_(seed * 2 + 1), server_rng_(seed * 2 + 2), c2s_(impairment, seed * 3 + 1),
        s2c_(impairment, seed * 3 + 2) {
    client_settings.role = Role::kClient;
    server_settings.role = Role::kServer;
    auto c = Connection::create(std::move(client_settings), client_rng_);
    auto s = Connection::create(std::move(server_settings), server_rng_);
    if (c) client.conn = std::move(*c);
    if (s) server.conn = std::move(*s);
  }

  // Drains both endpoints' outputs into the links (or `tap`).
  void drain() {
    drain_one(client, c2s_);
    drain_one(server, s2c_);
  }

  // Runs until `done` holds or logical time passes `limit`. Returns whether `done` held.
  template <class Pred>
  bool run_until(Pred done, Duration limit = Duration::seconds(120)) {
    Timestamp end = now + limit;
    drain();
    while (!done()) {
      Timestamp next = earliest(earliest(client.conn->next_timeout(), server.conn->next_timeout()),
                                earliest(c2s_.next_delivery(), s2c_.next_delivery()));
      if (next.is_infinite() || next > end) return false;
      if (next > now) now = next;
      while (auto p = c2s_.receive(now)) {
        if (filter_c2s && !filter_c2s(*p)) continue;
        server.conn->handle_input(*p, now);
      }
      while (auto p = s2c_.receive(now)) {
        if (filter_s2c && !filter_s2c(*p)) continue;
        client.conn->handle_input(*p, now);
      }
      if (client.conn->next_timeout() <= now) client.conn->handle_timeout(now);
      if (server.conn->next_timeout() <= now) server.conn->handle_timeout(now);
      drain();
    }
    return true;
  }

  bool handshake(Duration limit = Duration::seconds(120)) {
    client.conn->start(now);
    // A failure on one side reaches the other as an alert (or by its handshake timeout).
    return run_until([&] { return (client.connected && server.connected) || (client.failed && server.failed); },
                     limit) &&
           client.connected && server.connected;
  }

  Endpoint client, server;
  Timestamp now = Timestamp::from_millis(1000);
  // Optional hooks on delivery: return false to drop, or modify the datagram in place.
  std::function<bool(std::vector<uint8_t>&)> filter_c2s, filter_s2c;
  sim::SimLink& c2s() { return c2s_; }
  sim::SimLink& s2c() { return s2c_; }

 private:
  void drain_one(Endpoint& e, sim::SimLink& link) {
    while (auto o = e.conn->poll_output()) {
      switch (o->kind) {
        case Output::Kind::kTransmit:
          link.send(std::move(o->data), now);
          continue;
        case Output::Kind::kConnected: e.connected = true; break;
        case Output::Kind::kFailed: e.failed = true; break;
        case Output::Kind::kClosed: e.closed = true; break;
        case Output::Kind::kData: e.received.push_back(o->data); break;
      }
      e.events.push_back(std::move(*o));
    }
  }

  SeededRandom client_rng_, server_rng_;
  sim::SimLink c2s_, s2c_;
};

}  // namespace purertc::dtls::testing
