#include "stun/client_transactions.h"

#include <algorithm>

namespace purertc::stun {
namespace {

bool same_id(const TransactionId& a, std::span<const uint8_t, kTransactionIdSize> b) {
  return std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

ClientTransactions::Transaction* ClientTransactions::find(std::span<const uint8_t, kTransactionIdSize> id) {
  for (auto& t : transactions_) {
    if (same_id(t.id, id)) return &t;
  }
  return nullptr;
}

Status ClientTransactions::start(std::vector<uint8_t> request, Timestamp now) {
  if (!is_stun_message(request)) return unexpected(Error{Errc::kInvalidArgument, "not a STUN message"});
  if (transactions_.size() >= settings_.max_outstanding) {
    return unexpected(Error{Errc::kLimitExceeded, "too many outstanding STUN transactions"});
  }
  Transaction t;
  std::copy(request.begin() + 8, request.begin() + 20, t.id.begin());
  if (find(t.id) != nullptr) return unexpected(Error{Errc::kInvalidArgument, "transaction id already in use"});
  t.request = std::move(request);
  t.rto = settings_.initial_rto;
  transactions_.push_back(std::move(t));
  send(transactions_.back(), now);
  return {};
}

void ClientTransactions::send(Transaction& t, Timestamp now) {
  ++t.sends;
  to_send_.push_back(t.id);
  if (settings_.reliable) {
    t.next = now + settings_.reliable_timeout;
  } else if (t.sends < settings_.max_transmissions) {
    t.next = now + t.rto;
    t.rto = t.rto * 2;
  } else {
    // After the last send, wait Rm times the initial RTO (RFC 8489 6.2.1).
    t.next = now + settings_.initial_rto * settings_.last_wait_multiplier;
  }
}

bool ClientTransactions::handle_response(std::span<const uint8_t, kTransactionIdSize> id) {
  auto it = std::find_if(transactions_.begin(), transactions_.end(), [&](const Transaction& t) { return same_id(t.id, id); });
  if (it == transactions_.end()) return false;
  transactions_.erase(it);
  return true;
}

void ClientTransactions::cancel(std::span<const uint8_t, kTransactionIdSize> id) { (void)handle_response(id); }

void ClientTransactions::handle_timeout(Timestamp now) {
  for (auto it = transactions_.begin(); it != transactions_.end();) {
    if (it->next > now) {
      ++it;
      continue;
    }
    bool done = settings_.reliable || it->sends >= settings_.max_transmissions;
    if (done) {
      timed_out_.push_back(it->id);
      it = transactions_.erase(it);
    } else {
      send(*it, now);
      ++it;
    }
  }
}

std::optional<std::span<const uint8_t>> ClientTransactions::poll_transmit() {
  while (!to_send_.empty()) {
    TransactionId id = to_send_.front();
    to_send_.pop_front();
    // A transaction answered or cancelled after its send was queued sends nothing.
    // The view stays valid until transactions_ next changes, which only a later call can do.
    if (Transaction* t = find(id)) return std::span<const uint8_t>(t->request);
  }
  return std::nullopt;
}

std::optional<TransactionId> ClientTransactions::poll_timeout_event() {
  if (timed_out_.empty()) return std::nullopt;
  TransactionId id = timed_out_.front();
  timed_out_.pop_front();
  return id;
}

Timestamp ClientTransactions::next_timeout() const {
  Timestamp next = Timestamp::infinite();
  for (const auto& t : transactions_) next = earliest(next, t.next);
  return next;
}

}  // namespace purertc::stun
