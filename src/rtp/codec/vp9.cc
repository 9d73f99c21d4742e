#include "rtp/codec/vp9.h"

#include <cstring>

#include "common/byte_order.h"
#include "rtp/bit_reader.h"

namespace purertc::rtp {

Result<Vp9Descriptor> Vp9Descriptor::parse(std::span<const uint8_t> p) {
  auto cut = [](const char* what) { return unexpected(Error{Errc::kTruncated, what}); };
  if (p.empty()) return cut("VP9: empty payload");
  Vp9Descriptor d;
  uint8_t b = p[0];
  bool has_pid = b & 0x80;
  d.inter_picture_predicted = b & 0x40;
  d.has_layer_indices = b & 0x20;
  d.flexible = b & 0x10;
  d.begin_of_frame = b & 0x08;
  d.end_of_frame = b & 0x04;
  bool has_ss = b & 0x02;
  d.not_reference = b & 0x01;
  size_t pos = 1;
  if (has_pid) {
    if (pos >= p.size()) return cut("VP9: picture id missing");
    if (p[pos] & 0x80) {
      if (pos + 2 > p.size()) return cut("VP9: 15-bit picture id cut");
      d.picture_id = static_cast<uint16_t>(load_u16(&p[pos]) & 0x7fff);
      pos += 2;
    } else {
      d.picture_id = p[pos++] & 0x7f;
    }
  } else if (d.flexible) {
    // RFC 9628 4.2: "I: ... MUST be set to 1 if F is set to 1".
    return unexpected(Error{Errc::kMalformed, "VP9: flexible mode without picture id"});
  }
  if (d.has_layer_indices) {
    if (pos >= p.size()) return cut("VP9: layer indices missing");
    d.temporal_id = p[pos] >> 5;
    d.switching_up = p[pos] & 0x10;
    d.spatial_id = (p[pos] >> 1) & 0x07;
    d.inter_layer_dependency = p[pos] & 0x01;
    ++pos;
    if (!d.flexible) {
      if (pos >= p.size()) return cut("VP9: TL0PICIDX missing");
      d.tl0_pic_idx = p[pos++];
    }
  }
  if (d.flexible && d.inter_picture_predicted) {
    for (;;) {
      if (pos >= p.size()) return cut("VP9: P_DIFF missing");
      if (d.p_diff_count == 3) return unexpected(Error{Errc::kMalformed, "VP9: more than 3 P_DIFF"});
      uint8_t x = p[pos++];
      d.p_diff[d.p_diff_count++] = static_cast<uint8_t>(x >> 1);
      if ((x & 0x01) == 0) break;
    }
  }
  if (has_ss) {
    if (pos >= p.size()) return cut("VP9: scalability structure missing");
    d.has_scalability_structure = true;
    uint8_t ss = p[pos++];
    d.spatial_layers = static_cast<uint8_t>((ss >> 5) + 1);
    d.has_resolution = ss & 0x10;
    bool has_groups = ss & 0x08;
    if (d.has_resolution) {
      if (p.size() - pos < 4u * d.spatial_layers) return cut("VP9: SS resolutions cut");
      for (size_t i = 0; i < d.spatial_layers; ++i) {
        d.width[i] = load_u16(&p[pos]);
        d.height[i] = load_u16(&p[pos + 2]);
        pos += 4;
      }
    }
    if (has_groups) {
      if (pos >= p.size()) return cut("VP9: SS N_G missing");
      size_t groups = p[pos++];
      for (size_t g = 0; g < groups; ++g) {
        if (pos >= p.size()) return cut("VP9: SS picture group cut");
        size_t refs = (p[pos++] >> 2) & 0x03;
        if (p.size() - pos < refs) return cut("VP9: SS P_DIFF cut");
        pos += refs;
      }
    }
  }
  d.size = pos;
  return d;
}

Result<Vp9FrameInfo> Vp9FrameInfo::parse(std::span<const uint8_t> frame) {
  BitReader r(frame);
  Vp9FrameInfo info;
  if (r.read_bits(2) != 2) return unexpected(Error{Errc::kMalformed, "VP9: bad frame marker"});
  unsigned profile = r.read_bits(1);
  profile |= r.read_bits(1) << 1;
  if (profile == 3) r.read_bits(1);
  info.show_existing_frame = r.read_bit();
  if (info.show_existing_frame) {
    if (!r.ok()) return unexpected(Error{Errc::kTruncated, "VP9: header cut"});
    return info;
  }
  info.keyframe = r.read_bits(1) == 0;
  r.read_bits(2);  // show_frame, error_resilient_mode
  if (info.keyframe) {
    if (r.read_bits(24) != 0x498342) return unexpected(Error{Errc::kMalformed, "VP9: bad sync code"});
    if (profile >= 2) r.read_bits(1);
    unsigned color_space = r.read_bits(3);
    if (color_space != 7) {
      r.read_bits(1);
      if (profile == 1 || profile == 3) r.read_bits(3);
    } else if (profile == 1 || profile == 3) {
      r.read_bits(1);
    }
    info.width = static_cast<uint16_t>(r.read_bits(16) + 1);
    info.height = static_cast<uint16_t>(r.read_bits(16) + 1);
  }
  if (!r.ok()) return unexpected(Error{Errc::kTruncated, "VP9: header cut"});
  return info;
}

Status Vp9Packetizer::packetize(std::span<const uint8_t> frame, size_t max_payload_size, PayloadList& out) {
  if (frame.empty()) return unexpected(Error{Errc::kInvalidArgument, "VP9: empty frame"});
  auto info = Vp9FrameInfo::parse(frame);
  if (!info) return unexpected(info.error());
  // Descriptor: byte 0 and a 15-bit picture id (no layer indices: one layer); flexible inter frames add
  // one P_DIFF; the first packet of a non-flexible keyframe carries a 1-layer SS with the resolution.
  size_t common = 3 + (flexible_ && !info->keyframe ? 1 : 0);
  size_t ss = (!flexible_ && info->keyframe) ? 5 : 0;
  if (max_payload_size <= common + ss) return unexpected(Error{Errc::kInvalidArgument, "VP9: payload size too small"});
  size_t pos = 0;
  bool first = true;
  while (pos < frame.size()) {
    size_t header = common + (first ? ss : 0);
    size_t n = std::min(max_payload_size - header, frame.size() - pos);
    bool last = pos + n == frame.size();
    auto dst = out.append(header + n);
    dst[0] = static_cast<uint8_t>(0x80 | (info->keyframe ? 0 : 0x40) | (flexible_ ? 0x10 : 0) | (first ? 0x08 : 0) |
                                  (last ? 0x04 : 0) | (first && ss ? 0x02 : 0));
    store_u16(&dst[1], static_cast<uint16_t>(0x8000 | picture_id_));
    size_t at = 3;
    if (flexible_ && !info->keyframe) dst[at++] = 1 << 1;  // P_DIFF 1: the previous picture, N=0
    if (first && ss) {
      dst[at++] = 0x10;  // N_S=0 (one layer), Y=1, G=0
      store_u16(&dst[at], info->width);
      store_u16(&dst[at + 2], info->height);
      at += 4;
    }
    std::memcpy(&dst[at], frame.data() + pos, n);
    pos += n;
    first = false;
  }
  picture_id_ = static_cast<uint16_t>((picture_id_ + 1) & 0x7fff);
  return {};
}

Status Vp9Depacketizer::depacketize(std::span<const uint8_t> payload, std::vector<uint8_t>& frame) {
  auto d = Vp9Descriptor::parse(payload);
  if (!d) return unexpected(d.error());
  if (d->size == payload.size()) return unexpected(Error{Errc::kMalformed, "VP9: descriptor without data"});
  frame.insert(frame.end(), payload.begin() + static_cast<ptrdiff_t>(d->size), payload.end());
  return {};
}

bool Vp9Depacketizer::is_partition_head(std::span<const uint8_t> payload) const {
  auto d = Vp9Descriptor::parse(payload);
  return d && d->begin_of_frame;
}

bool Vp9Depacketizer::is_keyframe(std::span<const uint8_t> payload) const {
  auto d = Vp9Descriptor::parse(payload);
  // A key picture is not inter-predicted and starts at its base spatial layer.
  return d && d->begin_of_frame && !d->inter_picture_predicted && d->spatial_id == 0;
}

}  // namespace purertc::rtp
