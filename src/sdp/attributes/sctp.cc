#include "sdp/attributes/sctp.h"

#include "sdp/text.h"

namespace purertc::sdp {

Result<SctpPort, SdpError> SctpPort::parse(std::string_view v) {
  auto port = text::parse_uint(v, 65535);
  if (!port) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=sctp-port: must be a port number 0-65535"));
  return SctpPort{static_cast<uint16_t>(*port)};
}

std::string SctpPort::to_value() const {
  std::string out;
  text::append_uint(out, port);
  return out;
}

Result<MaxMessageSize, SdpError> MaxMessageSize::parse(std::string_view v) {
  auto size = text::parse_uint(v, UINT64_MAX);
  if (!size) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=max-message-size: must be a number of bytes"));
  return MaxMessageSize{*size};
}

std::string MaxMessageSize::to_value() const {
  std::string out;
  text::append_uint(out, size);
  return out;
}

Result<Sctpmap, SdpError> Sctpmap::parse(std::string_view v) {
  auto fields = text::split(v, ' ');
  if (fields.size() < 2 || fields.size() > 3) return unexpected(SdpError(SdpErrc::kSyntax, "a=sctpmap: expected <number> <app> [<streams>]"));
  auto number = text::parse_uint(fields[0], 65535);
  if (!number) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=sctpmap: number must be a port 0-65535"));
  if (!text::is_token(fields[1])) return unexpected(SdpError(SdpErrc::kSyntax, "a=sctpmap: app must be a token"));
  Sctpmap out;
  out.number = static_cast<uint16_t>(*number);
  out.app = std::string(fields[1]);
  if (fields.size() == 3) {
    auto streams = text::parse_uint(fields[2], UINT32_MAX);
    if (!streams) return unexpected(SdpError(SdpErrc::kInvalidValue, "a=sctpmap: streams must be a number"));
    out.streams = static_cast<uint32_t>(*streams);
  }
  return out;
}

std::string Sctpmap::to_value() const {
  std::string out;
  text::append_uint(out, number);
  out += ' ';
  out += app;
  if (streams) {
    out += ' ';
    text::append_uint(out, *streams);
  }
  return out;
}

}  // namespace purertc::sdp
