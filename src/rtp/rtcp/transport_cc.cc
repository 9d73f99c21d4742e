#include "rtp/rtcp/transport_cc.h"

#include <algorithm>

#include "common/byte_reader.h"

namespace purertc::rtp {

const char* to_string(TccStatus s) {
  switch (s) {
    case TccStatus::kNotReceived: return "not-received";
    case TccStatus::kSmallDelta: return "small-delta";
    case TccStatus::kLargeDelta: return "large-delta";
  }
  return "?";
}

namespace {

// One chunk of the encoding, chosen greedily: a run-length chunk when 7+ equal symbols follow (it then
// covers more than a 2-bit vector could), else a 1-bit vector of 14 if no large delta is among them, else a
// 2-bit vector of 7. Vectors past the end are zero-filled (symbols beyond the status count are ignored).
struct Chunk {
  uint16_t bits;
  size_t covered;
};

Chunk next_chunk(const std::vector<TccStatus>& s, size_t i) {
  size_t n = s.size();
  size_t run = 1;
  while (i + run < n && s[i + run] == s[i] && run < 0x1fff) ++run;
  size_t left = n - i;
  if (run >= 14 || run == left) {
    return {static_cast<uint16_t>((static_cast<unsigned>(s[i]) << 13) | run), run};
  }
  size_t take14 = std::min<size_t>(14, left);
  bool one_bit = std::none_of(s.begin() + static_cast<ptrdiff_t>(i), s.begin() + static_cast<ptrdiff_t>(i + take14),
                              [](TccStatus x) { return x == TccStatus::kLargeDelta; });
  if (one_bit && take14 > 7) {
    uint16_t bits = 0x8000;
    for (size_t k = 0; k < take14; ++k) {
      if (s[i + k] == TccStatus::kSmallDelta) bits = static_cast<uint16_t>(bits | (1u << (13 - k)));
    }
    return {bits, take14};
  }
  if (run >= 7) return {static_cast<uint16_t>((static_cast<unsigned>(s[i]) << 13) | run), run};
  size_t take7 = std::min<size_t>(7, left);
  uint16_t bits = 0xc000;
  for (size_t k = 0; k < take7; ++k) bits = static_cast<uint16_t>(bits | (static_cast<unsigned>(s[i + k]) << (12 - 2 * k)));
  return {bits, take7};
}

}  // namespace

Status TransportCcFeedback::add_received(int32_t delta_ticks) {
  if (delta_ticks >= 0 && delta_ticks <= 255) {
    statuses.push_back(TccStatus::kSmallDelta);
  } else if (delta_ticks >= -32768 && delta_ticks <= 32767) {
    statuses.push_back(TccStatus::kLargeDelta);
  } else {
    return unexpected(Error{Errc::kInvalidArgument, "transport-cc: delta beyond 16 bits (start a new feedback)"});
  }
  deltas.push_back(static_cast<int16_t>(delta_ticks));
  return {};
}

Result<TransportCcFeedback> TransportCcFeedback::parse(const RtcpPacketView& p) {
  ByteReader r(p.body);
  auto fixed = r.read_bytes(16);
  if (!fixed) return unexpected(Error{Errc::kTruncated, "transport-cc: shorter than fixed fields"});
  TransportCcFeedback f;
  const uint8_t* b = fixed->data();
  f.sender_ssrc = load_u32(b);
  f.media_ssrc = load_u32(b + 4);
  f.base_sequence = load_u16(b + 8);
  size_t count = load_u16(b + 10);
  uint32_t ref = load_u24(b + 12);
  f.reference_time = (ref & 0x800000) ? static_cast<int32_t>(ref | 0xff000000u) : static_cast<int32_t>(ref);
  f.feedback_count = b[15];
  f.statuses.reserve(count);
  while (f.statuses.size() < count) {
    auto chunk = r.read_u16();
    if (!chunk) return unexpected(Error{Errc::kTruncated, "transport-cc: packet chunks past end"});
    uint16_t c = *chunk;
    size_t want = count - f.statuses.size();
    if ((c & 0x8000) == 0) {
      unsigned sym = (c >> 13) & 0x3;
      size_t run = c & 0x1fff;
      if (sym == 3) return unexpected(Error{Errc::kMalformed, "transport-cc: reserved status symbol"});
      if (run == 0) return unexpected(Error{Errc::kMalformed, "transport-cc: empty run length chunk"});
      f.statuses.insert(f.statuses.end(), std::min(run, want), static_cast<TccStatus>(sym));
    } else if ((c & 0x4000) == 0) {
      for (size_t k = 0; k < 14 && k < want; ++k) {
        f.statuses.push_back((c >> (13 - k)) & 1 ? TccStatus::kSmallDelta : TccStatus::kNotReceived);
      }
    } else {
      for (size_t k = 0; k < 7 && k < want; ++k) {
        unsigned sym = (c >> (12 - 2 * k)) & 0x3;
        if (sym == 3) return unexpected(Error{Errc::kMalformed, "transport-cc: reserved status symbol"});
        f.statuses.push_back(static_cast<TccStatus>(sym));
      }
    }
  }
  for (TccStatus s : f.statuses) {
    if (s == TccStatus::kSmallDelta) {
      auto d = r.read_u8();
      if (!d) return unexpected(Error{Errc::kTruncated, "transport-cc: receive deltas past end"});
      f.deltas.push_back(static_cast<int16_t>(*d));
    } else if (s == TccStatus::kLargeDelta) {
      auto d = r.read_u16();
      if (!d) return unexpected(Error{Errc::kTruncated, "transport-cc: receive deltas past end"});
      f.deltas.push_back(static_cast<int16_t>(*d));
    }
  }
  return f;
}

size_t TransportCcFeedback::serialized_size() const {
  size_t n = kRtcpHeaderSize + 16;
  for (size_t i = 0; i < statuses.size();) {
    i += next_chunk(statuses, i).covered;
    n += 2;
  }
  for (TccStatus s : statuses) n += s == TccStatus::kSmallDelta ? 1 : s == TccStatus::kLargeDelta ? 2 : 0;
  return (n + 3) & ~size_t{3};
}

Status TransportCcFeedback::write(ByteBuffer& out) const {
  if (statuses.empty() || statuses.size() > kMaxStatuses) {
    return unexpected(Error{Errc::kInvalidArgument, "transport-cc: status count outside 1..65535"});
  }
  size_t received = 0;
  for (size_t i = 0, d = 0; i < statuses.size(); ++i) {
    if (statuses[i] == TccStatus::kNotReceived) continue;
    ++received;
    if (d >= deltas.size()) break;
    int16_t v = deltas[d++];
    if (statuses[i] == TccStatus::kSmallDelta && (v < 0 || v > 255)) {
      return unexpected(Error{Errc::kInvalidArgument, "transport-cc: small delta outside 0..255"});
    }
  }
  if (received != deltas.size()) return unexpected(Error{Errc::kInvalidArgument, "transport-cc: delta count mismatch"});
  if (reference_time > 0x7fffff || reference_time < -0x800000) {
    return unexpected(Error{Errc::kInvalidArgument, "transport-cc: reference time beyond 24 bits"});
  }
  size_t start = out.size();
  size_t size = serialized_size();
  write_rtcp_header(out, kFmtTransportCc, RtcpType::kRtpFeedback, size - kRtcpHeaderSize);
  out.write_u32(sender_ssrc);
  out.write_u32(media_ssrc);
  out.write_u16(base_sequence);
  out.write_u16(static_cast<uint16_t>(statuses.size()));
  out.write_u24(static_cast<uint32_t>(reference_time) & 0xffffff);
  out.write_u8(feedback_count);
  for (size_t i = 0; i < statuses.size();) {
    auto c = next_chunk(statuses, i);
    out.write_u16(c.bits);
    i += c.covered;
  }
  for (size_t i = 0, d = 0; i < statuses.size(); ++i) {
    if (statuses[i] == TccStatus::kSmallDelta) out.write_u8(static_cast<uint8_t>(deltas[d++]));
    else if (statuses[i] == TccStatus::kLargeDelta) out.write_u16(static_cast<uint16_t>(deltas[d++]));
  }
  while (out.size() - start < size) out.write_u8(0);
  return {};
}

}  // namespace purertc::rtp
