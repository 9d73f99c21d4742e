// PeerConnectionCore: construction, JSEP signaling and the W3C state machines. Data channels are in
// peer_connection_channels.cc, transceivers in peer_connection_media.cc, stats in
// peer_connection_stats.cc.
#include "pc/peer_connection_core.h"

#include <algorithm>

#include "common/log.h"
#include "crypto/certificate.h"
#include "pc/gather_settings.h"
#include "pc/media_sdp.h"
#include "pc/rtc_error_util.h"
#include "pc/runtime.h"
#include "pc/sdp_candidate.h"

namespace purertc::pc {
namespace {

IceConnectionState to_public(ice::ConnectionState s) {
  switch (s) {
    case ice::ConnectionState::kNew: return IceConnectionState::kNew;
    case ice::ConnectionState::kChecking: return IceConnectionState::kChecking;
    case ice::ConnectionState::kConnected: return IceConnectionState::kConnected;
    case ice::ConnectionState::kCompleted: return IceConnectionState::kCompleted;
    case ice::ConnectionState::kDisconnected: return IceConnectionState::kDisconnected;
    case ice::ConnectionState::kFailed: return IceConnectionState::kFailed;
    case ice::ConnectionState::kClosed: return IceConnectionState::kClosed;
  }
  return IceConnectionState::kNew;
}

std::optional<sdp::SetupRole> setup_of(const sdp::SessionDescription& sd) {
  for (const auto& m : sd.media) {
    if (m.is_rejected()) continue;
    if (auto s = m.attributes.first<sdp::ConnectionSetup>()) return s->role;
    if (auto s = sd.attributes.first<sdp::ConnectionSetup>()) return s->role;
    return sdp::SetupRole::kActive;  // RFC 4145 section 4
  }
  return std::nullopt;
}

std::optional<std::string> ufrag_of(const sdp::SessionDescription& sd) {
  for (const auto& m : sd.media) {
    if (m.is_rejected()) continue;
    if (auto u = m.attributes.first<sdp::IceUfrag>()) return u->value;
  }
  if (auto u = sd.attributes.first<sdp::IceUfrag>()) return u->value;
  return std::nullopt;
}

}  // namespace

RtcResult<std::shared_ptr<PeerConnectionCore>> PeerConnectionCore::create(std::shared_ptr<Runtime> runtime,
                                                                          const Configuration& configuration,
                                                                          IceServerAddresses ice_servers) {
  std::shared_ptr<const crypto::Identity> identity;
  if (!configuration.certificates.empty()) {
    identity = configuration.certificates.front().identity();
  } else {
    auto generated = Certificate::generate();
    if (!generated) return generated.error();
    identity = generated->identity();
  }
  return std::shared_ptr<PeerConnectionCore>(new PeerConnectionCore(std::move(runtime), std::move(identity), configuration, std::move(ice_servers)));
}

PeerConnectionCore::PeerConnectionCore(std::shared_ptr<Runtime> runtime, std::shared_ptr<const crypto::Identity> identity,
                                       Configuration configuration, IceServerAddresses ice_servers)
    : runtime_(std::move(runtime)),
      identity_(std::move(identity)),
      configuration_(std::move(configuration)),
      ice_servers_(std::move(ice_servers)) {
  // RFC 9429 section 5.2.1: a random 62-bit session id, so a version-0 origin never repeats.
  session_id_ = std::to_string(runtime_->random().next_u64() >> 2);
  transport_ = std::make_unique<Transport>(*runtime_, *this, ice::Credentials::generate(runtime_->random()));
}

PeerConnectionCore::~PeerConnectionCore() { close(); }

// ---------------------------------------------------------------------------------------------------
// Callbacks and states.

void PeerConnectionCore::post_callback(std::function<void()> fn) {
  if (!closed_) callbacks_.push_back(std::move(fn));
}

void PeerConnectionCore::run_callbacks() {
  if (running_callbacks_) return;
  running_callbacks_ = true;
  while (!callbacks_.empty() && !closed_) {
    auto fn = std::move(callbacks_.front());
    callbacks_.pop_front();
    fn();
  }
  if (closed_) callbacks_.clear();
  running_callbacks_ = false;
}

void PeerConnectionCore::on_idle() {
  sync_buffered_amounts();
  if (callbacks_.empty()) return;
  // A callback may drop the last handle to this PeerConnection; keep it alive until the transport's
  // call stack has unwound, and release it from a fresh loop task.
  auto self = shared_from_this();
  run_callbacks();
  runtime_->loop().post([self = std::move(self)] {});
}

void PeerConnectionCore::set_signaling(SignalingState state) {
  if (signaling_ == state) return;
  signaling_ = state;
  post_callback([this, state] {
    if (auto cb = on_signaling_state_change) cb(state);
  });
  if (state != SignalingState::kStable) return;
  // W3C "set the session description" (and rollback): when negotiation was needed before this return to
  // stable and still is (a change the last offer/answer did not carry), negotiationneeded fires again.
  const bool was_needed = negotiation_needed_;
  update_negotiation_needed();
  if (was_needed && negotiation_needed_) {
    post_callback([this] {
      if (!negotiation_needed_) return;
      if (auto cb = on_negotiation_needed) cb();
    });
  }
}

void PeerConnectionCore::when_gathering_complete(std::function<void()> fn) {
  if (closed_ || gathering_ == IceGatheringState::kComplete) {
    fn();
    return;
  }
  gathering_waiters_.push_back(std::move(fn));
}

void PeerConnectionCore::set_gathering(IceGatheringState state) {
  if (gathering_ == state) return;
  gathering_ = state;
  if (state == IceGatheringState::kComplete) {
    for (auto& fn : gathering_waiters_) fn();
    gathering_waiters_.clear();
  }
  post_callback([this, state] {
    if (auto cb = on_ice_gathering_state_change) cb(state);
  });
}

void PeerConnectionCore::update_connection_state() {
  PeerConnectionState s;
  const bool ice_up = ice_state_ == IceConnectionState::kConnected || ice_state_ == IceConnectionState::kCompleted;
  if (closed_) s = PeerConnectionState::kClosed;
  else if (ice_state_ == IceConnectionState::kFailed || dtls_state_ == DtlsTransportState::kFailed) s = PeerConnectionState::kFailed;
  else if (ice_state_ == IceConnectionState::kDisconnected) s = PeerConnectionState::kDisconnected;
  else if (ice_up && dtls_state_ == DtlsTransportState::kConnected) s = PeerConnectionState::kConnected;
  else if (ice_state_ == IceConnectionState::kNew && dtls_state_ == DtlsTransportState::kNew) s = PeerConnectionState::kNew;
  else if (dtls_state_ == DtlsTransportState::kClosed) s = PeerConnectionState::kClosed;
  else s = PeerConnectionState::kConnecting;
  if (s == pc_state_) return;
  pc_state_ = s;
  post_callback([this, s] {
    if (auto cb = on_connection_state_change) cb(s);
  });
}

void PeerConnectionCore::update_negotiation_needed() {
  if (closed_ || signaling_ != SignalingState::kStable) return;
  const bool needed = restart_pending_ || (wants_data() && !data_mid_) || transceivers_need_negotiation();
  if (!needed) {
    negotiation_needed_ = false;
    return;
  }
  if (negotiation_needed_) return;
  negotiation_needed_ = true;
  post_callback([this] {
    // W3C: the flag may have been cleared by a negotiation that happened in between.
    if (!negotiation_needed_) return;
    if (auto cb = on_negotiation_needed) cb();
  });
}

// ---------------------------------------------------------------------------------------------------
// Transport events.

void PeerConnectionCore::on_local_candidate(const ice::Candidate& candidate, const std::string& mdns_name) {
  IceCandidateInit init;
  init.candidate = "candidate:" + to_sdp_candidate(candidate, mdns_name).to_value();
  init.sdp_mid = first_mid();
  init.sdp_mline_index = 0;
  init.username_fragment = transport_->local_credentials().ufrag;
  post_callback([this, init = std::move(init)] {
    if (auto cb = on_ice_candidate) cb(init);
  });
}

void PeerConnectionCore::on_gathering_complete() {
  set_gathering(IceGatheringState::kComplete);
  post_callback([this] {
    if (auto cb = on_ice_candidate) cb(std::nullopt);
  });
}

void PeerConnectionCore::on_ice_state(ice::ConnectionState state) {
  const IceConnectionState s = to_public(state);
  if (s == ice_state_) return;
  ice_state_ = s;
  post_callback([this, s] {
    if (auto cb = on_ice_connection_state_change) cb(s);
  });
  update_connection_state();
}

void PeerConnectionCore::on_dtls_state(DtlsTransportState state) {
  dtls_state_ = state;
  // The transport started its media session (SRTP keys) just before reporting kConnected; the
  // transport's drain loop sends whatever the new senders and receivers produce.
  if (state == DtlsTransportState::kConnected) sync_media();
  if (state == DtlsTransportState::kClosed || state == DtlsTransportState::kFailed) {
    // The peer closed (close_notify) or DTLS failed: SCTP cannot carry anything more, so every data
    // channel ends now instead of after the association's own timeouts.
    std::optional<RtcError> error;
    if (state == DtlsTransportState::kFailed) error = RtcError{RtcErrorCode::kOperationError, "DTLS failed"};
    for (const auto& c : channels_) {
      if (c->state != DataChannelState::kClosed && c->id) end_channel(c, error);
    }
  }
  update_connection_state();
}

void PeerConnectionCore::on_media_packet(std::span<const uint8_t>, Timestamp) {
  // Counted here; the transport hands them to its media session, whose events come to on_media_event.
  media_packets_received_++;
}

std::string PeerConnectionCore::first_mid() const {
  const Description* d = pending_local_ ? &*pending_local_ : current_local_ ? &*current_local_ : nullptr;
  if (d) {
    for (const auto& m : d->sdp.media) {
      if (auto mid = m.mid()) return std::string(*mid);
    }
  }
  return "0";
}

// ---------------------------------------------------------------------------------------------------
// Offer / answer.

sdp::TransportDescription PeerConnectionCore::local_transport(bool with_candidates) const {
  sdp::TransportDescription t;
  const ice::Credentials& creds = restart_credentials_ ? *restart_credentials_ : transport_->local_credentials();
  t.ice_ufrag = creds.ufrag;
  t.ice_pwd = creds.pwd;
  t.ice_lite = runtime_->settings().ice_lite;
  if (auto fp = sdp::Fingerprint::parse(identity_->certificate.sdp_fingerprint())) t.fingerprints.push_back(*fp);
  t.answer_role = sdp::SetupRole::kActive;
  // After an ICE restart too: the gathered candidates stay valid under the new credentials (RFC 8445
  // section 9 needs no new gathering) and are announced only here, since nothing trickles them again.
  if (with_candidates) {
    const auto& cands = transport_->local_candidates();
    const auto& names = transport_->local_mdns_names();
    for (size_t i = 0; i < cands.size(); ++i) t.candidates.push_back(to_sdp_candidate(cands[i], names[i]));
    t.end_of_candidates = transport_->gathering_complete();
  }
  return t;
}

bool PeerConnectionCore::wants_data() const { return data_channel_created_ || data_mid_.has_value(); }

RtcResult<SessionDescription> PeerConnectionCore::create_offer(const OfferOptions& options) {
  if (closed_) return closed_error();
  if (signaling_ != SignalingState::kStable && signaling_ != SignalingState::kHaveLocalOffer) {
    return rtc_error(RtcErrorCode::kInvalidState, "create_offer needs signaling state stable or have-local-offer");
  }
  if (options.ice_restart) restart_ice();
  if (restart_pending_ && !restart_credentials_) restart_credentials_ = ice::Credentials::generate(runtime_->random());

  sdp::OfferOptions o;
  o.origin.session_id = session_id_;
  o.origin.session_version = ++session_version_;
  o.transceivers = local_transceivers();
  if (wants_data()) {
    sdp::DataChannelSettings d;
    d.mid = data_mid_;
    d.max_message_size = runtime_->settings().sctp_max_message_size;
    o.data_channel = d;
  }
  o.transport = local_transport(true);
  o.current_local = current_local_ ? &current_local_->sdp : nullptr;
  auto offer = sdp::create_offer(o);
  if (!offer) return rtc_error(RtcErrorCode::kOperationError, offer.error());
  proposed_mids_.clear();
  for (size_t i = 0; i < transceivers_.size() && i < offer->transceiver_mids.size(); ++i) {
    if (offer->transceiver_mids[i]) proposed_mids_.emplace_back(transceivers_[i], *offer->transceiver_mids[i]);
  }
  proposed_data_mid_ = offer->data_channel_mid;
  return SessionDescription{SdpType::kOffer, sdp::serialize(offer->description)};
}

RtcResult<SessionDescription> PeerConnectionCore::create_answer() {
  if (closed_) return closed_error();
  if (signaling_ != SignalingState::kHaveRemoteOffer && signaling_ != SignalingState::kHaveLocalPranswer) {
    return rtc_error(RtcErrorCode::kInvalidState, "create_answer needs a remote offer (signaling state have-remote-offer)");
  }
  if (remote_offer_restarts_ && !restart_credentials_) {
    restart_credentials_ = ice::Credentials::generate(runtime_->random());
  }
  const MediaEngine& engine = runtime_->media_engine();
  sdp::AnswerOptions o;
  o.origin.session_id = session_id_;
  o.origin.session_version = ++session_version_;
  o.transceivers = local_transceivers();
  o.audio_codecs = to_sdp_codecs(engine.codecs(MediaKind::kAudio));
  o.video_codecs = to_sdp_codecs(engine.codecs(MediaKind::kVideo));
  o.audio_extensions = to_sdp_extensions(engine.header_extensions(MediaKind::kAudio));
  o.video_extensions = to_sdp_extensions(engine.header_extensions(MediaKind::kVideo));
  sdp::DataChannelSettings d;
  d.max_message_size = runtime_->settings().sctp_max_message_size;
  o.data_channel = d;
  o.transport = local_transport(true);
  auto answer = sdp::create_answer(pending_remote_->sdp, o);
  if (!answer) return rtc_error(RtcErrorCode::kOperationError, answer.error());
  proposed_mids_.clear();
  for (size_t i = 0; i < transceivers_.size() && i < answer->transceiver_mids.size(); ++i) {
    if (answer->transceiver_mids[i]) proposed_mids_.emplace_back(transceivers_[i], *answer->transceiver_mids[i]);
  }
  proposed_data_mid_ = remote_transport_ && remote_transport_->has_data ? remote_transport_->data_mid : std::nullopt;
  return SessionDescription{SdpType::kAnswer, sdp::serialize(answer->description)};
}

RtcResult<void> PeerConnectionCore::set_local_description(const SessionDescription& description) {
  if (closed_) return closed_error();
  SdpType type = description.type;
  if (type == SdpType::kRollback) {
    if (signaling_ != SignalingState::kHaveLocalOffer) {
      return rtc_error(RtcErrorCode::kInvalidState, "rollback of a local offer needs signaling state have-local-offer");
    }
    pending_local_.reset();
    proposed_mids_.clear();
    proposed_data_mid_.reset();
    for (const auto& weak : offer_new_mids_) {
      if (auto t = weak.lock()) t->mid.reset();
    }
    offer_new_mids_.clear();
    if (offer_new_data_mid_) data_mid_.reset();
    offer_new_data_mid_ = false;
    restart_credentials_.reset();
    if (offer_restarted_from_) {
      // The offer restarted ICE: the agent goes back to the previous credentials (the old pair kept its
      // consent under them throughout) and to the remote candidates of that generation. W3C
      // [[LocalIceCredentialsToReplace]]: the restart stays pending, so the next offer restarts again.
      transport_->rollback_ice_restart(*offer_restarted_from_);
      offer_restarted_from_.reset();
      restart_pending_ = true;
      // These candidates were accepted before, within the agent's limit, which the rollback emptied.
      if (remote_transport_) (void)apply_remote_transport(*remote_transport_);
    }
    set_signaling(SignalingState::kStable);
    return {};
  }
  std::string text = description.sdp;
  if (text.empty()) {
    // W3C implicit setLocalDescription: the type follows from the signaling state.
    const bool answering = signaling_ == SignalingState::kHaveRemoteOffer || signaling_ == SignalingState::kHaveLocalPranswer;
    auto created = answering ? create_answer() : create_offer({});
    if (!created) return created.error();
    type = created->type;
    text = std::move(created->sdp);
  }
  auto parsed = sdp::parse(text);
  if (!parsed) return rtc_error(RtcErrorCode::kSyntaxError, parsed.error());
  switch (type) {
    case SdpType::kOffer:
      if (signaling_ != SignalingState::kStable && signaling_ != SignalingState::kHaveLocalOffer) {
        return rtc_error(RtcErrorCode::kInvalidState, "a local offer needs signaling state stable or have-local-offer");
      }
      break;
    case SdpType::kAnswer:
    case SdpType::kPranswer:
      if (signaling_ != SignalingState::kHaveRemoteOffer && signaling_ != SignalingState::kHaveLocalPranswer) {
        return rtc_error(RtcErrorCode::kInvalidState, "a local answer needs signaling state have-remote-offer");
      }
      break;
    case SdpType::kRollback:
      break;
  }
  // JSEP 5.4: the application may not change our ICE credentials (or it would break the agent).
  const ice::Credentials& creds = restart_credentials_ ? *restart_credentials_ : transport_->local_credentials();
  if (ufrag_of(*parsed) != creds.ufrag) {
    return rtc_error(RtcErrorCode::kInvalidModification, "the description's a=ice-ufrag is not this PeerConnection's");
  }
  return apply_local(type, std::move(*parsed));
}

RtcResult<void> PeerConnectionCore::apply_local(SdpType type, sdp::SessionDescription sd) {
  // Commit the mids the matching create_offer/create_answer proposed, where the description kept them.
  // A local offer's new mids are undone by a rollback (W3C: the transceivers it associated lose them).
  if (type == SdpType::kOffer) {
    offer_new_mids_.clear();
    offer_new_data_mid_ = false;
  }
  for (auto& [weak, mid] : proposed_mids_) {
    auto t = weak.lock();
    if (!t || sd.find_media(mid) == nullptr) continue;
    if (type == SdpType::kOffer && !t->mid) offer_new_mids_.push_back(t);
    t->mid = mid;
  }
  if (proposed_data_mid_) {
    const sdp::MediaDescription* m = sd.find_media(*proposed_data_mid_);
    if (m != nullptr && !m->is_rejected() && m->media == "application") {
      if (type == SdpType::kOffer && !data_mid_) offer_new_data_mid_ = true;
      data_mid_ = proposed_data_mid_;
    }
  }
  if (restart_credentials_) {
    if (type == SdpType::kOffer && !offer_restarted_from_) offer_restarted_from_ = transport_->local_credentials();
    transport_->restart_ice(*restart_credentials_);
    restart_credentials_.reset();
    restart_pending_ = false;
    remote_offer_restarts_ = false;
  }
  if (type == SdpType::kOffer) {
    is_offerer_ = true;
    transport_->create_agent(true);
    pending_local_ = Description{type, std::move(sd)};
    set_signaling(SignalingState::kHaveLocalOffer);
    start_gathering();
    return {};
  }
  if (type == SdpType::kPranswer) {
    pending_local_ = Description{type, std::move(sd)};
    set_signaling(SignalingState::kHaveLocalPranswer);
    start_gathering();
    return {};
  }
  current_local_ = Description{type, std::move(sd)};
  current_remote_ = std::move(pending_remote_);
  pending_local_.reset();
  pending_remote_.reset();
  remote_transport_before_offer_.reset();
  remote_offer_changes_.clear();  // answered: nothing left to roll back
  remote_offer_restarts_ = false;
  if (remote_transport_deferred_) {
    remote_transport_deferred_ = false;
    if (auto st = apply_remote_transport(*remote_transport_); !st) return st;
  }
  start_gathering();
  auto st = complete_negotiation();
  set_signaling(SignalingState::kStable);
  return st;
}

RtcResult<void> PeerConnectionCore::set_remote_description(const SessionDescription& description) {
  if (closed_) return closed_error();
  if (description.type == SdpType::kRollback) {
    if (signaling_ != SignalingState::kHaveRemoteOffer) {
      return rtc_error(RtcErrorCode::kInvalidState, "rollback of a remote offer needs signaling state have-remote-offer");
    }
    pending_remote_.reset();
    remote_transport_deferred_ = false;
    // W3C rollback: transceivers the offer created go (unless add_track attached a track to them since),
    // those it associated lose the mid, remote tracks it announced end. What a create_answer proposed
    // for it is dropped with it. The data m-line is only committed (data_mid_) by our answer, so an
    // m=application the offer introduced leaves nothing behind.
    rollback_remote_media();
    proposed_mids_.clear();
    proposed_data_mid_.reset();
    // The remote description is the previous one again, with its ICE credentials and candidates (the
    // agent never saw a restarting offer's: they wait for our answer). Credentials a create_answer
    // made for it are dropped; a restart we requested ourselves stays pending for our next offer.
    remote_offer_restarts_ = false;
    restart_credentials_.reset();
    remote_transport_ = std::move(remote_transport_before_offer_);
    remote_transport_before_offer_.reset();
    // The offer's a=max-message-size applied at once (channels sending now obey it); the previous
    // description's limit applies again.
    set_remote_max_message_size(remote_transport_ ? remote_transport_->max_message_size : sdp::kDefaultMaxMessageSize);
    set_signaling(SignalingState::kStable);
    return {};
  }
  switch (description.type) {
    case SdpType::kOffer:
      if (signaling_ != SignalingState::kStable && signaling_ != SignalingState::kHaveRemoteOffer) {
        return rtc_error(RtcErrorCode::kInvalidState, "a remote offer needs signaling state stable or have-remote-offer");
      }
      break;
    default:
      if (signaling_ != SignalingState::kHaveLocalOffer && signaling_ != SignalingState::kHaveRemotePranswer) {
        return rtc_error(RtcErrorCode::kInvalidState, "a remote answer needs signaling state have-local-offer");
      }
      break;
  }
  auto parsed = sdp::parse(description.sdp);
  if (!parsed) return rtc_error(RtcErrorCode::kSyntaxError, parsed.error());
  if (auto e = sdp::validate_bundle(*parsed)) return rtc_error(RtcErrorCode::kInvalidAccessError, *e);
  if (auto e = sdp::validate_simulcast(*parsed)) return rtc_error(RtcErrorCode::kInvalidAccessError, *e);
  return apply_remote(description.type, std::move(*parsed));
}

RtcResult<void> PeerConnectionCore::apply_remote(SdpType type, sdp::SessionDescription sd) {
  auto remote = read_remote_transport(sd);
  if (!remote) return rtc_error(RtcErrorCode::kInvalidAccessError, remote.error());
  const bool restart = remote_transport_ && remote->ice_ufrag != remote_transport_->ice_ufrag;
  if (type == SdpType::kOffer && signaling_ == SignalingState::kStable) {
    remote_transport_before_offer_ = remote_transport_;
    remote_offer_changes_.clear();
  }
  remote_transport_ = std::move(*remote);
  associate_remote_media(sd, type == SdpType::kOffer);
  if (type == SdpType::kOffer) {
    is_offerer_ = false;
    transport_->create_agent(false);
    pending_remote_ = Description{type, std::move(sd)};
    remote_offer_restarts_ = restart;
    if (restart) {
      // RFC 8445 section 9: the peer restarted ICE; our answer restarts too, and the agent learns the
      // new remote credentials after it restarted (set_local_description of the answer).
      remote_transport_deferred_ = true;
    } else {
      // Made by a create_offer that was never applied: the answer keeps the current credentials.
      restart_credentials_.reset();
      if (auto st = apply_remote_transport(*remote_transport_); !st) return st;
    }
    set_signaling(SignalingState::kHaveRemoteOffer);
    return {};
  }
  if (auto st = apply_remote_transport(*remote_transport_); !st) return st;
  if (type == SdpType::kPranswer) {
    pending_remote_ = Description{type, std::move(sd)};
    set_signaling(SignalingState::kHaveRemotePranswer);
    return {};
  }
  if (!remote_transport_->has_data) data_mid_.reset();
  offer_restarted_from_.reset();  // the answer accepted the restart: nothing left to roll back
  offer_new_mids_.clear();
  offer_new_data_mid_ = false;
  current_remote_ = Description{type, std::move(sd)};
  current_local_ = std::move(pending_local_);
  pending_local_.reset();
  pending_remote_.reset();
  auto st = complete_negotiation();
  set_signaling(SignalingState::kStable);
  return st;
}

RtcResult<void> PeerConnectionCore::apply_remote_transport(const RemoteTransport& remote) {
  transport_->set_remote_credentials(ice::Credentials{remote.ice_ufrag, remote.ice_pwd}, remote.ice_lite);
  set_remote_max_message_size(remote.max_message_size);
  for (const auto& c : remote.candidates) {
    if (auto ic = to_ice_candidate(c)) {
      if (auto st = transport_->add_remote_candidate(*ic); !st) {
        return rtc_error(RtcErrorCode::kOperationError, st.error());
      }
    }
  }
  if (remote.end_of_candidates) transport_->set_remote_end_of_candidates();
  return {};
}

RtcResult<void> PeerConnectionCore::complete_negotiation() {
  update_transceiver_directions();
  if (transport_->media()) {
    // A renegotiation on a connected transport: new sending/receiving transceivers get their streams.
    sync_media();
    transport_->flush();
  }
  if (transport_->dtls_started() || !current_local_ || !current_remote_ || !remote_transport_) return {};
  // RFC 8842 section 5: whoever is "active" is the DTLS client.
  auto local_setup = setup_of(current_local_->sdp);
  if (!local_setup) return {};  // everything rejected: nothing to connect
  bool client;
  if (*local_setup == sdp::SetupRole::kActpass) {
    client = remote_transport_->setup == sdp::SetupRole::kPassive;
  } else {
    client = *local_setup == sdp::SetupRole::kActive;
  }
  const SettingEngine& s = runtime_->settings();
  dtls::DtlsSettings d;
  d.role = client ? dtls::Role::kClient : dtls::Role::kServer;
  d.identity = identity_;
  d.remote_fingerprints = remote_transport_->fingerprints;
  // Cookies bind to this ICE session, so one obtained in another PeerConnection is useless here.
  const std::string context = transport_->local_credentials().ufrag + ":" + remote_transport_->ice_ufrag;
  d.cookie_context.assign(context.begin(), context.end());
  d.mtu = s.dtls_mtu;
  d.initial_retransmit_timeout = Duration::millis(s.dtls_retransmission_interval.count());
  d.handshake_timeout = Duration::millis(s.dtls_handshake_timeout.count());
  std::optional<sctp::DataChannelSettings> sctp;
  if (data_mid_) {
    sctp::DataChannelSettings ds;
    ds.sctp.remote_port = remote_transport_->sctp_port;
    ds.sctp.max_message_size = s.sctp_max_message_size;
    ds.sctp.max_receive_window = std::max(s.sctp_max_receive_buffer, s.sctp_max_message_size + 64 * 1024);
    ds.sctp.max_send_buffer = s.sctp_max_send_buffer;
    ds.sctp.enable_zero_checksum = s.sctp_zero_checksum;  // SCTP runs over DTLS: RFC 9653's case
    sctp = ds;
  }
  if (auto st = transport_->start_dtls(std::move(d), sctp); !st) {
    return rtc_error(RtcErrorCode::kOperationError, st.error());
  }
  open_pending_channels();
  return {};
}

std::optional<SessionDescription> PeerConnectionCore::local_description() const {
  const Description* d = pending_local_ ? &*pending_local_ : current_local_ ? &*current_local_ : nullptr;
  if (d == nullptr) return std::nullopt;
  // The description as the application set it, with the candidates gathered since (W3C
  // localDescription), so a non-trickle application can send it once gathering completed.
  sdp::SessionDescription sd = d->sdp;
  sdp::TransportDescription t = local_transport(true);
  for (auto& m : sd.media) {
    if (m.is_rejected()) continue;
    m.attributes.remove("candidate");
    m.attributes.remove("end-of-candidates");
    for (const auto& c : t.candidates) m.attributes.add(c);
    if (t.end_of_candidates) m.attributes.add_flag("end-of-candidates");
  }
  return SessionDescription{d->type, sdp::serialize(sd)};
}

std::optional<SessionDescription> PeerConnectionCore::remote_description() const {
  const Description* d = pending_remote_ ? &*pending_remote_ : current_remote_ ? &*current_remote_ : nullptr;
  if (d == nullptr) return std::nullopt;
  return SessionDescription{d->type, sdp::serialize(d->sdp)};
}

RtcResult<void> PeerConnectionCore::add_ice_candidate(const IceCandidateInit& init) {
  if (closed_) return closed_error();
  if (!remote_transport_) return rtc_error(RtcErrorCode::kInvalidState, "add_ice_candidate needs a remote description");
  // A candidate of another ICE generation (before or after a restart) is ignored (RFC 8838 section 4.4).
  if (init.username_fragment && !init.username_fragment->empty() && *init.username_fragment != remote_transport_->ice_ufrag) {
    return {};
  }
  if (init.candidate.empty()) {
    remote_transport_->end_of_candidates = true;
    if (!remote_transport_deferred_) transport_->set_remote_end_of_candidates();
    return {};
  }
  auto parsed = sdp::Candidate::parse_line(init.candidate);
  if (!parsed) return rtc_error(RtcErrorCode::kSyntaxError, parsed.error());
  remote_transport_->candidates.push_back(*parsed);
  if (remote_transport_deferred_) return {};  // applied with the rest after the restart
  if (parsed->is_udp() && parsed->address.ends_with(".local")) {
    sdp::Candidate with_ip = *parsed;
    with_ip.address = "0.0.0.0";
    if (auto ic = to_ice_candidate(with_ip)) transport_->add_remote_mdns_candidate(parsed->address, *ic);
    return {};
  }
  auto candidate = to_ice_candidate(*parsed);
  if (!candidate) return {};  // TCP or another component: nothing this agent can use
  if (auto st = transport_->add_remote_candidate(*candidate); !st) return rtc_error(RtcErrorCode::kOperationError, st.error());
  return {};
}

void PeerConnectionCore::restart_ice() {
  if (closed_) return;
  restart_pending_ = true;
  update_negotiation_needed();
}

void PeerConnectionCore::start_gathering() {
  if (gathering_ != IceGatheringState::kNew) return;
  set_gathering(IceGatheringState::kGathering);
  transport_->start_gathering(make_gather_settings(runtime_->settings(), configuration_, ice_servers_));
}

void PeerConnectionCore::close() {
  if (closed_) return;
  closed_ = true;
  callbacks_.clear();
  transport_->close();
  // W3C close(): states change without events.
  signaling_ = SignalingState::kClosed;
  ice_state_ = IceConnectionState::kClosed;
  pc_state_ = PeerConnectionState::kClosed;
  // No callback runs after close(); dropping them also breaks cycles through handles they captured.
  close_channels();
  for (auto& t : transceivers_) {
    t->stopped = true;
    t->on_rtp = nullptr;
    t->on_sample = nullptr;
    for (auto& l : t->remote_layers) {
      l.on_rtp = nullptr;
      l.on_sample = nullptr;
    }
    t->on_keyframe_request = nullptr;
    t->on_rtcp = nullptr;
    t->on_track_ended = nullptr;
  }
  for (auto& fn : gathering_waiters_) fn();
  gathering_waiters_.clear();
}

}  // namespace purertc::pc
