#include "rtp/rtcp/feedback.h"

#include "common/byte_reader.h"

namespace purertc::rtp {
namespace {

constexpr uint8_t kRembId[4] = {'R', 'E', 'M', 'B'};

Status read_ssrcs(std::span<const uint8_t> body, uint32_t& sender, uint32_t& media) {
  if (body.size() < 8) return unexpected(Error{Errc::kTruncated, "RTCP feedback: shorter than two SSRCs"});
  sender = load_u32(body.data());
  media = load_u32(body.data() + 4);
  return {};
}

void write_fb_header(ByteBuffer& out, uint8_t fmt, RtcpType type, size_t size, uint32_t sender, uint32_t media) {
  write_rtcp_header(out, fmt, type, size - kRtcpHeaderSize);
  out.write_u32(sender);
  out.write_u32(media);
}

}  // namespace

void encode_bitrate(uint64_t bps, unsigned mantissa_bits, uint8_t& exponent, uint32_t& mantissa) {
  uint64_t max = (uint64_t{1} << mantissa_bits) - 1;
  uint8_t e = 0;
  while (e < 63 && (bps >> e) > max) ++e;
  exponent = e;
  mantissa = static_cast<uint32_t>(bps >> e);
}

Result<GenericNack> GenericNack::parse(const RtcpPacketView& p) {
  GenericNack n;
  auto st = read_ssrcs(p.body, n.sender_ssrc, n.media_ssrc);
  if (!st) return unexpected(st.error());
  auto fci = p.body.subspan(8);
  if (fci.empty() || fci.size() % 4) return unexpected(Error{Errc::kMalformed, "NACK: FCI not a list of 4-byte items"});
  for (size_t i = 0; i < fci.size(); i += 4) {
    uint16_t pid = load_u16(&fci[i]);
    uint16_t blp = load_u16(&fci[i + 2]);
    n.lost.push_back(pid);
    for (unsigned b = 0; b < 16; ++b) {
      if (blp & (1u << b)) n.lost.push_back(static_cast<uint16_t>(pid + b + 1));
    }
  }
  return n;
}

namespace {
// Packs sequence numbers into (PID, BLP) pairs: a pair covers PID..PID+16. Only an increasing run goes
// into one pair, so the list parses back in the same order.
template <class F>
void pack_nack(const std::vector<uint16_t>& lost, F&& emit) {
  size_t i = 0;
  while (i < lost.size()) {
    uint16_t pid = lost[i];
    uint16_t blp = 0;
    size_t j = i + 1;
    uint16_t prev = 0;
    while (j < lost.size()) {
      uint16_t d = static_cast<uint16_t>(lost[j] - pid);
      if (d <= prev || d > 16) break;
      prev = d;
      blp = static_cast<uint16_t>(blp | (1u << (d - 1)));
      ++j;
    }
    emit(pid, blp);
    i = j;
  }
}
}  // namespace

size_t GenericNack::serialized_size() const {
  size_t items = 0;
  pack_nack(lost, [&](uint16_t, uint16_t) { ++items; });
  return kRtcpHeaderSize + 8 + 4 * items;
}

Status GenericNack::write(ByteBuffer& out) const {
  if (lost.empty()) return unexpected(Error{Errc::kInvalidArgument, "NACK: nothing to report"});
  write_fb_header(out, kFmtGenericNack, RtcpType::kRtpFeedback, serialized_size(), sender_ssrc, media_ssrc);
  pack_nack(lost, [&](uint16_t pid, uint16_t blp) {
    out.write_u16(pid);
    out.write_u16(blp);
  });
  return {};
}

Result<Tmmb> Tmmb::parse(const RtcpPacketView& p) {
  Tmmb t;
  t.notification = p.count == kFmtTmmbn;
  auto st = read_ssrcs(p.body, t.sender_ssrc, t.media_ssrc);
  if (!st) return unexpected(st.error());
  auto fci = p.body.subspan(8);
  if (fci.size() % 8) return unexpected(Error{Errc::kMalformed, "TMMBR/TMMBN: FCI not a list of 8-byte items"});
  // RFC 5104 4.2.1.2: a TMMBR carries at least one item; an empty TMMBN is a valid "no bound set".
  if (!t.notification && fci.empty()) return unexpected(Error{Errc::kMalformed, "TMMBR: no FCI"});
  for (size_t i = 0; i < fci.size(); i += 8) {
    uint32_t w = load_u32(&fci[i + 4]);
    uint8_t exp = static_cast<uint8_t>(w >> 26);
    uint64_t mantissa = (w >> 9) & 0x1ffff;
    // An exponent that pushes bits past 64 is nonsense from the peer; cap it so the shift stays defined.
    if (exp > 46) return unexpected(Error{Errc::kMalformed, "TMMBR/TMMBN: bitrate exponent out of range"});
    t.items.push_back(TmmbItem{load_u32(&fci[i]), mantissa << exp, static_cast<uint16_t>(w & 0x1ff)});
  }
  return t;
}

Status Tmmb::write(ByteBuffer& out) const {
  if (!notification && items.empty()) return unexpected(Error{Errc::kInvalidArgument, "TMMBR: no items"});
  write_fb_header(out, notification ? kFmtTmmbn : kFmtTmmbr, RtcpType::kRtpFeedback, serialized_size(), sender_ssrc,
                  media_ssrc);
  for (const auto& it : items) {
    uint8_t e;
    uint32_t m;
    encode_bitrate(it.bitrate_bps, 17, e, m);
    out.write_u32(it.ssrc);
    out.write_u32((uint32_t{e} << 26) | (m << 9) | (it.packet_overhead & 0x1ffu));
  }
  return {};
}

Result<Pli> Pli::parse(const RtcpPacketView& p) {
  Pli x;
  auto st = read_ssrcs(p.body, x.sender_ssrc, x.media_ssrc);
  if (!st) return unexpected(st.error());
  return x;
}

Status Pli::write(ByteBuffer& out) const {
  write_fb_header(out, kFmtPli, RtcpType::kPayloadFeedback, serialized_size(), sender_ssrc, media_ssrc);
  return {};
}

Result<Fir> Fir::parse(const RtcpPacketView& p) {
  Fir f;
  uint32_t unused_media = 0;
  auto st = read_ssrcs(p.body, f.sender_ssrc, unused_media);
  if (!st) return unexpected(st.error());
  auto fci = p.body.subspan(8);
  if (fci.empty() || fci.size() % 8) return unexpected(Error{Errc::kMalformed, "FIR: FCI not a list of 8-byte items"});
  for (size_t i = 0; i < fci.size(); i += 8) f.entries.push_back(FirEntry{load_u32(&fci[i]), fci[i + 4]});
  return f;
}

Status Fir::write(ByteBuffer& out) const {
  if (entries.empty()) return unexpected(Error{Errc::kInvalidArgument, "FIR: no entries"});
  // RFC 5104 4.3.1.2: the media source SSRC "SHALL be set to 0" for FIR.
  write_fb_header(out, kFmtFir, RtcpType::kPayloadFeedback, serialized_size(), sender_ssrc, 0);
  for (const auto& e : entries) {
    out.write_u32(e.ssrc);
    out.write_u8(e.sequence_number);
    out.write_u24(0);
  }
  return {};
}

bool Remb::matches(const RtcpPacketView& p) {
  return p.type == static_cast<uint8_t>(RtcpType::kPayloadFeedback) && p.count == kFmtAfb && p.body.size() >= 12 &&
         p.body[8] == kRembId[0] && p.body[9] == kRembId[1] && p.body[10] == kRembId[2] && p.body[11] == kRembId[3];
}

Result<Remb> Remb::parse(const RtcpPacketView& p) {
  if (!matches(p)) return unexpected(Error{Errc::kMalformed, "REMB: not an AFB packet with the REMB identifier"});
  if (p.body.size() < 16) return unexpected(Error{Errc::kTruncated, "REMB: shorter than bitrate field"});
  Remb r;
  r.sender_ssrc = load_u32(p.body.data());
  uint8_t num = p.body[12];
  uint8_t exp = p.body[13] >> 2;
  uint64_t mantissa = (uint64_t{p.body[13] & 0x3u} << 16) | load_u16(&p.body[14]);
  if (exp > 46) return unexpected(Error{Errc::kMalformed, "REMB: bitrate exponent out of range"});
  r.bitrate_bps = mantissa << exp;
  if (p.body.size() < 16 + 4 * size_t{num}) return unexpected(Error{Errc::kTruncated, "REMB: SSRC list past end"});
  for (size_t i = 0; i < num; ++i) r.ssrcs.push_back(load_u32(&p.body[16 + 4 * i]));
  return r;
}

Status Remb::write(ByteBuffer& out) const {
  if (ssrcs.size() > 255) return unexpected(Error{Errc::kInvalidArgument, "REMB: more than 255 SSRCs"});
  write_fb_header(out, kFmtAfb, RtcpType::kPayloadFeedback, serialized_size(), sender_ssrc, 0);
  out.write_bytes(kRembId);
  uint8_t e;
  uint32_t m;
  encode_bitrate(bitrate_bps, 18, e, m);
  out.write_u8(static_cast<uint8_t>(ssrcs.size()));
  out.write_u24((uint32_t{e} << 18) | m);
  for (uint32_t s : ssrcs) out.write_u32(s);
  return {};
}

}  // namespace purertc::rtp
