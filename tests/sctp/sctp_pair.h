// Two associations joined by a pair of seeded SimLinks, driven in logical time.
#pragma once

#include <functional>
#include <memory>
#include <variant>
#include <vector>

#include "common/random.h"
#include "sctp/association.h"
#include "tests/sim/sim_link.h"

namespace purertc::sctp::testing {

struct Side {
  Side(const SctpSettings& s, uint64_t seed) : random(seed), assoc(std::make_unique<Association>(s, random)) {}
  SeededRandom random;
  std::unique_ptr<Association> assoc;
  std::vector<Event> events;                  // everything except messages
  std::vector<MessageReceived> messages;      // unless on_message is set
  std::function<void(MessageReceived&)> on_message;
  // Packets leaving this side pass through here first (return false to drop, may modify).
  std::function<bool(std::vector<uint8_t>&)> filter;

  template <class T>
  int count() const {
    int n = 0;
    for (const auto& e : events) n += std::holds_alternative<T>(e) ? 1 : 0;
    return n;
  }
};

class Pair {
 public:
  Pair(const SctpSettings& sa, const SctpSettings& sb, sim::Impairment imp = {}, uint64_t seed = 1)
      : a(sa, seed * 7 + 1), b(sb, seed * 7 + 2), ab(imp, seed * 7 + 3), ba(imp, seed * 7 + 4) {}
  explicit Pair(sim::Impairment imp = {}, uint64_t seed = 1) : Pair(SctpSettings{}, SctpSettings{}, imp, seed) {}

  void drain() {
    drain_side(a, ab);
    drain_side(b, ba);
  }

  // Advances to the next event (timer or delivery); false when nothing is scheduled.
  bool step() {
    drain();
    Timestamp next = earliest(earliest(a.assoc->next_timeout(), b.assoc->next_timeout()),
                              earliest(ab.next_delivery(), ba.next_delivery()));
    if (next.is_infinite()) return false;
    if (next > now) now = next;
    while (auto p = ab.receive(now)) b.assoc->handle_input(*p, now);
    while (auto p = ba.receive(now)) a.assoc->handle_input(*p, now);
    if (a.assoc->next_timeout() <= now) a.assoc->handle_timeout(now);
    if (b.assoc->next_timeout() <= now) b.assoc->handle_timeout(now);
    drain();
    return true;
  }

  template <class Pred>
  bool run_until(Pred pred, Duration limit = Duration::seconds(60)) {
    Timestamp end = now + limit;
    drain();
    while (!pred()) {
      if (now > end || !step()) return pred();
    }
    return true;
  }

  bool connect() {
    a.assoc->connect(now);
    return run_until([&] { return established(); }, Duration::seconds(10));
  }
  bool established() const {
    return a.assoc->state() == AssociationState::kEstablished && b.assoc->state() == AssociationState::kEstablished;
  }

  Side a, b;
  sim::SimLink ab, ba;
  Timestamp now = Timestamp::from_millis(1000);

 private:
  void drain_side(Side& s, sim::SimLink& link) {
    while (auto out = s.assoc->poll_output()) {
      if (auto* t = std::get_if<Transmit>(&*out)) {
        if (s.filter && !s.filter(t->packet)) continue;
        link.send(std::move(t->packet), now);
      } else {
        Event& e = std::get<Event>(*out);
        if (auto* m = std::get_if<MessageReceived>(&e)) {
          if (s.on_message) s.on_message(*m);
          else s.messages.push_back(std::move(*m));
        } else {
          s.events.push_back(std::move(e));
        }
      }
    }
  }
};

// Deterministic message contents so a receiver can check every byte without keeping a copy.
inline std::vector<uint8_t> pattern(size_t size, uint32_t seed) {
  std::vector<uint8_t> v(size);
  uint32_t x = seed * 2654435761u + 1;
  for (auto& b : v) {
    x = x * 1103515245u + 12345u;
    b = static_cast<uint8_t>(x >> 16);
  }
  return v;
}

}  // namespace purertc::sctp::testing
