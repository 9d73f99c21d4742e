#include "sdp/attributes/rid.h"

#include "sdp/attributes/rtpmap.h"
#include "sdp/text.h"

namespace purertc::sdp {

std::string_view to_string(RidDirection d) { return d == RidDirection::kSend ? "send" : "recv"; }

bool is_rid_id(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!text::is_alpha(c) && !text::is_digit(c) && c != '-' && c != '_') return false;
  }
  return true;
}

Result<Rid, SdpError> Rid::parse(std::string_view v) {
  std::string_view id = text::next_field(v, ' ');
  if (!is_rid_id(id)) return unexpected(SdpError(SdpErrc::kSyntax, "a=rid: rid-id must be 1*(ALPHA / DIGIT / '-' / '_') (RFC 8851)"));
  std::string_view dir = text::next_field(v, ' ');
  Rid out;
  out.id = std::string(id);
  if (dir == "send") out.direction = RidDirection::kSend;
  else if (dir == "recv") out.direction = RidDirection::kRecv;
  else return unexpected(SdpError(SdpErrc::kSyntax, "a=rid: direction must be send or recv"));
  if (v.empty()) return out;
  if (v.find(' ') != std::string_view::npos) return unexpected(SdpError(SdpErrc::kSyntax, "a=rid: parameters must not contain SP"));
  auto params = text::split(v, ';');
  for (size_t i = 0; i < params.size(); ++i) {
    std::string_view p = params[i];
    size_t eq = p.find('=');
    std::string_view name = p.substr(0, eq);
    if (!text::is_token(name)) return unexpected(SdpError(SdpErrc::kSyntax, "a=rid: parameter name must be a token"));
    if (name == "pt") {
      // RFC 8851: the pt list, when present, comes first.
      if (i != 0 || eq == std::string_view::npos) return unexpected(SdpError(SdpErrc::kSyntax, "a=rid: pt= must be the first parameter and have a value"));
      for (std::string_view fmt : text::split(p.substr(eq + 1), ',')) {
        auto pt = parse_payload_type(fmt);
        if (!pt) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=rid: pt= values must be payload types 0-127"));
        out.payload_types.push_back(*pt);
      }
      continue;
    }
    RidRestriction r;
    r.name = std::string(name);
    if (eq != std::string_view::npos) r.value = std::string(p.substr(eq + 1));
    out.restrictions.push_back(std::move(r));
  }
  return out;
}

std::string Rid::to_value() const {
  std::string out = id;
  out += ' ';
  out += to_string(direction);
  char sep = ' ';
  if (!payload_types.empty()) {
    out += " pt=";
    for (size_t i = 0; i < payload_types.size(); ++i) {
      if (i != 0) out += ',';
      text::append_uint(out, payload_types[i]);
    }
    sep = ';';
  }
  for (const auto& r : restrictions) {
    out += sep;
    sep = ';';
    out += r.name;
    if (r.value) {
      out += '=';
      out += *r.value;
    }
  }
  return out;
}

}  // namespace purertc::sdp
