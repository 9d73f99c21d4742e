#include "pc/media/rtp_router.h"

#include <algorithm>
#include <utility>

#include "rtp/packet/header_extensions.h"

namespace purertc::pc::media {

namespace {
bool contains(const std::vector<uint8_t>& v, uint8_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }
}  // namespace

void RtpRouter::set_extension_ids(uint8_t mid, uint8_t rid, uint8_t repaired_rid) {
  mid_id_ = mid;
  rid_id_ = rid;
  repaired_rid_id_ = repaired_rid;
}

void RtpRouter::add_receiver(ReceiverId id, RouteKeys keys) {
  // Signalled SSRCs route from the first packet and are never evicted.
  if (keys.ssrc) ssrcs_[*keys.ssrc] = SsrcEntry{id, false, true};
  if (keys.rtx_ssrc) ssrcs_[*keys.rtx_ssrc] = SsrcEntry{id, true, true};
  receivers_.emplace_back(id, std::move(keys));
}

void RtpRouter::remove_receiver(ReceiverId id) {
  receivers_.erase(std::remove_if(receivers_.begin(), receivers_.end(), [&](const auto& r) { return r.first == id; }),
                   receivers_.end());
  for (auto it = ssrcs_.begin(); it != ssrcs_.end();) {
    if (it->second.receiver == id) {
      if (!it->second.signalled) --learned_count_;
      it = ssrcs_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<std::string_view> RtpRouter::extension_text(const rtp::RtpPacketView& packet, uint8_t id) const {
  if (id == 0) return std::nullopt;
  auto value = packet.extension(id);
  if (!value) return std::nullopt;
  auto text = rtp::parse_sdes_item(*value);
  if (!text) return std::nullopt;
  return *text;
}

std::string RtpRouter::mid_of(const rtp::RtpPacketView& packet) const {
  return std::string(extension_text(packet, mid_id_).value_or(""));
}

std::string RtpRouter::rid_of(const rtp::RtpPacketView& packet) const {
  auto rid = extension_text(packet, rid_id_);
  if (!rid) rid = extension_text(packet, repaired_rid_id_);
  return std::string(rid.value_or(""));
}

std::optional<Route> RtpRouter::by_rid(std::optional<std::string_view> mid, std::string_view rid, bool repaired) const {
  std::optional<Route> found;
  for (const auto& [id, keys] : receivers_) {
    if (keys.rid != rid || (mid && keys.mid != *mid)) continue;
    if (found) return std::nullopt;  // ambiguous without a mid: route by something else
    found = Route{id, repaired, false};
  }
  return found;
}

void RtpRouter::learn(uint32_t ssrc, ReceiverId receiver, bool rtx) {
  auto it = ssrcs_.find(ssrc);
  if (it != ssrcs_.end()) {
    it->second.receiver = receiver;
    it->second.rtx = rtx;
    return;
  }
  if (settings_.max_ssrcs == 0) return;
  while (learned_count_ >= settings_.max_ssrcs && !learned_order_.empty()) {
    const uint32_t old = learned_order_.front();
    learned_order_.pop_front();
    auto o = ssrcs_.find(old);
    if (o == ssrcs_.end() || o->second.signalled) continue;  // stale entry
    ssrcs_.erase(o);
    --learned_count_;
    ++stats_.ssrcs_evicted;
  }
  ssrcs_[ssrc] = SsrcEntry{receiver, rtx, false};
  ++learned_count_;
  learned_order_.push_back(ssrc);
  // Entries of removed receivers stay in the order list until popped; keep the list proportional.
  if (learned_order_.size() > 2 * settings_.max_ssrcs + 16) {
    std::deque<uint32_t> live;
    for (uint32_t s : learned_order_) {
      auto e = ssrcs_.find(s);
      if (e != ssrcs_.end() && !e->second.signalled) live.push_back(s);
    }
    learned_order_ = std::move(live);
  }
}

std::optional<Route> RtpRouter::route(const rtp::RtpPacketView& packet) {
  last_rule_.reset();
  const uint32_t ssrc = packet.ssrc();
  const uint8_t pt = packet.payload_type();
  const auto mid = extension_text(packet, mid_id_);
  const auto rid = extension_text(packet, rid_id_);
  const auto repaired = extension_text(packet, repaired_rid_id_);

  auto finish = [&](Route r, RouteRule rule, bool learn_ssrc) {
    // An RTX payload type marks the RTX stream whatever matched (a sender may copy the rid extension
    // into its retransmissions instead of writing repaired-rid).
    for (const auto& [id, keys] : receivers_) {
      if (id == r.receiver && contains(keys.rtx_payload_types, pt)) r.rtx = true;
    }
    if (learn_ssrc) {
      auto it = ssrcs_.find(ssrc);
      r.learned = it == ssrcs_.end() || it->second.receiver != r.receiver || it->second.rtx != r.rtx;
      if (r.learned) learn(ssrc, r.receiver, r.rtx);
    }
    last_rule_ = rule;
    switch (rule) {
      case RouteRule::kMid: ++stats_.by_mid; break;
      case RouteRule::kSsrc: ++stats_.by_ssrc; break;
      case RouteRule::kRid: ++stats_.by_rid; break;
      case RouteRule::kPayloadType: ++stats_.by_payload_type; break;
    }
    return r;
  };

  // 1. mid, refined by rid / repaired-rid for simulcast.
  if (mid) {
    std::optional<Route> r;
    if (rid) r = by_rid(mid, *rid, false);
    else if (repaired) r = by_rid(mid, *repaired, true);
    if (!r) {
      std::optional<Route> only;
      bool ambiguous = false;
      for (const auto& [id, keys] : receivers_) {
        if (keys.mid != *mid) continue;
        if (only) ambiguous = true;
        only = Route{id, repaired.has_value(), false};
      }
      if (!ambiguous) r = only;
    }
    if (r) return finish(*r, RouteRule::kMid, true);
  }
  // 2. known SSRC.
  if (auto it = ssrcs_.find(ssrc); it != ssrcs_.end()) {
    return finish(Route{it->second.receiver, it->second.rtx, false}, RouteRule::kSsrc, false);
  }
  // 3. rid without a mid (a transport with one m-section, or a sender that omits mid).
  if (!mid && (rid || repaired)) {
    if (auto r = rid ? by_rid(std::nullopt, *rid, false) : by_rid(std::nullopt, *repaired, true)) {
      return finish(*r, RouteRule::kRid, true);
    }
  }
  // 4. a payload type only one receiver uses.
  std::optional<Route> only;
  for (const auto& [id, keys] : receivers_) {
    const bool media = contains(keys.payload_types, pt);
    const bool rtx = contains(keys.rtx_payload_types, pt);
    if (!media && !rtx) continue;
    if (only) {
      only.reset();
      ++stats_.unroutable;
      return std::nullopt;
    }
    only = Route{id, rtx, false};
  }
  if (only) return finish(*only, RouteRule::kPayloadType, true);
  ++stats_.unroutable;
  return std::nullopt;
}

bool RtpRouter::note_unknown(uint32_t ssrc) {
  if (unknown_.count(ssrc) != 0 || unknown_.size() >= settings_.max_unknown_ssrcs) return false;
  unknown_.insert(ssrc);
  return true;
}

}  // namespace purertc::pc::media
