#include "stun/turn/turn_client.h"

#include <algorithm>

#include "common/log.h"
#include "stun/credentials.h"
#include "stun/packet/message_builder.h"

namespace purertc::stun {
namespace {

// RFC 8656 14.7: REQUESTED-TRANSPORT carries the IANA protocol number in its first byte; 17 is UDP.
constexpr uint32_t kRequestedTransportUdp = 17u << 24;
// RFC 8489 14.9/14.10: REALM and NONCE are under 128 characters, at most 763 bytes.
constexpr size_t kMaxRealmOrNonceBytes = 763;
// Control requests are small: a few addresses, credentials of at most 763 bytes each, two MACs.
constexpr size_t kMaxRequestSize = 4096;

SocketAddress ip_only(const SocketAddress& a) {
  SocketAddress r = a;
  r.port = 0;
  return r;
}

uint32_t seconds_of(Duration d) { return static_cast<uint32_t>(d.us() / 1000000); }

// Over TCP/TLS the transport retransmits, so requests are sent once (RFC 8489 6.2.2).
TransactionSettings transaction_settings(const TurnClientSettings& s) {
  TransactionSettings t = s.transactions;
  if (s.framing == TurnFraming::kStream) t.reliable = true;
  return t;
}

// When to refresh an allocation granted for `lifetime`: `margin` before it ends, or half-way through a
// short one. Never sooner than a second, so a server granting tiny lifetimes cannot make the client
// refresh in a tight loop.
Duration refresh_wait(Duration lifetime, Duration margin) {
  Duration wait = lifetime > margin * 2 ? lifetime - margin : lifetime / 2;
  return std::max(wait, Duration::seconds(1));
}

}  // namespace

std::string_view to_string(TurnState state) {
  switch (state) {
    case TurnState::kIdle: return "idle";
    case TurnState::kAllocating: return "allocating";
    case TurnState::kAllocated: return "allocated";
    case TurnState::kClosing: return "closing";
    case TurnState::kClosed: return "closed";
    case TurnState::kFailed: return "failed";
  }
  return "unknown state";
}

std::string_view to_string(TurnEvent::Kind kind) {
  switch (kind) {
    case TurnEvent::Kind::kAllocated: return "allocated";
    case TurnEvent::Kind::kAllocationFailed: return "allocation failed";
    case TurnEvent::Kind::kPermissionCreated: return "permission created";
    case TurnEvent::Kind::kPermissionFailed: return "permission failed";
    case TurnEvent::Kind::kChannelBound: return "channel bound";
    case TurnEvent::Kind::kChannelBindFailed: return "channel bind failed";
    case TurnEvent::Kind::kClosed: return "closed";
  }
  return "unknown event";
}

TurnClient::TurnClient(TurnClientSettings settings, Random& random)
    : settings_(std::move(settings)), random_(random), transactions_(transaction_settings(settings_)) {}

// ---- commands ---------------------------------------------------------------------------------------

Status TurnClient::allocate(Timestamp now) {
  if (state_ != TurnState::kIdle) return unexpected(Error{Errc::kWrongState, "allocate() needs an idle client"});
  state_ = TurnState::kAllocating;
  send_request(RequestKind::kAllocate, {}, 0, seconds_of(settings_.requested_lifetime), 0, now);
  return {};
}

Status TurnClient::create_permission(const SocketAddress& peer, Timestamp now) {
  if (state_ != TurnState::kAllocated) return unexpected(Error{Errc::kWrongState, "no allocation"});
  Permission* p = find_permission(peer);
  if (p == nullptr) {
    if (permissions_.size() >= settings_.max_permissions) {
      return unexpected(Error{Errc::kLimitExceeded, "too many permissions"});
    }
    p = &ensure_permission(peer);
  }
  if (p->pending) return {};
  p->pending = true;
  send_request(RequestKind::kCreatePermission, peer, 0, 0, 0, now);
  return {};
}

Result<uint16_t> TurnClient::bind_channel(const SocketAddress& peer, Timestamp now) {
  if (state_ != TurnState::kAllocated) return unexpected(Error{Errc::kWrongState, "no allocation"});
  if (Channel* c = find_channel_by_peer(peer)) return c->number;
  if (channels_.size() >= settings_.max_channels || next_channel_ > kMaxChannelNumber) {
    return unexpected(Error{Errc::kLimitExceeded, "too many channels"});
  }
  if (find_permission(peer) == nullptr) {
    if (permissions_.size() >= settings_.max_permissions) {
      return unexpected(Error{Errc::kLimitExceeded, "too many permissions"});
    }
    ensure_permission(peer);
  }
  uint16_t number = next_channel_++;
  channels_.push_back(Channel{number, peer, false, true, Timestamp::infinite()});
  send_request(RequestKind::kChannelBind, peer, number, 0, 0, now);
  return number;
}

void TurnClient::close(Timestamp now) {
  if (state_ == TurnState::kClosing || state_ == TurnState::kClosed) return;
  for (const auto& p : pending_) transactions_.cancel(p.id);
  pending_.clear();
  permissions_.clear();
  channels_.clear();
  refresh_at_ = Timestamp::infinite();
  if (state_ == TurnState::kAllocated) {
    state_ = TurnState::kClosing;
    send_request(RequestKind::kRefresh, {}, 0, 0, 0, now);
    return;
  }
  state_ = TurnState::kClosed;
  emit(TurnEvent{.kind = TurnEvent::Kind::kClosed});
}

Result<std::span<uint8_t>> TurnClient::wrap(const SocketAddress& peer, std::span<const uint8_t> data,
                                            std::span<uint8_t> out) {
  if (state_ != TurnState::kAllocated) return unexpected(Error{Errc::kWrongState, "no allocation"});
  if (Channel* c = find_channel_by_peer(peer); c != nullptr && c->bound) {
    return write_channel_data(out, c->number, data, settings_.framing);
  }
  if (!has_permission(peer)) return unexpected(Error{Errc::kWrongState, "no permission for the peer"});
  // Send indications are not authenticated (RFC 8656 11); a fresh random id per indication.
  MessageBuilder b(out, MessageType(Method::kSend, MessageClass::kIndication), random_transaction_id(random_));
  b.add_address(AttributeType::kXorPeerAddress, peer);
  b.add(AttributeType::kData, data);
  if (settings_.fingerprint) b.add_fingerprint();
  return b.finish();
}

// ---- requests ---------------------------------------------------------------------------------------

void TurnClient::send_request(RequestKind kind, const SocketAddress& peer, uint16_t channel, uint32_t lifetime,
                              int stale_retries, Timestamp now) {
  Pending p{random_transaction_id(random_), kind, peer, channel, lifetime, key_sha1_.has_value(), stale_retries};
  Method method = Method::kAllocate;
  switch (kind) {
    case RequestKind::kAllocate: method = Method::kAllocate; break;
    case RequestKind::kRefresh: method = Method::kRefresh; break;
    case RequestKind::kCreatePermission: method = Method::kCreatePermission; break;
    case RequestKind::kChannelBind: method = Method::kChannelBind; break;
  }
  std::vector<uint8_t> buf(kMaxRequestSize);
  MessageBuilder b(buf, MessageType(method, MessageClass::kRequest), p.id);
  switch (kind) {
    case RequestKind::kAllocate:
      b.add_u32(AttributeType::kRequestedTransport, kRequestedTransportUdp);
      b.add_u32(AttributeType::kLifetime, lifetime);
      break;
    case RequestKind::kRefresh:
      b.add_u32(AttributeType::kLifetime, lifetime);
      break;
    case RequestKind::kCreatePermission:
      b.add_address(AttributeType::kXorPeerAddress, peer);
      break;
    case RequestKind::kChannelBind:
      b.add_u32(AttributeType::kChannelNumber, uint32_t{channel} << 16);
      b.add_address(AttributeType::kXorPeerAddress, peer);
      break;
  }
  if (!settings_.software.empty()) b.add_string(AttributeType::kSoftware, settings_.software);
  if (p.authenticated) {
    if (use_userhash_) {
      b.add(AttributeType::kUserhash, userhash_);
    } else {
      b.add_string(AttributeType::kUsername, settings_.username);
    }
    b.add_string(AttributeType::kRealm, realm_);
    b.add_string(AttributeType::kNonce, nonce_);
    if (!password_algorithms_.empty()) {
      b.add(AttributeType::kPasswordAlgorithms, password_algorithms_);
      b.add_password_algorithm(password_algorithm_);
    }
    if (rfc8489_server_) {
      b.add_message_integrity_sha256(*key_sha256_);
    } else {
      b.add_message_integrity(*key_sha1_);
    }
  }
  if (settings_.fingerprint) b.add_fingerprint();
  auto out = b.finish();
  Status started = out ? Status{} : Status(unexpected(out.error()));
  if (out) {
    buf.resize(out->size());
    started = transactions_.start(std::move(buf), now);
  }
  if (!started) {
    // Too many outstanding requests, or credentials too long for a request: fail this request now.
    handle_error(p, 0, started.error().detail);
    return;
  }
  pending_.push_back(p);
}

// ---- input ------------------------------------------------------------------------------------------

std::optional<TurnPeerData> TurnClient::handle_input(std::span<const uint8_t> bytes, Timestamp now) {
  if (is_channel_data(bytes)) {
    auto cd = parse_channel_data(bytes, settings_.framing);
    if (!cd) {
      ++stats_.dropped_malformed;
      return std::nullopt;
    }
    // The server sends ChannelData only once it has bound the channel, which may be before our copy of
    // its success response arrives: a channel we asked for counts.
    Channel* c = find_channel(cd->channel);
    if (c == nullptr) {
      ++stats_.dropped_no_permission;
      return std::nullopt;
    }
    return TurnPeerData{c->peer, cd->data, true};
  }
  auto m = MessageView::parse(bytes);
  if (!m) {
    PURERTC_LOG_DEBUG("turn", "dropping malformed STUN: %s", to_string(m.error()).c_str());
    ++stats_.dropped_malformed;
    return std::nullopt;
  }
  if (m->has_fingerprint() && !m->verify_fingerprint()) {
    ++stats_.dropped_unauthenticated;
    return std::nullopt;
  }
  MessageType type = m->type();
  if (type.is(Method::kData, MessageClass::kIndication)) {
    auto peer = m->get_address(AttributeType::kXorPeerAddress);
    auto data = m->get(AttributeType::kData);
    if (!peer || !data) {
      ++stats_.dropped_malformed;
      return std::nullopt;
    }
    // RFC 8656 10.4: discard data from a peer the client believes it has no permission for.
    if (state_ != TurnState::kAllocated || !has_permission(*peer)) {
      ++stats_.dropped_no_permission;
      return std::nullopt;
    }
    return TurnPeerData{*peer, *data, false};
  }
  if (type.is_response()) {
    handle_message(*m, now);
  } else {
    ++stats_.dropped_unmatched;
  }
  return std::nullopt;
}

bool TurnClient::verify_response(const MessageView& m) {
  if (key_sha256_ && m.has_message_integrity_sha256()) return m.verify_message_integrity_sha256(*key_sha256_).has_value();
  if (key_sha1_ && m.has_message_integrity()) return m.verify_message_integrity(*key_sha1_).has_value();
  return false;
}

void TurnClient::handle_message(const MessageView& m, Timestamp now) {
  auto id = m.transaction_id();
  auto it = std::find_if(pending_.begin(), pending_.end(),
                         [&](const Pending& p) { return std::equal(p.id.begin(), p.id.end(), id.begin()); });
  if (it == pending_.end()) {
    ++stats_.dropped_unmatched;
    return;
  }
  const bool success = m.type().cls == MessageClass::kSuccessResponse;
  // A success to an authenticated request must prove it knows the key (RFC 8489 9.2.5); so must an error
  // response that carries an integrity attribute. A forgery is dropped and the request keeps waiting.
  const bool has_integrity = m.has_message_integrity() || m.has_message_integrity_sha256();
  if (it->authenticated && (success || has_integrity) && !verify_response(m)) {
    ++stats_.dropped_unauthenticated;
    return;
  }
  if (!transactions_.handle_response(id)) {
    ++stats_.dropped_unmatched;
    return;
  }
  Pending p = *it;
  pending_.erase(it);
  if (success) {
    handle_success(p, m, now);
    return;
  }
  auto ec = m.error_code();
  uint16_t code = ec ? ec->code : uint16_t{kErrorBadRequest};
  std::string_view reason = ec ? ec->reason : std::string_view("error response without a valid ERROR-CODE");
  if (code == kErrorUnauthenticated && !p.authenticated && learn_credentials(m)) {
    send_request(p.kind, p.peer, p.channel, p.lifetime, p.stale_retries, now);
    return;
  }
  if (code == kErrorStaleNonce && p.stale_retries < settings_.max_stale_nonce_retries && learn_credentials(m)) {
    send_request(p.kind, p.peer, p.channel, p.lifetime, p.stale_retries + 1, now);
    return;
  }
  // 300 Try Alternate (RFC 8489 10): the event names the server to use instead.
  if (code == kErrorTryAlternate) {
    if (auto alt = m.get_address(AttributeType::kAlternateServer)) alternate_server_ = *alt;
  }
  handle_error(p, code, reason);
}

bool TurnClient::learn_credentials(const MessageView& m) {
  auto nonce = m.get_string(AttributeType::kNonce);
  auto realm = m.get_string(AttributeType::kRealm);
  if (!nonce || nonce->empty() || nonce->size() > kMaxRealmOrNonceBytes) return false;
  if (realm && realm->size() > kMaxRealmOrNonceBytes) return false;
  if (!realm && realm_.empty()) return false;
  if (realm) realm_ = std::string(*realm);
  nonce_ = std::string(*nonce);

  auto features = parse_nonce_cookie(nonce_);
  rfc8489_server_ = features.has_value();
  use_userhash_ = features && features->username_anonymity;
  password_algorithms_.clear();
  password_algorithm_ = PasswordAlgorithm::kMd5;
  if (features && features->password_algorithms) {
    // RFC 8489 9.2.4: echo the server's list and pick from it; SHA-256 when offered.
    auto raw = m.get(AttributeType::kPasswordAlgorithms);
    if (!raw) return false;
    auto offered = parse_password_algorithms(*raw);
    if (!offered || (!offered->md5 && !offered->sha256)) return false;
    password_algorithms_.assign(raw->begin(), raw->end());
    password_algorithm_ = offered->sha256 ? PasswordAlgorithm::kSha256 : PasswordAlgorithm::kMd5;
  }
  auto key = long_term_key(password_algorithm_, settings_.username, realm_, settings_.password);
  key_sha1_.emplace(crypto::HashAlgorithm::kSha1, key.view());
  key_sha256_.emplace(crypto::HashAlgorithm::kSha256, key.view());
  if (use_userhash_) {
    auto uh = userhash(settings_.username, realm_);
    userhash_.assign(uh.view().begin(), uh.view().end());
  }
  return true;
}

void TurnClient::handle_success(const Pending& p, const MessageView& m, Timestamp now) {
  switch (p.kind) {
    case RequestKind::kAllocate: {
      if (state_ != TurnState::kAllocating) return;
      auto relayed = m.get_address(AttributeType::kXorRelayedAddress);
      if (!relayed) {
        fail(0, "Allocate success without XOR-RELAYED-ADDRESS");
        return;
      }
      relayed_ = *relayed;
      if (auto mapped = m.get_address(AttributeType::kXorMappedAddress)) mapped_ = *mapped;
      auto lifetime_s = m.get_u32(AttributeType::kLifetime);
      Duration lifetime = Duration::seconds(lifetime_s ? *lifetime_s : p.lifetime);
      state_ = TurnState::kAllocated;
      refresh_at_ = now + refresh_wait(lifetime, settings_.refresh_margin);
      emit(TurnEvent{.kind = TurnEvent::Kind::kAllocated, .relayed = relayed_, .mapped = mapped_, .lifetime = lifetime});
      return;
    }
    case RequestKind::kRefresh: {
      refresh_pending_ = false;
      if (state_ == TurnState::kClosing) {
        state_ = TurnState::kClosed;
        emit(TurnEvent{.kind = TurnEvent::Kind::kClosed});
        return;
      }
      auto lifetime_s = m.get_u32(AttributeType::kLifetime);
      Duration lifetime = Duration::seconds(lifetime_s ? *lifetime_s : p.lifetime);
      refresh_at_ = now + refresh_wait(lifetime, settings_.refresh_margin);
      return;
    }
    case RequestKind::kCreatePermission: {
      Permission* perm = find_permission(p.peer);
      if (perm == nullptr) return;
      perm->pending = false;
      perm->refresh_at = now + settings_.permission_refresh;
      if (!perm->installed) {
        perm->installed = true;
        emit(TurnEvent{.kind = TurnEvent::Kind::kPermissionCreated, .peer = p.peer});
      }
      return;
    }
    case RequestKind::kChannelBind: {
      Channel* c = find_channel(p.channel);
      if (c == nullptr) return;
      c->pending = false;
      c->refresh_at = now + settings_.channel_refresh;
      // A ChannelBind also installs or refreshes the permission for the peer (RFC 8656 12.2).
      if (Permission* perm = find_permission(p.peer)) {
        perm->installed = true;
        if (!perm->pending) perm->refresh_at = now + settings_.permission_refresh;
      }
      if (!c->bound) {
        c->bound = true;
        emit(TurnEvent{.kind = TurnEvent::Kind::kChannelBound, .peer = p.peer, .channel = p.channel});
      }
      return;
    }
  }
}

void TurnClient::handle_error(const Pending& p, uint16_t code, std::string_view reason) {
  switch (p.kind) {
    case RequestKind::kAllocate:
      fail(code, reason);
      return;
    case RequestKind::kRefresh:
      refresh_pending_ = false;
      if (state_ == TurnState::kClosing) {
        state_ = TurnState::kClosed;
        emit(TurnEvent{.kind = TurnEvent::Kind::kClosed, .error_code = code, .reason = std::string(reason)});
        return;
      }
      // 437: the server no longer knows the allocation; anything else leaves it to expire unrefreshed.
      fail(code, reason);
      return;
    case RequestKind::kCreatePermission: {
      auto ip = ip_only(p.peer);
      // A permission still used by a channel stays: the ChannelBind refresh covers it.
      bool used_by_channel = std::any_of(channels_.begin(), channels_.end(),
                                         [&](const Channel& c) { return ip_only(c.peer) == ip; });
      if (used_by_channel) {
        if (Permission* perm = find_permission(p.peer)) perm->pending = false;
      } else {
        std::erase_if(permissions_, [&](const Permission& x) { return x.ip == ip; });
      }
      emit(TurnEvent{.kind = TurnEvent::Kind::kPermissionFailed, .peer = p.peer, .error_code = code,
                     .reason = std::string(reason)});
      return;
    }
    case RequestKind::kChannelBind:
      std::erase_if(channels_, [&](const Channel& c) { return c.number == p.channel; });
      emit(TurnEvent{.kind = TurnEvent::Kind::kChannelBindFailed, .peer = p.peer, .channel = p.channel,
                     .error_code = code, .reason = std::string(reason)});
      return;
  }
}

void TurnClient::fail(uint16_t code, std::string_view reason) {
  for (const auto& p : pending_) transactions_.cancel(p.id);
  pending_.clear();
  permissions_.clear();
  channels_.clear();
  refresh_at_ = Timestamp::infinite();
  refresh_pending_ = false;
  state_ = TurnState::kFailed;
  emit(TurnEvent{.kind = TurnEvent::Kind::kAllocationFailed, .error_code = code, .reason = std::string(reason),
                 .alternate_server = alternate_server_});
}

// ---- time -------------------------------------------------------------------------------------------

void TurnClient::handle_timeout(Timestamp now) {
  transactions_.handle_timeout(now);
  while (auto id = transactions_.poll_timeout_event()) {
    auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) { return p.id == *id; });
    if (it == pending_.end()) continue;
    Pending p = *it;
    pending_.erase(it);
    handle_error(p, 0, "timed out");
  }
  if (state_ != TurnState::kAllocated) return;
  if (!refresh_pending_ && now >= refresh_at_) {
    refresh_pending_ = true;
    refresh_at_ = Timestamp::infinite();
    send_request(RequestKind::kRefresh, {}, 0, seconds_of(settings_.requested_lifetime), 0, now);
  }
  // Index loops: send_request may fail a request synchronously, which can erase entries.
  for (size_t i = 0; i < permissions_.size(); ++i) {
    Permission& perm = permissions_[i];
    if (perm.installed && !perm.pending && now >= perm.refresh_at) {
      perm.pending = true;
      SocketAddress ip = perm.ip;
      send_request(RequestKind::kCreatePermission, ip, 0, 0, 0, now);
    }
  }
  for (size_t i = 0; i < channels_.size(); ++i) {
    Channel& c = channels_[i];
    if (c.bound && !c.pending && now >= c.refresh_at) {
      c.pending = true;
      SocketAddress peer = c.peer;
      uint16_t number = c.number;
      send_request(RequestKind::kChannelBind, peer, number, 0, 0, now);
    }
  }
}

Timestamp TurnClient::next_timeout() const {
  Timestamp next = transactions_.next_timeout();
  if (state_ != TurnState::kAllocated) return next;
  if (!refresh_pending_) next = earliest(next, refresh_at_);
  for (const auto& perm : permissions_) {
    if (perm.installed && !perm.pending) next = earliest(next, perm.refresh_at);
  }
  for (const auto& c : channels_) {
    if (c.bound && !c.pending) next = earliest(next, c.refresh_at);
  }
  return next;
}

std::optional<TurnOutput> TurnClient::poll_output() {
  if (auto bytes = transactions_.poll_transmit()) return TurnOutput(TurnTransmit{*bytes});
  if (events_.empty()) return std::nullopt;
  TurnEvent e = std::move(events_.front());
  events_.pop_front();
  return TurnOutput(std::move(e));
}

// ---- tables -----------------------------------------------------------------------------------------

TurnClient::Permission* TurnClient::find_permission(const SocketAddress& peer) {
  auto ip = ip_only(peer);
  for (auto& p : permissions_) {
    if (p.ip == ip) return &p;
  }
  return nullptr;
}

const TurnClient::Permission* TurnClient::find_permission(const SocketAddress& peer) const {
  return const_cast<TurnClient*>(this)->find_permission(peer);
}

TurnClient::Permission& TurnClient::ensure_permission(const SocketAddress& peer) {
  if (Permission* p = find_permission(peer)) return *p;
  permissions_.push_back(Permission{ip_only(peer)});
  return permissions_.back();
}

bool TurnClient::has_permission(const SocketAddress& peer) const {
  const Permission* p = find_permission(peer);
  return p != nullptr && p->installed;
}

TurnClient::Channel* TurnClient::find_channel_by_peer(const SocketAddress& peer) {
  for (auto& c : channels_) {
    if (c.peer == peer) return &c;
  }
  return nullptr;
}

TurnClient::Channel* TurnClient::find_channel(uint16_t number) {
  for (auto& c : channels_) {
    if (c.number == number) return &c;
  }
  return nullptr;
}

uint16_t TurnClient::channel_for(const SocketAddress& peer) const {
  for (const auto& c : channels_) {
    if (c.peer == peer && c.bound) return c.number;
  }
  return 0;
}

}  // namespace purertc::stun
