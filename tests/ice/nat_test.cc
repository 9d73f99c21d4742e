// Pairs of ICE agents behind simulated NATs of every RFC 4787 behaviour, with host, server-reflexive and
// (optionally) relayed candidates. They must connect whenever ICE can — directly when the NATs allow a
// hole to be punched, through the relay otherwise — and must not when neither path exists.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <tuple>

#include "ice/agent.h"

namespace purertc::ice {
namespace {

enum class Mapping { kEndpointIndependent, kAddressDependent, kAddressAndPortDependent };
enum class Filtering { kEndpointIndependent, kAddressDependent, kAddressAndPortDependent };

struct NatType {
  const char* name;
  bool present;
  Mapping mapping;
  Filtering filtering;
};

const NatType kNoNat{"no NAT", false, Mapping::kEndpointIndependent, Filtering::kEndpointIndependent};
const NatType kFullCone{"full cone", true, Mapping::kEndpointIndependent, Filtering::kEndpointIndependent};
const NatType kRestricted{"restricted cone", true, Mapping::kEndpointIndependent, Filtering::kAddressDependent};
const NatType kPortRestricted{"port-restricted cone", true, Mapping::kEndpointIndependent,
                              Filtering::kAddressAndPortDependent};
const NatType kAddressMapping{"address-dependent mapping", true, Mapping::kAddressDependent,
                              Filtering::kAddressDependent};
const NatType kSymmetric{"symmetric", true, Mapping::kAddressAndPortDependent, Filtering::kAddressAndPortDependent};

// RFC 4787 NAT: mappings keyed by the behaviour's view of the destination, filters by what was sent.
class Nat {
 public:
  Nat(NatType type, IpAddress public_ip) : type_(type), public_ip_(public_ip) {}

  SocketAddress outbound(const SocketAddress& inside, const SocketAddress& dest) {
    SocketAddress key_dest = dest;
    if (type_.mapping == Mapping::kEndpointIndependent) key_dest = SocketAddress{};
    if (type_.mapping == Mapping::kAddressDependent) key_dest.port = 0;
    auto key = std::make_pair(inside, key_dest);
    auto it = mappings_.find(key);
    uint16_t port;
    if (it == mappings_.end()) {
      port = next_port_++;
      mappings_[key] = port;
      inside_of_[port] = inside;
    } else {
      port = it->second;
    }
    sent_[port].insert(dest);
    return SocketAddress{public_ip_, port};
  }

  std::optional<SocketAddress> inbound(uint16_t port, const SocketAddress& from) const {
    auto it = inside_of_.find(port);
    if (it == inside_of_.end()) return std::nullopt;
    const auto& sent = sent_.at(port);
    switch (type_.filtering) {
      case Filtering::kEndpointIndependent: break;
      case Filtering::kAddressDependent: {
        bool ok = false;
        for (const auto& s : sent) ok = ok || s.ip == from.ip;
        if (!ok) return std::nullopt;
        break;
      }
      case Filtering::kAddressAndPortDependent:
        if (!sent.count(from)) return std::nullopt;
        break;
    }
    return it->second;
  }

  const IpAddress& public_ip() const { return public_ip_; }

 private:
  NatType type_;
  IpAddress public_ip_;
  uint16_t next_port_ = 40000;
  std::map<std::pair<SocketAddress, SocketAddress>, uint16_t> mappings_;
  std::map<uint16_t, SocketAddress> inside_of_;
  std::map<uint16_t, std::set<SocketAddress>> sent_;
};

struct Site {
  std::unique_ptr<Agent> agent;
  SocketAddress host;                 // private address (public if no NAT)
  std::optional<Nat> nat;
  std::optional<SocketAddress> relay;  // our allocation on the TURN relay
};

class World {
 public:
  World(NatType a_type, NatType b_type, bool relays, uint64_t seed) : rng_(seed) {
    const SocketAddress stun{*IpAddress::parse("198.51.100.100"), 3478};
    setup(a_, a_type, "10.0.0.2", "203.0.113.1", true, relays, stun, 1);
    setup(b_, b_type, "10.0.0.2", "203.0.113.2", false, relays, stun, 2);
    for (Site* s : {&a_, &b_}) {
      Site& other = s == &a_ ? b_ : a_;
      s->agent->set_remote_credentials(other.agent->local_credentials(), now_);
      for (const auto& c : candidates_[&other]) (void)s->agent->add_remote_candidate(c, now_);
      s->agent->set_remote_end_of_candidates(now_);
    }
  }

  void run(Duration d) {
    Timestamp end = now_ + d;
    while (now_ < end) {
      bool busy = true;
      while (busy) {
        drain(a_);
        drain(b_);
        busy = deliver_due();
      }
      if (done(*a_.agent) && done(*b_.agent)) return;
      Timestamp next = earliest(a_.agent->next_timeout(), b_.agent->next_timeout());
      if (!queue_.empty()) next = earliest(next, queue_.top().at);
      now_ = std::max(now_, std::min(next, end));
      a_.agent->handle_timeout(now_);
      b_.agent->handle_timeout(now_);
    }
  }

  Agent& a() { return *a_.agent; }
  Agent& b() { return *b_.agent; }

 private:
  struct Packet {
    Timestamp at;
    uint64_t seq;
    SocketAddress from, to;
    std::vector<uint8_t> data;
    bool operator>(const Packet& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  static bool done(const Agent& x) {
    return x.state() == ConnectionState::kCompleted || x.state() == ConnectionState::kFailed;
  }

  void setup(Site& s, const NatType& type, const char* private_ip, const char* public_ip, bool controlling,
             bool relays, const SocketAddress& stun, uint16_t relay_port) {
    AgentSettings settings;
    settings.controlling = controlling;
    s.agent = std::make_unique<Agent>(settings, Credentials::generate(rng_), rng_);
    auto& cands = candidates_[&s];
    s.host = SocketAddress{*IpAddress::parse(type.present ? private_ip : public_ip), 5000};
    Candidate host;
    host.type = CandidateType::kHost;
    host.address = host.base = s.host;
    host.priority = candidate_priority(host.type, 65535, 1);
    host.foundation = candidate_foundation(host.type, s.host.ip, std::nullopt, host.transport);
    cands.push_back(host);
    if (type.present) {
      s.nat.emplace(type, *IpAddress::parse(public_ip));
      // What a STUN server at `stun` would report: the mapping toward it.
      Candidate srflx;
      srflx.type = CandidateType::kServerReflexive;
      srflx.address = s.nat->outbound(s.host, stun);
      srflx.base = s.host;
      srflx.related_address = s.host;
      srflx.priority = candidate_priority(srflx.type, 65535, 1);
      srflx.foundation = candidate_foundation(srflx.type, s.host.ip, stun.ip, srflx.transport);
      cands.push_back(srflx);
    }
    if (relays) {
      s.relay = SocketAddress{*IpAddress::parse("198.51.100.200"), relay_port};
      Candidate relay;
      relay.type = CandidateType::kRelayed;
      relay.address = relay.base = *s.relay;
      relay.related_address = s.host;
      relay.priority = candidate_priority(relay.type, 65535, 1);
      relay.foundation = candidate_foundation(relay.type, s.host.ip, s.relay->ip, relay.transport);
      cands.push_back(relay);
    }
    for (const auto& c : cands) s.agent->add_local_candidate(c, now_);
  }

  void drain(Site& s) {
    while (auto out = s.agent->poll_output()) {
      auto* t = std::get_if<Transmit>(&*out);
      if (t == nullptr) continue;
      SocketAddress from;
      if (s.relay && t->from == *s.relay) {
        from = *s.relay;  // TURN: the relay sends it from our allocation
      } else if (s.nat) {
        from = s.nat->outbound(s.host, t->to);
      } else {
        from = s.host;
      }
      queue_.push({now_ + Duration::millis(10), seq_++, from, t->to, std::move(t->data)});
    }
  }

  bool deliver_due() {
    bool any = false;
    while (!queue_.empty() && queue_.top().at <= now_) {
      Packet p = queue_.top();
      queue_.pop();
      any = true;
      for (Site* s : {&a_, &b_}) {
        if (s->relay && p.to == *s->relay) {
          s->agent->handle_stun(p.data, *s->relay, p.from, now_);
        } else if (s->nat && p.to.ip == s->nat->public_ip()) {
          if (auto inside = s->nat->inbound(p.to.port, p.from)) s->agent->handle_stun(p.data, *inside, p.from, now_);
        } else if (!s->nat && p.to == s->host) {
          s->agent->handle_stun(p.data, s->host, p.from, now_);
        }
        // Private addresses behind the other NAT are not routable: such packets vanish.
      }
    }
    return any;
  }

  SeededRandom rng_;
  Timestamp now_ = Timestamp::from_millis(1000);
  Site a_, b_;
  std::map<Site*, std::vector<Candidate>> candidates_;
  std::priority_queue<Packet, std::vector<Packet>, std::greater<>> queue_;
  uint64_t seq_ = 0;
};

const NatType kAllTypes[] = {kNoNat, kFullCone, kRestricted, kPortRestricted, kAddressMapping, kSymmetric};

bool direct_possible(const NatType& a, const NatType& b) {
  // Classic hole-punching limits: a NAT whose mapping depends on the destination hands the peer an
  // address (the STUN-learned one) that only the STUN server may use, so the peer must reach the fresh
  // mapping; that fails when the peer filters by port (it never sent to that port) or also maps per
  // destination.
  auto dependent = [](const NatType& t) { return t.present && t.mapping != Mapping::kEndpointIndependent; };
  auto port_filter = [](const NatType& t) { return t.present && t.filtering == Filtering::kAddressAndPortDependent; };
  if (dependent(a) && (dependent(b) || port_filter(b))) return false;
  if (dependent(b) && (dependent(a) || port_filter(a))) return false;
  return true;
}

TEST(IceNat, ConnectsDirectlyWheneverHolePunchingCan) {
  for (const auto& ta : kAllTypes) {
    for (const auto& tb : kAllTypes) {
      World w(ta, tb, /*relays=*/false, 11);
      w.run(Duration::seconds(60));
      bool expect = direct_possible(ta, tb);
      EXPECT_EQ(w.a().state() == ConnectionState::kCompleted, expect) << ta.name << " / " << tb.name;
      EXPECT_EQ(w.b().state() == ConnectionState::kCompleted, expect) << ta.name << " / " << tb.name;
      if (!expect) {
        EXPECT_EQ(w.a().state(), ConnectionState::kFailed) << ta.name << " / " << tb.name;
      }
    }
  }
}

TEST(IceNat, AlwaysConnectsWithRelaysAndPrefersDirectPaths) {
  for (const auto& ta : kAllTypes) {
    for (const auto& tb : kAllTypes) {
      World w(ta, tb, /*relays=*/true, 12);
      w.run(Duration::seconds(60));
      ASSERT_EQ(w.a().state(), ConnectionState::kCompleted) << ta.name << " / " << tb.name;
      ASSERT_EQ(w.b().state(), ConnectionState::kCompleted) << ta.name << " / " << tb.name;
      const CandidatePair* pa = w.a().selected_pair();
      ASSERT_NE(pa, nullptr);
      bool relayed = pa->local.type == CandidateType::kRelayed || pa->remote.type == CandidateType::kRelayed;
      EXPECT_EQ(relayed, !direct_possible(ta, tb)) << ta.name << " / " << tb.name;
    }
  }
}

}  // namespace
}  // namespace purertc::ice
