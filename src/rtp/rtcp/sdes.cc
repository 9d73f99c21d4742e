#include "rtp/rtcp/sdes.h"

#include "common/byte_reader.h"

namespace purertc::rtp {

Result<SourceDescription> SourceDescription::parse(const RtcpPacketView& p) {
  SourceDescription s;
  ByteReader r(p.body);
  for (size_t c = 0; c < p.count; ++c) {
    size_t chunk_start = r.position();
    auto ssrc = r.read_u32();
    if (!ssrc) return unexpected(Error{Errc::kTruncated, "SDES: chunk past end"});
    SdesChunk chunk{*ssrc, {}};
    for (;;) {
      auto type = r.read_u8();
      if (!type) return unexpected(Error{Errc::kTruncated, "SDES: chunk without end item"});
      if (*type == 0) break;
      auto len = r.read_u8();
      if (!len) return unexpected(Error{Errc::kTruncated, "SDES: item length past end"});
      auto text = r.read_bytes(*len);
      if (!text) return unexpected(Error{Errc::kTruncated, "SDES: item text past end"});
      chunk.items.push_back(SdesItem{*type, std::string(text->begin(), text->end())});
    }
    // The null item is followed by more nulls up to the next 32-bit boundary of the chunk.
    size_t used = r.position() - chunk_start;
    size_t pad = (4 - used % 4) % 4;
    auto zeros = r.read_bytes(pad);
    if (!zeros) return unexpected(Error{Errc::kTruncated, "SDES: chunk padding past end"});
    s.chunks.push_back(std::move(chunk));
  }
  return s;
}

size_t SourceDescription::serialized_size() const {
  size_t n = kRtcpHeaderSize;
  for (const auto& c : chunks) {
    size_t body = 4;
    for (const auto& i : c.items) body += 2 + i.text.size();
    body += 1;  // the null item
    n += (body + 3) & ~size_t{3};
  }
  return n;
}

Status SourceDescription::write(ByteBuffer& out) const {
  if (chunks.size() > 31) return unexpected(Error{Errc::kInvalidArgument, "SDES: more than 31 chunks"});
  for (const auto& c : chunks) {
    for (const auto& i : c.items) {
      if (i.type == 0 || i.text.size() > 255) return unexpected(Error{Errc::kInvalidArgument, "SDES: bad item"});
    }
  }
  write_rtcp_header(out, static_cast<uint8_t>(chunks.size()), RtcpType::kSourceDescription,
                    serialized_size() - kRtcpHeaderSize);
  for (const auto& c : chunks) {
    size_t start = out.size();
    out.write_u32(c.ssrc);
    for (const auto& i : c.items) {
      out.write_u8(i.type);
      out.write_u8(static_cast<uint8_t>(i.text.size()));
      out.write_bytes({reinterpret_cast<const uint8_t*>(i.text.data()), i.text.size()});
    }
    out.write_u8(0);
    while ((out.size() - start) % 4) out.write_u8(0);
  }
  return {};
}

}  // namespace purertc::rtp
