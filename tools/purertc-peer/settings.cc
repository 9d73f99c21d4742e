#include "commands.h"
#include "output.h"

namespace purertc::peer {

SettingEngine peer_settings(bool loopback_only) {
  SettingEngine s;
  s.mdns_mode = MulticastDnsMode::kDisabled;
  if (loopback_only) {
    s.include_loopback_candidate = true;
    s.ip_filter = [](std::string_view ip) { return ip == "127.0.0.1"; };
  }
  // A peer that goes away is noticed within seconds, so the answerer ends soon after its offerer.
  s.ice_disconnected_timeout = std::chrono::milliseconds(2000);
  s.ice_failed_timeout = std::chrono::milliseconds(4000);
  return s;
}

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::optional<std::string> complete_offer(PeerConnection& pc, std::string& error) {
  if (auto set = pc.set_local_description({SdpType::kOffer, ""}); !set) {
    error = "cannot create the offer: " + to_string(set.error());
    return std::nullopt;
  }
  if (auto done = pc.wait_for_gathering_complete(std::chrono::seconds(10)); !done) {
    error = "ICE gathering did not complete: " + to_string(done.error());
    return std::nullopt;
  }
  auto offer = pc.local_description();
  if (!offer) {
    error = "no local description after gathering";
    return std::nullopt;
  }
  return offer->sdp;
}

std::optional<Endpoint> start_endpoint(const std::string& bind, int port) {
  std::string error;
  auto listener = listen_tcp(bind, port, error);
  if (!listener) {
    print_error(error);
    return std::nullopt;
  }
  auto api = Api::create(Api::default_media_engine(), peer_settings(is_loopback_host(bind)));
  if (!api) {
    print_error("cannot start purertc: " + to_string(api.error()));
    return std::nullopt;
  }
  print_line(json_object({{"event", std::string("listening")}, {"port", int64_t{listener->port}}}));
  return Endpoint{std::move(*listener), std::move(*api)};
}

}  // namespace purertc::peer
