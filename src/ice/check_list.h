// The check list of one ICE stream (RFC 8445 section 6.1.2): candidate pairs formed from local and
// remote candidates, pruned, ordered by pair priority, with the frozen/waiting/in-progress/succeeded/
// failed states and the triggered-check queue that decide which pair is checked at each pacing tick.
//
//            +-----------+
//            |  Frozen   |--(foundation unfrozen)--+
//            +-----------+                         v
//                                            +-----------+   check sent   +-------------+
//   (triggered check) ---------------------->|  Waiting  |--------------->| In-Progress |
//                                            +-----------+                +-------------+
//                                                                     success /        \ failure/timeout
//                                                                  +-----------+   +--------+
//                                                                  | Succeeded |   | Failed |
//                                                                  +-----------+   +--------+
//
// Pairs are identified by a stable PairId so that transactions in flight can refer to them while the
// list is re-sorted (role changes recompute priorities) or grows (trickle ICE).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ice/candidate.h"

namespace purertc::ice {

enum class PairState { kFrozen, kWaiting, kInProgress, kSucceeded, kFailed };
std::string_view to_string(PairState state);

using PairId = uint32_t;

struct CandidatePair {
  PairId id = 0;
  Candidate local;   // after pruning: the base for server-reflexive candidates (6.1.2.4)
  Candidate remote;
  uint64_t priority = 0;
  PairState state = PairState::kFrozen;
  bool nominated = false;          // USE-CANDIDATE sent (controlling) or received on a valid pair (controlled)
  bool valid = false;              // in the valid list (7.2.5.3.2)
  bool use_candidate_received = false;  // controlled side: nomination seen before the pair succeeded

  // RFC 8445 6.1.2.6: a pair's foundation is the local and remote foundations together.
  std::string foundation() const { return local.foundation + ":" + remote.foundation; }
};

class CheckList {
 public:
  // 6.1.2.5: at most this many pairs per check list (the RFC's default limit is 100).
  explicit CheckList(size_t max_pairs = 100) : max_pairs_(max_pairs) {}

  void set_controlling(bool controlling);
  bool controlling() const { return controlling_; }

  // Pairs `local` with every known remote candidate (and vice versa) of the same component, transport
  // and IP family, prunes redundant pairs and keeps the list ordered. New pairs start Waiting when no
  // other pair of their foundation is Waiting or In-Progress, Frozen otherwise (trickle-friendly form
  // of 6.1.2.6). Returns the ids of the pairs added.
  std::vector<PairId> add_local_candidate(const Candidate& local);
  std::vector<PairId> add_remote_candidate(const Candidate& remote);

  // Adds (or finds) the pair for a peer-reflexive or otherwise unknown combination, as a check
  // received from an unknown source requires (7.3.1.4). The pair is not subject to the size limit.
  PairId add_pair(const Candidate& local, const Candidate& remote);

  // 7.3.1.4: queue a triggered check for the pair (no-op if already queued or In-Progress).
  void trigger(PairId id);

  // The pair's transaction ended without a verdict (a 487 role conflict, 7.2.5.1): check it again.
  void retry(PairId id);

  // The pair to check at this pacing tick (6.1.4.2), moved to In-Progress; nullopt if none.
  std::optional<PairId> next_check();

  void on_success(PairId id);   // Succeeded + valid, unfreezes pairs of the same foundation (7.2.5.3.3)
  void on_failure(PairId id);   // Failed (7.2.5.2, 7.2.5.3.4)

  CandidatePair* find(PairId id);
  const CandidatePair* find(PairId id) const;
  CandidatePair* find(const SocketAddress& local_base, const SocketAddress& remote);
  const std::vector<CandidatePair>& pairs() const { return pairs_; }
  const std::vector<Candidate>& remote_candidates() const { return remote_; }

  // True once every pair is Succeeded or Failed and nothing is queued.
  bool all_done() const;
  // The valid pair with the highest priority (for nomination by the controlling agent).
  const CandidatePair* best_valid() const;
  // Starts over with new candidates (ICE restart): everything goes, pair ids keep increasing.
  void clear();

 private:
  std::optional<PairId> insert_pair(Candidate local, const Candidate& remote, bool enforce_limit);
  uint64_t compute_priority(const Candidate& local, const Candidate& remote) const;
  void sort();
  bool foundation_active(const std::string& foundation) const;

  size_t max_pairs_;
  bool controlling_ = true;
  PairId next_id_ = 1;
  std::vector<Candidate> local_;
  std::vector<Candidate> remote_;
  std::vector<CandidatePair> pairs_;  // ordered by priority, highest first
  std::deque<PairId> triggered_;
};

}  // namespace purertc::ice
