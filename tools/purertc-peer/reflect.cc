#include "reflect.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

#include "output.h"

namespace purertc::peer {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    size_t i = s.find(sep);
    out.push_back(s.substr(0, i));
    if (i == std::string_view::npos) break;
    s.remove_prefix(i + 1);
  }
  return out;
}

std::vector<std::string_view> sdp_lines(std::string_view sdp) {
  std::vector<std::string_view> lines;
  for (std::string_view line : split(sdp, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

std::optional<RtpCodec> offered_codec(std::string_view sdp, std::string_view mid, MediaKind kind) {
  MediaEngine engine;
  engine.register_default_codecs();
  // Find the m-section whose a=mid matches: its m= line and its rtpmap lines.
  std::vector<std::string_view> lines = sdp_lines(sdp);
  for (size_t start = 0; start < lines.size(); ++start) {
    if (!lines[start].starts_with("m=")) continue;
    size_t end = start + 1;
    while (end < lines.size() && !lines[end].starts_with("m=")) ++end;
    bool match = false;
    for (size_t i = start + 1; i < end; ++i) match = match || lines[i] == "a=mid:" + std::string(mid);
    if (!match) continue;
    std::vector<std::string_view> fields = split(lines[start].substr(2), ' ');
    for (size_t f = 3; f < fields.size(); ++f) {
      // "a=rtpmap:<pt> <name>/<clock>[/<channels>]"
      const std::string prefix = "a=rtpmap:" + std::string(fields[f]) + " ";
      for (size_t i = start + 1; i < end; ++i) {
        if (!lines[i].starts_with(prefix)) continue;
        std::vector<std::string_view> enc = split(lines[i].substr(prefix.size()), '/');
        if (enc.size() < 2) continue;
        uint32_t clock = 0;
        std::from_chars(enc[1].data(), enc[1].data() + enc[1].size(), clock);
        for (const RtpCodec& c : engine.codecs(kind)) {
          std::string_view name = std::string_view(c.mime_type).substr(c.mime_type.find('/') + 1);
          if (iequals(name, "rtx") || iequals(name, "red") || iequals(name, "ulpfec")) continue;
          if (iequals(name, enc[0]) && c.clock_rate == clock) return c;
        }
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::string reflect_tracks(PeerConnection& pc, std::string_view offer_sdp) {
  for (const auto& t : pc.get_transceivers()) {
    auto remote = t->receiver_track();
    auto mid = t->mid();
    if (!remote || !mid || t->sender_track()) continue;
    auto codec = offered_codec(offer_sdp, *mid, t->kind());
    if (!codec) continue;  // nothing we can send back; the answer rejects or receives only
    auto track = TrackLocal::create(*codec, "reflect-" + *mid, "purertc-reflect");
    // add_track takes the first transceiver of this kind that never sent: the one in m-line order.
    auto added = pc.add_track(track);
    if (!added) return "cannot reflect the " + std::string(to_string(t->kind())) + " track: " + to_string(added.error());
    std::weak_ptr<TrackLocal> weak = track;
    t->on_rtp([weak](std::span<const uint8_t> packet) {
      if (auto tr = weak.lock()) (void)tr->write_rtp(packet);
    });
    print_line(json_object({{"event", std::string("track")},
                            {"kind", std::string(to_string(t->kind()))},
                            {"codec", codec->mime_type}}));
  }
  return "";
}

}  // namespace purertc::peer
