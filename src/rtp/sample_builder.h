// SampleBuilder: the receive-side frame assembler (a jitter buffer without a clock). RTP packets go in in
// any order; complete frames come out in sequence order, each the codec bitstream rebuilt by the codec's
// Depacketizer.
//
// Frame boundaries: a frame is the run of packets with one RTP timestamp, ending at the marker bit (or at
// the packet before the timestamp changes, for senders that do not set it). After a gap, a packet starts a
// frame only if the codec says it is a partition head and its timestamp differs from the last one seen,
// so the tail of a frame whose head was lost is never emitted as a frame.
//
// Loss: a missing sequence number is given up on once a packet `max_reorder_packets` newer has arrived
// (or when the buffer window is exceeded); the frame it belonged to is dropped and counted, and the next
// emitted frame reports how many packets were lost before it. Sequence numbers and timestamps are unwrapped
// to 64 bits, so both wrap freely.
//
// Limits (a peer controls what is pushed): the window holds `max_packets` packets of at most
// `max_payload_size` bytes, and a frame larger than `max_frame_size` is dropped.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/unwrap.h"
#include "rtp/codec/codec.h"
#include "rtp/packet/rtp_packet.h"

namespace purertc::rtp {

struct SampleBuilderSettings {
  size_t max_packets = 1024;          // window, in sequence numbers
  size_t max_reorder_packets = 128;   // how far a packet may arrive late before it is declared lost
  size_t max_payload_size = 1500;
  size_t max_frame_size = 8 * 1024 * 1024;
};

struct AssembledFrame {
  std::vector<uint8_t> data;
  uint32_t rtp_timestamp = 0;
  int64_t unwrapped_timestamp = 0;
  int64_t first_sequence = 0;  // unwrapped
  int64_t last_sequence = 0;
  size_t packets = 0;
  bool keyframe = false;
  uint64_t packets_lost_before = 0;  // packets given up on since the previous emitted frame
};

struct SampleBuilderStats {
  uint64_t packets_pushed = 0;
  uint64_t packets_duplicate_or_late = 0;
  uint64_t packets_rejected = 0;  // payload too large
  uint64_t packets_lost = 0;
  uint64_t frames_emitted = 0;
  uint64_t frames_dropped = 0;  // incomplete, undecodable or too large
};

class SampleBuilder {
 public:
  // `depacketizer` is borrowed and must outlive the builder.
  SampleBuilder(Depacketizer& depacketizer, SampleBuilderSettings settings = {});

  // Copies what it needs from the packet; the view may be released afterwards.
  void push(const RtpPacketView& packet);
  // The next complete frame, in order, or nullopt when none is ready yet. Call until nullopt after pushes.
  std::optional<AssembledFrame> pop();

  const SampleBuilderStats& stats() const { return stats_; }

 private:
  struct Slot {
    bool used = false;
    int64_t seq = 0;
    uint32_t timestamp = 0;
    bool marker = false;
    std::vector<uint8_t> payload;
  };
  Slot& slot(int64_t seq) { return slots_[static_cast<size_t>(seq) % slots_.size()]; }
  bool present(int64_t seq) { return seq <= newest_ && slot(seq).used && slot(seq).seq == seq; }
  void release(int64_t seq, bool lost);

  Depacketizer& depacketizer_;
  SampleBuilderSettings settings_;
  std::vector<Slot> slots_;
  Unwrapper<uint16_t> seq_unwrapper_;
  Unwrapper<uint32_t> ts_unwrapper_;
  bool started_ = false;
  bool consumed_any_ = false;  // head_ has moved forward at least once
  int64_t head_ = 0;    // first sequence number not consumed yet
  int64_t newest_ = 0;  // highest sequence number pushed
  bool at_boundary_ = false;  // the packet before head_ ended a frame that was emitted
  std::optional<uint32_t> last_timestamp_;
  uint64_t lost_since_frame_ = 0;
  SampleBuilderStats stats_;
};

}  // namespace purertc::rtp
