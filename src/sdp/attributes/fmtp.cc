#include "sdp/attributes/fmtp.h"

#include "sdp/attributes/rtpmap.h"
#include "sdp/text.h"

namespace purertc::sdp {

std::optional<std::string_view> Fmtp::get(std::string_view key) const {
  for (const auto& p : parameters) {
    if (text::iequals(p.key, key)) return p.value ? std::string_view(*p.value) : std::string_view();
  }
  return std::nullopt;
}

void Fmtp::set(std::string_view key, std::string value) {
  for (auto& p : parameters) {
    if (text::iequals(p.key, key)) {
      p.value = std::move(value);
      return;
    }
  }
  parameters.push_back({std::string(key), std::move(value)});
}

Result<std::vector<FmtpParameter>, SdpError> Fmtp::parse_parameters(std::string_view params) {
  std::vector<FmtpParameter> out;
  if (text::trim(params).empty()) return out;
  for (std::string_view piece : text::split(params, ';')) {
    // Peers write "a=b; c=d" as well as "a=b;c=d", and some end with ';'.
    piece = text::trim(piece);
    if (piece.empty()) continue;
    size_t eq = piece.find('=');
    if (eq == 0) return unexpected(SdpError(SdpErrc::kSyntax, "a=fmtp: parameter without a name"));
    if (eq == std::string_view::npos) {
      out.push_back({std::string(piece), std::nullopt});
    } else {
      out.push_back({std::string(text::trim(piece.substr(0, eq))), std::string(text::trim(piece.substr(eq + 1)))});
    }
  }
  return out;
}

Result<Fmtp, SdpError> Fmtp::parse(std::string_view v) {
  std::string_view fmt = text::next_field(v, ' ');
  auto pt = parse_payload_type(fmt);
  // RFC 8866 allows any <fmt> token here; WebRTC m-lines carrying fmtp are RTP, so a payload type is
  // required (an SCTP m-line never has a=fmtp in WebRTC).
  if (!pt) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=fmtp: format must be a payload type 0-127"));
  auto params = parse_parameters(v);
  if (!params) return unexpected(params.error());
  Fmtp out;
  out.payload_type = *pt;
  out.parameters = std::move(*params);
  return out;
}

std::string Fmtp::parameters_string() const {
  std::string out;
  for (const auto& p : parameters) {
    if (!out.empty()) out += ';';
    out += p.key;
    if (p.value) {
      out += '=';
      out += *p.value;
    }
  }
  return out;
}

std::string Fmtp::to_value() const {
  std::string out;
  text::append_uint(out, payload_type);
  out += ' ';
  out += parameters_string();
  return out;
}

}  // namespace purertc::sdp
