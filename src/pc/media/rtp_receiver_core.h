// RtpReceiverCore: one incoming RTP stream (one media SSRC, plus its RTX SSRC when negotiated), after
// routing and SRTP. Sans-IO; MediaSession feeds it and sends what it asks for.
//
//  - Every packet updates ReceiveStatistics (loss, jitter) and the NackGenerator; RTX packets
//    (RFC 4588 4) are turned back into the original packet first and count as repairs.
//  - Packets go out as RtpPacketReceived and/or, through rtp::SampleBuilder with the codec's
//    depacketizer, as assembled samples. A change of payload type restarts the builder with the new
//    codec's depacketizer.
//  - RTCP out: report blocks for our SR/RR, Generic NACKs for gaps, PLI/FIR when the application (or a
//    gap too large to repair) asks for a keyframe and the codec negotiated it.
//  - A different media SSRC under the same receiver (the remote restarted its encoder) resets the
//    statistics and the builder.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/timestamp.h"
#include "pc/media/events.h"
#include "pc/media/media_params.h"
#include "pc/media/nack_generator.h"
#include "pc/media/receive_statistics.h"
#include "rtp/packet/rtp_packet.h"
#include "rtp/rtcp/feedback.h"
#include "rtp/sample_builder.h"

namespace purertc::pc::media {

struct ReceiverParameters {
  MediaKind kind = MediaKind::kVideo;
  std::string mid;  // routing key (RFC 8843); empty when the transport has a single m-section
  std::string rid;  // routing key for a simulcast layer (RFC 8852); empty otherwise
  // Every payload type the m-section negotiated for receiving (with their RTX payload types).
  std::vector<CodecParameters> codecs;
  HeaderExtensionIds extensions;
  // SSRCs signalled with a=ssrc / a=ssrc-group:FID, routed before any packet arrives (optional).
  std::optional<uint32_t> ssrc;
  std::optional<uint32_t> rtx_ssrc;
  bool emit_rtp_packets = true;
  bool assemble_samples = false;
  rtp::SampleBuilderSettings sample_builder;
  NackSettings nack;
  // Send Generic NACKs for gaps (when a codec negotiated "nack"); off leaves losses to the decoder.
  bool generate_nacks = true;
};

struct ReceiverStats {
  uint32_t ssrc = 0;  // current media SSRC (0 before the first packet)
  uint64_t packets_received = 0;    // media packets, retransmissions included
  uint64_t bytes_received = 0;      // payload bytes (W3C bytesReceived)
  uint64_t header_bytes_received = 0;
  int64_t packets_lost = 0;         // RFC 3550 A.3 cumulative lost
  uint32_t jitter = 0;              // RTP timestamp units (A.8)
  double jitter_seconds = 0;
  uint64_t rtx_packets_received = 0;
  uint64_t packets_repaired = 0;     // NACKed gaps filled (by RTX or a plain retransmission)
  uint64_t packets_discarded = 0;    // unknown payload type, RTX without an original SSRC, malformed RTX
  uint64_t nacks_sent = 0;
  uint64_t nack_sequence_numbers_sent = 0;
  uint64_t plis_sent = 0;
  uint64_t firs_sent = 0;
  uint64_t frames_received = 0;   // samples assembled
  uint64_t frames_dropped = 0;
  uint64_t sender_reports_received = 0;
  std::optional<uint64_t> last_sender_report_ntp;
};

class RtpReceiverCore {
 public:
  RtpReceiverCore(ReceiverId id, ReceiverParameters params);

  ReceiverId id() const { return id_; }
  const ReceiverParameters& parameters() const { return params_; }
  std::optional<uint32_t> media_ssrc() const { return media_ssrc_; }
  std::optional<uint32_t> rtx_ssrc() const { return rtx_ssrc_; }
  // True when `pt` is one of the media (not RTX) payload types / RTX payload types.
  const CodecParameters* codec_for(uint8_t payload_type) const;
  const CodecParameters* codec_for_rtx(uint8_t rtx_payload_type) const;

  // Where RtpPacketReceived copies come from (MediaSession hands out recycled buffers); plain
  // allocation when unset.
  void set_buffer_source(std::function<std::vector<uint8_t>()> source) { buffer_source_ = std::move(source); }

  // A plaintext packet routed here; `rtx` when the router matched it as this receiver's RTX stream.
  // `packet` may be rewritten in place. Events are appended to `events`.
  void handle_rtp(std::span<uint8_t> packet, bool rtx, Timestamp now, std::vector<Event>& events);
  void handle_sender_report(uint64_t ntp_timestamp, Timestamp now);
  void set_rtt(Duration rtt) { nack_.set_rtt(rtt); }

  // Keyframe request from the application: returned by take_feedback() at the next RTCP opportunity.
  // Falls back to FIR when PLI is not negotiated and vice versa; kUnsupported when neither is.
  Status request_keyframe(KeyframeRequestKind kind);

  // Feedback due at `now`: NACKs, PLI, FIR, each a complete RTCP packet with `sender_ssrc` in it.
  struct Feedback {
    std::optional<rtp::GenericNack> nack;
    std::optional<rtp::Pli> pli;
    std::optional<rtp::Fir> fir;
  };
  Feedback take_feedback(uint32_t sender_ssrc, Timestamp now);
  Timestamp next_feedback_time() const;

  // The report block about the media SSRC, or nullopt before the first packet.
  std::optional<rtp::ReportBlock> make_report_block(Timestamp now);

  ReceiverStats stats() const;

 private:
  void start_stream(uint32_t ssrc, uint8_t payload_type, std::vector<Event>& events);
  void deliver(std::span<const uint8_t> packet, const rtp::RtpPacketView& view, bool retransmission,
               Timestamp now, std::vector<Event>& events);
  bool negotiated(KeyframeRequestKind kind) const;

  ReceiverId id_;
  ReceiverParameters params_;
  std::optional<uint32_t> media_ssrc_;
  std::optional<uint32_t> rtx_ssrc_;
  std::unique_ptr<ReceiveStatistics> statistics_;
  NackGenerator nack_;
  // Sample assembly: the builder borrows the depacketizer of the payload type it was made for.
  std::optional<uint8_t> builder_payload_type_;
  std::unique_ptr<rtp::Depacketizer> depacketizer_;
  std::unique_ptr<rtp::SampleBuilder> builder_;
  std::vector<uint8_t> rtx_scratch_;
  std::function<std::vector<uint8_t>()> buffer_source_;
  bool pli_pending_ = false;
  bool fir_pending_ = false;
  uint8_t fir_sequence_number_ = 0;
  ReceiverStats stats_;
};

}  // namespace purertc::pc::media
