// RtpRouter: which receiver an incoming RTP packet of a BUNDLE transport belongs to (RFC 8843 9.2,
// RFC 8852 for rid), tried in this order:
//   1. the packet carries a mid (and rid / repaired-rid) that names a receiver: that receiver, and the
//      SSRC is (re)learned for it, so a mid overrides an older SSRC mapping (RFC 8843 9.2);
//   2. a known SSRC: signalled (a=ssrc) or learned;
//   3. no mid extension, but a rid / repaired-rid naming exactly one receiver;
//   4. a payload type that belongs to exactly one receiver (media or RTX payload type).
// A match on an RTX payload type, an RTX SSRC or repaired-rid routes to the receiver's RTX stream.
// Learned SSRCs are bounded (max_ssrcs, the oldest learned entry goes first); SSRCs that matched nothing
// are remembered in a bounded set so the owner reports each once.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pc/media/events.h"
#include "pc/media/media_params.h"
#include "rtp/packet/rtp_packet.h"

namespace purertc::pc::media {

struct RouterSettings {
  size_t max_ssrcs = 256;          // learned SSRC -> receiver entries
  size_t max_unknown_ssrcs = 64;   // SSRCs reported as unroutable, remembered to report once
};

struct RouteKeys {
  std::string mid;
  std::string rid;
  std::vector<uint8_t> payload_types;
  std::vector<uint8_t> rtx_payload_types;
  std::optional<uint32_t> ssrc;
  std::optional<uint32_t> rtx_ssrc;
};

struct Route {
  ReceiverId receiver;
  bool rtx = false;
  bool learned = false;  // this packet created or changed the SSRC mapping
};

enum class RouteRule : uint8_t { kMid, kSsrc, kRid, kPayloadType };

struct RouterStats {
  uint64_t by_mid = 0, by_ssrc = 0, by_rid = 0, by_payload_type = 0;
  uint64_t unroutable = 0;
  uint64_t ssrcs_evicted = 0;
};

class RtpRouter {
 public:
  explicit RtpRouter(RouterSettings settings = {}) : settings_(settings) {}

  // The transport's a=extmap ids for mid, rid and repaired-rid (BUNDLE requires one mapping per
  // transport, RFC 8843 9.1); 0 = not negotiated.
  void set_extension_ids(uint8_t mid, uint8_t rid, uint8_t repaired_rid);
  void add_receiver(ReceiverId id, RouteKeys keys);
  void remove_receiver(ReceiverId id);

  std::optional<Route> route(const rtp::RtpPacketView& packet);
  // Records an SSRC that routed nowhere; true the first time (and while the bounded set has room).
  bool note_unknown(uint32_t ssrc);
  // The packet's mid / rid values (empty when absent or not negotiated), for reporting.
  std::string mid_of(const rtp::RtpPacketView& packet) const;
  std::string rid_of(const rtp::RtpPacketView& packet) const;

  const RouterStats& stats() const { return stats_; }
  size_t learned_ssrcs() const { return ssrcs_.size(); }
  std::optional<RouteRule> last_rule() const { return last_rule_; }

 private:
  struct SsrcEntry {
    ReceiverId receiver;
    bool rtx;
    bool signalled;
  };
  std::optional<std::string_view> extension_text(const rtp::RtpPacketView& packet, uint8_t id) const;
  void learn(uint32_t ssrc, ReceiverId receiver, bool rtx);
  std::optional<Route> by_rid(std::optional<std::string_view> mid, std::string_view rid, bool repaired) const;

  RouterSettings settings_;
  uint8_t mid_id_ = 0, rid_id_ = 0, repaired_rid_id_ = 0;
  std::vector<std::pair<ReceiverId, RouteKeys>> receivers_;
  std::unordered_map<uint32_t, SsrcEntry> ssrcs_;
  std::deque<uint32_t> learned_order_;  // eviction order of learned (not signalled) SSRCs; may hold stale ones
  size_t learned_count_ = 0;
  std::unordered_set<uint32_t> unknown_;
  std::optional<RouteRule> last_rule_;
  RouterStats stats_;
};

}  // namespace purertc::pc::media
