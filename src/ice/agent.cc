#include "ice/agent.h"

#include <algorithm>
#include <cstring>

#include "common/log.h"
#include "crypto/hmac.h"
#include "stun/packet/message_builder.h"

namespace purertc::ice {

namespace {

constexpr size_t kMaxStunSize = 548;  // RFC 8489 6.1: fits any IPv4 path; ICE checks are ~100 bytes

std::span<const uint8_t> as_bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

}  // namespace

std::string_view to_string(ConnectionState state) {
  switch (state) {
    case ConnectionState::kNew: return "new";
    case ConnectionState::kChecking: return "checking";
    case ConnectionState::kConnected: return "connected";
    case ConnectionState::kCompleted: return "completed";
    case ConnectionState::kDisconnected: return "disconnected";
    case ConnectionState::kFailed: return "failed";
    case ConnectionState::kClosed: return "closed";
  }
  return "unknown";
}

Credentials Credentials::generate(Random& random) {
  static constexpr char kIceChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto make = [&](size_t n) {
    std::string s(n, 'a');
    for (auto& c : s) c = kIceChars[random.uniform(64)];
    return s;
  };
  return Credentials{make(8), make(24)};
}

Agent::Agent(AgentSettings settings, Credentials local, Random& random)
    : settings_(std::move(settings)),
      local_(std::move(local)),
      random_(random),
      tie_breaker_(random.next_u64()),
      controlling_(settings_.controlling && !settings_.lite),
      list_(settings_.max_pairs),
      transactions_(stun::TransactionSettings{.initial_rto = settings_.check_initial_rto,
                                              .max_transmissions = settings_.check_max_transmissions}) {
  list_.set_controlling(controlling_);
}

void Agent::set_remote_credentials(Credentials remote, Timestamp now) {
  remote_ = std::move(remote);
  if (next_check_at_.is_infinite()) next_check_at_ = now;
  update_state(now);
}

void Agent::set_remote_lite(bool lite) {
  remote_lite_ = lite;
  if (lite && !controlling_ && !settings_.lite) switch_role(true);
}

void Agent::add_local_candidate(const Candidate& candidate, Timestamp now) {
  if (state_ == ConnectionState::kClosed) return;
  local_candidates_.push_back(candidate);
  if (!list_.add_local_candidate(candidate).empty() && next_check_at_.is_infinite()) next_check_at_ = now;
  update_state(now);
}

Status Agent::add_remote_candidate(const Candidate& candidate, Timestamp now) {
  if (state_ == ConnectionState::kClosed) return unexpected(Error{Errc::kWrongState, "agent closed"});
  if (list_.remote_candidates().size() >= settings_.max_remote_candidates) {
    return unexpected(Error{Errc::kLimitExceeded, "too many remote candidates"});
  }
  if (!list_.add_remote_candidate(candidate).empty() && next_check_at_.is_infinite()) next_check_at_ = now;
  update_state(now);
  return {};
}

void Agent::set_remote_end_of_candidates(Timestamp now) {
  remote_end_of_candidates_ = true;
  update_state(now);
}

void Agent::restart(Credentials new_local, Timestamp now) {
  if (state_ == ConnectionState::kClosed) return;
  // A second restart before the first one selected a pair keeps the generation the old pair runs on.
  if (!previous_local_) {
    previous_local_ = local_;
    previous_remote_ = remote_;
  }
  local_ = std::move(new_local);
  remote_.reset();
  remote_end_of_candidates_ = false;
  // Checks of the old generation end; consent checks on the old pair go on under its credentials.
  end_generation_checks(true);
  restarting_ = selected_.has_value();
  checking_since_ = now;
  if (!restarting_) set_state(ConnectionState::kChecking);
}

bool Agent::rollback_restart(Timestamp now) {
  if (state_ == ConnectionState::kClosed || !previous_local_) return false;
  local_ = std::move(*previous_local_);
  remote_ = std::move(previous_remote_);
  previous_local_.reset();
  previous_remote_.reset();
  remote_end_of_candidates_ = false;
  // The new generation's checks end; consent checks on the old pair were sent under the credentials
  // that are current again.
  end_generation_checks(false);
  restarting_ = false;
  checking_since_ = selected_ ? Timestamp::infinite() : now;
  update_state(now);
  return true;
}

void Agent::end_generation_checks(bool consent_previous_generation) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    // Consent checks exist only on a selected pair (selected_ is reset only by close()).
    if (it->second.consent && selected_) {
      it->second.previous_generation = consent_previous_generation;
      ++it;
      continue;
    }
    transactions_.cancel(it->first);
    routes_.erase(it->first);
    it = pending_.erase(it);
  }
  list_.clear();
  local_candidates_.clear();
  nominating_.reset();
  first_valid_at_ = Timestamp::infinite();
  next_check_at_ = Timestamp::infinite();
}

void Agent::close() {
  if (state_ == ConnectionState::kClosed) return;
  for (const auto& [id, _] : pending_) transactions_.cancel(id);
  pending_.clear();
  routes_.clear();
  selected_.reset();
  set_state(ConnectionState::kClosed);
}

const CandidatePair* Agent::selected_pair() const { return selected_ ? &*selected_ : nullptr; }

const Candidate* Agent::local_candidate_for_base(const SocketAddress& base) const {
  for (const auto& c : local_candidates_) {
    if (c.base == base && c.type != CandidateType::kServerReflexive) return &c;
  }
  return nullptr;
}

uint32_t Agent::prflx_priority(const Candidate& local) const {
  // 7.1.1: PRIORITY carries the priority the local candidate would have as peer-reflexive, keeping its
  // local preference and component.
  uint32_t local_pref = (local.priority >> 8) & 0xffff;
  return candidate_priority(CandidateType::kPeerReflexive, local_pref, local.component);
}

Duration Agent::randomized_consent_interval() {
  // RFC 7675 5.1: randomize the interval to 0.8..1.2 times the nominal value.
  int64_t base = settings_.consent_interval.us();
  int64_t jitter = static_cast<int64_t>(random_.uniform(static_cast<uint32_t>(base * 4 / 10 + 1)));
  return Duration::micros(base * 8 / 10 + jitter);
}

Timestamp Agent::consent_deadline(Duration limit) const {
  if (consent_unanswered_since_.is_infinite()) return Timestamp::infinite();
  return std::max(last_consent_ok_ + limit, consent_unanswered_since_ + settings_.consent_response_grace);
}

void Agent::send_check(PairId id, bool use_candidate, bool consent, Timestamp now) {
  const CandidatePair* pair = consent ? (selected_ ? &*selected_ : nullptr) : list_.find(id);
  const bool previous = consent && consent_uses_previous();
  const Credentials* local = previous ? &*previous_local_ : &local_;
  const Credentials* remote = previous ? &*previous_remote_ : remote_ ? &*remote_ : nullptr;
  if (pair == nullptr || remote == nullptr) return;
  stun::TransactionId tid = stun::random_transaction_id(random_);
  std::vector<uint8_t> buf(kMaxStunSize);
  stun::MessageBuilder b(buf, stun::MessageType(stun::Method::kBinding, stun::MessageClass::kRequest), tid);
  b.add_string(stun::AttributeType::kUsername, remote->ufrag + ":" + local->ufrag);
  b.add_u32(stun::AttributeType::kPriority, prflx_priority(pair->local));
  b.add_u64(controlling_ ? stun::AttributeType::kIceControlling : stun::AttributeType::kIceControlled, tie_breaker_);
  if (use_candidate && controlling_) b.add_flag(stun::AttributeType::kUseCandidate);
  if (!settings_.software.empty()) b.add_string(stun::AttributeType::kSoftware, settings_.software);
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, as_bytes(remote->pwd));
  b.add_message_integrity(key);
  b.add_fingerprint();
  auto done = b.finish();
  if (!done) return;
  buf.resize(done->size());
  if (!transactions_.start(std::move(buf), now)) return;
  pending_[tid] = PendingCheck{id, use_candidate && controlling_, consent, controlling_, previous};
  routes_[tid] = {pair->local.address, pair->remote.address};
  ++stats_.checks_sent;
  last_check_sent_ = now;
  if (consent && consent_unanswered_since_.is_infinite()) consent_unanswered_since_ = now;
  if (checking_since_.is_infinite()) checking_since_ = now;
}

void Agent::handle_stun(std::span<const uint8_t> data, const SocketAddress& local_base, const SocketAddress& from,
                        Timestamp now) {
  if (state_ == ConnectionState::kClosed) return;
  auto msg = stun::MessageView::parse(data);
  if (!msg) {
    ++stats_.dropped_malformed;
    PURERTC_LOG_DEBUG("ice", "dropped STUN from %s: %s", from.to_string().c_str(), to_string(msg.error()).c_str());
    return;
  }
  // RFC 8445 7.3 / 7.2.5: ICE messages carry FINGERPRINT; a wrong one means this is not ICE traffic.
  if (msg->has_fingerprint() && !msg->verify_fingerprint()) {
    ++stats_.dropped_malformed;
    return;
  }
  auto type = msg->type();
  if (type.method != static_cast<uint16_t>(stun::Method::kBinding)) return;
  if (type.cls == stun::MessageClass::kRequest) {
    handle_request(*msg, local_base, from, now);
  } else if (type.is_response()) {
    handle_response(*msg, local_base, from, now);
  }
  // Binding indications are keepalives (11): nothing to do.
  maybe_nominate(now);
  update_state(now);
}

void Agent::send_error(const stun::MessageView& request, uint16_t code, const char* reason,
                       const SocketAddress& local_base, const SocketAddress& from, const std::string* integrity_pwd) {
  std::vector<uint8_t> buf(kMaxStunSize);
  stun::MessageBuilder b(buf, stun::MessageType(stun::Method::kBinding, stun::MessageClass::kErrorResponse),
                         request.transaction_id_copy());
  b.add_error_code(code, reason);
  if (code == 420) b.add_unknown_attributes(request.unknown_comprehension_required());
  if (integrity_pwd != nullptr) {
    crypto::HmacKey key(crypto::HashAlgorithm::kSha1, as_bytes(*integrity_pwd));
    b.add_message_integrity(key);
  }
  b.add_fingerprint();
  if (auto done = b.finish()) {
    buf.resize(done->size());
    outputs_.push_back(Transmit{local_base, from, std::move(buf)});
  }
}

void Agent::handle_request(const stun::MessageView& msg, const SocketAddress& local_base, const SocketAddress& from,
                           Timestamp now) {
  ++stats_.checks_received;
  auto username = msg.get_string(stun::AttributeType::kUsername);
  if (!username || !msg.has_message_integrity()) {
    send_error(msg, 400, "Bad Request", local_base, from, nullptr);
    return;
  }
  // 7.3: USERNAME is "<our ufrag>:<their ufrag>". During a restart the previous ufrag is ours too: the
  // peer's consent checks on the old pair still carry it.
  auto is_ours = [&](const std::string& ufrag) {
    return username->size() > ufrag.size() && username->substr(0, ufrag.size()) == ufrag &&
           (*username)[ufrag.size()] == ':';
  };
  const bool previous_generation = !is_ours(local_.ufrag) && previous_local_ && is_ours(previous_local_->ufrag);
  if (!previous_generation && !is_ours(local_.ufrag)) {
    send_error(msg, 401, "Unauthorized", local_base, from, nullptr);
    return;
  }
  const Credentials& creds = previous_generation ? *previous_local_ : local_;
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, as_bytes(creds.pwd));
  if (!msg.verify_message_integrity(key)) {
    ++stats_.dropped_bad_integrity;
    send_error(msg, 401, "Unauthorized", local_base, from, nullptr);
    return;
  }
  if (!msg.unknown_comprehension_required().empty()) {
    send_error(msg, 420, "Unknown Attribute", local_base, from, &creds.pwd);
    return;
  }
  const Candidate* local = local_candidate_for_base(local_base);
  // Not one of our sockets: the owner misrouted it. The previous generation's consent checks arrive on
  // the old pair's socket, whatever candidates the owner has re-added yet.
  const bool old_pair_base = previous_generation && selected_ && selected_->local.base == local_base;
  if (local == nullptr && !old_pair_base) return;

  // 7.3.1.1: role conflicts, decided by the tie-breakers (settled already for the previous generation).
  if (auto theirs = msg.get_u64(stun::AttributeType::kIceControlling); !previous_generation && theirs && controlling_) {
    ++stats_.role_conflicts;
    if (tie_breaker_ >= *theirs) {
      send_error(msg, 487, "Role Conflict", local_base, from, &creds.pwd);
      return;
    }
    switch_role(false);
  } else if (auto theirs_controlled = msg.get_u64(stun::AttributeType::kIceControlled);
             !previous_generation && theirs_controlled && !controlling_) {
    ++stats_.role_conflicts;
    if (tie_breaker_ >= *theirs_controlled) {
      switch_role(true);
    } else {
      send_error(msg, 487, "Role Conflict", local_base, from, &creds.pwd);
      return;
    }
  }

  // Success response: XOR-MAPPED-ADDRESS is where the request came from (7.3.1.2).
  std::vector<uint8_t> buf(kMaxStunSize);
  stun::MessageBuilder b(buf, stun::MessageType(stun::Method::kBinding, stun::MessageClass::kSuccessResponse),
                         msg.transaction_id_copy());
  b.add_address(stun::AttributeType::kXorMappedAddress, from);
  if (!settings_.software.empty()) b.add_string(stun::AttributeType::kSoftware, settings_.software);
  b.add_message_integrity(key);
  b.add_fingerprint();
  if (auto done = b.finish()) {
    buf.resize(done->size());
    outputs_.push_back(Transmit{local_base, from, std::move(buf)});
    ++stats_.responses_sent;
  }
  // A consent check of the previous generation only needs its answer: pairs belong to the new one.
  if (previous_generation) return;

  // 7.3.1.3: a source we do not know is a peer-reflexive remote candidate.
  const Candidate* remote = nullptr;
  for (const auto& r : list_.remote_candidates()) {
    if (r.address == from && r.component == local->component) remote = &r;
  }
  Candidate prflx;
  if (remote == nullptr) {
    if (list_.remote_candidates().size() >= settings_.max_remote_candidates) return;
    prflx.type = CandidateType::kPeerReflexive;
    prflx.address = from;
    prflx.component = local->component;
    prflx.transport = local->transport;
    prflx.priority = msg.get_u32(stun::AttributeType::kPriority).value_or(prflx_priority(*local));
    prflx.foundation = candidate_foundation(CandidateType::kPeerReflexive, from.ip, std::nullopt, prflx.transport);
    remote = &prflx;
  }
  bool use_candidate = msg.has(stun::AttributeType::kUseCandidate);
  PairId id = list_.add_pair(*local, *remote);
  CandidatePair* pair = list_.find(id);
  if (pair == nullptr) return;

  if (settings_.lite) {
    // A lite agent never checks: the full peer's check proves the pair, and USE-CANDIDATE selects it.
    list_.on_success(id);
    if (use_candidate) select(id, now);
    return;
  }
  if (!controlling_ && use_candidate) {
    pair->use_candidate_received = true;
    if (pair->state == PairState::kSucceeded) {
      select(id, now);
      return;
    }
  }
  // 7.3.1.4: triggered check.
  if (pair->state != PairState::kSucceeded && pair->state != PairState::kInProgress) {
    list_.trigger(id);
    if (next_check_at_.is_infinite() || next_check_at_ > now) next_check_at_ = now;
  }
}

void Agent::handle_response(const stun::MessageView& msg, const SocketAddress& local_base, const SocketAddress& from,
                            Timestamp now) {
  stun::TransactionId tid = msg.transaction_id_copy();
  auto it = pending_.find(tid);
  if (it == pending_.end()) return;
  const std::optional<Credentials>& remote = it->second.previous_generation ? previous_remote_ : remote_;
  if (!remote) return;
  // 7.2.5.1: responses are authenticated with the peer's password (of the generation the check was sent
  // under); forged ones leave the transaction running.
  crypto::HmacKey key(crypto::HashAlgorithm::kSha1, as_bytes(remote->pwd));
  if (!msg.verify_message_integrity(key)) {
    ++stats_.dropped_bad_integrity;
    return;
  }
  if (!transactions_.handle_response(msg.transaction_id())) return;
  PendingCheck check = it->second;
  auto route = routes_[tid];
  pending_.erase(it);
  routes_.erase(tid);
  ++stats_.responses_received;

  if (check.consent) {
    // RFC 7675: any authenticated success response from the peer's address refreshes consent.
    if (msg.type().cls == stun::MessageClass::kSuccessResponse && from == route.second) {
      last_consent_ok_ = now;
      consent_unanswered_since_ = Timestamp::infinite();
      if (state_ == ConnectionState::kDisconnected) set_state(ConnectionState::kConnected);
    }
    return;
  }
  if (nominating_ == check.pair && msg.type().cls != stun::MessageClass::kSuccessResponse) nominating_.reset();

  // 7.2.5.2.1: the response must come back on the same path the request went out on.
  if (from != route.second || local_base != route.first) {
    list_.on_failure(check.pair);
    return;
  }
  if (msg.type().cls == stun::MessageClass::kErrorResponse) {
    auto err = msg.error_code();
    if (err && err->code == 487) {
      // 7.2.5.1: switch roles as the peer asks and check the pair again.
      switch_role(!check.sent_controlling);
      list_.retry(check.pair);
      if (next_check_at_.is_infinite() || next_check_at_ > now) next_check_at_ = now;
    } else {
      list_.on_failure(check.pair);
    }
    return;
  }
  list_.on_success(check.pair);
  if (first_valid_at_.is_infinite()) first_valid_at_ = now;
  CandidatePair* pair = list_.find(check.pair);
  if (pair == nullptr) return;
  if (check.use_candidate || (!controlling_ && pair->use_candidate_received)) select(check.pair, now);
  // New successes may unfreeze pairs: make sure the pacer runs.
  if (next_check_at_.is_infinite()) next_check_at_ = now;
}

void Agent::select(PairId id, Timestamp now) {
  CandidatePair* pair = list_.find(id);
  if (pair == nullptr) return;
  pair->nominated = true;
  nominating_.reset();
  if (previous_local_) {
    // The new generation carries traffic now: the old one's consent checks and credentials end.
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (!it->second.previous_generation) {
        ++it;
        continue;
      }
      transactions_.cancel(it->first);
      routes_.erase(it->first);
      it = pending_.erase(it);
    }
    previous_local_.reset();
    previous_remote_.reset();
  }
  restarting_ = false;
  bool changed = !selected_ || selected_->local.address != pair->local.address ||
                 selected_->remote.address != pair->remote.address;
  selected_ = *pair;
  last_consent_ok_ = now;
  // Consent checks still outstanding went to the old pair (or generation); the new one starts fresh.
  consent_unanswered_since_ = Timestamp::infinite();
  if (!settings_.lite) next_consent_at_ = now + randomized_consent_interval();
  if (changed) {
    PURERTC_LOG_INFO("ice", "selected %s -> %s", to_string(pair->local).c_str(), to_string(pair->remote).c_str());
    outputs_.push_back(SelectedPairChanged{pair->local, pair->remote});
  }
  if (state_ != ConnectionState::kCompleted) set_state(ConnectionState::kConnected);
}

void Agent::maybe_nominate(Timestamp now) {
  if (!controlling_ || settings_.lite || nominating_ || (selected_ && !restarting_)) return;
  const CandidatePair* best = list_.best_valid();
  if (best == nullptr) return;
  // Regular nomination: nominate once nothing better can still succeed, or after nomination_delay.
  bool better_pending = std::any_of(list_.pairs().begin(), list_.pairs().end(), [&](const CandidatePair& p) {
    return p.priority > best->priority &&
           (p.state == PairState::kWaiting || p.state == PairState::kInProgress || p.state == PairState::kFrozen);
  });
  if (better_pending && now < first_valid_at_ + settings_.nomination_delay) return;
  nominating_ = best->id;
  send_check(best->id, true, false, now);
}

void Agent::switch_role(bool controlling) {
  if (controlling_ == controlling) return;
  controlling_ = controlling;
  list_.set_controlling(controlling);
  outputs_.push_back(RoleChanged{controlling});
}

void Agent::set_state(ConnectionState s) {
  if (state_ == s) return;
  PURERTC_LOG_DEBUG("ice", "state %s -> %s", std::string(to_string(state_)).c_str(), std::string(to_string(s)).c_str());
  state_ = s;
  outputs_.push_back(StateChanged{s});
}

void Agent::update_state(Timestamp now) {
  if (state_ == ConnectionState::kClosed || state_ == ConnectionState::kFailed) return;
  // Consent runs on the selected pair, the old one during a restart too.
  if (selected_) {
    if (now >= consent_deadline(settings_.consent_timeout)) {
      set_state(ConnectionState::kFailed);
      return;
    }
    if (now >= consent_deadline(settings_.disconnected_timeout)) {
      set_state(ConnectionState::kDisconnected);
      return;
    }
    if (!restarting_ && state_ == ConnectionState::kConnected && remote_end_of_candidates_ && list_.all_done()) {
      set_state(ConnectionState::kCompleted);
    }
    return;
  }
  if (remote_ && !list_.pairs().empty()) {
    if (checking_since_.is_infinite()) checking_since_ = now;
    set_state(ConnectionState::kChecking);
  }
  if (state_ != ConnectionState::kChecking) return;
  bool nothing_left = remote_end_of_candidates_ && list_.all_done() && list_.best_valid() == nullptr;
  if (nothing_left || (!checking_since_.is_infinite() && now - checking_since_ >= settings_.failed_timeout)) {
    set_state(ConnectionState::kFailed);
  }
}

void Agent::handle_timeout(Timestamp now) {
  if (state_ == ConnectionState::kClosed) return;
  // Pacing (6.1.4.2): one new check every Ta.
  if (remote_ && !settings_.lite && now >= next_check_at_) {
    if (last_check_sent_.is_infinite() || now - last_check_sent_ >= settings_.ta) {
      if (auto id = list_.next_check()) {
        send_check(*id, false, false, now);
        next_check_at_ = now + settings_.ta;
      } else {
        next_check_at_ = Timestamp::infinite();
      }
    } else {
      next_check_at_ = last_check_sent_ + settings_.ta;
    }
  }
  maybe_nominate(now);
  if (selected_ && !settings_.lite && now >= next_consent_at_) {
    send_check(0, false, true, now);
    next_consent_at_ = now + randomized_consent_interval();
  }
  transactions_.handle_timeout(now);
  while (auto id = transactions_.poll_timeout_event()) {
    auto it = pending_.find(*id);
    if (it == pending_.end()) continue;
    if (!it->second.consent) {
      list_.on_failure(it->second.pair);
      if (nominating_ == it->second.pair) nominating_.reset();
      if (next_check_at_.is_infinite()) next_check_at_ = now;
    }
    routes_.erase(*id);
    pending_.erase(it);
  }
  update_state(now);
}

Timestamp Agent::next_timeout() const {
  if (state_ == ConnectionState::kClosed) return Timestamp::infinite();
  Timestamp t = transactions_.next_timeout();
  if (remote_ && !settings_.lite) t = earliest(t, next_check_at_);
  if (controlling_ && (!selected_ || restarting_) && !first_valid_at_.is_infinite() && !nominating_) {
    t = earliest(t, first_valid_at_ + settings_.nomination_delay);
  }
  if (selected_) {
    if (!settings_.lite) t = earliest(t, next_consent_at_);
    if (state_ != ConnectionState::kFailed) {
      t = earliest(t, consent_deadline(state_ == ConnectionState::kDisconnected ? settings_.consent_timeout
                                                                              : settings_.disconnected_timeout));
    }
  } else if (state_ == ConnectionState::kChecking && !checking_since_.is_infinite()) {
    t = earliest(t, checking_since_ + settings_.failed_timeout);
  }
  return t;
}

std::optional<AgentOutput> Agent::poll_output() {
  // Retransmissions and first transmissions of checks come from the transaction layer.
  while (auto bytes = transactions_.poll_transmit()) {
    if (bytes->size() < stun::kHeaderSize) continue;
    stun::TransactionId tid;
    std::memcpy(tid.data(), bytes->data() + 8, tid.size());
    auto route = routes_.find(tid);
    if (route == routes_.end()) continue;
    outputs_.push_back(Transmit{route->second.first, route->second.second,
                                std::vector<uint8_t>(bytes->begin(), bytes->end())});
  }
  if (outputs_.empty()) return std::nullopt;
  AgentOutput out = std::move(outputs_.front());
  outputs_.pop_front();
  return out;
}

}  // namespace purertc::ice
