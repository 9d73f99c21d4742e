// A Pair whose packets can be intercepted and whose sides can be handed hand-built chunks, for tests of
// one state transition at a time: bring a side into a state with the real peer, then inject exactly one
// chunk and look at exactly what the side answers (without delivering it).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <vector>

#include "sctp/packet/chunk_type.h"
#include "sctp/packet/control_chunks.h"
#include "sctp/packet/init_chunk.h"
#include "sctp/packet/sctp_packet.h"
#include "tests/sctp/sctp_pair.h"

namespace purertc::sctp::testing {

struct SeenChunk {
  ChunkType type{};
  uint8_t flags = 0;
  std::vector<uint8_t> whole;  // header + value
  std::span<const uint8_t> value() const { return std::span<const uint8_t>(whole).subspan(4); }
};

inline std::vector<SeenChunk> chunks_of(const std::vector<uint8_t>& packet) {
  std::vector<SeenChunk> out;
  auto v = PacketView::parse(packet);
  if (!v) return out;
  for (const auto& c : *v) out.push_back({static_cast<ChunkType>(c.type), c.flags, {c.whole.begin(), c.whole.end()}});
  return out;
}

class Injector {
 public:
  explicit Injector(const SctpSettings& sa = {}, const SctpSettings& sb = {}) : p(sa, sb) {
    p.a.filter = [this](std::vector<uint8_t>& pkt) { return watch(pkt, true); };
    p.b.filter = [this](std::vector<uint8_t>& pkt) { return watch(pkt, false); };
  }

  // Hands `to` one packet made of `chunks` (complete chunk bytes), with the verification tag `tag`.
  void inject(Side& to, uint32_t tag, std::initializer_list<std::vector<uint8_t>> chunks) {
    PacketBuilder b;
    b.reset(5000, 5000, tag, 1500);
    for (const auto& c : chunks) b.append_chunk(c);
    auto pkt = b.finish(false);
    to.assoc->handle_input(pkt, p.now);
  }
  // The tag `to` expects from its peer.
  uint32_t tag_of(const Side& s) const { return &s == &p.a ? tag_a : tag_b; }
  uint32_t initial_tsn_of(const Side& s) const { return &s == &p.a ? tsn_a : tsn_b; }

  // Everything `s` has to send now, not delivered: its chunks in order. Events go to s.events.
  std::vector<SeenChunk> take(Side& s) {
    std::vector<SeenChunk> out;
    while (auto o = s.assoc->poll_output()) {
      if (auto* t = std::get_if<Transmit>(&*o)) {
        watch(t->packet, &s == &p.a);
        for (auto& c : chunks_of(t->packet)) out.push_back(std::move(c));
      } else if (auto* m = std::get_if<MessageReceived>(&std::get<Event>(*o))) {
        s.messages.push_back(std::move(*m));
      } else {
        s.events.push_back(std::move(std::get<Event>(*o)));
      }
    }
    return out;
  }
  static bool contains(const std::vector<SeenChunk>& chunks, ChunkType type) {
    for (const auto& c : chunks) {
      if (c.type == type) return true;
    }
    return false;
  }

  Pair p;
  // Tags and initial TSNs each side announced in its INIT / INIT ACK (the last one seen).
  uint32_t tag_a = 0, tsn_a = 0, tag_b = 0, tsn_b = 0;
  // Return true to drop a packet on its way from a (or b) to the other side.
  std::function<bool(const std::vector<uint8_t>&)> drop_a, drop_b;

 private:
  bool watch(std::vector<uint8_t>& pkt, bool from_a) {
    auto v = PacketView::parse(pkt);
    if (v && v->chunk_count() > 0) {
      const ChunkView& c = v->first_chunk();
      bool init = c.type == static_cast<uint8_t>(ChunkType::kInit);
      if (init || c.type == static_cast<uint8_t>(ChunkType::kInitAck)) {
        if (auto parsed = InitChunk::parse(c, !init)) {
          (from_a ? tag_a : tag_b) = parsed->initiate_tag;
          (from_a ? tsn_a : tsn_b) = parsed->initial_tsn;
        }
      }
    }
    auto& drop = from_a ? drop_a : drop_b;
    return !(drop && drop(pkt));
  }
};

inline std::vector<uint8_t> simple_chunk(ChunkType type, uint8_t flags = 0, std::span<const uint8_t> value = {}) {
  std::vector<uint8_t> c;
  append_simple_chunk(c, type, flags, value);
  return c;
}

}  // namespace purertc::sctp::testing
