#include "sdp/simulcast_negotiation.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "sdp/attributes/simulcast.h"

namespace purertc::sdp {
namespace {

SdpError at(SdpErrc code, const char* detail, uint32_t line) { return SdpError(code, detail, line); }

bool is_format(const MediaDescription& m, uint8_t pt) {
  const std::string s = std::to_string(pt);
  return std::find(m.formats.begin(), m.formats.end(), s) != m.formats.end();
}

}  // namespace

Result<std::vector<SentSimulcastLayer>, SdpError> sent_simulcast_layers(const MediaDescription& m, size_t max_layers) {
  std::vector<SentSimulcastLayer> out;
  const Attribute* sc_attr = m.attributes.find(Simulcast::kName);
  if (sc_attr == nullptr || !sc_attr->value) return out;
  auto sc = Simulcast::parse(*sc_attr->value);
  if (!sc) return unexpected(at(sc.error().code, sc.error().detail, sc_attr->line));
  if (sc->send.empty()) return out;
  if (sc->send.size() > max_layers) {
    return unexpected(at(SdpErrc::kLimit, "a=simulcast: more send streams than purertc receives per m-line (kMaxSimulcastLayers)", sc_attr->line));
  }
  // Every a=rid line, with its line number for errors.
  struct Line {
    Rid rid;
    uint32_t line;
  };
  std::vector<Line> rids;
  for (const Attribute& a : m.attributes) {
    if (a.name != Rid::kName || !a.value) continue;
    auto r = Rid::parse(*a.value);
    if (!r) return unexpected(at(r.error().code, r.error().detail, a.line));
    for (const Line& l : rids) {
      if (l.rid.id == r->id) return unexpected(at(SdpErrc::kConflict, "a=rid: the same rid-id twice in one m-section (RFC 8851 section 4)", a.line));
    }
    for (uint8_t pt : r->payload_types) {
      if (!is_format(m, pt)) return unexpected(at(SdpErrc::kInvalidValue, "a=rid: pt= names a payload type the m-line does not list (RFC 8851 section 4)", a.line));
    }
    rids.push_back({std::move(*r), a.line});
  }
  std::vector<std::string_view> seen;
  for (const SimulcastStream& stream : sc->send) {
    for (const SimulcastId& id : stream) {
      if (id.rid.size() > kMaxRidLength) {
        return unexpected(at(SdpErrc::kLimit, "a=simulcast: rid longer than 16 characters (the one-byte rtp-stream-id extension cannot carry it)", sc_attr->line));
      }
      if (std::find(seen.begin(), seen.end(), id.rid) != seen.end()) {
        return unexpected(at(SdpErrc::kConflict, "a=simulcast: the same rid in two places (RFC 8853 section 5.1)", sc_attr->line));
      }
      seen.push_back(id.rid);
      auto it = std::find_if(rids.begin(), rids.end(), [&](const Line& l) { return l.rid.id == id.rid; });
      if (it == rids.end()) {
        return unexpected(at(SdpErrc::kMissing, "a=simulcast: a send rid has no a=rid line (RFC 8853 section 5.2)", sc_attr->line));
      }
      if (it->rid.direction != RidDirection::kSend) {
        return unexpected(at(SdpErrc::kConflict, "a=rid: direction recv for a rid a=simulcast sends (RFC 8853 section 5.2)", it->line));
      }
    }
    const SimulcastId& first = stream.front();
    auto it = std::find_if(rids.begin(), rids.end(), [&](const Line& l) { return l.rid.id == first.rid; });
    out.push_back(SentSimulcastLayer{it->rid, first.paused});
  }
  return out;
}

std::optional<SdpError> validate_simulcast(const SessionDescription& sd, size_t max_layers) {
  for (const MediaDescription& m : sd.media) {
    if (m.is_rejected() || (m.media != "audio" && m.media != "video")) continue;
    if (auto layers = sent_simulcast_layers(m, max_layers); !layers) return layers.error();
  }
  return std::nullopt;
}

std::optional<Rid> answer_rid(const Rid& offered, const std::vector<uint8_t>& accepted_payload_types) {
  static constexpr std::array<std::string_view, 7> kUnderstood{"max-width", "max-height", "max-fps", "max-fs",
                                                               "max-br",    "max-pps",    "max-bpp"};
  Rid out;
  out.id = offered.id;
  out.direction = RidDirection::kRecv;
  for (uint8_t pt : offered.payload_types) {
    if (std::find(accepted_payload_types.begin(), accepted_payload_types.end(), pt) != accepted_payload_types.end()) {
      out.payload_types.push_back(pt);
    }
  }
  if (!offered.payload_types.empty() && out.payload_types.empty()) return std::nullopt;
  for (const RidRestriction& r : offered.restrictions) {
    if (std::find(kUnderstood.begin(), kUnderstood.end(), r.name) != kUnderstood.end()) out.restrictions.push_back(r);
  }
  return out;
}

}  // namespace purertc::sdp
