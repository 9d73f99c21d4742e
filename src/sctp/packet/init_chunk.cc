#include "sctp/packet/init_chunk.h"

#include "common/byte_order.h"
#include "sctp/packet/chunk_type.h"
#include "sctp/packet/parameters.h"

namespace purertc::sctp {

Result<InitChunk> InitChunk::parse(const ChunkView& chunk, bool is_ack) {
  const auto& v = chunk.value;
  if (v.size() < 16) return unexpected(Error{Errc::kTruncated, "sctp: INIT chunk too short"});
  InitChunk c;
  c.initiate_tag = load_u32(v.data());
  c.a_rwnd = load_u32(v.data() + 4);
  c.outbound_streams = load_u16(v.data() + 8);
  c.inbound_streams = load_u16(v.data() + 10);
  c.initial_tsn = load_u32(v.data() + 12);
  if (c.initiate_tag == 0) return unexpected(Error{Errc::kMalformed, "sctp: initiate tag is zero"});
  if (c.outbound_streams == 0 || c.inbound_streams == 0) return unexpected(Error{Errc::kMalformed, "sctp: zero stream count"});
  auto params = parse_parameters(v.subspan(16));
  if (!params) return unexpected(params.error());
  bool fwd_ext = false;
  bool idata = false;
  bool iforward = false;
  for (const auto& p : *params) {
    switch (static_cast<ParameterType>(p.type)) {
      case ParameterType::kStateCookie:
        if (is_ack) c.state_cookie = p.value;
        break;
      case ParameterType::kForwardTsnSupported:
        c.capabilities.partial_reliability = true;
        break;
      case ParameterType::kSupportedExtensions:
        for (uint8_t t : p.value) {
          if (t == static_cast<uint8_t>(ChunkType::kReconfig)) c.capabilities.reconfig = true;
          if (t == static_cast<uint8_t>(ChunkType::kForwardTsn)) fwd_ext = true;
          if (t == static_cast<uint8_t>(ChunkType::kIData)) idata = true;
          if (t == static_cast<uint8_t>(ChunkType::kIForwardTsn)) iforward = true;
        }
        break;
      case ParameterType::kZeroChecksumAcceptable:
        if (p.value.size() >= 4 && load_u32(p.value.data()) == kEdmidDtls) c.capabilities.zero_checksum = true;
        break;
      case ParameterType::kIpv4Address:
      case ParameterType::kIpv6Address:
      case ParameterType::kHostNameAddress:
      case ParameterType::kSupportedAddressTypes:
      case ParameterType::kCookiePreservative:
        break;  // one path over DTLS: addresses and cookie lifetime hints are not used
      default:
        // RFC 9260 3.2.1: the high bit asks to continue; the next bit asks for a report.
        if (p.type & 0x4000) c.unrecognized.push_back(p.whole);
        if (!(p.type & 0x8000)) goto done;
        break;
    }
  }
done:
  if (fwd_ext) c.capabilities.partial_reliability = true;
  c.capabilities.interleaving = idata && iforward;
  if (is_ack && c.state_cookie.empty()) return unexpected(Error{Errc::kMalformed, "sctp: INIT ACK without state cookie"});
  return c;
}

void InitChunk::append_to(std::vector<uint8_t>& out, bool is_ack) const {
  size_t at = out.size();
  append_u8(out, static_cast<uint8_t>(is_ack ? ChunkType::kInitAck : ChunkType::kInit));
  append_u8(out, 0);
  append_u16(out, 0);
  append_u32(out, initiate_tag);
  append_u32(out, a_rwnd);
  append_u16(out, outbound_streams);
  append_u16(out, inbound_streams);
  append_u32(out, initial_tsn);
  if (is_ack) append_parameter(out, static_cast<uint16_t>(ParameterType::kStateCookie), state_cookie);
  std::vector<uint8_t> ext;
  if (capabilities.reconfig) ext.push_back(static_cast<uint8_t>(ChunkType::kReconfig));
  if (capabilities.partial_reliability) ext.push_back(static_cast<uint8_t>(ChunkType::kForwardTsn));
  if (capabilities.interleaving) {
    ext.push_back(static_cast<uint8_t>(ChunkType::kIData));
    ext.push_back(static_cast<uint8_t>(ChunkType::kIForwardTsn));
  }
  if (!ext.empty()) append_parameter(out, static_cast<uint16_t>(ParameterType::kSupportedExtensions), ext);
  if (capabilities.partial_reliability) append_parameter(out, static_cast<uint16_t>(ParameterType::kForwardTsnSupported), {});
  if (capabilities.zero_checksum) {
    uint8_t edmid[4];
    store_u32(edmid, kEdmidDtls);
    append_parameter(out, static_cast<uint16_t>(ParameterType::kZeroChecksumAcceptable), edmid);
  }
  for (auto u : unrecognized) append_parameter(out, static_cast<uint16_t>(ParameterType::kUnrecognizedParameter), u);
  store_u16(out.data() + at + 2, static_cast<uint16_t>(out.size() - at));
}

}  // namespace purertc::sctp
