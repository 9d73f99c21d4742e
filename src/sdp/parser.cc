// RFC 8866 section 5 and section 9 (grammar). See session_description.h for the line order and for what
// is strict and what is lenient.
#include <string>
#include <string_view>

#include "sdp/attributes/direction.h"
#include "sdp/attributes/extmap.h"
#include "sdp/attributes/validate.h"
#include "sdp/session_description.h"
#include "sdp/text.h"

namespace purertc::sdp {

namespace {

// Position in the RFC 8866 grammar. A line may only move the position forward (or stay, for the types
// that may repeat).
enum Phase : int {
  kStart = 0,
  kV, kO, kS, kI, kU, kE, kP, kC, kB, kT, kK, kA,
  kMediaM, kMediaI, kMediaC, kMediaB, kMediaK, kMediaA,
};

struct Parser {
  const ParseLimits& limits;
  SessionDescription sd;
  uint32_t line_no = 0;
  Phase phase = kStart;

  SdpError err(SdpErrc code, const char* why) const { return SdpError(code, why, line_no); }

  // Moves to `next`, refusing a step backwards and a repeat of a line type that occurs at most once.
  std::optional<SdpError> advance(Phase next, bool repeatable) {
    if (next < phase || (next == phase && !repeatable)) {
      if (next == phase) return err(SdpErrc::kOrder, "this line type may appear only once here (RFC 8866 section 5)");
      return err(SdpErrc::kOrder, "line out of order (RFC 8866 section 5 fixes the order v o s i u e p c b t r z k a m)");
    }
    // Mandatory session lines: v= first, then o=, then s=; at least one t= before k=, a= and m=.
    if (phase == kStart && next != kV) return err(SdpErrc::kMissing, "a session description starts with v=");
    if (phase == kV && next != kO) return err(SdpErrc::kMissing, "o= must follow v=");
    if (phase == kO && next != kS) return err(SdpErrc::kMissing, "s= must follow o=");
    if (phase < kT && next > kT) return err(SdpErrc::kMissing, "t= line missing before this line");
    phase = next;
    return std::nullopt;
  }

  MediaDescription* media() { return sd.media.empty() ? nullptr : &sd.media.back(); }

  Result<Connection, SdpError> connection(std::string_view v) {
    auto f = text::split(v, ' ');
    if (f.size() != 3 || !text::is_token(f[0]) || !text::is_token(f[1]) || f[2].empty()) {
      return unexpected(err(SdpErrc::kSyntax, "c= expects <nettype> <addrtype> <connection-address>"));
    }
    for (char c : f[2]) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return unexpected(err(SdpErrc::kSyntax, "c= address contains a control character"));
    }
    return Connection{std::string(f[0]), std::string(f[1]), std::string(f[2])};
  }

  Result<Bandwidth, SdpError> bandwidth(std::string_view v) {
    size_t colon = v.find(':');
    if (colon == std::string_view::npos || !text::is_token(v.substr(0, colon))) {
      return unexpected(err(SdpErrc::kSyntax, "b= expects <bwtype>:<bandwidth>"));
    }
    auto value = text::parse_uint(v.substr(colon + 1), UINT64_MAX);
    if (!value) return unexpected(err(SdpErrc::kInvalidValue, "b= bandwidth must be a number"));
    return Bandwidth{std::string(v.substr(0, colon)), *value};
  }

  std::optional<SdpError> origin(std::string_view v) {
    auto f = text::split(v, ' ');
    if (f.size() != 6) return err(SdpErrc::kSyntax, "o= expects 6 fields separated by one SP");
    for (auto field : f) {
      if (field.empty()) return err(SdpErrc::kSyntax, "o= expects 6 fields separated by one SP");
    }
    if (!text::is_token(f[0])) return err(SdpErrc::kSyntax, "o= username must not contain spaces or controls");
    for (size_t i : {1, 2}) {
      for (char c : f[i]) {
        if (!text::is_digit(c)) return err(SdpErrc::kSyntax, "o= sess-id and sess-version must be digits");
      }
    }
    if (!text::is_token(f[3]) || !text::is_token(f[4])) return err(SdpErrc::kSyntax, "o= nettype and addrtype must be tokens");
    for (char c : f[5]) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return err(SdpErrc::kSyntax, "o= address contains a control character");
    }
    sd.origin = Origin{std::string(f[0]), std::string(f[1]), std::string(f[2]),
                       std::string(f[3]), std::string(f[4]), std::string(f[5])};
    return std::nullopt;
  }

  std::optional<SdpError> timing(std::string_view v) {
    auto f = text::split(v, ' ');
    if (f.size() != 2) return err(SdpErrc::kSyntax, "t= expects <start-time> <stop-time>");
    auto start = text::parse_uint(f[0], UINT64_MAX);
    auto stop = text::parse_uint(f[1], UINT64_MAX);
    if (!start || !stop) return err(SdpErrc::kInvalidValue, "t= times must be decimal NTP seconds");
    Timing t;
    t.start = *start;
    t.stop = *stop;
    sd.timings.push_back(std::move(t));
    return std::nullopt;
  }

  std::optional<SdpError> media_line(std::string_view v) {
    if (sd.media.size() >= limits.max_media) return err(SdpErrc::kLimit, "too many m= sections (ParseLimits::max_media)");
    auto f = text::split(v, ' ');
    if (f.size() < 4) return err(SdpErrc::kMissing, "m= expects <media> <port> <proto> <fmt> ...");
    if (f.size() - 3 > limits.max_formats) return err(SdpErrc::kLimit, "too many formats on the m= line (ParseLimits::max_formats)");
    MediaDescription m;
    m.line = line_no;
    if (!text::is_token(f[0])) return err(SdpErrc::kSyntax, "m= media must be a token");
    m.media = std::string(f[0]);
    std::string_view port_text = f[1];
    size_t slash = port_text.find('/');
    auto port = text::parse_uint(port_text.substr(0, slash), 65535);
    if (!port) return err(SdpErrc::kInvalidValue, "m= port must be 0-65535");
    m.port = static_cast<uint16_t>(*port);
    if (slash != std::string_view::npos) {
      auto count = text::parse_uint(port_text.substr(slash + 1), 65535);
      if (!count || *count == 0) return err(SdpErrc::kInvalidValue, "m= number of ports must be 1-65535");
      m.port_count = static_cast<uint16_t>(*count);
    }
    // proto = token *("/" token)
    for (std::string_view part : text::split(f[2], '/')) {
      if (!text::is_token(part)) return err(SdpErrc::kSyntax, "m= proto must be tokens separated by '/'");
    }
    m.proto = std::string(f[2]);
    m.formats.reserve(f.size() - 3);
    for (size_t i = 3; i < f.size(); ++i) {
      if (!text::is_token(f[i])) return err(SdpErrc::kSyntax, "m= formats must be tokens separated by one SP");
      m.formats.emplace_back(f[i]);
    }
    sd.media.push_back(std::move(m));
    return std::nullopt;
  }

  std::optional<SdpError> attribute(std::string_view v) {
    AttributeList& list = sd.media.empty() ? sd.attributes : sd.media.back().attributes;
    if (list.size() >= limits.max_attributes_per_section) return err(SdpErrc::kLimit, "too many attributes in one section (ParseLimits::max_attributes_per_section)");
    size_t colon = v.find(':');
    std::string_view name = v.substr(0, colon);
    if (!text::is_token(name)) return err(SdpErrc::kSyntax, "a= attribute name must be a token");
    Attribute a;
    a.name = std::string(name);
    if (colon != std::string_view::npos) a.value = std::string(v.substr(colon + 1));
    a.line = line_no;
    if (auto e = validate_attribute(a)) {
      e->line = line_no;
      return e;
    }
    list.push_back(std::move(a));
    return std::nullopt;
  }

  std::optional<SdpError> handle(char type, std::string_view v) {
    const bool in_media = phase >= kMediaM;
    if (in_media && type != 'm' && type != 'i' && type != 'c' && type != 'b' && type != 'k' && type != 'a') {
      return err(SdpErrc::kOrder, "this line type is not allowed in a media description (RFC 8866 section 5)");
    }
    switch (type) {
      case 'v':
        if (auto e = advance(kV, false)) return e;
        if (v != "0") return err(SdpErrc::kInvalidValue, "v= must be 0 (RFC 8866 section 5.1)");
        sd.version = 0;
        return std::nullopt;
      case 'o':
        if (auto e = advance(kO, false)) return e;
        return origin(v);
      case 's':
        if (auto e = advance(kS, false)) return e;
        // RFC 8866 wants at least one character ("s= " or "s=-"); some SIP gateways send "s=" and
        // nothing depends on the name, so an empty one is kept.
        sd.session_name = std::string(v);
        return std::nullopt;
      case 'i':
        if (auto e = advance(in_media ? kMediaI : kI, false)) return e;
        (in_media ? media()->information : sd.information) = std::string(v);
        return std::nullopt;
      case 'u':
        if (auto e = advance(kU, false)) return e;
        sd.uri = std::string(v);
        return std::nullopt;
      case 'e':
        if (auto e = advance(kE, true)) return e;
        sd.emails.emplace_back(v);
        return std::nullopt;
      case 'p':
        if (auto e = advance(kP, true)) return e;
        sd.phones.emplace_back(v);
        return std::nullopt;
      case 'c': {
        if (auto e = advance(in_media ? kMediaC : kC, in_media)) return e;
        auto c = connection(v);
        if (!c) return c.error();
        if (in_media) media()->connections.push_back(std::move(*c));
        else sd.connection = std::move(*c);
        return std::nullopt;
      }
      case 'b': {
        if (auto e = advance(in_media ? kMediaB : kB, true)) return e;
        auto b = bandwidth(v);
        if (!b) return b.error();
        (in_media ? media()->bandwidths : sd.bandwidths).push_back(std::move(*b));
        return std::nullopt;
      }
      case 't':
        if (auto e = advance(kT, true)) return e;
        return timing(v);
      case 'r':
        if (phase != kT || sd.timings.back().zone) return err(SdpErrc::kOrder, "r= must follow t= or another r=");
        if (v.empty()) return err(SdpErrc::kSyntax, "r= is empty");
        sd.timings.back().repeats.emplace_back(v);
        return std::nullopt;
      case 'z':
        if (phase != kT || sd.timings.back().zone) return err(SdpErrc::kOrder, "z= must follow t= or r=, once per time description");
        if (v.empty()) return err(SdpErrc::kSyntax, "z= is empty");
        sd.timings.back().zone = std::string(v);
        return std::nullopt;
      case 'k':
        if (auto e = advance(in_media ? kMediaK : kK, false)) return e;
        (in_media ? media()->key : sd.key) = std::string(v);
        return std::nullopt;
      case 'a':
        if (auto e = advance(in_media ? kMediaA : kA, true)) return e;
        return attribute(v);
      case 'm':
        if (phase < kMediaM) {
          if (auto e = advance(kMediaM, true)) return e;
        }
        phase = kMediaM;
        return media_line(v);
      default:
        // RFC 8866 section 5: a parser MUST ignore or reject a description with an unknown type
        // letter; rejecting keeps the round trip honest.
        return err(SdpErrc::kSyntax, "unknown line type (RFC 8866 section 5)");
    }
  }

  // Cross-line rules that RFC 5888 and RFC 8285 make MUSTs.
  std::optional<SdpError> check_section_rules() {
    for (size_t i = 0; i < sd.media.size(); ++i) {
      const MediaDescription& m = sd.media[i];
      const Attribute* mid = nullptr;
      const Attribute* direction = nullptr;
      for (const Attribute& a : m.attributes) {
        if (a.name == "mid") {
          // RFC 5888 section 4: at most one a=mid per m-line; its value unique in the session.
          if (mid != nullptr) return SdpError(SdpErrc::kConflict, "a=mid given twice in one m= section (RFC 5888 section 4)", a.line);
          mid = &a;
          for (size_t j = 0; j < i; ++j) {
            if (sd.media[j].mid() == a.value) return SdpError(SdpErrc::kConflict, "a=mid value already used by an earlier m= section (RFC 5888 section 4)", a.line);
          }
        } else if (direction_from_name(a.name)) {
          if (direction != nullptr) return SdpError(SdpErrc::kConflict, "more than one direction attribute in one m= section (RFC 3264 section 5.1)", a.line);
          direction = &a;
        }
      }
      if (auto e = check_extmap_ids(m.attributes)) return e;
    }
    return check_extmap_ids(sd.attributes);
  }

  // RFC 8285 section 5: an extmap id maps to exactly one extension within its scope (the m= section,
  // or the session for session-level extmaps). The same line twice is harmless; a different URI is not.
  static std::optional<SdpError> check_extmap_ids(const AttributeList& list) {
    std::vector<Extmap> seen;
    for (const Attribute& a : list) {
      if (a.name != Extmap::kName) continue;
      auto e = Extmap::parse(*a.value);
      for (const Extmap& s : seen) {
        if (s.id == e->id && s.uri != e->uri) return SdpError(SdpErrc::kConflict, "a=extmap id already maps a different URI in this m= section (RFC 8285 section 5)", a.line);
      }
      seen.push_back(std::move(*e));
    }
    return std::nullopt;
  }
};

}  // namespace

Result<SessionDescription, SdpError> parse(std::string_view input, const ParseLimits& limits) {
  if (input.size() > limits.max_size) return unexpected(SdpError(SdpErrc::kLimit, "description larger than ParseLimits::max_size"));
  Parser p{limits, {}, 0, kStart};
  p.sd.timings.clear();
  size_t pos = 0;
  while (pos < input.size()) {
    size_t nl = input.find('\n', pos);
    size_t end = nl == std::string_view::npos ? input.size() : nl;
    std::string_view line = input.substr(pos, end - pos);
    pos = nl == std::string_view::npos ? input.size() : nl + 1;
    ++p.line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      // Blank lines are tolerated only at the very end (signalling layers append them).
      if (input.substr(pos).find_first_not_of("\r\n") == std::string_view::npos) break;
      return unexpected(p.err(SdpErrc::kSyntax, "empty line inside the description"));
    }
    if (line.size() > limits.max_line_length) return unexpected(p.err(SdpErrc::kLimit, "line longer than ParseLimits::max_line_length"));
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
      return unexpected(p.err(SdpErrc::kSyntax, "expected <type>=<value> with a lower-case type letter and no space before '='"));
    }
    std::string_view value = line.substr(2);
    for (char c : value) {
      // RFC 8866 section 9: text fields exclude NUL, CR and LF.
      if (c == '\0' || c == '\r') return unexpected(p.err(SdpErrc::kSyntax, "NUL or stray CR inside a line"));
    }
    if (auto e = p.handle(line[0], value)) return unexpected(*e);
  }
  if (p.phase < kV) return unexpected(SdpError(SdpErrc::kMissing, "empty description: v= line missing"));
  if (p.phase < kO) return unexpected(SdpError(SdpErrc::kMissing, "o= line missing"));
  if (p.phase < kS) return unexpected(SdpError(SdpErrc::kMissing, "s= line missing"));
  if (p.phase < kT) return unexpected(SdpError(SdpErrc::kMissing, "t= line missing"));
  if (auto e = p.check_section_rules()) return unexpected(*e);
  return std::move(p.sd);
}

}  // namespace purertc::sdp
