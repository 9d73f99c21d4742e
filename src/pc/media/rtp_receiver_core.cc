#include "pc/media/rtp_receiver_core.h"

#include <utility>

#include "rtp/rtx.h"

namespace purertc::pc::media {

RtpReceiverCore::RtpReceiverCore(ReceiverId id, ReceiverParameters params)
    : id_(id), params_(std::move(params)), nack_(params_.nack) {
  if (params_.ssrc) media_ssrc_ = params_.ssrc;
  if (params_.rtx_ssrc) rtx_ssrc_ = params_.rtx_ssrc;
}

const CodecParameters* RtpReceiverCore::codec_for(uint8_t payload_type) const {
  for (const auto& c : params_.codecs) {
    if (c.payload_type == payload_type) return &c;
  }
  return nullptr;
}

const CodecParameters* RtpReceiverCore::codec_for_rtx(uint8_t rtx_payload_type) const {
  for (const auto& c : params_.codecs) {
    if (c.rtx_payload_type && *c.rtx_payload_type == rtx_payload_type) return &c;
  }
  return nullptr;
}

void RtpReceiverCore::start_stream(uint32_t ssrc, uint8_t payload_type, std::vector<Event>& events) {
  const CodecParameters* codec = codec_for(payload_type);
  media_ssrc_ = ssrc;
  statistics_ = std::make_unique<ReceiveStatistics>(codec ? codec->clock_rate : 90000);
  nack_ = NackGenerator(params_.nack);
  builder_.reset();
  depacketizer_.reset();
  builder_payload_type_.reset();
  stats_.ssrc = ssrc;
  events.push_back(ReceiverStarted{id_, ssrc, payload_type, params_.rid});
}

void RtpReceiverCore::handle_rtp(std::span<uint8_t> packet, bool rtx, Timestamp now, std::vector<Event>& events) {
  auto view = rtp::RtpPacketView::parse(packet);
  if (!view) {
    ++stats_.packets_discarded;
    return;
  }
  if (rtx) {
    const CodecParameters* codec = codec_for_rtx(view->payload_type());
    // Without the media SSRC the original packet cannot be rebuilt (RFC 4588 gives only the sequence).
    if (codec == nullptr || !media_ssrc_ || !statistics_) {
      ++stats_.packets_discarded;
      return;
    }
    rtx_ssrc_ = view->ssrc();
    ++stats_.rtx_packets_received;
    // RFC 4588 padding-only packets (bandwidth probes) carry no original packet.
    if (view->payload().size() < rtp::kRtxOverhead) return;
    rtx_scratch_.resize(packet.size());
    auto n = rtp::rtx_decapsulate(*view, codec->payload_type, *media_ssrc_, rtx_scratch_);
    if (!n) {
      ++stats_.packets_discarded;
      return;
    }
    auto original = rtp::RtpPacketView::parse(std::span<const uint8_t>(rtx_scratch_).first(*n));
    if (!original) {
      ++stats_.packets_discarded;
      return;
    }
    deliver(std::span<const uint8_t>(rtx_scratch_).first(*n), *original, true, now, events);
    return;
  }
  if (codec_for(view->payload_type()) == nullptr) {
    ++stats_.packets_discarded;
    return;
  }
  if (!statistics_ || media_ssrc_ != view->ssrc()) start_stream(view->ssrc(), view->payload_type(), events);
  deliver(packet, *view, false, now, events);
}

void RtpReceiverCore::deliver(std::span<const uint8_t> packet, const rtp::RtpPacketView& view,
                              bool retransmission, Timestamp now, std::vector<Event>& events) {
  const CodecParameters* codec = codec_for(view.payload_type());
  if (codec == nullptr) {  // an RTX packet whose apt names a payload type we do not receive
    ++stats_.packets_discarded;
    return;
  }
  const int64_t seq = statistics_->on_packet(view.sequence_number(), view.timestamp(), now, retransmission);
  ++stats_.packets_received;
  stats_.bytes_received += view.payload().size();
  stats_.header_bytes_received += view.header_size();
  if (nack_.on_packet(seq, now)) ++stats_.packets_repaired;

  if (params_.emit_rtp_packets) {
    std::vector<uint8_t> copy = buffer_source_ ? buffer_source_() : std::vector<uint8_t>();
    copy.assign(packet.begin(), packet.end());
    events.push_back(RtpPacketReceived{id_, std::move(copy), now});
  }
  if (!params_.assemble_samples) return;
  if (builder_payload_type_ != view.payload_type()) {
    auto c = codec->codec();
    if (!c) return;  // a payload format without a depacketizer: RTP packets only
    if (builder_) stats_.frames_dropped += builder_->stats().frames_dropped;
    depacketizer_ = make_depacketizer(*c);
    builder_ = std::make_unique<rtp::SampleBuilder>(*depacketizer_, params_.sample_builder);
    builder_payload_type_ = view.payload_type();
  }
  builder_->push(view);
  while (auto frame = builder_->pop()) {
    ++stats_.frames_received;
    events.push_back(SampleReceived{id_, std::move(frame->data), frame->rtp_timestamp, view.payload_type(),
                                    frame->keyframe, frame->packets_lost_before});
  }
}

void RtpReceiverCore::handle_sender_report(uint64_t ntp_timestamp, Timestamp now) {
  ++stats_.sender_reports_received;
  stats_.last_sender_report_ntp = ntp_timestamp;
  if (statistics_) statistics_->on_sender_report(ntp_timestamp, now);
}

bool RtpReceiverCore::negotiated(KeyframeRequestKind kind) const {
  for (const auto& c : params_.codecs) {
    if (kind == KeyframeRequestKind::kPli ? c.feedback.pli : c.feedback.fir) return true;
  }
  return false;
}

Status RtpReceiverCore::request_keyframe(KeyframeRequestKind kind) {
  const KeyframeRequestKind other = kind == KeyframeRequestKind::kPli ? KeyframeRequestKind::kFir
                                                                      : KeyframeRequestKind::kPli;
  if (!negotiated(kind)) {
    if (!negotiated(other)) return unexpected(Error{Errc::kUnsupported, "neither PLI nor FIR negotiated"});
    kind = other;
  }
  if (kind == KeyframeRequestKind::kPli) pli_pending_ = true;
  else fir_pending_ = true;
  return {};
}

RtpReceiverCore::Feedback RtpReceiverCore::take_feedback(uint32_t sender_ssrc, Timestamp now) {
  Feedback f;
  if (!media_ssrc_) return f;
  bool nack_negotiated = false;
  for (const auto& c : params_.codecs) nack_negotiated |= c.feedback.nack;
  if (nack_negotiated && params_.generate_nacks) {
    auto due = nack_.take_due(now);
    if (!due.empty()) {
      ++stats_.nacks_sent;
      stats_.nack_sequence_numbers_sent += due.size();
      f.nack = rtp::GenericNack{sender_ssrc, *media_ssrc_, std::move(due)};
    }
  }
  // Losses NACK could not repair leave the decoder without a reference: ask for a keyframe.
  if (nack_.take_keyframe_needed() && params_.kind == MediaKind::kVideo) (void)request_keyframe(KeyframeRequestKind::kPli);
  if (pli_pending_) {
    pli_pending_ = false;
    ++stats_.plis_sent;
    f.pli = rtp::Pli{sender_ssrc, *media_ssrc_};
  }
  if (fir_pending_) {
    fir_pending_ = false;
    ++stats_.firs_sent;
    // RFC 5104 4.3.1.1: the sequence number increases by one per new request.
    f.fir = rtp::Fir{sender_ssrc, {rtp::FirEntry{*media_ssrc_, fir_sequence_number_++}}};
  }
  return f;
}

Timestamp RtpReceiverCore::next_feedback_time() const {
  if (!media_ssrc_ || !params_.generate_nacks) return Timestamp::infinite();
  return nack_.next_due();
}

std::optional<rtp::ReportBlock> RtpReceiverCore::make_report_block(Timestamp now) {
  if (!statistics_ || !statistics_->started() || !media_ssrc_) return std::nullopt;
  return statistics_->make_report_block(*media_ssrc_, now);
}

ReceiverStats RtpReceiverCore::stats() const {
  ReceiverStats s = stats_;
  if (statistics_) {
    s.packets_lost = statistics_->packets_lost();
    s.jitter = statistics_->jitter();
    const CodecParameters* codec = builder_payload_type_ ? codec_for(*builder_payload_type_) : nullptr;
    if (codec == nullptr && !params_.codecs.empty()) codec = &params_.codecs.front();
    if (codec != nullptr && codec->clock_rate > 0) s.jitter_seconds = static_cast<double>(s.jitter) / codec->clock_rate;
  }
  if (builder_) s.frames_dropped += builder_->stats().frames_dropped;
  return s;
}

}  // namespace purertc::pc::media
