// Single-port mode (SettingEngine::ice_udp_mux_address): several PeerConnections of one Api answered on
// one shared UDP socket, each connected to its own client PeerConnection, with data channels echoing
// through it; its host candidate is the shared port; ICE restart over the mux; the Api's errors.
#include <gtest/gtest.h>

#include <sstream>

#include "tests/pc/e2e/peer_pair.h"

namespace purertc::e2e {
namespace {

// The ports of every a=candidate line of `sdp`.
std::vector<std::string> candidate_addresses(const std::string& sdp) {
  std::vector<std::string> out;
  std::istringstream in(sdp);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("a=candidate:", 0) != 0) continue;
    std::istringstream fields(line);
    std::string foundation, component, transport, priority, ip, port;
    fields >> foundation >> component >> transport >> priority >> ip >> port;
    out.push_back(ip + ":" + port);
  }
  return out;
}

std::string ice_ufrag(const std::string& sdp) {
  const size_t at = sdp.find("a=ice-ufrag:");
  if (at == std::string::npos) return "";
  const size_t start = at + 12;
  return sdp.substr(start, sdp.find_first_of("\r\n", start) - start);
}

SettingEngine single_port_settings(const std::string& address = "127.0.0.1:0") {
  SettingEngine s = loopback_settings();
  s.ice_udp_mux_address = address;
  return s;
}

// One client PeerConnection (ports of its own) and the server PeerConnection answering it.
struct Session {
  std::shared_ptr<PeerConnection> client, server;
  std::shared_ptr<DataChannel> channel;  // the client's
  EventLog<std::string> replies;
  EventLog<int> opened;
  RemoteChannels server_channels;

  void close() {
    if (client) client->close();
    if (server) server->close();
  }
};

// Answers every message with "<prefix><message>" so each session can tell its server's replies apart.
// `kept` holds the server's channels (a DataChannel nobody references is released).
void serve_echo(PeerConnection& server, std::string prefix, RemoteChannels& kept) {
  kept.on_new = [prefix](const std::shared_ptr<DataChannel>& dc) {
    std::weak_ptr<DataChannel> weak = dc;
    dc->on_message([weak, prefix](const DataChannelMessage& m) {
      if (auto self = weak.lock()) {
        EXPECT_TRUE(self->send(prefix + std::string(m.text())));
      }
    });
  };
  kept.attach(server);
}

// Non-trickle offer from the client, answer from the server (complete descriptions).
void negotiate(Session& s) {
  ASSERT_TRUE(s.client->set_local_description(SessionDescription{SdpType::kOffer, ""}));
  ASSERT_TRUE(s.client->wait_for_gathering_complete());
  auto r = s.server->set_remote_description(*s.client->local_description());
  ASSERT_TRUE(r) << to_string(r.error());
  ASSERT_TRUE(s.server->set_local_description(SessionDescription{SdpType::kAnswer, ""}));
  ASSERT_TRUE(s.server->wait_for_gathering_complete());
  r = s.client->set_remote_description(*s.server->local_description());
  ASSERT_TRUE(r) << to_string(r.error());
}

bool connected(const Session& s) {
  return eventually([&] {
    return s.client->connection_state() == PeerConnectionState::kConnected &&
           s.server->connection_state() == PeerConnectionState::kConnected;
  });
}

TEST(SinglePortE2e, ThreePeerConnectionsOfOneApiConnectThroughOnePort) {
  Api server_api = make_api(single_port_settings());
  const auto mux = server_api.ice_udp_mux_address();
  ASSERT_TRUE(mux);
  EXPECT_EQ(mux->rfind("127.0.0.1:", 0), 0u) << *mux;
  EXPECT_NE(*mux, "127.0.0.1:0");  // the kernel's choice is reported
  Api client_api = make_api();

  constexpr int kSessions = 3;
  std::vector<std::unique_ptr<Session>> sessions;
  for (int i = 0; i < kSessions; ++i) {
    auto s = std::make_unique<Session>();
    auto c = client_api.new_peer_connection();
    auto v = server_api.new_peer_connection();
    ASSERT_TRUE(c && v);
    s->client = *c;
    s->server = *v;
    serve_echo(*s->server, "server" + std::to_string(i) + ":", s->server_channels);
    auto dc = s->client->create_data_channel("chat");
    ASSERT_TRUE(dc);
    s->channel = *dc;
    Session* raw = s.get();
    s->channel->on_open([raw] { raw->opened.push(1); });
    s->channel->on_message([raw](const DataChannelMessage& m) { raw->replies.push(std::string(m.text())); });
    sessions.push_back(std::move(s));
  }
  for (auto& s : sessions) negotiate(*s);

  for (int i = 0; i < kSessions; ++i) {
    Session& s = *sessions[i];
    // The server's only candidate is the shared socket; the clients have ports of their own.
    EXPECT_EQ(candidate_addresses(s.server->local_description()->sdp), std::vector<std::string>{*mux});
    for (const auto& a : candidate_addresses(s.client->local_description()->sdp)) EXPECT_NE(a, *mux);
    ASSERT_TRUE(connected(s)) << "session " << i;
    ASSERT_TRUE(s.opened.wait_for_size(1)) << "session " << i;
  }
  for (int i = 0; i < kSessions; ++i) {
    ASSERT_TRUE(sessions[i]->channel->send("hello " + std::to_string(i)));
  }
  for (int i = 0; i < kSessions; ++i) {
    ASSERT_TRUE(sessions[i]->replies.wait_for_size(1));
    EXPECT_EQ(sessions[i]->replies.items().at(0), "server" + std::to_string(i) + ":hello " + std::to_string(i));
  }

  // Closing one session leaves the others on the shared socket working.
  sessions[0]->close();
  ASSERT_TRUE(sessions[1]->channel->send("still there"));
  ASSERT_TRUE(sessions[1]->replies.wait_for_size(2));
  EXPECT_EQ(sessions[1]->replies.items().at(1), "server1:still there");
  for (auto& s : sessions) s->close();
}

TEST(SinglePortE2e, IceRestartOverTheSharedSocket) {
  Api server_api = make_api(single_port_settings());
  Api client_api = make_api();
  Session s;
  s.client = *client_api.new_peer_connection();
  s.server = *server_api.new_peer_connection();
  serve_echo(*s.server, "echo:", s.server_channels);
  s.channel = *s.client->create_data_channel("chat");
  s.channel->on_open([&] { s.opened.push(1); });
  s.channel->on_message([&](const DataChannelMessage& m) { s.replies.push(std::string(m.text())); });
  negotiate(s);
  ASSERT_TRUE(connected(s));
  ASSERT_TRUE(s.opened.wait_for_size(1));
  const std::string old_ufrag = ice_ufrag(s.server->local_description()->sdp);

  s.client->restart_ice();
  negotiate(s);
  const std::string new_ufrag = ice_ufrag(s.server->local_description()->sdp);
  EXPECT_NE(new_ufrag, old_ufrag);
  EXPECT_EQ(candidate_addresses(s.server->local_description()->sdp),
            std::vector<std::string>{*server_api.ice_udp_mux_address()});
  // Either side may report "completed" once the nominated pair of the new ICE generation works.
  auto up = [](IceConnectionState state) {
    return state == IceConnectionState::kConnected || state == IceConnectionState::kCompleted;
  };
  ASSERT_TRUE(eventually([&] { return up(s.server->ice_connection_state()) && up(s.client->ice_connection_state()); }))
      << "server " << to_string(s.server->ice_connection_state()) << ", client "
      << to_string(s.client->ice_connection_state());
  ASSERT_TRUE(s.channel->send("after restart"));
  ASSERT_TRUE(s.replies.wait_for_size(1));
  EXPECT_EQ(s.replies.items().at(0), "echo:after restart");
  s.close();
}

TEST(SinglePortE2e, PeerConnectionsOutliveTheApiAndKeepTheSocket) {
  auto server_api = std::make_unique<Api>(make_api(single_port_settings()));
  Api client_api = make_api();
  Session s;
  s.client = *client_api.new_peer_connection();
  s.server = *server_api->new_peer_connection();
  serve_echo(*s.server, "echo:", s.server_channels);
  s.channel = *s.client->create_data_channel("chat");
  s.channel->on_message([&](const DataChannelMessage& m) { s.replies.push(std::string(m.text())); });
  s.channel->on_open([&] { s.opened.push(1); });
  negotiate(s);
  server_api.reset();  // the PeerConnection keeps the loop and the shared socket alive
  ASSERT_TRUE(connected(s));
  ASSERT_TRUE(s.opened.wait_for_size(1));
  ASSERT_TRUE(s.channel->send("x"));
  ASSERT_TRUE(s.replies.wait_for_size(1));
  s.close();
}

TEST(SinglePortApi, APortInUseIsAnOperationErrorAtApiCreation) {
  Api first = make_api(single_port_settings());
  const auto taken = first.ice_udp_mux_address();
  ASSERT_TRUE(taken);
  auto second = Api::create(Api::default_media_engine(), single_port_settings(*taken));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, RtcErrorCode::kOperationError);
  EXPECT_NE(second.error().message.find(*taken), std::string::npos) << second.error().message;
}

TEST(SinglePortApi, AWildcardOrMalformedAddressIsInvalid) {
  for (const char* bad : {"0.0.0.0:5000", "[::]:5000", "127.0.0.1", "not an address", "127.0.0.1:99999"}) {
    auto api = Api::create(Api::default_media_engine(), single_port_settings(bad));
    ASSERT_FALSE(api) << bad;
    EXPECT_EQ(api.error().code, RtcErrorCode::kInvalidArgument) << bad;
  }
}

TEST(SinglePortApi, WithoutTheSettingThereIsNoSharedSocket) {
  Api api = make_api();
  EXPECT_FALSE(api.ice_udp_mux_address());
}

}  // namespace
}  // namespace purertc::e2e
