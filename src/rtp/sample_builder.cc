#include "rtp/sample_builder.h"

#include <algorithm>

namespace purertc::rtp {

SampleBuilder::SampleBuilder(Depacketizer& depacketizer, SampleBuilderSettings settings)
    : depacketizer_(depacketizer), settings_(settings), slots_(std::max<size_t>(settings.max_packets, 2)) {
  settings_.max_reorder_packets = std::min(settings_.max_reorder_packets, slots_.size() - 1);
}

void SampleBuilder::release(int64_t seq, bool lost) {
  Slot& s = slot(seq);
  if (s.used && s.seq == seq) {
    last_timestamp_ = s.timestamp;
    s.used = false;
  } else if (lost) {
    ++stats_.packets_lost;
    ++lost_since_frame_;
  }
}

void SampleBuilder::push(const RtpPacketView& packet) {
  ++stats_.packets_pushed;
  if (packet.payload().size() > settings_.max_payload_size) {
    ++stats_.packets_rejected;
    return;
  }
  int64_t seq = seq_unwrapper_.unwrap(packet.sequence_number());
  if (!started_) {
    started_ = true;
    head_ = seq;
    newest_ = seq - 1;
  }
  int64_t window = static_cast<int64_t>(slots_.size());
  // Until the first frame leaves, the first packet that arrived need not be the first one sent: let the
  // start move back for a packet that was merely reordered.
  if (seq < head_ && !consumed_any_ && newest_ - seq < window) {
    head_ = seq;
  }
  if (seq < head_ || (seq <= newest_ && present(seq))) {
    ++stats_.packets_duplicate_or_late;
    return;
  }
  // Keep the window: sequence numbers older than seq - max_packets fall out (counted as lost if missing).
  if (seq - head_ >= window) {
    int64_t new_head = seq - window + 1;
    for (int64_t s = head_; s < new_head; ++s) release(s, true);
    head_ = new_head;
    at_boundary_ = false;
    consumed_any_ = true;
  }
  Slot& s = slot(seq);
  s.used = true;
  s.seq = seq;
  s.timestamp = packet.timestamp();
  s.marker = packet.marker();
  s.payload.assign(packet.payload().begin(), packet.payload().end());
  newest_ = std::max(newest_, seq);
}

std::optional<AssembledFrame> SampleBuilder::pop() {
  const int64_t reorder = static_cast<int64_t>(settings_.max_reorder_packets);
  while (started_ && head_ <= newest_) {
    if (!present(head_)) {
      if (newest_ - head_ < reorder) return std::nullopt;  // may still arrive
      release(head_, true);
      ++head_;
      at_boundary_ = false;
      consumed_any_ = true;
      continue;
    }
    Slot& first = slot(head_);
    bool starts = depacketizer_.one_frame_per_packet() || at_boundary_ ||
                  (depacketizer_.is_partition_head(first.payload) &&
                   (!last_timestamp_ || *last_timestamp_ != first.timestamp));
    if (!starts) {
      // At the start of the stream the first arrival may be a reordered later packet: wait as for a gap.
      if (!consumed_any_ && newest_ - head_ < reorder) return std::nullopt;
      // The tail of a frame whose beginning was lost.
      release(head_, false);
      ++head_;
      consumed_any_ = true;
      ++stats_.packets_lost;
      ++lost_since_frame_;
      continue;
    }
    // Find the end of the frame.
    int64_t end = head_;
    bool gap = false;
    if (!depacketizer_.one_frame_per_packet()) {
      // Ends at the marker, or before the timestamp changes; a missing packet first means "not yet".
      while (!slot(end).marker) {
        if (!present(end + 1)) {
          gap = true;
          break;
        }
        if (slot(end + 1).timestamp != slot(end).timestamp) break;
        ++end;
      }
    }
    if (gap) {
      // end + 1 is missing: wait for it unless it is already given up on.
      if (newest_ - (end + 1) < reorder) return std::nullopt;
      for (int64_t s = head_; s <= end; ++s) release(s, false);
      stats_.packets_lost += static_cast<uint64_t>(end - head_ + 1);
      lost_since_frame_ += static_cast<uint64_t>(end - head_ + 1);
      ++stats_.frames_dropped;
      head_ = end + 1;
      at_boundary_ = false;
      consumed_any_ = true;
      continue;
    }
    AssembledFrame f;
    f.rtp_timestamp = first.timestamp;
    f.first_sequence = head_;
    f.last_sequence = end;
    f.packets = static_cast<size_t>(end - head_ + 1);
    depacketizer_.begin_frame(f.data);
    bool ok = true;
    for (int64_t s = head_; s <= end && ok; ++s) {
      auto payload = std::span<const uint8_t>(slot(s).payload);
      if (depacketizer_.is_keyframe(payload)) f.keyframe = true;
      ok = depacketizer_.depacketize(payload, f.data).has_value() && f.data.size() <= settings_.max_frame_size;
    }
    for (int64_t s = head_; s <= end; ++s) release(s, false);
    head_ = end + 1;
    at_boundary_ = true;
    consumed_any_ = true;
    if (!ok) {
      ++stats_.frames_dropped;
      continue;
    }
    f.unwrapped_timestamp = ts_unwrapper_.unwrap(f.rtp_timestamp);
    f.packets_lost_before = lost_since_frame_;
    lost_since_frame_ = 0;
    ++stats_.frames_emitted;
    return f;
  }
  return std::nullopt;
}

}  // namespace purertc::rtp
