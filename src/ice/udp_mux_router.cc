#include "ice/udp_mux_router.h"

#include <vector>

#include "stun/packet/message.h"

namespace purertc::ice {

void UdpMuxRouter::add(std::string ufrag, MuxTarget target) { by_ufrag_[std::move(ufrag)] = target; }

void UdpMuxRouter::remove(MuxTarget target) {
  for (auto it = by_ufrag_.begin(); it != by_ufrag_.end();) {
    it = it->second == target ? by_ufrag_.erase(it) : std::next(it);
  }
  for (auto it = by_address_.begin(); it != by_address_.end();) {
    it = it->second.target == target ? by_address_.erase(it) : std::next(it);
  }
  addresses_of_.erase(target);
}

std::optional<std::string_view> UdpMuxRouter::request_ufrag(std::span<const uint8_t> datagram) {
  if (!stun::is_stun_message(datagram)) return std::nullopt;
  auto msg = stun::MessageView::parse(datagram);
  if (!msg || msg->type().cls != stun::MessageClass::kRequest) return std::nullopt;
  auto username = msg->get_string(stun::AttributeType::kUsername);
  if (!username) return std::nullopt;
  size_t colon = username->find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  return username->substr(0, colon);
}

std::optional<MuxTarget> UdpMuxRouter::route(std::span<const uint8_t> datagram, const SocketAddress& from,
                                             Timestamp now) {
  auto known = by_address_.find(from);
  if (auto ufrag = request_ufrag(datagram)) {
    auto agent = by_ufrag_.find(std::string(*ufrag));
    if (agent == by_ufrag_.end()) return known != by_address_.end() ? std::optional(known->second.target) : std::nullopt;
    MuxTarget target = agent->second;
    if (known != by_address_.end()) {
      if (known->second.target != target) {
        // The address moved to another agent (a peer reusing its port): re-home it.
        --addresses_of_[known->second.target];
        ++addresses_of_[target];
        known->second.target = target;
      }
      known->second.last_seen = now;
      return target;
    }
    if (by_address_.size() >= settings_.max_addresses || addresses_of_[target] >= settings_.max_addresses_per_target) {
      return target;  // answered, but not remembered: only STUN from it will reach the agent
    }
    by_address_.emplace(from, Route{target, now});
    ++addresses_of_[target];
    return target;
  }
  if (known == by_address_.end()) return std::nullopt;
  known->second.last_seen = now;
  return known->second.target;
}

void UdpMuxRouter::expire(Timestamp now) {
  for (auto it = by_address_.begin(); it != by_address_.end();) {
    if (now - it->second.last_seen > settings_.address_idle_timeout) {
      --addresses_of_[it->second.target];
      it = by_address_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace purertc::ice
