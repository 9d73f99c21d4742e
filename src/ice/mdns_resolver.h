// mDNS for ICE (RFC 6762, draft-ietf-mmusic-mdns-ice-candidates) as a sans-IO state machine: resolving
// the "<uuid>.local" names a remote peer puts in its host candidates, and answering for the names we
// generate to hide our own host addresses. The owner sends every MdnsTransmit to the mDNS multicast group
// (224.0.0.251:5353), feeds every datagram received on the mDNS socket to handle_input(), and calls
// handle_timeout() at next_timeout().
//
// Per query:  query() --send--> waiting --no answer after 1 s--> send again (interval doubling, 5.2)
//                                  |                               ... until `timeout`: MdnsResolved{nullopt}
//                                  +--answer (A or AAAA record for the name)--> MdnsResolved{address}
// Answers are cached for their TTL (a TTL of 0 is a goodbye and removes the entry, 10.1), so a second
// query() for a known name resolves without traffic.
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
#include "common/socket_address.h"
#include "common/timestamp.h"
#include "ice/mdns_message.h"

namespace purertc::ice {

struct MdnsSettings {
  Duration first_retransmit = Duration::seconds(1);  // RFC 6762 5.2: at least one second
  Duration timeout = Duration::seconds(3);            // per query: then MdnsResolved{nullopt}
  uint32_t answer_ttl = 120;                          // seconds, for our own names (RFC 6762 10: host records)
  size_t max_pending_queries = 64;
  size_t max_cache_entries = 256;
  size_t max_local_names = 32;
};

struct MdnsTransmit {
  std::vector<uint8_t> data;  // to the mDNS group
};
struct MdnsResolved {
  std::string name;
  std::optional<IpAddress> address;  // nullopt: timed out, or too many queries outstanding
};
using MdnsOutput = std::variant<MdnsTransmit, MdnsResolved>;

struct MdnsStats {
  uint64_t queries_sent = 0, answers_sent = 0, answers_received = 0, dropped_malformed = 0, timeouts = 0;
};

// "<uuid>.local" with a random (version 4) UUID, lower case, as browsers generate them.
std::string generate_mdns_name(Random& random);

class MdnsResolver {
 public:
  MdnsResolver(MdnsSettings settings, Random& random);

  // Generates (once per address) the name that stands for `address`, and answers queries for it from now
  // on. Returns the name; empty past max_local_names.
  std::string add_local_name(const IpAddress& address);
  // Starts resolving `name`; exactly one MdnsResolved for it follows (at once when it is cached).
  // Concurrent queries for one name share one exchange and one MdnsResolved.
  void query(const std::string& name, Timestamp now);

  void handle_input(std::span<const uint8_t> data, Timestamp now);
  void handle_timeout(Timestamp now);
  Timestamp next_timeout() const;
  std::optional<MdnsOutput> poll_output();

  const MdnsStats& stats() const { return stats_; }
  size_t pending_queries() const { return pending_.size(); }

 private:
  struct Pending {
    std::string name;
    Timestamp next_send;
    Duration interval;
    Timestamp deadline;
  };
  struct Cached {
    IpAddress address;
    Timestamp expires;
  };
  struct Local {
    std::string name;
    IpAddress address;
  };
  void send_query(Pending& p, Timestamp now);
  void answer(const MdnsMessage& query);
  void learn(const MdnsMessage& response, Timestamp now);
  std::map<std::string, Cached>::iterator find_cached(const std::string& name, Timestamp now);

  MdnsSettings settings_;
  Random& random_;
  std::vector<Local> local_;
  std::vector<Pending> pending_;
  std::map<std::string, Cached> cache_;  // keys lower-cased
  std::deque<MdnsOutput> outputs_;
  MdnsStats stats_;
};

}  // namespace purertc::ice
