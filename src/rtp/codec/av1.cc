#include "rtp/codec/av1.h"

#include <algorithm>
#include <cstring>

namespace purertc::rtp {

Result<Leb128> Leb128::parse(std::span<const uint8_t> in) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < in.size(); ++i) {
    v |= uint64_t{in[i] & 0x7fu} << (7 * i);
    if ((in[i] & 0x80) == 0) {
      if (v > 0xffffffffu) return unexpected(Error{Errc::kMalformed, "AV1: LEB128 value above 2^32-1"});
      return Leb128{static_cast<uint32_t>(v), i + 1};
    }
  }
  return unexpected(Error{Errc::kTruncated, "AV1: LEB128 cut or longer than 8 bytes"});
}

size_t Leb128::encoded_size(uint32_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

size_t Leb128::write(uint32_t v, uint8_t* out) {
  size_t n = 0;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out[n++] = static_cast<uint8_t>(b | (v ? 0x80 : 0));
  } while (v);
  return n;
}

namespace {

// One OBU as an RTP OBU element: its header bytes with obu_has_size_field cleared, then its payload.
struct Element {
  uint8_t header[2];
  size_t header_size;
  std::span<const uint8_t> payload;
  size_t size() const { return header_size + payload.size(); }
  void copy(size_t off, size_t n, uint8_t* dst) const {
    while (n > 0 && off < header_size) {
      *dst++ = header[off++];
      --n;
    }
    if (n) std::memcpy(dst, payload.data() + (off - header_size), n);
  }
};

struct Piece {
  size_t element, offset, size;
};

}  // namespace

Status Av1Packetizer::packetize(std::span<const uint8_t> tu, size_t max_payload_size, PayloadList& out) {
  if (max_payload_size < 4) return unexpected(Error{Errc::kInvalidArgument, "AV1: payload size too small"});
  Element elements[64];
  size_t count = 0;
  bool sequence_header = false;
  for (size_t pos = 0; pos < tu.size();) {
    uint8_t h = tu[pos];
    if (h & 0x80) return unexpected(Error{Errc::kMalformed, "AV1: forbidden bit set"});
    uint8_t type = (h >> 3) & 0x0f;
    size_t hs = (h & 0x04) ? 2 : 1;
    if (tu.size() - pos < hs) return unexpected(Error{Errc::kTruncated, "AV1: OBU header cut"});
    size_t payload_at = pos + hs, payload_size;
    if (h & 0x02) {
      auto len = Leb128::parse(tu.subspan(payload_at));
      if (!len) return unexpected(len.error());
      payload_at += len->size;
      if (len->value > tu.size() - payload_at) return unexpected(Error{Errc::kTruncated, "AV1: OBU size past end"});
      payload_size = len->value;
    } else {
      payload_size = tu.size() - payload_at;  // the last OBU may omit its size
    }
    if (type != kObuTemporalDelimiter && type != kObuTileList) {
      if (count == 64) return unexpected(Error{Errc::kLimitExceeded, "AV1: more than 64 OBUs in a temporal unit"});
      Element& e = elements[count++];
      e.header[0] = static_cast<uint8_t>(h & ~0x02);
      e.header[1] = hs == 2 ? tu[pos + 1] : 0;
      e.header_size = hs;
      e.payload = tu.subspan(payload_at, payload_size);
      if (type == kObuSequenceHeader) sequence_header = true;
    }
    pos = payload_at + payload_size;
  }
  if (count == 0) return unexpected(Error{Errc::kMalformed, "AV1: temporal unit without OBUs to send"});

  // Greedy fill, every element with a length field; a packet ending with <= 3 elements then uses W and
  // drops the last length (RFC-style "W" saving), which never makes a packet larger.
  Piece pieces[8];
  size_t e = 0, off = 0;
  bool continues = false, first_packet = true;
  const size_t cap = max_payload_size - 1;
  while (e < count) {
    size_t np = 0, used = 0;
    while (e < count && np < 8) {
      size_t rest = elements[e].size() - off;
      size_t space = cap - used;
      if (space < 2) break;
      size_t n = std::min(rest, space - Leb128::encoded_size(static_cast<uint32_t>(std::min(rest, space))));
      if (n == 0) break;
      pieces[np++] = Piece{e, off, n};
      used += Leb128::encoded_size(static_cast<uint32_t>(n)) + n;
      off += n;
      if (off == elements[e].size()) {
        ++e;
        off = 0;
      } else {
        break;  // fragment: the packet is full
      }
    }
    bool ends_in_fragment = off != 0;
    uint8_t w = np <= 3 ? static_cast<uint8_t>(np) : 0;
    size_t size = 1;
    for (size_t i = 0; i < np; ++i) {
      bool has_len = !(w != 0 && i + 1 == np);
      size += (has_len ? Leb128::encoded_size(static_cast<uint32_t>(pieces[i].size)) : 0) + pieces[i].size;
    }
    auto dst = out.append(size);
    dst[0] = static_cast<uint8_t>((continues ? 0x80 : 0) | (ends_in_fragment ? 0x40 : 0) | (w << 4) |
                                  (first_packet && sequence_header ? 0x08 : 0));
    size_t at = 1;
    for (size_t i = 0; i < np; ++i) {
      bool has_len = !(w != 0 && i + 1 == np);
      if (has_len) at += Leb128::write(static_cast<uint32_t>(pieces[i].size), &dst[at]);
      elements[pieces[i].element].copy(pieces[i].offset, pieces[i].size, &dst[at]);
      at += pieces[i].size;
    }
    continues = ends_in_fragment;
    first_packet = false;
  }
  return {};
}

void Av1Depacketizer::begin_frame(std::vector<uint8_t>& frame) {
  pending_.clear();
  in_fragment_ = false;
  // Each temporal unit opens with a temporal delimiter in the low-overhead format; RTP does not carry it.
  frame.push_back(static_cast<uint8_t>((kObuTemporalDelimiter << 3) | 0x02));
  frame.push_back(0);
}

Status Av1Depacketizer::emit_obu(std::vector<uint8_t>& frame) {
  if (pending_.empty()) return unexpected(Error{Errc::kMalformed, "AV1: empty OBU element"});
  uint8_t h = pending_[0];
  if (h & 0x80) return unexpected(Error{Errc::kMalformed, "AV1: forbidden bit set"});
  size_t hs = (h & 0x04) ? 2 : 1;
  if (pending_.size() < hs) return unexpected(Error{Errc::kTruncated, "AV1: OBU header cut"});
  std::span<const uint8_t> payload = std::span<const uint8_t>(pending_).subspan(hs);
  if (h & 0x02) {
    // A sender may keep obu_size; it must then match the element.
    auto len = Leb128::parse(payload);
    if (!len) return unexpected(len.error());
    if (len->value != payload.size() - len->size) return unexpected(Error{Errc::kMalformed, "AV1: obu_size disagrees with element"});
    payload = payload.subspan(len->size);
  }
  uint8_t type = (h >> 3) & 0x0f;
  if (type != kObuTemporalDelimiter) {
    frame.push_back(static_cast<uint8_t>(h | 0x02));
    if (hs == 2) frame.push_back(pending_[1]);
    uint8_t len[8];
    size_t n = Leb128::write(static_cast<uint32_t>(payload.size()), len);
    frame.insert(frame.end(), len, len + n);
    frame.insert(frame.end(), payload.begin(), payload.end());
  }
  pending_.clear();
  return {};
}

Status Av1Depacketizer::depacketize(std::span<const uint8_t> p, std::vector<uint8_t>& frame) {
  if (p.size() < 2) return unexpected(Error{Errc::kTruncated, "AV1: payload shorter than 2 bytes"});
  bool z = p[0] & 0x80, y = p[0] & 0x40;
  unsigned w = (p[0] >> 4) & 0x03;
  if (z != in_fragment_) return unexpected(Error{Errc::kMalformed, "AV1: Z bit does not match fragment state"});
  size_t pos = 1;
  for (unsigned idx = 0; pos < p.size(); ++idx) {
    size_t len;
    if (w != 0 && idx + 1 == w) {
      len = p.size() - pos;
    } else {
      auto l = Leb128::parse(p.subspan(pos));
      if (!l) return unexpected(l.error());
      pos += l->size;
      if (l->value > p.size() - pos) return unexpected(Error{Errc::kTruncated, "AV1: OBU element past end"});
      len = l->value;
    }
    bool last = pos + len == p.size();
    if (pending_.size() + len > kMaxObuSize) return unexpected(Error{Errc::kLimitExceeded, "AV1: OBU larger than limit"});
    pending_.insert(pending_.end(), p.begin() + static_cast<ptrdiff_t>(pos), p.begin() + static_cast<ptrdiff_t>(pos + len));
    pos += len;
    if (last && y) {
      in_fragment_ = true;
      return {};
    }
    auto st = emit_obu(frame);
    if (!st) return st;
  }
  in_fragment_ = false;
  return {};
}

bool Av1Depacketizer::is_partition_head(std::span<const uint8_t> p) const { return !p.empty() && (p[0] & 0x80) == 0; }

bool Av1Depacketizer::is_keyframe(std::span<const uint8_t> p) const {
  if (p.size() < 2) return false;
  if (p[0] & 0x08) return true;
  if (p[0] & 0x80) return false;
  // The first element is a whole OBU: a sequence header there means a new coded video sequence.
  unsigned w = (p[0] >> 4) & 0x03;
  size_t at = 1;
  if (w != 1) {
    auto l = Leb128::parse(p.subspan(1));
    if (!l) return false;
    at += l->size;
  }
  return at < p.size() && ((p[at] >> 3) & 0x0f) == kObuSequenceHeader;
}

}  // namespace purertc::rtp
