// The ICE agent core (RFC 8445) as a sans-IO state machine: connectivity checks, nomination, role
// conflicts, peer-reflexive discovery, trickle (RFC 8838), restarts and consent freshness (RFC 7675).
// Gathering, sockets and the UDP mux live outside: the owner adds local candidates it has gathered,
// feeds every STUN datagram received on one of their bases, and sends what poll_output() returns from
// the base it names.
//
// Connection states (W3C RTCIceConnectionState, as Pion surfaces them):
//
//   new --(remote credentials + a pair to check)--> checking --(a pair selected)--> connected
//   connected --(all checks done, end of candidates)--> completed
//   connected/completed --(no consent response for disconnected_timeout, and a consent check unanswered
//                          for consent_response_grace)--> disconnected
//   disconnected --(response)--> connected
//   checking --(every pair failed after end of candidates, or nothing for failed_timeout)--> failed
//   connected/completed/disconnected --(consent lost for consent_timeout, RFC 7675: 30 s)--> failed
//   any --(close)--> closed
//
// ICE restart (9) with a selected pair keeps the state: the old pair carries traffic, and its consent
// checks keep running under the previous generation's credentials (both ways: requests carrying our
// previous ufrag are still answered), until a pair of the new generation is selected. Otherwise an idle
// peer whose consent checks fall between one side's restart and the other's would see them rejected
// and go disconnected. rollback_restart() returns to that previous generation (JSEP rollback).
//
// The controlling agent uses regular nomination (8.1.1): once a valid pair is the best it will get (or
// nomination_delay after the first valid pair), it repeats the check with USE-CANDIDATE. The controlled
// agent accepts USE-CANDIDATE on a valid pair, and also before the pair is valid (aggressive nomination
// from older peers): the pair is nominated as soon as its own check succeeds.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "common/random.h"
#include "common/timestamp.h"
#include "ice/check_list.h"
#include "stun/client_transactions.h"

namespace purertc::ice {

enum class ConnectionState { kNew, kChecking, kConnected, kCompleted, kDisconnected, kFailed, kClosed };
std::string_view to_string(ConnectionState state);

struct Credentials {
  std::string ufrag;
  std::string pwd;
  // RFC 8445 5.3: ufrag at least 4 and pwd at least 22 ice-chars (ALPHA / DIGIT / "+" / "/").
  static Credentials generate(Random& random);
  friend bool operator==(const Credentials&, const Credentials&) = default;
};

struct AgentSettings {
  bool controlling = true;
  bool lite = false;                                 // we are an ICE-lite agent (2.5): no checks sent
  Duration ta = Duration::millis(50);                // pacing between new checks (14.2)
  Duration check_initial_rto = Duration::millis(500);
  int check_max_transmissions = 7;                   // Rc for connectivity checks
  Duration nomination_delay = Duration::millis(200); // controlling: wait this long for better pairs
  Duration consent_interval = Duration::seconds(5);  // RFC 7675 5.1: 4-6 s, randomized
  Duration disconnected_timeout = Duration::seconds(5);
  Duration consent_timeout = Duration::seconds(30);  // RFC 7675 5.1
  // Disconnected (and consent expiry) also need a consent check that went unanswered this long: only an
  // unanswered request shows the path is down. Without it the agent flapped whenever the randomized
  // interval was longer than disconnected_timeout, or when its timer ran late and it sent the check at
  // the very moment it judged the silence. 1.5 s: the third transmission of a check (RTO 500 ms).
  Duration consent_response_grace = Duration::millis(1500);
  Duration failed_timeout = Duration::seconds(30);   // checking without any valid pair
  size_t max_pairs = 100;
  size_t max_remote_candidates = 100;                // a peer cannot make us track more
  std::string software;                              // SOFTWARE attribute; empty: none
};

struct Transmit {
  SocketAddress from;  // the local base to send from
  SocketAddress to;
  std::vector<uint8_t> data;
};
struct StateChanged {
  ConnectionState state;
};
struct SelectedPairChanged {
  Candidate local;
  Candidate remote;
};
struct RoleChanged {
  bool controlling;
};
using AgentOutput = std::variant<Transmit, StateChanged, SelectedPairChanged, RoleChanged>;

struct AgentStats {
  uint64_t checks_sent = 0, checks_received = 0, responses_received = 0, responses_sent = 0;
  uint64_t dropped_bad_integrity = 0, dropped_malformed = 0, role_conflicts = 0;
};

class Agent {
 public:
  Agent(AgentSettings settings, Credentials local, Random& random);

  const Credentials& local_credentials() const { return local_; }
  bool controlling() const { return controlling_; }
  ConnectionState state() const { return state_; }
  const AgentStats& stats() const { return stats_; }
  uint64_t tie_breaker() const { return tie_breaker_; }

  void set_remote_credentials(Credentials remote, Timestamp now);
  // The peer is ICE-lite (a=ice-lite): we must be controlling and it sends no checks (2.5, 6.1.1).
  void set_remote_lite(bool lite);
  // A gathered local candidate (its base must be a socket the owner reads and sends on).
  void add_local_candidate(const Candidate& candidate, Timestamp now);
  // A remote candidate from SDP or trickle. Errc::kLimitExceeded past max_remote_candidates.
  Status add_remote_candidate(const Candidate& candidate, Timestamp now);
  // Trickle: the peer has sent all its candidates (a=end-of-candidates); failure becomes final.
  void set_remote_end_of_candidates(Timestamp now);

  // ICE restart (9): new local credentials; the selected pair stays usable until a new one is selected.
  // The owner then re-adds local candidates and the new remote description's candidates.
  void restart(Credentials new_local, Timestamp now);
  // Undoes restart() (a rolled-back offer that restarted ICE, RFC 9429 section 4.1.10.2): the local and
  // remote credentials of the generation before the first pending restart come back, the new
  // generation's pairs and checks are dropped, and the selected pair (if any) goes on under the old
  // credentials. The owner then re-adds its local candidates and the remote ones of the old
  // generation. False (and nothing changes) when no restart is pending: once a pair of the new
  // generation was selected there is nothing to roll back.
  bool rollback_restart(Timestamp now);
  // A restart whose previous generation is still kept (for the old pair's consent and for rollback).
  bool restart_pending() const { return previous_local_.has_value(); }
  void close();

  // A STUN message that arrived on `local_base` from `from`. Non-STUN input is the owner's business;
  // malformed or unauthenticated STUN is dropped and counted.
  void handle_stun(std::span<const uint8_t> data, const SocketAddress& local_base, const SocketAddress& from,
                   Timestamp now);
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;
  std::optional<AgentOutput> poll_output();

  // The pair application data goes over, once one is selected.
  const CandidatePair* selected_pair() const;
  const CheckList& check_list() const { return list_; }

 private:
  struct PendingCheck {
    PairId pair;
    bool use_candidate;
    bool consent;
    bool sent_controlling;  // the role the request claimed: a 487 asks for the other one (7.2.5.1)
    bool previous_generation = false;  // a consent check under the credentials before a restart
  };

  // Ends the current generation's connectivity checks: transactions, routes, check list, local
  // candidates, nomination. Consent checks on the selected pair go on; `consent_previous_generation`
  // says whether they were sent under credentials that are now the previous generation's.
  void end_generation_checks(bool consent_previous_generation);
  void send_check(PairId id, bool use_candidate, bool consent, Timestamp now);
  void handle_request(const stun::MessageView& msg, const SocketAddress& local_base, const SocketAddress& from,
                      Timestamp now);
  void handle_response(const stun::MessageView& msg, const SocketAddress& local_base, const SocketAddress& from,
                       Timestamp now);
  // An error response, with MESSAGE-INTEGRITY under `integrity_pwd` (the password of the generation the
  // request authenticated with) unless it is null.
  void send_error(const stun::MessageView& request, uint16_t code, const char* reason,
                  const SocketAddress& local_base, const SocketAddress& from, const std::string* integrity_pwd);
  const Candidate* local_candidate_for_base(const SocketAddress& base) const;
  void select(PairId id, Timestamp now);
  void maybe_nominate(Timestamp now);
  void update_state(Timestamp now);
  void set_state(ConnectionState s);
  void switch_role(bool controlling);
  uint32_t prflx_priority(const Candidate& local) const;
  Duration randomized_consent_interval();
  // When `limit` without consent runs out: limit after the last response, and not before a consent
  // check has been unanswered for consent_response_grace (infinite while none is outstanding).
  Timestamp consent_deadline(Duration limit) const;
  // Consent on the selected pair uses the previous generation's credentials while that pair is the
  // old one (restarting_), the current ones otherwise.
  bool consent_uses_previous() const { return restarting_ && previous_local_ && previous_remote_; }

  AgentSettings settings_;
  Credentials local_;
  std::optional<Credentials> remote_;
  // The generation before the first pending restart: set by restart(), dropped when a pair of the new
  // generation is selected or by rollback_restart().
  std::optional<Credentials> previous_local_, previous_remote_;
  Random& random_;
  uint64_t tie_breaker_;
  bool controlling_;
  bool remote_lite_ = false;
  bool remote_end_of_candidates_ = false;
  ConnectionState state_ = ConnectionState::kNew;

  CheckList list_;
  std::vector<Candidate> local_candidates_;
  stun::ClientTransactions transactions_;
  std::map<stun::TransactionId, PendingCheck> pending_;
  // Which local base each outstanding transaction was sent from (transactions_ only hands out bytes).
  std::map<stun::TransactionId, std::pair<SocketAddress, SocketAddress>> routes_;

  // The selected pair is kept by value: it survives an ICE restart, which empties the check list.
  std::optional<CandidatePair> selected_;
  std::optional<PairId> nominating_;
  bool restarting_ = false;
  Timestamp last_check_sent_ = Timestamp::infinite();
  Timestamp next_check_at_ = Timestamp::infinite();
  Timestamp first_valid_at_ = Timestamp::infinite();
  Timestamp checking_since_ = Timestamp::infinite();
  Timestamp next_consent_at_ = Timestamp::infinite();
  Timestamp last_consent_ok_ = Timestamp::infinite();
  // When the oldest consent check sent since the last consent response went out (infinite: none).
  Timestamp consent_unanswered_since_ = Timestamp::infinite();

  std::deque<AgentOutput> outputs_;
  AgentStats stats_;
};

}  // namespace purertc::ice
