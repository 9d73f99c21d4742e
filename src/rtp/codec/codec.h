// The packetizer / depacketizer contract every codec implements.
//
// A packetizer cuts one encoded frame into RTP payloads of at most `max_payload_size` bytes (the MTU minus
// the RTP header, SRTP tag and any extensions the caller adds) and appends them to a PayloadList, whose
// storage is reused across frames so a steady-state sender allocates nothing. The caller sets the marker
// bit on the last payload of a video frame.
//
// A depacketizer turns the payloads of one frame, in sequence order, back into the codec's bitstream
// (Annex B for H.264/H.265, the low-overhead OBU format for AV1, the raw frame for VPx and audio). It keeps
// state only within a frame (fragmented NAL units / OBUs); begin_frame() resets it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/result.h"

namespace purertc::rtp {

class PayloadList {
 public:
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::span<const uint8_t> operator[](size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::span<const uint8_t>(bytes_).subspan(begin, ends_[i] - begin);
  }
  void clear() {
    bytes_.clear();
    ends_.clear();
  }
  // Starts a payload and returns `n` writable bytes for it (valid until the next call).
  std::span<uint8_t> append(size_t n) {
    size_t at = bytes_.size();
    bytes_.resize(at + n);
    ends_.push_back(static_cast<uint32_t>(bytes_.size()));
    return std::span<uint8_t>(bytes_).subspan(at, n);
  }
  // Grows the last payload by `n` bytes and returns them.
  std::span<uint8_t> extend(size_t n) {
    size_t at = bytes_.size();
    bytes_.resize(at + n);
    ends_.back() = static_cast<uint32_t>(bytes_.size());
    return std::span<uint8_t>(bytes_).subspan(at, n);
  }
  size_t total_bytes() const { return bytes_.size(); }

 private:
  std::vector<uint8_t> bytes_;
  std::vector<uint32_t> ends_;
};

class Packetizer {
 public:
  virtual ~Packetizer() = default;
  // Appends the payloads for `frame` to `out`. kInvalidArgument when max_payload_size is too small for the
  // codec's payload header, kMalformed when the frame is not a valid bitstream for the codec.
  virtual Status packetize(std::span<const uint8_t> frame, size_t max_payload_size, PayloadList& out) = 0;
};

class Depacketizer {
 public:
  virtual ~Depacketizer() = default;
  // Called before the first payload of a frame: drops state left by an incomplete frame.
  virtual void begin_frame(std::vector<uint8_t>& frame) = 0;
  // Appends the bitstream carried by `payload` to `frame`.
  virtual Status depacketize(std::span<const uint8_t> payload, std::vector<uint8_t>& frame) = 0;
  // True when `payload` starts a codec unit a frame can begin with (VP8 partition 0, VP9 B bit, the NAL
  // unit opening an H.264/H.265 access unit, an AV1 packet without Z). A frame starts at such a packet whose predecessor belongs
  // to another frame (marker set or another timestamp); the sample builder uses this after a loss.
  virtual bool is_partition_head(std::span<const uint8_t> payload) const = 0;
  // True when `payload` shows that its frame is a keyframe (decodable on its own).
  virtual bool is_keyframe(std::span<const uint8_t> payload) const = 0;
  // True for audio codecs, where every packet is one frame.
  virtual bool one_frame_per_packet() const { return false; }
};

}  // namespace purertc::rtp
