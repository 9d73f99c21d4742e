#include "rtp/codec/vp8.h"

#include <algorithm>
#include <cstring>

#include "common/byte_order.h"

namespace purertc::rtp {

Result<Vp8Descriptor> Vp8Descriptor::parse(std::span<const uint8_t> p) {
  if (p.empty()) return unexpected(Error{Errc::kTruncated, "VP8: empty payload"});
  Vp8Descriptor d;
  d.non_reference = (p[0] & 0x20) != 0;
  d.start_of_partition = (p[0] & 0x10) != 0;
  d.partition_index = p[0] & 0x07;
  size_t pos = 1;
  if (p[0] & 0x80) {
    if (p.size() < 2) return unexpected(Error{Errc::kTruncated, "VP8: extension byte missing"});
    uint8_t x = p[1];
    pos = 2;
    if (x & 0x80) {
      if (pos >= p.size()) return unexpected(Error{Errc::kTruncated, "VP8: picture id missing"});
      if (p[pos] & 0x80) {
        if (pos + 2 > p.size()) return unexpected(Error{Errc::kTruncated, "VP8: 15-bit picture id cut"});
        d.picture_id = static_cast<uint16_t>(load_u16(&p[pos]) & 0x7fff);
        pos += 2;
      } else {
        d.picture_id = p[pos] & 0x7f;
        pos += 1;
      }
    }
    if (x & 0x40) {
      if (pos >= p.size()) return unexpected(Error{Errc::kTruncated, "VP8: TL0PICIDX missing"});
      d.tl0_pic_idx = p[pos++];
    }
    if (x & 0x30) {
      if (pos >= p.size()) return unexpected(Error{Errc::kTruncated, "VP8: TID/KEYIDX missing"});
      if (x & 0x20) {
        d.temporal_id = static_cast<uint8_t>(p[pos] >> 6);
        d.layer_sync = (p[pos] & 0x20) != 0;
      }
      if (x & 0x10) d.key_idx = p[pos] & 0x1f;
      ++pos;
    }
  }
  d.size = pos;
  return d;
}

Status Vp8Packetizer::packetize(std::span<const uint8_t> frame, size_t max_payload_size, PayloadList& out) {
  constexpr size_t kDescriptor = 4;  // X=1, I=1 with a 15-bit picture id
  if (max_payload_size <= kDescriptor) return unexpected(Error{Errc::kInvalidArgument, "VP8: payload size too small"});
  if (frame.empty()) return unexpected(Error{Errc::kInvalidArgument, "VP8: empty frame"});
  size_t chunk = max_payload_size - kDescriptor;
  // Equal-sized packets: the same count as greedy filling, but no runt at the end.
  size_t count = (frame.size() + chunk - 1) / chunk;
  size_t base = frame.size() / count, extra = frame.size() % count;
  size_t pos = 0;
  for (size_t i = 0; i < count; ++i) {
    size_t n = base + (i < extra ? 1 : 0);
    auto dst = out.append(kDescriptor + n);
    dst[0] = static_cast<uint8_t>(0x80 | (i == 0 ? 0x10 : 0));
    dst[1] = 0x80;
    store_u16(&dst[2], static_cast<uint16_t>(0x8000 | picture_id_));
    std::memcpy(&dst[kDescriptor], frame.data() + pos, n);
    pos += n;
  }
  picture_id_ = static_cast<uint16_t>((picture_id_ + 1) & 0x7fff);
  return {};
}

Status Vp8Depacketizer::depacketize(std::span<const uint8_t> payload, std::vector<uint8_t>& frame) {
  auto d = Vp8Descriptor::parse(payload);
  if (!d) return unexpected(d.error());
  if (d->size == payload.size()) return unexpected(Error{Errc::kMalformed, "VP8: descriptor without data"});
  frame.insert(frame.end(), payload.begin() + static_cast<ptrdiff_t>(d->size), payload.end());
  return {};
}

bool Vp8Depacketizer::is_partition_head(std::span<const uint8_t> payload) const {
  auto d = Vp8Descriptor::parse(payload);
  return d && d->start_of_partition && d->partition_index == 0;
}

bool Vp8Depacketizer::is_keyframe(std::span<const uint8_t> payload) const {
  auto d = Vp8Descriptor::parse(payload);
  return d && d->start_of_partition && d->partition_index == 0 && d->size < payload.size() &&
         (payload[d->size] & 0x01) == 0;
}

}  // namespace purertc::rtp
