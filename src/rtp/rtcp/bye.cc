#include "rtp/rtcp/bye.h"

#include "common/byte_reader.h"

namespace purertc::rtp {

Result<Bye> Bye::parse(const RtcpPacketView& p) {
  ByteReader r(p.body);
  Bye b;
  for (size_t i = 0; i < p.count; ++i) {
    auto s = r.read_u32();
    if (!s) return unexpected(Error{Errc::kTruncated, "BYE: SSRC list past end"});
    b.ssrcs.push_back(*s);
  }
  if (!r.empty()) {
    auto len = r.read_u8();
    auto text = r.read_bytes(*len);
    if (!text) return unexpected(Error{Errc::kTruncated, "BYE: reason past end"});
    b.reason.assign(text->begin(), text->end());
  }
  return b;
}

size_t Bye::serialized_size() const {
  size_t n = kRtcpHeaderSize + 4 * ssrcs.size();
  if (!reason.empty()) n += (1 + reason.size() + 3) & ~size_t{3};
  return n;
}

Status Bye::write(ByteBuffer& out) const {
  if (ssrcs.size() > 31 || reason.size() > 255) return unexpected(Error{Errc::kInvalidArgument, "BYE: too many SSRCs or reason too long"});
  write_rtcp_header(out, static_cast<uint8_t>(ssrcs.size()), RtcpType::kBye, serialized_size() - kRtcpHeaderSize);
  for (uint32_t s : ssrcs) out.write_u32(s);
  if (!reason.empty()) {
    size_t start = out.size();
    out.write_u8(static_cast<uint8_t>(reason.size()));
    out.write_bytes({reinterpret_cast<const uint8_t*>(reason.data()), reason.size()});
    while ((out.size() - start) % 4) out.write_u8(0);
  }
  return {};
}

Result<App> App::parse(const RtcpPacketView& p) {
  if (p.body.size() < 8) return unexpected(Error{Errc::kTruncated, "APP: shorter than SSRC + name"});
  App a;
  a.subtype = p.count;
  a.ssrc = load_u32(p.body.data());
  for (size_t i = 0; i < 4; ++i) a.name[i] = p.body[4 + i];
  a.data.assign(p.body.begin() + 8, p.body.end());
  return a;
}

Status App::write(ByteBuffer& out) const {
  if (subtype > 31 || data.size() % 4) return unexpected(Error{Errc::kInvalidArgument, "APP: bad subtype or unaligned data"});
  write_rtcp_header(out, subtype, RtcpType::kApp, serialized_size() - kRtcpHeaderSize);
  out.write_u32(ssrc);
  out.write_bytes(name);
  out.write_bytes(data);
  return {};
}

}  // namespace purertc::rtp
