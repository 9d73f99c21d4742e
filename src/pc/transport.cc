#include "pc/transport.h"

#include <algorithm>
#include <chrono>

#include "common/log.h"
#include "pc/demux.h"
#include "pc/runtime.h"

namespace purertc::pc {
namespace {

Duration to_duration(std::chrono::milliseconds ms) { return Duration::millis(ms.count()); }

}  // namespace

Transport::Transport(Runtime& runtime, TransportObserver& observer, ice::Credentials local_credentials)
    : runtime_(runtime), observer_(observer), local_credentials_(std::move(local_credentials)) {
  timer_ = runtime_.loop().add_timer([this] { on_timer(); });
}

Transport::~Transport() {
  close();
  runtime_.loop().remove_timer(timer_);
}

void Transport::create_agent(bool controlling) {
  if (agent_) return;
  const SettingEngine& s = runtime_.settings();
  ice::AgentSettings settings;
  settings.controlling = controlling;
  settings.lite = s.ice_lite;
  settings.ta = to_duration(s.ice_check_interval);
  settings.disconnected_timeout = to_duration(s.ice_disconnected_timeout);
  settings.failed_timeout = to_duration(s.ice_failed_timeout);
  // Consent checks (RFC 7675, 4-6 s apart by default) must be answered well within the disconnected
  // timeout, or an idle but healthy connection flaps to disconnected whenever the randomized interval
  // exceeds it: check at least twice per timeout (as Pion's keepalive interval does).
  settings.consent_interval = std::min(settings.consent_interval, settings.disconnected_timeout / 2);
  agent_ = std::make_unique<ice::Agent>(settings, local_credentials_, runtime_.random());
  const Timestamp t = now();
  for (const auto& c : local_candidates_) agent_->add_local_candidate(c, t);
}

void Transport::start_gathering(GatherSettings settings) {
  if (gatherer_ || closed_) return;
  GatherCallbacks callbacks;
  callbacks.on_candidate = [this](const ice::Candidate& c, const std::string& mdns_name) {
    local_candidates_.push_back(c);
    local_mdns_names_.push_back(mdns_name);
    if (agent_) agent_->add_local_candidate(c, now());
    observer_.on_local_candidate(c, mdns_name);
    drain(now());
  };
  callbacks.on_gathering_complete = [this] {
    gathering_complete_ = true;
    observer_.on_gathering_complete();
  };
  callbacks.on_packet = [this](const SocketAddress& base, const SocketAddress& from, std::span<const uint8_t> bytes,
                               Timestamp t) { on_packet(base, from, bytes, t); };
  callbacks.on_receive_batch_end = [this](Timestamp t) { on_receive_batch_end(t); };
  settings.udp_mux = runtime_.udp_mux();  // single-port mode: the Api's shared socket (null otherwise)
  gatherer_ = std::make_unique<IceGatherer>(runtime_.loop(), std::move(settings), std::move(callbacks),
                                            runtime_.random());
  gatherer_->set_local_ufrag(local_credentials_.ufrag);
  if (auto st = gatherer_->gather(now()); !st) {
    PURERTC_LOG_WARN("pc", "gathering did not start: %s", to_string(st.error()).c_str());
  }
}


void Transport::set_remote_credentials(const ice::Credentials& remote, bool ice_lite) {
  if (!agent_) return;
  if (ice_lite) agent_->set_remote_lite(true);
  agent_->set_remote_credentials(remote, now());
  flush();
}

Status Transport::add_remote_candidate(const ice::Candidate& candidate) {
  if (!agent_) return unexpected(Error(Errc::kWrongState, "no ICE agent yet"));
  Status st = agent_->add_remote_candidate(candidate, now());
  flush();
  return st;
}

void Transport::add_remote_mdns_candidate(const std::string& name, ice::Candidate candidate) {
  if (!gatherer_) return;
  gatherer_->resolve_mdns(name, [this, candidate](std::optional<IpAddress> ip) mutable {
    if (!ip || !agent_ || closed_) return;
    candidate.address.ip = *ip;
    candidate.base = candidate.address;
    (void)agent_->add_remote_candidate(candidate, now());
    flush();
    observer_.on_idle();
  });
}

void Transport::set_remote_end_of_candidates() {
  if (!agent_) return;
  agent_->set_remote_end_of_candidates(now());
  flush();
}

void Transport::restart_ice(const ice::Credentials& local) {
  local_credentials_ = local;
  if (gatherer_) gatherer_->set_local_ufrag(local.ufrag);
  if (!agent_) return;
  const Timestamp t = now();
  agent_->restart(local, t);
  for (const auto& c : local_candidates_) agent_->add_local_candidate(c, t);
  flush();
}

void Transport::rollback_ice_restart(const ice::Credentials& local) {
  local_credentials_ = local;
  if (agent_) {
    const Timestamp t = now();
    if (agent_->rollback_restart(t)) {
      for (const auto& c : local_candidates_) agent_->add_local_candidate(c, t);
    }
    // Nothing to roll back (the new generation already carries traffic): what the agent uses stays.
    local_credentials_ = agent_->local_credentials();
  }
  if (gatherer_) gatherer_->set_local_ufrag(local_credentials_.ufrag);
  flush();
}

Status Transport::start_dtls(dtls::DtlsSettings dtls_settings, std::optional<sctp::DataChannelSettings> sctp) {
  if (dtls_) return {};
  const dtls::Role role = dtls_settings.role;
  auto conn = dtls::Connection::create(std::move(dtls_settings), runtime_.random());
  if (!conn) return unexpected(conn.error());
  dtls_ = std::move(*conn);
  if (sctp) {
    // RFC 8832 section 6: the DTLS client uses even stream ids, the server odd ones.
    sctp_ = std::make_unique<sctp::DataChannelEndpoint>(
        *sctp, role == dtls::Role::kClient ? sctp::DtlsRole::kClient : sctp::DtlsRole::kServer, runtime_.random());
  }
  dtls_state_ = DtlsTransportState::kConnecting;
  observer_.on_dtls_state(dtls_state_);
  if (role == dtls::Role::kClient && selected_) {
    dtls_client_started_ = true;
    dtls_->start(now());
  }
  flush();
  return {};
}

void Transport::flush() {
  if (closed_) return;
  drain(now());
}

void Transport::close() {
  if (closed_) return;
  const Timestamp t = now();
  if (dtls_ && dtls_state_ == DtlsTransportState::kConnected) {
    // close_notify, so the peer learns at once instead of by consent expiry (RFC 8842 section 5.5).
    dtls_->close(t);
    while (auto out = dtls_->poll_output()) {
      if (out->kind == dtls::Output::Kind::kTransmit) send_dtls_datagram(out->data);
    }
    flush_datagrams();
  }
  closed_ = true;
  if (agent_) agent_->close();
  if (gatherer_) gatherer_->close();
  runtime_.loop().cancel_timer(timer_);
}

void Transport::on_packet(const SocketAddress& base, const SocketAddress& from, std::span<const uint8_t> bytes,
                          Timestamp t) {
  if (closed_) return;
  stats_.packets_received++;
  stats_.bytes_received += bytes.size();
  const PacketKind kind = classify_packet(bytes);
  switch (kind) {
    case PacketKind::kStun:
      if (agent_) agent_->handle_stun(bytes, base, from, t);
      break;
    case PacketKind::kDtls:
      if (!dtls_) {
        stats_.dropped_unknown++;
        break;
      }
      if (!selected_) dtls_route_ = {base, from};
      dtls_->handle_input(bytes, t);
      break;
    case PacketKind::kRtp:
    case PacketKind::kRtcp:
      observer_.on_media_packet(bytes, t);
      handle_media_datagram(bytes, kind == PacketKind::kRtcp, t);
      break;
    default:
      // TURN ChannelData never reaches here (the gatherer unwraps it); ZRTP, QUIC and junk are dropped.
      stats_.dropped_unknown++;
      break;
  }
  // The outputs are processed once the whole receive batch is in (on_receive_batch_end): the engines
  // keep what they need from `bytes`, and the SCTP receiver then answers a batch of DATA with one SACK
  // (its every-second-packet and gap rules, RFC 9260 6.2, are evaluated per packet but the SACK is built
  // when polled) instead of one per two datagrams, each in its own sendmmsg.
  receive_pending_ = true;
}

void Transport::on_receive_batch_end(Timestamp t) {
  if (closed_ || !receive_pending_) return;
  receive_pending_ = false;
  drain(t);
  observer_.on_idle();
}

void Transport::on_timer() {
  if (closed_) return;
  const Timestamp t = now();
  if (agent_ && agent_->next_timeout() <= t) agent_->handle_timeout(t);
  if (dtls_ && dtls_->next_timeout() <= t) dtls_->handle_timeout(t);
  if (sctp_ && sctp_->next_timeout() <= t) sctp_->handle_timeout(t);
  if (media_ && media_->next_timeout() <= t) media_->handle_timeout(t);
  drain(t);
  observer_.on_idle();
}

void Transport::drain(Timestamp t) {
  // Each engine's output may be another's input; go round until all three are quiet.
  bool progress = true;
  while (progress && !closed_) {
    progress = false;
    progress |= drain_agent(t);
    progress |= drain_dtls(t);
    progress |= drain_sctp(t);
    progress |= drain_media(t);
  }
  flush_datagrams();
  rearm();
  if (sctp_connected_ && !sctp_connection_logged_) {
    sctp_connection_logged_ = true;
    PURERTC_LOG_INFO("pc", "SCTP association established, RFC 9653 zero checksum %s",
                     sctp_->association().negotiated().zero_checksum ? "in use" : "not in use");
  }
}

bool Transport::drain_agent(Timestamp t) {
  if (!agent_) return false;
  bool any = false;
  while (auto out = agent_->poll_output()) {
    any = true;
    if (auto* tx = std::get_if<ice::Transmit>(&*out)) {
      if (gatherer_) {
        stats_.packets_sent++;
        stats_.bytes_sent += tx->data.size();
        (void)gatherer_->send(tx->from, tx->to, tx->data);
      }
    } else if (auto* st = std::get_if<ice::StateChanged>(&*out)) {
      observer_.on_ice_state(st->state);
    } else if (auto* sel = std::get_if<ice::SelectedPairChanged>(&*out)) {
      selected_ = std::make_pair(sel->local, sel->remote);
      PURERTC_LOG_DEBUG("pc", "selected pair %s -> %s", ice::to_string(sel->local).c_str(),
                        ice::to_string(sel->remote).c_str());
      if (dtls_ && dtls_->role() == dtls::Role::kClient && !dtls_client_started_) {
        dtls_client_started_ = true;
        dtls_->start(t);
      }
    }
  }
  return any;
}

bool Transport::drain_dtls(Timestamp t) {
  if (!dtls_) return false;
  bool any = false;
  while (auto out = dtls_->poll_output()) {
    any = true;
    switch (out->kind) {
      case dtls::Output::Kind::kTransmit:
        send_dtls_datagram(out->data);
        dtls_->recycle(std::move(out->data));  // send_dtls_datagram copied it into the batch
        break;
      case dtls::Output::Kind::kConnected:
        // dtls::Connection has already checked the peer certificate against the SDP fingerprints.
        dtls_state_ = DtlsTransportState::kConnected;
        start_media(t);
        observer_.on_dtls_state(dtls_state_);
        if (sctp_) sctp_->connect(t);
        break;
      case dtls::Output::Kind::kData:
        if (sctp_) sctp_->handle_input(out->data, t);
        dtls_->recycle(std::move(out->data));  // SCTP copies what it keeps
        break;
      case dtls::Output::Kind::kClosed:
        dtls_state_ = DtlsTransportState::kClosed;
        observer_.on_dtls_state(dtls_state_);
        break;
      case dtls::Output::Kind::kFailed:
        PURERTC_LOG_WARN("pc", "DTLS failed: %s", to_string(out->error).c_str());
        dtls_state_ = DtlsTransportState::kFailed;
        observer_.on_dtls_state(dtls_state_);
        break;
    }
  }
  return any;
}

bool Transport::drain_sctp(Timestamp t) {
  if (!sctp_) return false;
  bool any = false;
  while (auto out = sctp_->poll_output()) {
    any = true;
    if (auto* tx = std::get_if<sctp::Transmit>(&*out)) {
      if (dtls_ && dtls_state_ == DtlsTransportState::kConnected) (void)dtls_->send(tx->packet, t);
      sctp_->association().recycle(std::move(tx->packet));  // DTLS sealed a copy
    } else {
      auto& event = std::get<sctp::ChannelEvent>(*out);
      if (std::holds_alternative<sctp::Connected>(event)) sctp_connected_ = true;
      observer_.on_channel_event(event);
    }
  }
  return any;
}

void Transport::start_media(Timestamp t) {
  if (media_ || !dtls_) return;
  const auto profile = dtls_->srtp_profile();
  if (!profile) return;  // the peer did not negotiate use_srtp: data channels only
  const auto srtp_profile = static_cast<srtp::Profile>(*profile);  // both enums carry the IANA ids
  auto keys = dtls_->export_keying_material("EXTRACTOR-dtls_srtp", srtp::keying_material_size(srtp_profile));
  if (!keys) {
    PURERTC_LOG_WARN("pc", "no SRTP keys from DTLS: %s", to_string(keys.error()).c_str());
    return;
  }
  media::MediaSessionSettings settings;
  settings.emit_rtcp_packets = true;  // RtpTransceiver::on_rtcp
  apply_interceptor_settings(runtime_.interceptors(), settings);
  auto session = std::make_unique<media::MediaSession>(runtime_.random(), std::move(settings));
  const auto role = dtls_->role() == dtls::Role::kClient ? srtp::DtlsRole::kClient : srtp::DtlsRole::kServer;
  if (auto st = session->start_srtp(srtp_profile, *keys, role, t); !st) {
    PURERTC_LOG_WARN("pc", "SRTP did not start: %s", to_string(st.error()).c_str());
    return;
  }
  // RTCP SR carries NTP wall-clock time (RFC 3550 6.4.1): anchor the loop clock to it once.
  const auto unix_us = std::chrono::duration_cast<std::chrono::microseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
  session->set_wall_clock(t, unix_us);
  interceptors_ = InterceptorChain::create(runtime_.interceptors());
  session->set_packet_interceptor(interceptors_.get());
  media_ = std::move(session);
}

void Transport::handle_media_datagram(std::span<const uint8_t> bytes, bool rtcp, Timestamp t) {
  if (!media_) return;  // before DTLS connected there are no keys; MediaSession would drop it too
  media_scratch_.assign(bytes.begin(), bytes.end());
  if (rtcp) {
    media_->handle_srtcp(media_scratch_, t);
  } else {
    media_->handle_srtp(media_scratch_, t);
  }
}

bool Transport::drain_media(Timestamp) {
  if (!media_) return false;
  bool any = false;
  while (auto out = media_->poll_output()) {
    any = true;
    if (auto* tx = std::get_if<media::Transmit>(&*out)) {
      send_dtls_datagram(tx->data);
      media_->recycle(std::move(tx->data));
    } else {
      observer_.on_media_event(std::get<media::Event>(*out));
    }
  }
  return any;
}

void Transport::send_dtls_datagram(std::span<const uint8_t> datagram) {
  if (!gatherer_) return;
  std::optional<std::pair<SocketAddress, SocketAddress>> route = dtls_route_;
  if (selected_) route = std::make_pair(selected_->first.base, selected_->second.address);
  if (!route) return;  // nowhere to send yet: DTLS retransmits once a pair exists
  stats_.packets_sent++;
  stats_.bytes_sent += datagram.size();
  if (!queued_sizes_.empty() && (queued_route_ != *route || queued_sizes_.size() >= kMaxBatch)) flush_datagrams();
  queued_route_ = *route;
  queued_bytes_.insert(queued_bytes_.end(), datagram.begin(), datagram.end());
  queued_sizes_.push_back(datagram.size());
}

void Transport::flush_datagrams() {
  if (queued_sizes_.empty()) return;
  queued_views_.clear();
  size_t offset = 0;
  for (size_t size : queued_sizes_) {
    queued_views_.emplace_back(queued_bytes_.data() + offset, size);
    offset += size;
  }
  if (gatherer_) (void)gatherer_->send_batch(queued_route_.first, queued_route_.second, queued_views_);
  queued_bytes_.clear();
  queued_sizes_.clear();
}

void Transport::rearm() {
  Timestamp next = Timestamp::infinite();
  if (agent_) next = std::min(next, agent_->next_timeout());
  if (dtls_) next = std::min(next, dtls_->next_timeout());
  if (sctp_) next = std::min(next, sctp_->next_timeout());
  if (media_) next = std::min(next, media_->next_timeout());
  runtime_.loop().arm_timer(timer_, next);
}

}  // namespace purertc::pc
