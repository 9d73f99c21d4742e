// RtpSenderCore: one outgoing RTP stream (one SSRC, plus its RTX SSRC when negotiated). Sans-IO; the
// owner (MediaSession) protects what it produces and queues it.
//
//  - send_sample(): a frame is cut by the codec's packetizer into payloads that fit the MTU (after the
//    RTP header with the mid/rid extensions and the SRTP tag), given consecutive sequence numbers and
//    one RTP timestamp; the marker bit ends a video frame (RFC 7741 4.1) and is set on audio only for the
//    first packet after silence, which purertc does not model (always clear for audio).
//  - send_rtp(): a packet the application built is re-stamped with this stream's SSRC, payload type and
//    sequence number, its timestamp moved by a fixed offset (so the stream's RTP clock starts at a
//    random value, RFC 3550 5.1), and the mid/rid extensions (re)written; other extensions are kept.
//  - Every packet sent is kept in a bounded RetransmissionBuffer; a Generic NACK is answered from it,
//    as RTX (RFC 4588 4, own SSRC and sequence space) when an RTX payload type and SSRC are set, else
//    as the original packet.
//  - RTCP: a Sender Report (RFC 3550 6.4.1) carries the NTP time the owner passes in and the RTP
//    timestamp of that instant, extrapolated from the last frame at the codec clock rate; report blocks
//    about this SSRC from the peer give fraction lost, cumulative lost, jitter and round-trip time
//    (RFC 3550 6.4.1: RTT = A - LSR - DLSR).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/timestamp.h"
#include "pc/media/media_params.h"
#include "pc/media/retransmission_buffer.h"
#include "rtp/rtcp/feedback.h"
#include "rtp/rtcp/reports.h"

namespace purertc::pc::media {

struct SenderParameters {
  MediaKind kind = MediaKind::kVideo;
  uint32_t ssrc = 0;
  std::optional<uint32_t> rtx_ssrc;  // a=ssrc-group:FID ssrc rtx_ssrc; used with codec.rtx_payload_type
  std::string mid;                   // written in the mid extension when extensions.mid != 0
  std::string rid;                   // written in the rid extension when non-empty and extensions.rid != 0
  std::string cname;                 // RTCP SDES CNAME (RFC 7022); MediaSession uses the first sender's
  CodecParameters codec;
  HeaderExtensionIds extensions;
  // Largest RTP packet before SRTP (MediaSession sets it from its MTU minus the SRTP tag).
  size_t max_packet_size = 1200 - 16;
  // Largest RTP packet send_rtp accepts. The application built the packet (often a forwarded one), so
  // the packetization target above does not apply: Chromium packetizes to 1200 bytes of RTP before its
  // SRTP tag, more than max_packet_size, and reflecting such a packet must not fail. The bound is the
  // UDP payload of a 1500-byte IPv6 packet minus the SRTP tag and the RTX header a retransmission adds.
  size_t max_forwarded_packet_size = 1500 - 40 - 8 - 16 - 2;
  size_t retransmission_packets = 1024;  // 0 disables NACK answers
  Duration retransmission_max_age = Duration::seconds(2);
  // Random in production (MediaSession draws them); fixed in tests.
  uint16_t initial_sequence_number = 0;
  uint32_t initial_timestamp = 0;
  uint16_t initial_picture_id = 0;
  uint16_t initial_rtx_sequence_number = 0;
};

struct SenderStats {
  uint64_t packets_sent = 0;         // first transmissions
  uint64_t bytes_sent = 0;           // payload bytes of first transmissions (W3C bytesSent)
  uint64_t header_bytes_sent = 0;
  uint64_t frames_sent = 0;          // send_sample calls that produced packets
  uint64_t retransmitted_packets = 0;
  uint64_t retransmitted_bytes = 0;  // payload bytes
  uint64_t nacks_received = 0;
  uint64_t nack_sequence_numbers = 0;  // listed in the NACKs
  uint64_t nack_misses = 0;            // listed, but no longer (or never) in the buffer
  uint64_t plis_received = 0;
  uint64_t firs_received = 0;
  uint64_t sender_reports_sent = 0;
  uint64_t rtx_packets_sent = 0;
  // From the latest report block about this SSRC.
  uint64_t report_blocks_received = 0;
  uint8_t remote_fraction_lost = 0;
  int32_t remote_packets_lost = 0;
  uint32_t remote_jitter = 0;  // RTP timestamp units
  std::optional<Duration> round_trip_time;
};

class RtpSenderCore {
 public:
  explicit RtpSenderCore(SenderParameters params);

  const SenderParameters& parameters() const { return params_; }
  uint32_t ssrc() const { return params_.ssrc; }
  bool has_rtx() const { return params_.rtx_ssrc && params_.codec.rtx_payload_type; }

  // Packetizes `frame` (`duration` advances the RTP timestamp for the next one, at the codec clock rate)
  // and appends the plaintext packets to `out`, each in a buffer from `take_buffer()` with room for
  // `tailroom` more bytes. Errors: kUnsupported (no packetizer for the codec), kInvalidArgument (MTU too
  // small), kMalformed (the frame is not a valid bitstream), all before anything is appended.
  template <class TakeBuffer>
  Status send_sample(std::span<const uint8_t> frame, Duration duration, Timestamp now, size_t tailroom,
                     TakeBuffer&& take_buffer, std::vector<std::vector<uint8_t>>& out);

  // Re-stamps `packet` (see the header comment) and appends it to `out`. Errors: kMalformed (not RTP),
  // kBufferTooSmall (larger than max_forwarded_packet_size once the extensions are written).
  Status send_rtp(std::span<const uint8_t> packet, Timestamp now, size_t tailroom, std::vector<uint8_t>& buffer);

  // Answers a NACK: appends a retransmission (RTX or original) per listed sequence number still in the
  // buffer. Returns how many were appended.
  template <class TakeBuffer>
  size_t handle_nack(const rtp::GenericNack& nack, Timestamp now, size_t tailroom, TakeBuffer&& take_buffer,
                     std::vector<std::vector<uint8_t>>& out);
  void handle_pli() { ++stats_.plis_received; }
  void handle_fir() { ++stats_.firs_received; }
  // A report block whose SSRC is ours; `arrival_ntp` is the NTP time the RTCP packet arrived.
  void handle_report_block(const rtp::ReportBlock& block, uint64_t arrival_ntp);

  // The Sender Report for `ntp_now` (the wall-clock time at `now`), or nullopt before the first packet.
  std::optional<rtp::SenderReport> make_sender_report(uint64_t ntp_now, Timestamp now);
  bool has_sent() const { return stats_.packets_sent > 0; }

  const SenderStats& stats() const { return stats_; }

 private:
  // Builds one packet: header with this stream's fields and extensions, then `payload`.
  Status write_packet(std::span<const uint8_t> payload, bool marker, uint32_t timestamp, size_t tailroom,
                      std::vector<uint8_t>& buffer);
  void record_sent(std::span<const uint8_t> packet, size_t payload_size, Timestamp now);
  size_t write_retransmission(std::span<const uint8_t> original, size_t tailroom, std::vector<uint8_t>& buffer);
  size_t extension_header_budget() const;
  Status ensure_packetizer();

  SenderParameters params_;
  std::unique_ptr<rtp::Packetizer> packetizer_;
  rtp::PayloadList payloads_;
  RetransmissionBuffer history_;
  uint16_t next_sequence_number_;
  uint16_t next_rtx_sequence_number_;
  uint32_t next_timestamp_;  // of the next frame (send_sample)
  // RTP timestamp of the latest frame and when it was sent: the SR extrapolates from them.
  uint32_t last_timestamp_ = 0;
  Timestamp last_frame_time_;
  // send_rtp: offset added to the application's timestamps, fixed at its first packet.
  std::optional<uint32_t> timestamp_offset_;
  SenderStats stats_;
};

template <class TakeBuffer>
Status RtpSenderCore::send_sample(std::span<const uint8_t> frame, Duration duration, Timestamp now,
                                  size_t tailroom, TakeBuffer&& take_buffer,
                                  std::vector<std::vector<uint8_t>>& out) {
  if (auto s = ensure_packetizer(); !s) return s;
  const size_t budget = extension_header_budget();
  if (params_.max_packet_size <= budget) {
    return unexpected(Error{Errc::kInvalidArgument, "max packet size leaves no room for a payload"});
  }
  payloads_.clear();
  if (auto s = packetizer_->packetize(frame, params_.max_packet_size - budget, payloads_); !s) return s;
  const uint32_t timestamp = next_timestamp_;
  const bool video = params_.kind == MediaKind::kVideo;
  for (size_t i = 0; i < payloads_.size(); ++i) {
    std::vector<uint8_t> buffer = take_buffer();
    const bool marker = video && i + 1 == payloads_.size();
    if (auto s = write_packet(payloads_[i], marker, timestamp, tailroom, buffer); !s) return s;
    record_sent(buffer, payloads_[i].size(), now);
    out.push_back(std::move(buffer));
  }
  if (!payloads_.empty()) ++stats_.frames_sent;
  last_timestamp_ = timestamp;
  last_frame_time_ = now;
  const int64_t ticks = duration.us() * static_cast<int64_t>(params_.codec.clock_rate) / 1000000;
  next_timestamp_ = timestamp + static_cast<uint32_t>(ticks);
  return {};
}

template <class TakeBuffer>
size_t RtpSenderCore::handle_nack(const rtp::GenericNack& nack, Timestamp now, size_t tailroom,
                                  TakeBuffer&& take_buffer, std::vector<std::vector<uint8_t>>& out) {
  ++stats_.nacks_received;
  size_t sent = 0;
  for (uint16_t seq : nack.lost) {
    ++stats_.nack_sequence_numbers;
    std::span<const uint8_t> original = history_.find(seq, now);
    if (original.empty()) {
      ++stats_.nack_misses;
      continue;
    }
    std::vector<uint8_t> buffer = take_buffer();
    if (write_retransmission(original, tailroom, buffer) == 0) continue;
    out.push_back(std::move(buffer));
    ++sent;
  }
  return sent;
}

}  // namespace purertc::pc::media
