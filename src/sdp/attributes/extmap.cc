#include "sdp/attributes/extmap.h"

#include "sdp/text.h"

namespace purertc::sdp {

Result<Extmap, SdpError> Extmap::parse(std::string_view v) {
  std::string_view head = text::next_field(v, ' ');
  size_t slash = head.find('/');
  std::string_view id_text = head.substr(0, slash);
  auto id = text::parse_uint(id_text, 4351);
  if (!id || *id == 0 || (*id > 255 && *id < 4096)) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=extmap: id must be 1-255 (or 4096-4351 in an offer), RFC 8285 section 5"));
  Extmap out;
  out.id = static_cast<uint16_t>(*id);
  if (slash != std::string_view::npos) {
    auto dir = direction_from_name(head.substr(slash + 1));
    if (!dir) return unexpected(SdpError(SdpErrc::kSyntax, "a=extmap: direction must be sendrecv, sendonly, recvonly or inactive"));
    out.direction = *dir;
  }
  std::string_view uri = text::next_field(v, ' ');
  if (uri.empty()) return unexpected(SdpError(SdpErrc::kMissing, "a=extmap: URI missing"));
  for (char c : uri) {
    if (static_cast<unsigned char>(c) <= 0x20) return unexpected(SdpError(SdpErrc::kSyntax, "a=extmap: URI contains a control character"));
  }
  out.uri = std::string(uri);
  out.attributes = std::string(v);
  return out;
}

std::string Extmap::to_value() const {
  std::string out;
  text::append_uint(out, id);
  if (direction) {
    out += '/';
    out += to_string(*direction);
  }
  out += ' ';
  out += uri;
  if (!attributes.empty()) {
    out += ' ';
    out += attributes;
  }
  return out;
}

}  // namespace purertc::sdp
