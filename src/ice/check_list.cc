#include "ice/check_list.h"

#include <algorithm>

namespace purertc::ice {

std::string_view to_string(PairState state) {
  switch (state) {
    case PairState::kFrozen: return "frozen";
    case PairState::kWaiting: return "waiting";
    case PairState::kInProgress: return "in-progress";
    case PairState::kSucceeded: return "succeeded";
    case PairState::kFailed: return "failed";
  }
  return "unknown";
}

namespace {

bool compatible(const Candidate& local, const Candidate& remote) {
  return local.component == remote.component && local.transport == remote.transport &&
         local.base.ip.family() == remote.address.ip.family();
}

// 6.1.2.4: the agent sends from the base, so a server-reflexive local candidate pairs as its base.
Candidate pruned_local(const Candidate& local) {
  if (local.type != CandidateType::kServerReflexive) return local;
  Candidate c = local;
  c.address = local.base;
  return c;
}

}  // namespace

void CheckList::set_controlling(bool controlling) {
  if (controlling_ == controlling) return;
  controlling_ = controlling;
  for (auto& p : pairs_) p.priority = compute_priority(p.local, p.remote);
  sort();
}

uint64_t CheckList::compute_priority(const Candidate& local, const Candidate& remote) const {
  return controlling_ ? pair_priority(local.priority, remote.priority) : pair_priority(remote.priority, local.priority);
}

void CheckList::sort() {
  std::stable_sort(pairs_.begin(), pairs_.end(), [](const CandidatePair& a, const CandidatePair& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.local.component < b.local.component;
  });
}

bool CheckList::foundation_active(const std::string& foundation) const {
  return std::any_of(pairs_.begin(), pairs_.end(), [&](const CandidatePair& p) {
    return (p.state == PairState::kWaiting || p.state == PairState::kInProgress) && p.foundation() == foundation;
  });
}

std::optional<PairId> CheckList::insert_pair(Candidate local, const Candidate& remote, bool enforce_limit) {
  local = pruned_local(local);
  // Redundant: same base and same remote address as an existing pair; keep the higher priority one
  // (6.1.2.4). The existing pair wins ties, which keeps ids stable.
  for (auto& p : pairs_) {
    if (p.local.address == local.address && p.local.component == local.component && p.remote.address == remote.address &&
        p.local.transport == local.transport) {
      if (p.local.priority < local.priority && p.state == PairState::kFrozen) {
        p.local = local;
        p.priority = compute_priority(p.local, p.remote);
        sort();
      }
      return std::nullopt;
    }
  }
  CandidatePair pair;
  pair.id = next_id_++;
  pair.local = std::move(local);
  pair.remote = remote;
  pair.priority = compute_priority(pair.local, pair.remote);
  pair.state = foundation_active(pair.foundation()) ? PairState::kFrozen : PairState::kWaiting;
  if (enforce_limit && pairs_.size() >= max_pairs_) {
    // Over the limit the lowest-priority pair goes (6.1.2.5), unless that is the new one.
    auto lowest = std::min_element(pairs_.begin(), pairs_.end(), [](const auto& a, const auto& b) {
      return a.priority < b.priority;
    });
    if (lowest == pairs_.end() || lowest->priority >= pair.priority || lowest->state == PairState::kInProgress ||
        lowest->state == PairState::kSucceeded) {
      return std::nullopt;
    }
    PairId gone = lowest->id;
    pairs_.erase(lowest);
    triggered_.erase(std::remove(triggered_.begin(), triggered_.end(), gone), triggered_.end());
  }
  PairId id = pair.id;
  pairs_.push_back(std::move(pair));
  sort();
  return id;
}

std::vector<PairId> CheckList::add_local_candidate(const Candidate& local) {
  local_.push_back(local);
  std::vector<PairId> added;
  for (const auto& remote : remote_) {
    if (!compatible(local, remote)) continue;
    if (auto id = insert_pair(local, remote, true)) added.push_back(*id);
  }
  return added;
}

std::vector<PairId> CheckList::add_remote_candidate(const Candidate& remote) {
  for (const auto& r : remote_) {
    if (r.address == remote.address && r.component == remote.component && r.transport == remote.transport) return {};
  }
  remote_.push_back(remote);
  std::vector<PairId> added;
  for (const auto& local : local_) {
    if (!compatible(local, remote)) continue;
    if (auto id = insert_pair(local, remote, true)) added.push_back(*id);
  }
  return added;
}

PairId CheckList::add_pair(const Candidate& local, const Candidate& remote) {
  Candidate l = pruned_local(local);
  if (auto* p = find(l.address, remote.address)) return p->id;
  if (std::none_of(remote_.begin(), remote_.end(), [&](const Candidate& r) { return r.address == remote.address; })) {
    remote_.push_back(remote);
  }
  return *insert_pair(local, remote, false);
}

void CheckList::trigger(PairId id) {
  CandidatePair* p = find(id);
  if (p == nullptr || p->state == PairState::kInProgress) return;
  if (std::find(triggered_.begin(), triggered_.end(), id) != triggered_.end()) return;
  // A succeeded pair is re-checked only to carry a nomination; the caller decides that.
  if (p->state != PairState::kSucceeded) p->state = PairState::kWaiting;
  triggered_.push_back(id);
}

void CheckList::retry(PairId id) {
  if (CandidatePair* p = find(id); p != nullptr && p->state == PairState::kInProgress) p->state = PairState::kWaiting;
  trigger(id);
}

std::optional<PairId> CheckList::next_check() {
  while (!triggered_.empty()) {
    PairId id = triggered_.front();
    triggered_.pop_front();
    if (CandidatePair* p = find(id)) {
      p->state = PairState::kInProgress;
      return id;
    }
  }
  auto waiting = std::find_if(pairs_.begin(), pairs_.end(), [](const auto& p) { return p.state == PairState::kWaiting; });
  if (waiting == pairs_.end()) {
    // 6.1.4.2: with nothing waiting, unfreeze the best frozen pair of each foundation that has nothing
    // waiting or in progress.
    for (auto& p : pairs_) {
      if (p.state == PairState::kFrozen && !foundation_active(p.foundation())) p.state = PairState::kWaiting;
    }
    waiting = std::find_if(pairs_.begin(), pairs_.end(), [](const auto& p) { return p.state == PairState::kWaiting; });
    if (waiting == pairs_.end()) return std::nullopt;
  }
  waiting->state = PairState::kInProgress;
  return waiting->id;
}

void CheckList::on_success(PairId id) {
  CandidatePair* p = find(id);
  if (p == nullptr) return;
  p->state = PairState::kSucceeded;
  p->valid = true;
  std::string foundation = p->foundation();
  for (auto& other : pairs_) {
    if (other.state == PairState::kFrozen && other.foundation() == foundation) other.state = PairState::kWaiting;
  }
}

void CheckList::on_failure(PairId id) {
  if (CandidatePair* p = find(id)) {
    p->state = PairState::kFailed;
    p->valid = false;
  }
}

CandidatePair* CheckList::find(PairId id) {
  for (auto& p : pairs_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const CandidatePair* CheckList::find(PairId id) const { return const_cast<CheckList*>(this)->find(id); }

CandidatePair* CheckList::find(const SocketAddress& local_base, const SocketAddress& remote) {
  for (auto& p : pairs_) {
    if (p.local.address == local_base && p.remote.address == remote) return &p;
  }
  return nullptr;
}

bool CheckList::all_done() const {
  return triggered_.empty() && std::all_of(pairs_.begin(), pairs_.end(), [](const auto& p) {
           return p.state == PairState::kSucceeded || p.state == PairState::kFailed;
         });
}

const CandidatePair* CheckList::best_valid() const {
  for (const auto& p : pairs_) {
    if (p.valid) return &p;
  }
  return nullptr;
}

void CheckList::clear() {
  local_.clear();
  remote_.clear();
  pairs_.clear();
  triggered_.clear();
}

}  // namespace purertc::ice
