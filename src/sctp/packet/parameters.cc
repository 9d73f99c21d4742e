#include "sctp/packet/parameters.h"

#include "common/byte_order.h"
#include "common/byte_reader.h"
#include "sctp/packet/sctp_packet.h"

namespace purertc::sctp {

std::string_view to_string(ParameterType type) {
  switch (type) {
    case ParameterType::kHeartbeatInfo: return "heartbeat-info";
    case ParameterType::kIpv4Address: return "ipv4-address";
    case ParameterType::kIpv6Address: return "ipv6-address";
    case ParameterType::kStateCookie: return "state-cookie";
    case ParameterType::kUnrecognizedParameter: return "unrecognized-parameter";
    case ParameterType::kCookiePreservative: return "cookie-preservative";
    case ParameterType::kHostNameAddress: return "host-name-address";
    case ParameterType::kSupportedAddressTypes: return "supported-address-types";
    case ParameterType::kOutgoingSsnResetRequest: return "outgoing-ssn-reset-request";
    case ParameterType::kIncomingSsnResetRequest: return "incoming-ssn-reset-request";
    case ParameterType::kSsnTsnResetRequest: return "ssn-tsn-reset-request";
    case ParameterType::kReconfigurationResponse: return "reconfiguration-response";
    case ParameterType::kAddOutgoingStreamsRequest: return "add-outgoing-streams-request";
    case ParameterType::kAddIncomingStreamsRequest: return "add-incoming-streams-request";
    case ParameterType::kZeroChecksumAcceptable: return "zero-checksum-acceptable";
    case ParameterType::kSupportedExtensions: return "supported-extensions";
    case ParameterType::kForwardTsnSupported: return "forward-tsn-supported";
  }
  return "unknown-parameter";
}

std::string_view to_string(ReconfigResult r) {
  switch (r) {
    case ReconfigResult::kSuccessNothingToDo: return "success-nothing-to-do";
    case ReconfigResult::kSuccessPerformed: return "success-performed";
    case ReconfigResult::kDenied: return "denied";
    case ReconfigResult::kErrorWrongSsn: return "error-wrong-ssn";
    case ReconfigResult::kErrorRequestAlreadyInProgress: return "error-request-already-in-progress";
    case ReconfigResult::kErrorBadSequenceNumber: return "error-bad-sequence-number";
    case ReconfigResult::kInProgress: return "in-progress";
  }
  return "unknown-result";
}

Result<std::vector<ParameterView>> parse_parameters(std::span<const uint8_t> data, size_t max_count) {
  std::vector<ParameterView> out;
  size_t pos = 0;
  while (pos < data.size()) {
    if (data.size() - pos < 4) return unexpected(Error{Errc::kTruncated, "sctp: parameter header truncated"});
    uint16_t type = load_u16(data.data() + pos);
    size_t len = load_u16(data.data() + pos + 2);
    if (len < 4) return unexpected(Error{Errc::kMalformed, "sctp: parameter length below 4"});
    if (len > data.size() - pos) return unexpected(Error{Errc::kTruncated, "sctp: parameter length exceeds chunk"});
    if (out.size() >= max_count) return unexpected(Error{Errc::kLimitExceeded, "sctp: too many parameters"});
    out.push_back({type, data.subspan(pos + 4, len - 4), data.subspan(pos, len)});
    size_t padded = padded4(len);
    pos = padded > data.size() - pos ? data.size() : pos + padded;
  }
  return out;
}

void append_parameter(std::vector<uint8_t>& out, uint16_t type, std::span<const uint8_t> value) {
  append_u16(out, type);
  append_u16(out, static_cast<uint16_t>(4 + value.size()));
  append_bytes(out, value);
  pad4(out);
}

static Result<std::vector<uint16_t>> parse_stream_list(ByteReader& r) {
  if (r.remaining() % 2 != 0) return unexpected(Error{Errc::kMalformed, "sctp: odd stream list length"});
  std::vector<uint16_t> streams;
  streams.reserve(r.remaining() / 2);
  while (!r.empty()) streams.push_back(*r.read_u16());
  return streams;
}

Result<OutgoingSsnResetRequest> OutgoingSsnResetRequest::parse(std::span<const uint8_t> value) {
  ByteReader r(value);
  if (r.remaining() < 12) return unexpected(Error{Errc::kTruncated, "sctp: outgoing reset request too short"});
  OutgoingSsnResetRequest req;
  req.request_sequence = *r.read_u32();
  req.response_sequence = *r.read_u32();
  req.last_assigned_tsn = *r.read_u32();
  auto streams = parse_stream_list(r);
  if (!streams) return unexpected(streams.error());
  req.streams = std::move(*streams);
  return req;
}

void OutgoingSsnResetRequest::append_to(std::vector<uint8_t>& out) const {
  std::vector<uint8_t> v;
  append_u32(v, request_sequence);
  append_u32(v, response_sequence);
  append_u32(v, last_assigned_tsn);
  for (uint16_t s : streams) append_u16(v, s);
  append_parameter(out, static_cast<uint16_t>(ParameterType::kOutgoingSsnResetRequest), v);
}

Result<IncomingSsnResetRequest> IncomingSsnResetRequest::parse(std::span<const uint8_t> value) {
  ByteReader r(value);
  if (r.remaining() < 4) return unexpected(Error{Errc::kTruncated, "sctp: incoming reset request too short"});
  IncomingSsnResetRequest req;
  req.request_sequence = *r.read_u32();
  auto streams = parse_stream_list(r);
  if (!streams) return unexpected(streams.error());
  req.streams = std::move(*streams);
  return req;
}

void IncomingSsnResetRequest::append_to(std::vector<uint8_t>& out) const {
  std::vector<uint8_t> v;
  append_u32(v, request_sequence);
  for (uint16_t s : streams) append_u16(v, s);
  append_parameter(out, static_cast<uint16_t>(ParameterType::kIncomingSsnResetRequest), v);
}

Result<ReconfigurationResponse> ReconfigurationResponse::parse(std::span<const uint8_t> value) {
  // 8 bytes, or 16 with the sender's and receiver's next TSN (RFC 6525 4.4).
  if (value.size() != 8 && value.size() != 16) return unexpected(Error{Errc::kMalformed, "sctp: bad reconfiguration response length"});
  uint32_t result = load_u32(value.data() + 4);
  if (result > static_cast<uint32_t>(ReconfigResult::kInProgress)) return unexpected(Error{Errc::kMalformed, "sctp: unknown reconfiguration result"});
  return ReconfigurationResponse{load_u32(value.data()), static_cast<ReconfigResult>(result)};
}

void ReconfigurationResponse::append_to(std::vector<uint8_t>& out) const {
  uint8_t v[8];
  store_u32(v, response_sequence);
  store_u32(v + 4, static_cast<uint32_t>(result));
  append_parameter(out, static_cast<uint16_t>(ParameterType::kReconfigurationResponse), v);
}

Result<SimpleReconfigRequest> SimpleReconfigRequest::parse(std::span<const uint8_t> value) {
  if (value.size() < 4) return unexpected(Error{Errc::kTruncated, "sctp: reconfiguration request too short"});
  return SimpleReconfigRequest{load_u32(value.data())};
}

}  // namespace purertc::sctp
