#include "rtp/codec/h265.h"

#include <algorithm>
#include <cstring>

#include "common/byte_order.h"
#include "rtp/codec/nal_unit.h"

namespace purertc::rtp {
namespace {

constexpr uint8_t kStartCode[4] = {0, 0, 0, 1};

bool is_key_type(uint8_t t) { return (t >= 16 && t <= 21) || t == 32 || t == 33; }

void emit_fu(std::span<const uint8_t> nal, size_t max_payload_size, PayloadList& out) {
  uint8_t type = h265_nal_type(nal[0]);
  auto data = nal.subspan(2);
  size_t chunk = max_payload_size - 3;
  size_t count = (data.size() + chunk - 1) / chunk;
  size_t base = data.size() / count, extra = data.size() % count;
  size_t pos = 0;
  for (size_t i = 0; i < count; ++i) {
    size_t n = base + (i < extra ? 1 : 0);
    auto dst = out.append(3 + n);
    dst[0] = static_cast<uint8_t>((nal[0] & 0x81) | (kH265Fu << 1));
    dst[1] = nal[1];
    dst[2] = static_cast<uint8_t>((i == 0 ? 0x80 : 0) | (i + 1 == count ? 0x40 : 0) | type);
    std::memcpy(&dst[3], data.data() + pos, n);
    pos += n;
  }
}

}  // namespace

Status H265Packetizer::packetize(std::span<const uint8_t> au, size_t max_payload_size, PayloadList& out) {
  if (max_payload_size < 4) return unexpected(Error{Errc::kInvalidArgument, "H.265: payload size too small"});
  std::span<const uint8_t> nals[64];
  size_t count = 0;
  bool bad = false;
  for_each_annex_b_nal(au, [&](std::span<const uint8_t> nal) {
    if (count == 64 || nal.size() < 3) bad = true;
    else nals[count++] = nal;
  });
  if (bad) return unexpected(Error{Errc::kMalformed, "H.265: NAL unit shorter than its header or more than 64"});
  if (count == 0) return unexpected(Error{Errc::kMalformed, "H.265: no NAL unit in access unit"});
  for (size_t k = 0; k < count; ++k) {
    // Types 48..63 are unspecified in H.265 and used by RFC 7798 for AP, FU and PACI.
    if (h265_nal_type(nals[k][0]) >= 48) return unexpected(Error{Errc::kMalformed, "H.265: NAL type reserved for RTP payload structures"});
  }
  size_t i = 0;
  while (i < count) {
    auto nal = nals[i];
    if (nal.size() > max_payload_size) {
      emit_fu(nal, max_payload_size, out);
      ++i;
      continue;
    }
    size_t j = i, size = 2;
    while (j < count && size + 2 + nals[j].size() <= max_payload_size) {
      size += 2 + nals[j].size();
      ++j;
    }
    if (j - i < 2) {
      std::memcpy(out.append(nal.size()).data(), nal.data(), nal.size());
      ++i;
      continue;
    }
    // RFC 7798 4.4.2: F is the OR of the aggregated F bits, LayerId and TID the lowest of them.
    uint8_t f = 0, layer = 0x3f, tid = 7;
    for (size_t k = i; k < j; ++k) {
      f = static_cast<uint8_t>(f | (nals[k][0] & 0x80));
      layer = std::min<uint8_t>(layer, static_cast<uint8_t>(((nals[k][0] & 1) << 5) | (nals[k][1] >> 3)));
      tid = std::min<uint8_t>(tid, nals[k][1] & 0x07);
    }
    auto dst = out.append(size);
    dst[0] = static_cast<uint8_t>(f | (kH265Ap << 1) | (layer >> 5));
    dst[1] = static_cast<uint8_t>(((layer & 0x1f) << 3) | tid);
    size_t at = 2;
    for (size_t k = i; k < j; ++k) {
      store_u16(&dst[at], static_cast<uint16_t>(nals[k].size()));
      std::memcpy(&dst[at + 2], nals[k].data(), nals[k].size());
      at += 2 + nals[k].size();
    }
    i = j;
  }
  return {};
}

Status H265Depacketizer::depacketize(std::span<const uint8_t> p, std::vector<uint8_t>& frame) {
  if (p.size() < 3) return unexpected(Error{Errc::kTruncated, "H.265: payload shorter than 3 bytes"});
  uint8_t type = h265_nal_type(p[0]);
  if (type < kH265Ap) {
    in_fragment_ = false;
    frame.insert(frame.end(), std::begin(kStartCode), std::end(kStartCode));
    frame.insert(frame.end(), p.begin(), p.end());
    return {};
  }
  if (type == kH265Ap) {
    in_fragment_ = false;
    size_t pos = 2;
    while (pos < p.size()) {
      if (p.size() - pos < 2) return unexpected(Error{Errc::kTruncated, "H.265: AP size cut"});
      size_t n = load_u16(&p[pos]);
      pos += 2;
      if (n < 2 || n > p.size() - pos) return unexpected(Error{Errc::kMalformed, "H.265: AP NAL size past end"});
      frame.insert(frame.end(), std::begin(kStartCode), std::end(kStartCode));
      frame.insert(frame.end(), p.begin() + static_cast<ptrdiff_t>(pos), p.begin() + static_cast<ptrdiff_t>(pos + n));
      pos += n;
    }
    return {};
  }
  if (type == kH265Fu) {
    if (p.size() < 4) return unexpected(Error{Errc::kTruncated, "H.265: FU without data"});
    bool start = p[2] & 0x80, end = p[2] & 0x40;
    if (start && end) return unexpected(Error{Errc::kMalformed, "H.265: FU with both S and E"});
    if (start) {
      frame.insert(frame.end(), std::begin(kStartCode), std::end(kStartCode));
      frame.push_back(static_cast<uint8_t>((p[0] & 0x81) | ((p[2] & 0x3f) << 1)));
      frame.push_back(p[1]);
      in_fragment_ = true;
    } else if (!in_fragment_) {
      return unexpected(Error{Errc::kMalformed, "H.265: FU continuation without a start"});
    }
    frame.insert(frame.end(), p.begin() + 3, p.end());
    if (end) in_fragment_ = false;
    return {};
  }
  return unexpected(Error{Errc::kUnsupported, "H.265: PACI or reserved payload type"});
}

namespace {
// Whether a NAL unit of `type` whose slice header starts with `first_payload_byte` can open an access unit:
// a VCL NAL unit with first_slice_segment_in_pic_flag set, or a parameter set, AUD or prefix SEI
// (7.4.2.4.4), which precede the first slice.
bool opens_access_unit(uint8_t type, int first_payload_byte) {
  if (type < 32) return first_payload_byte >= 0 && (first_payload_byte & 0x80);
  return type <= 35 || type == 39;
}
}  // namespace

bool H265Depacketizer::is_partition_head(std::span<const uint8_t> p) const {
  if (p.size() < 3) return false;
  uint8_t type = h265_nal_type(p[0]);
  if (type == kH265Fu) return p.size() > 3 && (p[2] & 0x80) && opens_access_unit(p[2] & 0x3f, p[3]);
  if (type == kH265Ap) return p.size() > 6 && opens_access_unit(h265_nal_type(p[4]), p.size() > 6 ? p[6] : -1);
  return opens_access_unit(type, p[2]);
}

bool H265Depacketizer::is_keyframe(std::span<const uint8_t> p) const {
  if (p.size() < 3) return false;
  uint8_t type = h265_nal_type(p[0]);
  if (type == kH265Fu) return (p[2] & 0x80) && is_key_type(p[2] & 0x3f);
  if (type == kH265Ap) {
    for (size_t pos = 2; pos + 3 < p.size();) {
      size_t n = load_u16(&p[pos]);
      if (n < 2 || n > p.size() - pos - 2) return false;
      if (is_key_type(h265_nal_type(p[pos + 2]))) return true;
      pos += 2 + n;
    }
    return false;
  }
  return is_key_type(type);
}

}  // namespace purertc::rtp
