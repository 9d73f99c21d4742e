#include "ice/srflx_discovery.h"

#include <algorithm>

#include "stun/packet/message_builder.h"

namespace purertc::ice {

ServerReflexiveDiscovery::ServerReflexiveDiscovery(SrflxSettings settings, Random& random)
    : settings_(std::move(settings)), random_(random), transactions_(settings_.transactions) {}

Status ServerReflexiveDiscovery::start(const SocketAddress& base, const SocketAddress& server, Timestamp now) {
  if (base.ip.family() != server.ip.family()) {
    return unexpected(Error{Errc::kInvalidArgument, "base and server address families differ"});
  }
  if (requests_.size() >= settings_.max_requests) return unexpected(Error{Errc::kLimitExceeded, "too many requests"});
  const stun::TransactionId id = stun::random_transaction_id(random_);
  std::vector<uint8_t> buf(128 + settings_.software.size());
  stun::MessageBuilder b(buf, stun::MessageType(stun::Method::kBinding, stun::MessageClass::kRequest), id);
  if (!settings_.software.empty()) b.add_string(stun::AttributeType::kSoftware, settings_.software);
  b.add_fingerprint();
  auto msg = b.finish();
  if (!msg) return unexpected(msg.error());
  buf.resize(msg->size());
  if (auto s = transactions_.start(std::move(buf), now); !s) return s;
  requests_.emplace(id, Request{base, server, now + settings_.timeout});
  ++stats_.requests;
  handle_timeout(now);  // moves the first transmission to the output queue
  return {};
}

bool ServerReflexiveDiscovery::handle_input(std::span<const uint8_t> data, const SocketAddress& base,
                                            const SocketAddress& from, Timestamp) {
  if (requests_.empty() || !stun::is_stun_message(data)) return false;
  auto msg = stun::MessageView::parse(data);
  if (!msg) return false;
  const auto type = msg->type();
  if (type.method != static_cast<uint16_t>(stun::Method::kBinding) || type.cls == stun::MessageClass::kRequest ||
      type.cls == stun::MessageClass::kIndication) {
    return false;
  }
  const stun::TransactionId id = msg->transaction_id_copy();
  auto it = requests_.find(id);
  // An answer must come from the server we asked, to the base we asked from; anything else is not ours
  // (an ICE connectivity check response, most likely).
  if (it == requests_.end() || it->second.server != from || it->second.base != base) return false;
  if (msg->has_fingerprint() && !msg->verify_fingerprint()) {
    ++stats_.dropped_malformed;
    return true;
  }
  if (!transactions_.handle_response(msg->transaction_id())) return true;  // duplicate
  if (type.cls == stun::MessageClass::kErrorResponse) {
    ++stats_.errors;
    finish(id, std::nullopt);
    return true;
  }
  // RFC 5389 servers and later send XOR-MAPPED-ADDRESS; RFC 3489 servers only MAPPED-ADDRESS.
  auto mapped = msg->get_address(stun::AttributeType::kXorMappedAddress);
  if (!mapped) mapped = msg->get_address(stun::AttributeType::kMappedAddress);
  if (!mapped || mapped->ip.family() != base.ip.family()) {
    ++stats_.dropped_malformed;
    finish(id, std::nullopt);
    return true;
  }
  ++stats_.answered;
  finish(id, *mapped);
  return true;
}

void ServerReflexiveDiscovery::finish(const stun::TransactionId& id, std::optional<SocketAddress> mapped) {
  auto it = requests_.find(id);
  if (it == requests_.end()) return;
  outputs_.push_back(SrflxResult{it->second.base, it->second.server, mapped});
  requests_.erase(it);
}

void ServerReflexiveDiscovery::handle_timeout(Timestamp now) {
  for (auto it = requests_.begin(); it != requests_.end();) {
    if (now >= it->second.deadline) {
      transactions_.cancel(it->first);
      ++stats_.timeouts;
      outputs_.push_back(SrflxResult{it->second.base, it->second.server, std::nullopt});
      it = requests_.erase(it);
    } else {
      ++it;
    }
  }
  transactions_.handle_timeout(now);
  while (auto id = transactions_.poll_timeout_event()) {
    if (requests_.count(*id) != 0) ++stats_.timeouts;
    finish(*id, std::nullopt);
  }
  while (auto bytes = transactions_.poll_transmit()) {
    if (bytes->size() < 20) continue;
    stun::TransactionId id;
    std::copy_n(bytes->begin() + 8, id.size(), id.begin());
    auto it = requests_.find(id);
    if (it == requests_.end()) continue;
    outputs_.push_back(SrflxTransmit{it->second.base, it->second.server, {bytes->begin(), bytes->end()}});
  }
}

Timestamp ServerReflexiveDiscovery::next_timeout() const {
  Timestamp t = transactions_.next_timeout();
  for (const auto& [id, r] : requests_) t = std::min(t, r.deadline);
  return t;
}

std::optional<SrflxOutput> ServerReflexiveDiscovery::poll_output() {
  if (outputs_.empty()) return std::nullopt;
  SrflxOutput o = std::move(outputs_.front());
  outputs_.pop_front();
  return o;
}

}  // namespace purertc::ice
