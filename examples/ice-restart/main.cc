// ice-restart: after the connection is up, the offerer restarts ICE (new credentials, RFC 8445
// section 9) and renegotiates; the ICE agents run connectivity checks again while DTLS, SCTP and the
// data channel carry on. Pings keep flowing across the restart.
#include <atomic>
#include <cstdio>
#include <string>

#include "common/example.h"

using namespace purertc;

// The a=ice-ufrag value of a description: what changes with every ICE restart.
std::string ufrag(const PeerConnection& pc) {
  const std::string sdp = pc.local_description()->sdp;
  const size_t at = sdp.find("a=ice-ufrag:");
  return at == std::string::npos ? "?" : sdp.substr(at + 12, sdp.find_first_of("\r\n", at) - at - 12);
}

int main() {
  std::atomic<int> pongs{0};
  Api api = example::loopback_api();
  auto offerer = example::must(api.new_peer_connection(), "new_peer_connection");
  auto answerer = example::must(api.new_peer_connection(), "new_peer_connection");
  offerer->on_ice_connection_state_change(
      [](IceConnectionState s) { std::printf("  offerer ICE: %s\n", std::string(to_string(s)).c_str()); });
  answerer->on_data_channel([](std::shared_ptr<DataChannel> dc) {
    dc->on_message([dc](const DataChannelMessage&) { (void)dc->send("pong"); });
  });
  auto dc = example::must(offerer->create_data_channel("ping"), "create_data_channel");
  dc->on_message([&](const DataChannelMessage&) { ++pongs; });

  example::negotiate(*offerer, *answerer);
  example::wait_connected(*offerer, *answerer);
  auto ping_until = [&](int count) {
    if (!example::wait_until([&] { return dc->ready_state() == DataChannelState::kOpen && dc->send("ping") && pongs >= count; })) {
      example::fail("no pong");
    }
  };
  ping_until(1);
  const std::string before = ufrag(*offerer);
  std::printf("connected, ufrag %s, %d pong(s)\n", before.c_str(), pongs.load());

  offerer->restart_ice();
  example::negotiate(*offerer, *answerer);
  example::wait_connected(*offerer, *answerer);
  const int seen = pongs;
  ping_until(seen + 1);
  const std::string after = ufrag(*offerer);
  std::printf("ICE restarted: ufrag %s -> %s, data channel still answering (%d pongs)\n", before.c_str(),
              after.c_str(), pongs.load());
  offerer->close();
  answerer->close();
  return before != after ? 0 : 1;
}
