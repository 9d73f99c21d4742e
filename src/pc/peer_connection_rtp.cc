// PeerConnectionCore: the RTP path between the public tracks and the transport's media::MediaSession.
// Negotiated transceivers become the session's senders (the remote m-section's payload type for the
// track's codec, its extmap ids) and receivers (every payload type of the local m-section, routed by
// mid, with sample assembly); received packets and samples go to RtpTransceiver::on_rtp / on_sample.
#include <algorithm>

#include "common/log.h"
#include "pc/media_sdp.h"
#include "pc/peer_connection_core.h"
#include "pc/rtc_error_util.h"
#include "pc/runtime.h"

namespace purertc::pc {
namespace {

media::MediaKind to_media_kind(MediaKind kind) {
  return kind == MediaKind::kAudio ? media::MediaKind::kAudio : media::MediaKind::kVideo;
}

RtcResult<void> to_rtc_result(const Status& st) {
  if (st) return {};
  const RtcErrorCode code = st.error().code == Errc::kMalformed || st.error().code == Errc::kBufferTooSmall ||
                                    st.error().code == Errc::kInvalidArgument
                                ? RtcErrorCode::kInvalidArgument
                                : RtcErrorCode::kOperationError;
  return rtc_error(code, st.error());
}

}  // namespace

void PeerConnectionCore::sync_media() {
  media::MediaSession* session = transport_ ? transport_->media() : nullptr;
  if (session == nullptr || closed_ || !current_local_ || !current_remote_) return;
  for (const auto& t : transceivers_) {
    const sdp::MediaDescription* local = t->mid ? current_local_->sdp.find_media(*t->mid) : nullptr;
    const sdp::MediaDescription* remote = t->mid ? current_remote_->sdp.find_media(*t->mid) : nullptr;
    const bool negotiated = !t->stopped && local != nullptr && remote != nullptr && !local->is_rejected() &&
                            !remote->is_rejected();
    // What the last negotiation no longer allows ends first: a removed track or a direction that stopped
    // sending ends the sender (RTCP BYE), a remote track that stopped ends the receiver.
    if (!t->sender_ids().empty() && (!negotiated || !t->track || !sdp::sends(local->direction()))) remove_sender(*t);
    if (!t->receiver_ids().empty() && (!negotiated || !t->remote_track || !sdp::receives(local->direction()))) {
      remove_receiver(*t);
    }
    if (!negotiated) continue;

    if (t->track && sdp::sends(local->direction())) {
      if (t->send_layers.empty()) {
        if (!t->sender_id) t->sender_id = add_sender(*t, *remote, t->ssrc, t->rtx_ssrc, "");
      } else {
        // RID simulcast: a sender per layer the answer's a=simulcast recv accepted; without simulcast in
        // the answer the first encoding alone, as a plain stream (RFC 8853 section 5.3.2). Only when our
        // description offered the layers (a=simulcast send): when purertc answered, its answer announced
        // no rids, so the peer could not tell the layers apart.
        const auto local_simulcast = local->attributes.first<sdp::Simulcast>();
        const bool offered = local_simulcast && !local_simulcast->send.empty();
        const std::vector<std::string> granted = offered ? local_receive_rids(*remote) : std::vector<std::string>{};
        for (auto& layer : t->send_layers) {
          const bool accepted = std::find(granted.begin(), granted.end(), layer.rid) != granted.end();
          if (layer.sender_id || (!accepted && !(granted.empty() && &layer == &t->send_layers.front()))) continue;
          layer.sender_id = add_sender(*t, *remote, layer.ssrc, layer.rtx_ssrc, accepted ? layer.rid : "");
        }
      }
    }

    if (!t->remote_track || !sdp::receives(local->direction())) continue;
    if (t->remote_layers.empty()) {
      if (!t->receiver_id) t->receiver_id = add_receiver(*t, *local, "");
      continue;
    }
    // RID simulcast: one receiver per layer our description granted, routed by mid + rid (RFC 8852) and
    // then by the SSRC the router learns from the layer's first packets.
    const std::vector<std::string> granted = local_receive_rids(*local);
    for (auto& layer : t->remote_layers) {
      if (layer.receiver_id || std::find(granted.begin(), granted.end(), layer.rid) == granted.end()) continue;
      layer.receiver_id = add_receiver(*t, *local, layer.rid);
    }
  }
}

std::optional<uint32_t> PeerConnectionCore::add_sender(TransceiverCore& t, const sdp::MediaDescription& remote,
                                                       uint32_t ssrc, uint32_t rtx_ssrc, const std::string& rid) {
  media::MediaSession* session = transport_->media();
  // We send what the remote side said it receives: its payload type for the track's codec.
  const auto wanted = media::codec_from_name(t.track->codec().mime_type);
  const auto codecs = media_codecs(remote);
  auto it = std::find_if(codecs.begin(), codecs.end(), [&](const media::CodecParameters& c) {
    return wanted && c.codec() == wanted;
  });
  if (it == codecs.end()) {
    PURERTC_LOG_WARN("pc", "mid %s: the answer has no payload type for %s", t.mid->c_str(), t.track->codec().mime_type.c_str());
    return std::nullopt;
  }
  media::SenderParameters p;
  p.kind = to_media_kind(t.kind);
  p.ssrc = ssrc;
  if (it->rtx_payload_type) p.rtx_ssrc = rtx_ssrc;
  p.mid = *t.mid;
  p.rid = rid;
  p.cname = session_id_;
  p.codec = *it;
  p.extensions = media_extension_ids(remote);
  apply_interceptor_settings(runtime_->interceptors(), p);
  const media::SenderParameters params = p;
  auto id = session->add_sender(std::move(p));
  if (!id) {
    PURERTC_LOG_WARN("pc", "mid %s rid '%s': no sender: %s", t.mid->c_str(), rid.c_str(), to_string(id.error()).c_str());
    return std::nullopt;
  }
  if (InterceptorChain* chain = transport_->interceptors()) chain->add_local_stream(*id, params);
  return id->value();
}

std::optional<uint32_t> PeerConnectionCore::add_receiver(TransceiverCore& t, const sdp::MediaDescription& local,
                                                         const std::string& rid) {
  media::MediaSession* session = transport_->media();
  media::ReceiverParameters p;
  p.kind = to_media_kind(t.kind);
  p.mid = *t.mid;
  p.rid = rid;
  p.codecs = media_codecs(local);  // what we declared we receive
  p.extensions = media_extension_ids(local);
  p.emit_rtp_packets = true;
  p.assemble_samples = true;
  apply_interceptor_settings(runtime_->interceptors(), p);
  const media::ReceiverParameters params = p;
  auto id = session->add_receiver(std::move(p));
  if (!id) {
    PURERTC_LOG_WARN("pc", "mid %s rid '%s': no receiver: %s", t.mid->c_str(), rid.c_str(), to_string(id.error()).c_str());
    return std::nullopt;
  }
  if (InterceptorChain* chain = transport_->interceptors()) chain->add_remote_stream(*id, params);
  return id->value();
}

void PeerConnectionCore::remove_sender(TransceiverCore& t) {
  media::MediaSession* session = transport_ ? transport_->media() : nullptr;
  const std::vector<uint32_t> ids = t.sender_ids();
  if (ids.empty()) return;
  if (session != nullptr) {
    for (uint32_t id : ids) {
      if (auto st = session->remove_sender(media::SenderId(id), now()); !st) {
        PURERTC_LOG_WARN("pc", "remove sender: %s", to_string(st.error()).c_str());
      }
    }
    transport_->flush();
  }
  // RFC 3550 section 8.2: the SSRC left with the BYE. A later sender on this transceiver uses a new one
  // (announced by the next description): reusing it would restart the sequence numbers under the same
  // SRTP context, whose replay window and rollover counter would drop the new packets.
  if (t.sender_id) {
    t.ssrc = runtime_->random().next_u32();
    t.rtx_ssrc = runtime_->random().next_u32();
  }
  t.sender_id.reset();
  for (auto& l : t.send_layers) {
    if (!l.sender_id) continue;
    l.sender_id.reset();
    l.ssrc = runtime_->random().next_u32();
    l.rtx_ssrc = runtime_->random().next_u32();
  }
}

void PeerConnectionCore::remove_receiver(TransceiverCore& t) {
  media::MediaSession* session = transport_ ? transport_->media() : nullptr;
  if (session != nullptr) {
    for (uint32_t id : t.receiver_ids()) {
      if (auto st = session->remove_receiver(media::ReceiverId(id)); !st) {
        PURERTC_LOG_WARN("pc", "remove receiver: %s", to_string(st.error()).c_str());
      }
    }
  }
  t.receiver_id.reset();
  for (auto& l : t.remote_layers) l.receiver_id.reset();
}

void PeerConnectionCore::end_remote_track(const std::shared_ptr<TransceiverCore>& t, bool forget) {
  if (!t->remote_track) return;
  if (!t->remote_track_ended) {
    t->remote_track_ended = true;
    post_callback([t] {
      if (auto cb = t->on_track_ended) cb();
    });
  }
  if (forget) {
    t->remote_track.reset();
    t->remote_track_ended = false;
  }
}

std::shared_ptr<TransceiverCore> PeerConnectionCore::transceiver_by_receiver(uint32_t receiver_id,
                                                                             std::string* rid) const {
  for (const auto& t : transceivers_) {
    if (t->receiver_id == receiver_id) return t;
    for (const auto& l : t->remote_layers) {
      if (l.receiver_id != receiver_id) continue;
      if (rid != nullptr) *rid = l.rid;
      return t;
    }
  }
  return nullptr;
}

std::shared_ptr<TransceiverCore> PeerConnectionCore::transceiver_by_sender(uint32_t sender_id, std::string* rid) const {
  for (const auto& t : transceivers_) {
    if (t->sender_id == sender_id) return t;
    for (const auto& l : t->send_layers) {
      if (l.sender_id != sender_id) continue;
      if (rid != nullptr) *rid = l.rid;
      return t;
    }
  }
  return nullptr;
}

std::vector<uint32_t> PeerConnectionCore::senders_for(const TransceiverCore& t, const std::string* rid) {
  if (rid == nullptr) return t.sender_ids();
  for (const auto& l : t.send_layers) {
    if (l.rid == *rid && l.sender_id) return {*l.sender_id};
  }
  return {};
}

void PeerConnectionCore::on_media_event(media::Event& event) {
  if (auto* rtp = std::get_if<media::RtpPacketReceived>(&event)) {
    std::string rid;
    auto t = transceiver_by_receiver(rtp->receiver.value(), &rid);
    if (!t) return;
    auto* layer = t->layer(rid);
    // The layer's own callback if it has one, else the transceiver's (read again when the callback runs:
    // either may change in between).
    const bool own = layer != nullptr && layer->on_rtp;
    if (!own && !t->on_rtp) return;
    post_callback([t, own, rid, packet = std::move(rtp->packet)] {
      auto* l = t->layer(rid);
      if (auto cb = own ? (l != nullptr ? l->on_rtp : nullptr) : t->on_rtp) cb(packet);
    });
  } else if (auto* s = std::get_if<media::SampleReceived>(&event)) {
    std::string rid;
    auto t = transceiver_by_receiver(s->receiver.value(), &rid);
    if (!t) return;
    auto* layer = t->layer(rid);
    const bool own = layer != nullptr && layer->on_sample;
    if (!own && !t->on_sample) return;
    MediaSample sample{std::move(s->data), s->rtp_timestamp, s->payload_type, s->keyframe, s->packets_lost_before, rid};
    post_callback([t, own, sample = std::move(sample)] {
      auto* l = t->layer(sample.rid);
      if (auto cb = own ? (l != nullptr ? l->on_sample : nullptr) : t->on_sample) cb(sample);
    });
  } else if (auto* k = std::get_if<media::KeyframeRequested>(&event)) {
    std::string rid;
    auto t = transceiver_by_sender(k->sender.value(), &rid);
    if (!t || !t->on_keyframe_request) return;
    KeyframeRequest request{k->kind == media::KeyframeRequestKind::kFir ? KeyframeRequestKind::kFir
                                                                        : KeyframeRequestKind::kPli,
                            rid};
    post_callback([t, request] {
      if (auto cb = t->on_keyframe_request) cb(request);
    });
  } else if (auto* rtcp = std::get_if<media::RtcpReceived>(&event)) {
    deliver_rtcp(rtcp->compound);
  } else if (auto* bye = std::get_if<media::ByeReceived>(&event)) {
    // The remote sender left (removed its track or stopped): the track ends now, before the
    // renegotiation that will say so in SDP.
    // A simulcast layer's BYE ends that layer's stream only; the m-line's tracks end with the SDP.
    std::string rid;
    if (auto t = transceiver_by_receiver(bye->receiver.value(), &rid); t && rid.empty()) end_remote_track(t, false);
  }
  // NACK reports and unrouted SSRCs: no public API yet; the session already answered NACKs from its
  // retransmission buffer.
}

RtcResult<void> PeerConnectionCore::write_sample(TransceiverCore& t, const TrackLocal& track, const std::string* rid,
                                                 std::span<const uint8_t> frame, Duration duration) {
  if (closed_) return closed_error();
  media::MediaSession* session = transport_->media();
  if (t.track.get() != &track || t.stopped || session == nullptr) return {};
  Status st;
  for (uint32_t id : senders_for(t, rid)) {
    if (Status one = session->send_sample(media::SenderId(id), frame, duration, now()); !one && st) st = one;
  }
  transport_->flush();
  return to_rtc_result(st);
}

RtcResult<void> PeerConnectionCore::write_rtp(TransceiverCore& t, const TrackLocal& track, const std::string* rid,
                                              std::span<const uint8_t> packet) {
  if (closed_) return closed_error();
  media::MediaSession* session = transport_->media();
  if (t.track.get() != &track || t.stopped || session == nullptr) return {};
  Status st;
  for (uint32_t id : senders_for(t, rid)) {
    if (Status one = session->send_rtp(media::SenderId(id), packet, now()); !one && st) st = one;
  }
  transport_->flush();
  return to_rtc_result(st);
}

RtcResult<void> PeerConnectionCore::request_keyframe(TransceiverCore& t, const std::optional<std::string>& rid) {
  if (closed_) return closed_error();
  media::MediaSession* session = transport_->media();
  std::vector<uint32_t> receivers;
  if (rid) {
    const auto* layer = t.layer(*rid);
    if (layer == nullptr) return rtc_error(RtcErrorCode::kInvalidArgument, "no simulcast layer with this rid");
    if (layer->receiver_id) receivers.push_back(*layer->receiver_id);
  } else {
    receivers = t.receiver_ids();
  }
  if (t.stopped || receivers.empty() || session == nullptr) {
    return rtc_error(RtcErrorCode::kInvalidState, "no remote track is being received on this transceiver");
  }
  Status st;
  for (uint32_t id : receivers) {
    if (Status one = session->request_keyframe(media::ReceiverId(id), media::KeyframeRequestKind::kPli, now()); !one && st) st = one;
  }
  transport_->flush();
  if (!st) return rtc_error(RtcErrorCode::kOperationError, st.error());
  return {};
}

}  // namespace purertc::pc
