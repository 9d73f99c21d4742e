// PeerConnectionCore: transceivers as far as signaling goes (RFC 9429 sections 4.1.3-4.1.8, 5.10).
// The RTP/SRTP path itself belongs to the media half (src/pc/media).
#include <algorithm>

#include "pc/media_sdp.h"
#include "pc/peer_connection_core.h"
#include "pc/rtc_error_util.h"
#include "pc/runtime.h"

namespace purertc::pc {
namespace {

sdp::Direction to_sdp(RtpTransceiverDirection d) {
  switch (d) {
    case RtpTransceiverDirection::kSendRecv: return sdp::Direction::kSendRecv;
    case RtpTransceiverDirection::kSendOnly: return sdp::Direction::kSendOnly;
    case RtpTransceiverDirection::kRecvOnly: return sdp::Direction::kRecvOnly;
    case RtpTransceiverDirection::kInactive:
    case RtpTransceiverDirection::kStopped: return sdp::Direction::kInactive;
  }
  return sdp::Direction::kInactive;
}

RtpTransceiverDirection from_sdp(sdp::Direction d) {
  switch (d) {
    case sdp::Direction::kSendRecv: return RtpTransceiverDirection::kSendRecv;
    case sdp::Direction::kSendOnly: return RtpTransceiverDirection::kSendOnly;
    case sdp::Direction::kRecvOnly: return RtpTransceiverDirection::kRecvOnly;
    case sdp::Direction::kInactive: return RtpTransceiverDirection::kInactive;
  }
  return RtpTransceiverDirection::kInactive;
}

// The codecs a transceiver offers: the MediaEngine's for its kind, the track's codec (matched by mime
// type and fmtp) first so that it is what the peer is asked to prefer.
std::vector<RtpCodec> ordered_codecs(const MediaEngine& engine, const TransceiverCore& t) {
  std::vector<RtpCodec> codecs = engine.codecs(t.kind);
  if (t.track) {
    auto it = std::find_if(codecs.begin(), codecs.end(), [&](const RtpCodec& c) {
      return c.mime_type == t.track->codec().mime_type;
    });
    if (it != codecs.end()) std::rotate(codecs.begin(), it, it + 1);
  }
  return codecs;
}

// RtpTransceiverInit::send_encodings: rids that fit the a=rid grammar and the one-byte rtp-stream-id
// extension, distinct, and no more layers than a purertc receiver accepts.
RtcResult<void> check_send_encodings(const std::vector<RtpEncodingParameters>& encodings) {
  if (encodings.size() <= 1) return {};
  if (encodings.size() > sdp::kMaxSimulcastLayers) {
    return rtc_error(RtcErrorCode::kInvalidArgument, "more send encodings than sdp::kMaxSimulcastLayers (8)");
  }
  for (size_t i = 0; i < encodings.size(); ++i) {
    const std::string& rid = encodings[i].rid;
    if (!sdp::is_rid_id(rid) || rid.size() > sdp::kMaxRidLength) {
      return rtc_error(RtcErrorCode::kInvalidArgument, "a send encoding's rid must be 1-16 of A-Z a-z 0-9 - _");
    }
    for (size_t j = 0; j < i; ++j) {
      if (encodings[j].rid == rid) return rtc_error(RtcErrorCode::kInvalidArgument, "two send encodings with the same rid");
    }
  }
  return {};
}

}  // namespace

std::vector<sdp::LocalTransceiver> PeerConnectionCore::local_transceivers() const {
  std::vector<sdp::LocalTransceiver> out;
  const MediaEngine& engine = runtime_->media_engine();
  for (const auto& t : transceivers_) {
    sdp::LocalTransceiver l;
    l.mid = t->mid;
    l.kind = t->kind == MediaKind::kAudio ? sdp::MediaKind::kAudio : sdp::MediaKind::kVideo;
    l.direction = to_sdp(t->direction);
    l.stopped = t->stopped;
    l.codecs = to_sdp_codecs(ordered_codecs(engine, *t));
    l.header_extensions = to_sdp_extensions(engine.header_extensions(t->kind));
    l.stream_ids = t->stream_ids;
    if (t->track) {
      l.track_id = t->track->id();
      if (l.stream_ids.empty() && !t->track->stream_id().empty()) l.stream_ids.push_back(t->track->stream_id());
    }
    l.cname = session_id_;
    const bool has_rtx = std::any_of(l.codecs.begin(), l.codecs.end(), [](const auto& c) { return c.name == "rtx"; });
    l.streams.push_back(sdp::SendStream{t->ssrc, has_rtx ? std::optional<uint32_t>(t->rtx_ssrc) : std::nullopt});
    // RID simulcast: the layers are announced by a=rid / a=simulcast instead of a=ssrc (RFC 8853).
    for (const auto& layer : t->send_layers) l.simulcast.push_back(sdp::SimulcastLayer{layer.rid, false});
    out.push_back(std::move(l));
  }
  return out;
}

void PeerConnectionCore::associate_remote_media(const sdp::SessionDescription& remote, bool offer) {
  // Before the offer first changes a transceiver: what a rollback restores.
  auto record = [&](const std::shared_ptr<TransceiverCore>& t, bool created) -> RemoteOfferChange* {
    if (!offer) return nullptr;
    for (auto& c : remote_offer_changes_) {
      if (c.transceiver.lock() == t) return &c;
    }
    RemoteOfferChange change{t, created, !t->mid, t->remote_track, t->remote_track_ended, {}, false};
    for (const auto& l : t->remote_layers) change.remote_rids.push_back(l.rid);
    remote_offer_changes_.push_back(std::move(change));
    return &remote_offer_changes_.back();
  };
  for (const auto& m : remote.media) {
    if (m.media != "audio" && m.media != "video") continue;
    auto mid = m.mid();
    if (!mid) continue;
    const MediaKind kind = m.media == "audio" ? MediaKind::kAudio : MediaKind::kVideo;
    std::shared_ptr<TransceiverCore> t;
    for (const auto& c : transceivers_) {
      if (c->mid == *mid) t = c;
    }
    if (!t && !m.is_rejected()) {
      // RFC 9429 section 5.10: an offered m-line no transceiver has yet goes to a free one of its kind
      // that add_track created, else to a new recvonly transceiver.
      bool created = false;
      for (const auto& c : transceivers_) {
        if (!t && !c->mid && !c->stopped && c->kind == kind && c->track) t = c;
      }
      if (!t) {
        t = std::make_shared<TransceiverCore>(runtime_, weak_from_this(), kind);
        t->direction = RtpTransceiverDirection::kRecvOnly;
        t->ssrc = runtime_->random().next_u32();
        t->rtx_ssrc = runtime_->random().next_u32();
        transceivers_.push_back(t);
        created = true;
      }
      record(t, created);
      t->mid = std::string(*mid);
    }
    if (!t) continue;
    if (m.is_rejected() || !sdp::sends(m.direction())) {
      if (t->remote_track) record(t, false);
      end_remote_track(t, true);  // the peer no longer sends here; its media receiver goes in sync_media
      continue;
    }
    if (t->remote_track) continue;
    if (auto* change = record(t, false)) change->new_remote_track = true;
    TrackRemoteInfo info;
    info.kind = kind;
    info.mid = std::string(*mid);
    if (auto msid = m.attributes.first<sdp::Msid>()) {
      info.stream_id = msid->stream_id;
      info.id = msid->track_id.value_or("");
    }
    for (const auto& s : m.attributes.all<sdp::Ssrc>()) {
      if (std::find(info.ssrcs.begin(), info.ssrcs.end(), s.ssrc) == info.ssrcs.end()) info.ssrcs.push_back(s.ssrc);
    }
    t->remote_track = info;
    remove_receiver(*t);  // receivers of an earlier remote track, if sync_media has not ended them yet
    t->remote_layers.clear();
    for (std::string& rid : received_simulcast_rids(m)) t->remote_layers.push_back({std::move(rid), {}, {}, {}});
    announce_remote_track(t);
  }
}

void PeerConnectionCore::announce_remote_track(const std::shared_ptr<TransceiverCore>& t) {
  if (!t->remote_track) return;
  const TrackRemoteInfo& info = *t->remote_track;
  if (t->remote_layers.empty()) {
    post_callback([this, t, info] {
      if (auto cb = on_track) cb(std::make_shared<RtpTransceiver>(t), info);
    });
    return;
  }
  // RID simulcast: each layer is a remote track of its own (as Pion's OnTrack per RID); they share the
  // transceiver, whose per-rid callbacks separate them.
  for (const auto& layer : t->remote_layers) {
    TrackRemoteInfo layer_info = info;
    layer_info.rid = layer.rid;
    post_callback([this, t, layer_info] {
      if (auto cb = on_track) cb(std::make_shared<RtpTransceiver>(t), layer_info);
    });
  }
}

void PeerConnectionCore::rollback_remote_media() {
  for (const auto& change : remote_offer_changes_) {
    auto t = change.transceiver.lock();
    if (!t) continue;
    // The offer's remote track ends (on_track fired for it, so the application learns it is gone); one
    // the offer had ended (it stopped sending) comes back, announced again (W3C: the rollback processes
    // the addition of the remote track). Its media receiver is normally still in place (only sync_media,
    // after a completed negotiation, removes receivers); when a second offer replaced the track, its
    // layers are rebuilt and the sync_media below adds the receivers again.
    if (change.new_remote_track) end_remote_track(t, true);
    if (change.remote_track && !t->remote_track) {
      t->remote_track = change.remote_track;
      t->remote_track_ended = change.remote_track_ended;
      if (change.new_remote_track) {
        remove_receiver(*t);
        t->remote_layers.clear();
        for (const auto& rid : change.remote_rids) t->remote_layers.push_back({rid, {}, {}, {}});
      }
      if (!t->remote_track_ended) announce_remote_track(t);
    }
    // The offer gave it its mid: the association goes (W3C), the mid is free again.
    if (change.associated) t->mid.reset();
    if (change.created && !t->track) {
      // Created by the offer and nothing of the application's on it since (add_track would have
      // attached a track, which W3C keeps): stopped and removed, so nothing is negotiated for it.
      t->stopped = true;
      t->direction = RtpTransceiverDirection::kStopped;
      remove_sender(*t);
      remove_receiver(*t);
      std::erase(transceivers_, t);
    }
  }
  remote_offer_changes_.clear();
  // The media session's senders and receivers as the negotiated descriptions (again the current ones)
  // say; normally nothing changes.
  if (transport_->media()) {
    sync_media();
    transport_->flush();
  }
}

// W3C "check if negotiation is needed", the transceiver part (the data and ICE restart parts are in
// update_negotiation_needed): called in stable, so the current descriptions are the negotiated ones.
bool PeerConnectionCore::transceivers_need_negotiation() const {
  for (const auto& t : transceivers_) {
    const sdp::MediaDescription* local = t->mid && current_local_ ? current_local_->sdp.find_media(*t->mid) : nullptr;
    const sdp::MediaDescription* remote = t->mid && current_remote_ ? current_remote_->sdp.find_media(*t->mid) : nullptr;
    if (t->stopped) {
      if (local != nullptr && !local->is_rejected()) return true;  // not yet offered as rejected
      continue;
    }
    if (local == nullptr || remote == nullptr) return true;  // never negotiated (or the offer was rolled back)
    if (local->is_rejected()) continue;                      // the peer rejected it: nothing to renegotiate
    const sdp::Direction wanted = to_sdp(t->direction);
    if (current_local_->type == SdpType::kOffer) {
      // What we offered, or what the answer granted us, still matches what the application wants.
      if (local->direction() != wanted && sdp::reversed(remote->direction()) != wanted) return true;
    } else if (local->direction() != sdp::answer_direction(remote->direction(), wanted)) {
      return true;
    }
  }
  return false;
}

void PeerConnectionCore::update_transceiver_directions() {
  if (!current_local_) return;
  for (const auto& t : transceivers_) {
    if (!t->mid) continue;
    const sdp::MediaDescription* m = current_local_->sdp.find_media(*t->mid);
    if (m == nullptr) continue;
    t->current_direction = m->is_rejected() ? RtpTransceiverDirection::kStopped : from_sdp(m->direction());
    if (sdp::sends(m->direction()) && t->track) t->has_sent = true;
  }
}

RtcResult<std::shared_ptr<TransceiverCore>> PeerConnectionCore::add_transceiver(MediaKind kind,
                                                                               std::shared_ptr<TrackLocal> track,
                                                                               const RtpTransceiverInit& init) {
  if (closed_) return closed_error();
  if (init.direction == RtpTransceiverDirection::kStopped) {
    return rtc_error(RtcErrorCode::kInvalidArgument, "a transceiver cannot be created stopped");
  }
  if (track) {
    const auto& codecs = runtime_->media_engine().codecs(track->kind());
    if (std::none_of(codecs.begin(), codecs.end(), [&](const RtpCodec& c) { return c.mime_type == track->codec().mime_type; })) {
      return rtc_error(RtcErrorCode::kInvalidArgument, "the track's codec is not registered in the MediaEngine");
    }
  }
  if (auto st = check_send_encodings(init.send_encodings); !st) return st.error();
  auto t = std::make_shared<TransceiverCore>(runtime_, weak_from_this(), kind);
  t->direction = init.direction;
  if (init.send_encodings.size() > 1) {
    for (const auto& e : init.send_encodings) {
      t->send_layers.push_back({e.rid, runtime_->random().next_u32(), runtime_->random().next_u32(), std::nullopt});
    }
  }
  t->stream_ids = init.stream_ids;
  t->track = std::move(track);
  if (t->track) t->track->bind(t);
  t->ssrc = runtime_->random().next_u32();
  t->rtx_ssrc = runtime_->random().next_u32();
  transceivers_.push_back(t);
  update_negotiation_needed();
  return t;
}

RtcResult<std::shared_ptr<TransceiverCore>> PeerConnectionCore::add_track(std::shared_ptr<TrackLocal> track) {
  if (closed_) return closed_error();
  if (!track) return rtc_error(RtcErrorCode::kInvalidArgument, "no track");
  for (const auto& t : transceivers_) {
    if (t->track == track) return rtc_error(RtcErrorCode::kInvalidArgument, "the track is already added");
  }
  // W3C addTrack: reuse a transceiver of this kind that never sent and has no track.
  for (const auto& t : transceivers_) {
    if (t->kind == track->kind() && !t->track && !t->has_sent && !t->stopped) {
      const auto& codecs = runtime_->media_engine().codecs(track->kind());
      if (std::none_of(codecs.begin(), codecs.end(), [&](const RtpCodec& c) { return c.mime_type == track->codec().mime_type; })) {
        return rtc_error(RtcErrorCode::kInvalidArgument, "the track's codec is not registered in the MediaEngine");
      }
      t->track = track;
      track->bind(t);
      if (t->direction == RtpTransceiverDirection::kRecvOnly) t->direction = RtpTransceiverDirection::kSendRecv;
      if (t->direction == RtpTransceiverDirection::kInactive) t->direction = RtpTransceiverDirection::kSendOnly;
      update_negotiation_needed();
      return t;
    }
  }
  return add_transceiver(track->kind(), track, RtpTransceiverInit{});
}

RtcResult<void> PeerConnectionCore::remove_track(const std::shared_ptr<TrackLocal>& track) {
  if (closed_) return closed_error();
  for (const auto& t : transceivers_) {
    if (t->track != track || !track) continue;
    t->track.reset();
    // W3C removeTrack: the sender stops at once (RTCP BYE), the renegotiation only tells the peer.
    remove_sender(*t);
    if (t->direction == RtpTransceiverDirection::kSendRecv) t->direction = RtpTransceiverDirection::kRecvOnly;
    if (t->direction == RtpTransceiverDirection::kSendOnly) t->direction = RtpTransceiverDirection::kInactive;
    update_negotiation_needed();
    return {};
  }
  return rtc_error(RtcErrorCode::kInvalidArgument, "this PeerConnection does not send the track");
}

RtcResult<void> PeerConnectionCore::set_direction(TransceiverCore& t, RtpTransceiverDirection direction) {
  if (closed_ || t.stopped) return rtc_error(RtcErrorCode::kInvalidState, "the transceiver is stopped");
  if (direction == RtpTransceiverDirection::kStopped) return rtc_error(RtcErrorCode::kInvalidArgument, "use stop()");
  if (t.direction == direction) return {};
  t.direction = direction;
  update_negotiation_needed();
  return {};
}

void PeerConnectionCore::stop_transceiver(TransceiverCore& t) {
  if (closed_ || t.stopped) return;
  t.stopped = true;
  t.direction = RtpTransceiverDirection::kStopped;
  remove_sender(t);
  remove_receiver(t);
  for (const auto& c : transceivers_) {
    if (c.get() == &t) end_remote_track(c, true);
  }
  update_negotiation_needed();
}

}  // namespace purertc::pc
