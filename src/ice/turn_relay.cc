#include "ice/turn_relay.h"

#include "stun/turn/channel_data.h"

namespace purertc::ice {

std::string_view to_string(RelayState state) {
  switch (state) {
    case RelayState::kIdle: return "idle";
    case RelayState::kAllocating: return "allocating";
    case RelayState::kAllocated: return "allocated";
    case RelayState::kFailed: return "failed";
    case RelayState::kClosed: return "closed";
  }
  return "?";
}

namespace {
// Room for the largest UDP payload plus a Send indication's header, XOR-PEER-ADDRESS and FINGERPRINT.
constexpr size_t kScratchSize = 65535 + 64;
}  // namespace

TurnRelay::TurnRelay(TurnRelaySettings settings, Random& random)
    : settings_(std::move(settings)), client_(settings_.turn, random), scratch_(kScratchSize) {}

Status TurnRelay::allocate(Timestamp now) {
  if (state_ != RelayState::kIdle) return unexpected(Error{Errc::kWrongState, "allocate() called twice"});
  if (auto s = client_.allocate(now); !s) return s;
  state_ = RelayState::kAllocating;
  allocate_deadline_ = now + settings_.allocate_timeout;
  drain_client(now);
  return {};
}

Result<std::span<const uint8_t>> TurnRelay::send(const SocketAddress& peer, std::span<const uint8_t> data,
                                                  Timestamp now) {
  if (state_ != RelayState::kAllocated) return unexpected(Error{Errc::kWrongState, "relay not allocated"});
  if (client_.channel_for(peer) == 0) {
    // First datagram to this peer: bind a channel (it installs the permission too). Past the channel
    // limit, a plain permission still lets Send indications through.
    if (!client_.bind_channel(peer, now)) {
      if (!client_.has_permission(peer)) (void)client_.create_permission(peer, now);
    }
    drain_client(now);
  }
  if (client_.has_permission(peer)) {
    auto framed = client_.wrap(peer, data, scratch_);
    if (!framed) return unexpected(framed.error());
    // wrap() uses ChannelData only once the binding is confirmed; count what it actually produced.
    if (stun::is_channel_data(*framed)) ++stats_.sent_channel;
    else ++stats_.sent_indication;
    return std::span<const uint8_t>(*framed);
  }
  if (queued_bytes_ + data.size() > settings_.max_queued_bytes) {
    ++stats_.queue_drops;
    return unexpected(Error{Errc::kLimitExceeded, "relay queue full"});
  }
  queue_.push_back(Queued{peer, {data.begin(), data.end()}});
  queued_bytes_ += data.size();
  ++stats_.queued;
  return std::span<const uint8_t>();
}

std::optional<stun::TurnPeerData> TurnRelay::handle_input(std::span<const uint8_t> bytes, Timestamp now) {
  auto data = client_.handle_input(bytes, now);
  drain_client(now);
  return data;
}

void TurnRelay::handle_timeout(Timestamp now) {
  if (state_ == RelayState::kAllocating && now >= allocate_deadline_) {
    state_ = RelayState::kFailed;
    allocate_deadline_ = Timestamp::infinite();
    client_.close(now);
    outputs_.push_back(RelayFailed{0, "allocation timed out"});
  }
  client_.handle_timeout(now);
  drain_client(now);
}

Timestamp TurnRelay::next_timeout() const {
  return std::min(client_.next_timeout(), state_ == RelayState::kAllocating ? allocate_deadline_ : Timestamp::infinite());
}

std::optional<RelayOutput> TurnRelay::poll_output() {
  if (outputs_.empty()) return std::nullopt;
  RelayOutput o = std::move(outputs_.front());
  outputs_.pop_front();
  return o;
}

void TurnRelay::close(Timestamp now) {
  if (state_ == RelayState::kClosed) return;
  state_ = RelayState::kClosed;
  queue_.clear();
  queued_bytes_ = 0;
  client_.close(now);
  drain_client(now);
}

void TurnRelay::drain_client(Timestamp) {
  while (auto out = client_.poll_output()) {
    if (auto* t = std::get_if<stun::TurnTransmit>(&*out)) {
      outputs_.push_back(ServerTransmit{{t->bytes.begin(), t->bytes.end()}});
      continue;
    }
    const auto& e = std::get<stun::TurnEvent>(*out);
    switch (e.kind) {
      case stun::TurnEvent::Kind::kAllocated:
        if (state_ == RelayState::kAllocating) {
          state_ = RelayState::kAllocated;
          allocate_deadline_ = Timestamp::infinite();
          outputs_.push_back(RelayAllocated{e.relayed, e.mapped});
        }
        break;
      case stun::TurnEvent::Kind::kAllocationFailed:
        if (state_ == RelayState::kAllocating || state_ == RelayState::kAllocated) {
          state_ = RelayState::kFailed;
          queue_.clear();
          queued_bytes_ = 0;
          outputs_.push_back(RelayFailed{e.error_code, e.reason});
        }
        break;
      case stun::TurnEvent::Kind::kPermissionCreated:
      case stun::TurnEvent::Kind::kChannelBound:
        flush_queue();
        break;
      case stun::TurnEvent::Kind::kPermissionFailed:
      case stun::TurnEvent::Kind::kChannelBindFailed:
        drop_queue(e.peer);
        break;
      case stun::TurnEvent::Kind::kClosed:
        break;
    }
  }
}

void TurnRelay::flush_queue() {
  for (auto it = queue_.begin(); it != queue_.end();) {
    if (!client_.has_permission(it->peer)) {
      ++it;
      continue;
    }
    if (auto framed = client_.wrap(it->peer, it->data, scratch_)) {
      if (stun::is_channel_data(*framed)) ++stats_.sent_channel;
      else ++stats_.sent_indication;
      outputs_.push_back(ServerTransmit{{framed->begin(), framed->end()}});
    } else {
      ++stats_.queue_drops;
    }
    queued_bytes_ -= it->data.size();
    it = queue_.erase(it);
  }
}

void TurnRelay::drop_queue(const SocketAddress& peer) {
  for (auto it = queue_.begin(); it != queue_.end();) {
    if (it->peer.ip == peer.ip) {
      ++stats_.queue_drops;
      queued_bytes_ -= it->data.size();
      it = queue_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace purertc::ice
