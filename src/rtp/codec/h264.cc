#include "rtp/codec/h264.h"

#include <algorithm>
#include <cstring>

#include "common/byte_order.h"
#include "rtp/codec/nal_unit.h"

namespace purertc::rtp {
namespace {

constexpr uint8_t kStartCode[4] = {0, 0, 0, 1};

void emit_fu_a(std::span<const uint8_t> nal, size_t max_payload_size, PayloadList& out) {
  uint8_t indicator = static_cast<uint8_t>((nal[0] & 0xe0) | kH264FuA);
  uint8_t type = nal[0] & 0x1f;
  auto data = nal.subspan(1);  // the NAL header travels in the FU indicator/header
  size_t chunk = max_payload_size - 2;
  size_t count = (data.size() + chunk - 1) / chunk;
  size_t base = data.size() / count, extra = data.size() % count;
  size_t pos = 0;
  for (size_t i = 0; i < count; ++i) {
    size_t n = base + (i < extra ? 1 : 0);
    auto dst = out.append(2 + n);
    dst[0] = indicator;
    dst[1] = static_cast<uint8_t>((i == 0 ? 0x80 : 0) | (i + 1 == count ? 0x40 : 0) | type);
    std::memcpy(&dst[2], data.data() + pos, n);
    pos += n;
  }
}

}  // namespace

Status H264Packetizer::packetize(std::span<const uint8_t> au, size_t max_payload_size, PayloadList& out) {
  if (max_payload_size < 3) return unexpected(Error{Errc::kInvalidArgument, "H.264: payload size too small"});
  // Collect the NAL units first so STAP-A can look ahead; an access unit has a handful of them.
  std::span<const uint8_t> nals[64];
  size_t count = 0;
  bool too_many = false;
  for_each_annex_b_nal(au, [&](std::span<const uint8_t> nal) {
    if (count == 64) too_many = true;
    else nals[count++] = nal;
  });
  if (too_many) return unexpected(Error{Errc::kLimitExceeded, "H.264: more than 64 NAL units in an access unit"});
  for (size_t k = 0; k < count; ++k) {
    // Type 0 and 24..31 are unspecified in H.264 and taken by RFC 6184's aggregation/fragmentation units:
    // sent as is, they would be misread by the receiver.
    uint8_t t = h264_nal_type(nals[k][0]);
    if (t == 0 || t >= 24) return unexpected(Error{Errc::kMalformed, "H.264: NAL type reserved for RTP payload structures"});
  }
  if (count == 0) return unexpected(Error{Errc::kMalformed, "H.264: no NAL unit in access unit"});
  size_t i = 0;
  while (i < count) {
    auto nal = nals[i];
    if (nal.size() > max_payload_size) {
      emit_fu_a(nal, max_payload_size, out);
      ++i;
      continue;
    }
    // Aggregate this and following NAL units while they fit: 1 STAP-A header + (2 + size) each.
    size_t j = i, size = 1;
    uint8_t nri = 0;
    while (j < count && size + 2 + nals[j].size() <= max_payload_size) {
      size += 2 + nals[j].size();
      nri = std::max<uint8_t>(nri, nals[j][0] & 0x60);
      ++j;
    }
    if (j - i < 2) {
      std::memcpy(out.append(nal.size()).data(), nal.data(), nal.size());
      ++i;
      continue;
    }
    auto dst = out.append(size);
    // RFC 6184 5.7.1: F is the OR of the aggregated F bits, NRI their maximum.
    uint8_t f = 0;
    for (size_t k = i; k < j; ++k) f = static_cast<uint8_t>(f | (nals[k][0] & 0x80));
    dst[0] = static_cast<uint8_t>(f | nri | kH264StapA);
    size_t at = 1;
    for (size_t k = i; k < j; ++k) {
      store_u16(&dst[at], static_cast<uint16_t>(nals[k].size()));
      std::memcpy(&dst[at + 2], nals[k].data(), nals[k].size());
      at += 2 + nals[k].size();
    }
    i = j;
  }
  return {};
}

Status H264Depacketizer::depacketize(std::span<const uint8_t> p, std::vector<uint8_t>& frame) {
  if (p.empty()) return unexpected(Error{Errc::kTruncated, "H.264: empty payload"});
  uint8_t type = h264_nal_type(p[0]);
  if (type >= 1 && type <= 23) {
    in_fragment_ = false;
    frame.insert(frame.end(), std::begin(kStartCode), std::end(kStartCode));
    frame.insert(frame.end(), p.begin(), p.end());
    return {};
  }
  if (type == kH264StapA) {
    in_fragment_ = false;
    size_t pos = 1;
    if (pos == p.size()) return unexpected(Error{Errc::kMalformed, "H.264: empty STAP-A"});
    while (pos < p.size()) {
      if (p.size() - pos < 2) return unexpected(Error{Errc::kTruncated, "H.264: STAP-A size cut"});
      size_t n = load_u16(&p[pos]);
      pos += 2;
      if (n == 0 || n > p.size() - pos) return unexpected(Error{Errc::kMalformed, "H.264: STAP-A NAL size past end"});
      frame.insert(frame.end(), std::begin(kStartCode), std::end(kStartCode));
      frame.insert(frame.end(), p.begin() + static_cast<ptrdiff_t>(pos), p.begin() + static_cast<ptrdiff_t>(pos + n));
      pos += n;
    }
    return {};
  }
  if (type == kH264FuA) {
    if (p.size() < 3) return unexpected(Error{Errc::kTruncated, "H.264: FU-A without data"});
    bool start = p[1] & 0x80, end = p[1] & 0x40;
    if (start && end) return unexpected(Error{Errc::kMalformed, "H.264: FU-A with both S and E"});
    if (start) {
      frame.insert(frame.end(), std::begin(kStartCode), std::end(kStartCode));
      frame.push_back(static_cast<uint8_t>((p[0] & 0xe0) | (p[1] & 0x1f)));
      in_fragment_ = true;
    } else if (!in_fragment_) {
      return unexpected(Error{Errc::kMalformed, "H.264: FU-A continuation without a start"});
    }
    frame.insert(frame.end(), p.begin() + 2, p.end());
    if (end) in_fragment_ = false;
    return {};
  }
  return unexpected(Error{Errc::kUnsupported, "H.264: NAL type outside packetization-mode 1"});
}

namespace {
// Whether a NAL unit (header byte + the first payload byte, if any) can open an access unit: the first
// slice of a picture (first_mb_in_slice = 0, whose ue(v) code is a single 1 bit) or a NAL unit that may
// precede it (7.4.1.2.3: SEI, SPS, PPS, AUD, SPS extension, prefix...).
bool opens_access_unit(uint8_t header, int first_payload_byte) {
  uint8_t type = h264_nal_type(header);
  if (type >= 1 && type <= 5) return first_payload_byte >= 0 && (first_payload_byte & 0x80);
  return (type >= 6 && type <= 9) || (type >= 13 && type <= 18);
}
}  // namespace

bool H264Depacketizer::is_partition_head(std::span<const uint8_t> p) const {
  if (p.empty()) return false;
  uint8_t type = h264_nal_type(p[0]);
  if (type == kH264FuA) return p.size() > 2 && (p[1] & 0x80) && opens_access_unit(p[1], p[2]);
  if (type == kH264StapA) return p.size() > 3 && opens_access_unit(p[3], p.size() > 4 ? p[4] : -1);
  return opens_access_unit(p[0], p.size() > 1 ? p[1] : -1);
}

bool H264Depacketizer::is_keyframe(std::span<const uint8_t> p) const {
  auto key = [](uint8_t t) { return t == 5 || t == 7; };
  if (p.empty()) return false;
  uint8_t type = h264_nal_type(p[0]);
  if (type == kH264FuA) return p.size() > 1 && (p[1] & 0x80) && key(p[1] & 0x1f);
  if (type == kH264StapA) {
    for (size_t pos = 1; pos + 2 < p.size();) {
      size_t n = load_u16(&p[pos]);
      if (n == 0 || n > p.size() - pos - 2) return false;
      if (key(h264_nal_type(p[pos + 2]))) return true;
      pos += 2 + n;
    }
    return false;
  }
  return key(type);
}

}  // namespace purertc::rtp
