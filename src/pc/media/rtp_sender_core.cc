#include "pc/media/rtp_sender_core.h"

#include <array>
#include <string_view>

#include "rtp/packet/rtp_packet.h"
#include "rtp/rtx.h"

namespace purertc::pc::media {

namespace {

std::span<const uint8_t> text_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Placeholders for the extensions MediaSession stamps per transmission (transport-wide sequence number,
// abs-send-time): the sender reserves their bytes, the session writes the values just before protect.
constexpr std::array<uint8_t, 3> kZeros{};

}  // namespace

RtpSenderCore::RtpSenderCore(SenderParameters params)
    : params_(std::move(params)),
      history_(params_.retransmission_packets, params_.retransmission_max_age),
      next_sequence_number_(params_.initial_sequence_number),
      next_rtx_sequence_number_(params_.initial_rtx_sequence_number),
      next_timestamp_(params_.initial_timestamp),
      last_timestamp_(params_.initial_timestamp) {}

Status RtpSenderCore::ensure_packetizer() {
  if (packetizer_) return {};
  auto codec = params_.codec.codec();
  if (!codec) return unexpected(Error{Errc::kUnsupported, "no packetizer for the sender's codec"});
  packetizer_ = make_packetizer(*codec, params_.initial_picture_id);
  return {};
}

// Adds the extensions this stream writes on every packet. The returned header is only used for its
// extension block, so the borrowed spans (strings of params_, static zeros) outlive it.
static void add_stream_extensions(const SenderParameters& p, rtp::RtpHeader& h) {
  const HeaderExtensionIds& ids = p.extensions;
  if (ids.mid != 0 && !p.mid.empty()) (void)h.add_extension(ids.mid, text_bytes(p.mid));
  if (ids.rid != 0 && !p.rid.empty()) (void)h.add_extension(ids.rid, text_bytes(p.rid));
  if (ids.abs_send_time != 0) (void)h.add_extension(ids.abs_send_time, std::span(kZeros).first(3));
  if (ids.transport_cc != 0) (void)h.add_extension(ids.transport_cc, std::span(kZeros).first(2));
}

size_t RtpSenderCore::extension_header_budget() const {
  rtp::RtpHeader h;
  add_stream_extensions(params_, h);
  return h.header_size();
}

Status RtpSenderCore::write_packet(std::span<const uint8_t> payload, bool marker, uint32_t timestamp,
                                   size_t tailroom, std::vector<uint8_t>& buffer) {
  rtp::RtpHeader h;
  h.marker = marker;
  h.payload_type = params_.codec.payload_type;
  h.sequence_number = next_sequence_number_;
  h.timestamp = timestamp;
  h.ssrc = params_.ssrc;
  add_stream_extensions(params_, h);
  const size_t size = h.serialized_size(payload.size());
  buffer.reserve(size + tailroom);
  buffer.resize(size);
  auto written = h.write_to(buffer, payload);
  if (!written) return unexpected(written.error());
  ++next_sequence_number_;
  return {};
}

void RtpSenderCore::record_sent(std::span<const uint8_t> packet, size_t payload_size, Timestamp now) {
  const uint16_t seq = static_cast<uint16_t>(next_sequence_number_ - 1);
  history_.store(seq, packet, now);
  ++stats_.packets_sent;
  stats_.bytes_sent += payload_size;
  stats_.header_bytes_sent += packet.size() - payload_size;
}

Status RtpSenderCore::send_rtp(std::span<const uint8_t> packet, Timestamp now, size_t tailroom,
                               std::vector<uint8_t>& buffer) {
  auto view = rtp::RtpPacketView::parse(packet);
  if (!view) return unexpected(view.error());
  rtp::RtpHeader h;
  h.marker = view->marker();
  h.payload_type = params_.codec.payload_type;
  h.sequence_number = next_sequence_number_;
  if (!timestamp_offset_) timestamp_offset_ = params_.initial_timestamp - view->timestamp();
  h.timestamp = view->timestamp() + *timestamp_offset_;
  h.ssrc = params_.ssrc;
  for (size_t i = 0; i < view->csrc_count(); ++i) (void)h.add_csrc(view->csrc(i));
  // Keep the application's extensions except those this stream owns; ours are written afresh.
  const HeaderExtensionIds& ids = params_.extensions;
  view->for_each_extension([&](const rtp::ExtensionElement& e) {
    if (e.id == ids.mid || e.id == ids.rid || e.id == ids.repaired_rid || e.id == ids.abs_send_time ||
        e.id == ids.transport_cc) {
      return;
    }
    // Leave room for the four extensions of add_stream_extensions.
    if (size_t{h.extension_count} + 4 < rtp::kMaxHeaderExtensions) (void)h.add_extension(e.id, e.value);
  });
  add_stream_extensions(params_, h);
  const std::span<const uint8_t> payload = view->payload();
  const size_t size = h.serialized_size(payload.size());
  if (size > params_.max_forwarded_packet_size) {
    return unexpected(Error{Errc::kBufferTooSmall, "RTP packet larger than the largest forwarded packet"});
  }
  buffer.reserve(size + tailroom);
  buffer.resize(size);
  auto written = h.write_to(buffer, payload);
  if (!written) return unexpected(written.error());
  ++next_sequence_number_;
  record_sent(buffer, payload.size(), now);
  last_timestamp_ = h.timestamp;
  last_frame_time_ = now;
  return {};
}

size_t RtpSenderCore::write_retransmission(std::span<const uint8_t> original, size_t tailroom,
                                           std::vector<uint8_t>& buffer) {
  auto view = rtp::RtpPacketView::parse(original);
  if (!view) return 0;  // the history holds only packets this core wrote: cannot happen
  const size_t payload_size = view->payload().size();
  if (has_rtx()) {
    buffer.resize(original.size() + rtp::kRtxOverhead + tailroom);
    auto n = rtp::rtx_encapsulate(*view, *params_.codec.rtx_payload_type, *params_.rtx_ssrc,
                                  next_rtx_sequence_number_, buffer);
    if (!n) return 0;
    ++next_rtx_sequence_number_;
    buffer.resize(*n);
    ++stats_.rtx_packets_sent;
  } else {
    // RFC 4585 without RFC 4588: the same packet again. SRTP re-protects it under the same index, which
    // is allowed because the receiver never accepted that index (its replay window would reject it).
    buffer.reserve(original.size() + tailroom);
    buffer.assign(original.begin(), original.end());
  }
  ++stats_.retransmitted_packets;
  stats_.retransmitted_bytes += payload_size;
  return buffer.size();
}

void RtpSenderCore::handle_report_block(const rtp::ReportBlock& block, uint64_t arrival_ntp) {
  ++stats_.report_blocks_received;
  stats_.remote_fraction_lost = block.fraction_lost;
  stats_.remote_packets_lost = block.cumulative_lost;
  stats_.remote_jitter = block.jitter;
  if (block.last_sr == 0) return;  // no SR from us reached the peer yet (RFC 3550 6.4.1)
  // RFC 3550 6.4.1: round trip = A - LSR - DLSR, all in the compact NTP unit; modular arithmetic is right
  // across the 18-hour wrap of the compact form.
  const uint32_t rtt = ntp_compact(arrival_ntp) - block.last_sr - block.delay_since_last_sr;
  if (rtt < (uint32_t{1} << 31)) stats_.round_trip_time = duration_from_compact(rtt);
}

std::optional<rtp::SenderReport> RtpSenderCore::make_sender_report(uint64_t ntp_now, Timestamp now) {
  if (!has_sent()) return std::nullopt;
  rtp::SenderReport sr;
  sr.sender_ssrc = params_.ssrc;
  sr.ntp_timestamp = ntp_now;
  // RFC 3550 6.4.1: "the same time as the NTP timestamp ... but in the same units and with the same
  // random offset as the RTP timestamps": extrapolated from the last frame at the clock rate.
  const int64_t elapsed_us = (now - last_frame_time_).us();
  const int64_t ticks = elapsed_us * static_cast<int64_t>(params_.codec.clock_rate) / 1000000;
  sr.rtp_timestamp = last_timestamp_ + static_cast<uint32_t>(ticks);
  sr.packet_count = static_cast<uint32_t>(stats_.packets_sent);
  sr.octet_count = static_cast<uint32_t>(stats_.bytes_sent);
  ++stats_.sender_reports_sent;
  return sr;
}

}  // namespace purertc::pc::media
