#include "commands.h"

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

}  // namespace purertc::peer
