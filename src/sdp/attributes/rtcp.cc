#include "sdp/attributes/rtcp.h"

#include "sdp/text.h"

namespace purertc::sdp {

Result<Rtcp, SdpError> Rtcp::parse(std::string_view v) {
  auto fields = text::split(v, ' ');
  if (fields.size() != 1 && fields.size() != 4) return unexpected(SdpError(SdpErrc::kSyntax, "a=rtcp: expected <port> [<nettype> <addrtype> <address>]"));
  auto port = text::parse_uint(fields[0], 65535);
  if (!port) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=rtcp: port must be 0-65535"));
  Rtcp out;
  out.port = static_cast<uint16_t>(*port);
  if (fields.size() == 4) {
    for (size_t i = 1; i < 4; ++i) {
      if (!text::is_token(fields[i])) return unexpected(SdpError(SdpErrc::kSyntax, "a=rtcp: address fields must be tokens"));
    }
    out.net_type = std::string(fields[1]);
    out.address_type = std::string(fields[2]);
    out.address = std::string(fields[3]);
  }
  return out;
}

std::string Rtcp::to_value() const {
  std::string out;
  text::append_uint(out, port);
  if (net_type && address_type && address) {
    out += ' ';
    out += *net_type;
    out += ' ';
    out += *address_type;
    out += ' ';
    out += *address;
  }
  return out;
}

}  // namespace purertc::sdp
