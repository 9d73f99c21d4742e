// ice-single-port: a server answers many PeerConnections on one UDP port (Pion's ice-single-port
// example). Its Api sets SettingEngine::ice_udp_mux_address, so every PeerConnection created from it
// shares one socket and offers it as its only host candidate; datagrams are told apart by the ICE ufrag
// of each client's connectivity checks. Each client (an Api of its own, ordinary ports) opens a data
// channel and the server answers on it with the port it was reached on. Clients and server all live in
// this process here.
//   ice-single-port [--clients N] [--port P]   (defaults: 5 clients, port 0 = the kernel chooses)
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/example.h"

using namespace purertc;

namespace {

// The address of the first a=candidate line of `sdp` ("ip:port").
std::string first_candidate(const std::string& sdp) {
  const size_t at = sdp.find("a=candidate:");
  if (at == std::string::npos) return "";
  // foundation component transport priority ip port ...
  size_t pos = at;
  for (int field = 0; field < 4; ++field) pos = sdp.find(' ', pos) + 1;
  const size_t ip_end = sdp.find(' ', pos);
  const size_t port_end = sdp.find(' ', ip_end + 1);
  return sdp.substr(pos, ip_end - pos) + ":" + sdp.substr(ip_end + 1, port_end - ip_end - 1);
}

}  // namespace

int main(int argc, char** argv) {
  int client_count = 5;
  int port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--clients") {
      client_count = std::atoi(argv[i + 1]);
    } else if (flag == "--port") {
      port = std::atoi(argv[i + 1]);
    } else {
      example::fail("usage: ice-single-port [--clients N] [--port P]");
    }
  }
  if (argc % 2 == 0 || client_count <= 0 || client_count > 50 || port < 0 || port > 65535) {
    example::fail("usage: ice-single-port [--clients N (1..50)] [--port P]");
  }

  // The server: one UDP socket for all its PeerConnections.
  SettingEngine server_settings = example::loopback_settings();
  server_settings.ice_udp_mux_address = "127.0.0.1:" + std::to_string(port);
  Api server = example::must(Api::create(Api::default_media_engine(), std::move(server_settings)), "server Api");
  const std::string shared = *server.ice_udp_mux_address();
  std::printf("server listening on udp %s\n", shared.c_str());

  std::atomic<int> answered{0};
  std::mutex mutex;  // the loop thread and main both touch server_channels and stdout
  std::vector<std::shared_ptr<PeerConnection>> peers;
  std::vector<std::shared_ptr<DataChannel>> client_channels, server_channels;
  for (int i = 0; i < client_count; ++i) {
    // Each client has an Api (and ports) of its own, as a separate program would.
    Api client_api = example::loopback_api();
    auto client = example::must(client_api.new_peer_connection(), "client new_peer_connection");
    auto session = example::must(server.new_peer_connection(), "server new_peer_connection");
    session->on_data_channel([shared, &server_channels, &mutex](std::shared_ptr<DataChannel> dc) {
      std::weak_ptr<DataChannel> weak = dc;
      dc->on_message([weak, shared](const DataChannelMessage& m) {
        if (auto self = weak.lock()) (void)self->send("hello " + std::string(m.text()) + ", this is " + shared);
      });
      std::lock_guard lock(mutex);
      server_channels.push_back(std::move(dc));  // a DataChannel nobody holds is released
    });
    auto dc = example::must(client->create_data_channel("greeting"), "create_data_channel");
    const std::string name = "client" + std::to_string(i + 1);
    dc->on_open([weak = std::weak_ptr<DataChannel>(dc), name] {
      if (auto self = weak.lock()) (void)self->send(name);
    });
    dc->on_message([&answered, &mutex, name](const DataChannelMessage& m) {
      std::lock_guard lock(mutex);
      const std::string_view text = m.text();
      std::printf("%s got \"%.*s\"\n", name.c_str(), static_cast<int>(text.size()), text.data());
      ++answered;
    });
    example::negotiate(*client, *session);
    const std::string candidate = first_candidate(session->local_description()->sdp);
    if (candidate != shared) example::fail("the server offered " + candidate + ", not " + shared);
    example::wait_connected(*client, *session);
    peers.push_back(client);
    client_channels.push_back(dc);
    peers.push_back(session);
  }
  if (!example::wait_until([&] { return answered == client_count; })) example::fail("not every client was answered");
  std::printf("%d clients connected through one server port %s\n", client_count, shared.c_str());
  for (const auto& pc : peers) pc->close();
  return 0;
}
