// Two PeerConnections in one process open a data channel over 127.0.0.1 and exchange one message each way.
#include <purertc/purertc.h>

#include <future>
#include <iostream>

using namespace purertc;

int main() {
  std::promise<void> done;  // declared first: it outlives the PeerConnections and their callbacks
  SettingEngine settings;
  settings.include_loopback_candidate = true;
  settings.ip_filter = [](std::string_view ip) { return ip == "127.0.0.1"; };
  auto api = Api::create(Api::default_media_engine(), settings);
  auto alice = *api->new_peer_connection(), bob = *api->new_peer_connection();

  bob->on_data_channel([](std::shared_ptr<DataChannel> dc) {
    dc->on_message([dc](const DataChannelMessage& m) {
      std::cout << "bob got \"" << m.text() << "\" on " << dc->label() << std::endl;
      (void)dc->send("pong");
    });
  });
  auto dc = *alice->create_data_channel("chat");
  dc->on_open([&] { (void)dc->send("ping"); });
  dc->on_message([&](const DataChannelMessage& m) {
    std::cout << "alice got \"" << m.text() << "\"" << std::endl;
    done.set_value();
  });

  // Signaling: each side's complete description goes to the other (over HTTP, a WebSocket... in a real app).
  bool ok = alice->set_local_description({SdpType::kOffer, ""}) && alice->wait_for_gathering_complete() &&
            bob->set_remote_description(*alice->local_description()) &&
            bob->set_local_description({SdpType::kAnswer, ""}) && bob->wait_for_gathering_complete() &&
            alice->set_remote_description(*bob->local_description());
  return ok && done.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready ? 0 : 1;
}
