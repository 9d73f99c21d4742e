// PeerConnectionCore::get_stats: W3C webrtc-stats entries from the counters the engines keep.
#include "crypto/certificate.h"
#include "pc/peer_connection_core.h"
#include "pc/runtime.h"

namespace purertc::pc {
namespace {

std::string_view dtls_state_name(DtlsTransportState s) {
  switch (s) {
    case DtlsTransportState::kNew: return "new";
    case DtlsTransportState::kConnecting: return "connecting";
    case DtlsTransportState::kConnected: return "connected";
    case DtlsTransportState::kClosed: return "closed";
    case DtlsTransportState::kFailed: return "failed";
  }
  return "new";
}

Stats candidate_stats(std::string type, std::string id, double ts, const ice::Candidate& c) {
  Stats s{std::move(type), std::move(id), ts, {}};
  s.members["address"] = c.address.ip.to_string();
  s.members["port"] = static_cast<int64_t>(c.address.port);
  s.members["protocol"] = std::string(ice::to_string(c.transport));
  s.members["candidateType"] = std::string(ice::to_string(c.type));
  s.members["priority"] = static_cast<int64_t>(c.priority);
  s.members["foundation"] = c.foundation;
  return s;
}

}  // namespace

StatsReport PeerConnectionCore::get_stats() const {
  StatsReport report;
  const double ts = static_cast<double>(pc::now().us()) / 1000.0;

  Stats pcs{"peer-connection", "P", ts, {}};
  pcs.members["dataChannelsOpened"] = data_channels_opened_;
  pcs.members["dataChannelsClosed"] = data_channels_closed_;
  report.stats.push_back(std::move(pcs));

  const TransportStats& ts_counters = transport_->stats();
  Stats t{"transport", "T01", ts, {}};
  t.members["bytesSent"] = ts_counters.bytes_sent;
  t.members["bytesReceived"] = ts_counters.bytes_received;
  t.members["packetsSent"] = ts_counters.packets_sent;
  t.members["packetsReceived"] = ts_counters.packets_received;
  t.members["dtlsState"] = std::string(dtls_state_name(transport_->dtls_state()));
  t.members["iceState"] = std::string(to_string(ice_state_));
  t.members["localCertificateId"] = std::string("CF-local");
  if (const dtls::Connection* d = transport_->dtls()) {
    t.members["dtlsRole"] = std::string(d->role() == dtls::Role::kClient ? "client" : "server");
    if (auto suite = d->cipher_suite()) t.members["dtlsCipher"] = std::string(dtls::to_string(*suite));
    if (auto profile = d->srtp_profile()) t.members["srtpCipher"] = std::string(dtls::to_string(*profile));
    if (d->peer_certificate()) t.members["remoteCertificateId"] = std::string("CF-remote");
  }
  const auto selected = transport_->selected_pair();
  if (selected) t.members["selectedCandidatePairId"] = std::string("CP");
  report.stats.push_back(std::move(t));

  const auto& locals = transport_->local_candidates();
  for (size_t i = 0; i < locals.size(); ++i) {
    report.stats.push_back(candidate_stats("local-candidate", "L" + std::to_string(i), ts, locals[i]));
  }
  if (selected) {
    report.stats.push_back(candidate_stats("remote-candidate", "R-selected", ts, selected->second));
    Stats cp{"candidate-pair", "CP", ts, {}};
    for (size_t i = 0; i < locals.size(); ++i) {
      if (locals[i].base == selected->first.base && locals[i].type == selected->first.type) {
        cp.members["localCandidateId"] = "L" + std::to_string(i);
      }
    }
    cp.members["remoteCandidateId"] = std::string("R-selected");
    cp.members["transportId"] = std::string("T01");
    cp.members["state"] = std::string("succeeded");
    cp.members["nominated"] = true;
    if (const ice::Agent* a = transport_->agent()) {
      cp.members["requestsSent"] = a->stats().checks_sent;
      cp.members["requestsReceived"] = a->stats().checks_received;
      cp.members["responsesReceived"] = a->stats().responses_received;
      cp.members["responsesSent"] = a->stats().responses_sent;
    }
    report.stats.push_back(std::move(cp));
  }

  for (const auto& c : channels_) {
    Stats s{"data-channel", "D" + std::to_string(c->id.value_or(65535)) + "-" + c->label, ts, {}};
    s.members["label"] = c->label;
    s.members["protocol"] = c->init.protocol;
    if (c->id) s.members["dataChannelIdentifier"] = static_cast<int64_t>(*c->id);
    s.members["state"] = std::string(to_string(c->state));
    s.members["messagesSent"] = c->messages_sent;
    s.members["bytesSent"] = c->bytes_sent;
    s.members["messagesReceived"] = c->messages_received;
    s.members["bytesReceived"] = c->bytes_received;
    report.stats.push_back(std::move(s));
  }

  // W3C RTCOutboundRtpStreamStats / RTCInboundRtpStreamStats, one per media session stream.
  if (const media::MediaSession* session = transport_->media()) {
    for (const auto& t : transceivers_) {
      const std::string kind = t->kind == MediaKind::kAudio ? "audio" : "video";
      // One outbound-rtp per sent stream: the single one, or each simulcast layer with its rid.
      struct Sent {
        uint32_t id, ssrc;
        std::string rid;
      };
      std::vector<Sent> senders;
      if (t->sender_id) senders.push_back({*t->sender_id, t->ssrc, ""});
      for (const auto& l : t->send_layers) {
        if (l.sender_id) senders.push_back({*l.sender_id, l.ssrc, l.rid});
      }
      for (const Sent& sent : senders) {
        if (auto st = session->sender_stats(media::SenderId(sent.id))) {
          Stats o{"outbound-rtp", "OT" + t->mid.value_or("") + "-" + std::to_string(sent.ssrc), ts, {}};
          o.members["ssrc"] = static_cast<int64_t>(sent.ssrc);
          if (!sent.rid.empty()) o.members["rid"] = sent.rid;
          o.members["kind"] = kind;
          o.members["mid"] = t->mid.value_or("");
          o.members["transportId"] = std::string("T01");
          o.members["packetsSent"] = st->packets_sent;
          o.members["bytesSent"] = st->bytes_sent;
          o.members["headerBytesSent"] = st->header_bytes_sent;
          o.members["framesSent"] = st->frames_sent;
          o.members["retransmittedPacketsSent"] = st->retransmitted_packets;
          o.members["retransmittedBytesSent"] = st->retransmitted_bytes;
          o.members["nackCount"] = st->nacks_received;
          o.members["pliCount"] = st->plis_received;
          report.stats.push_back(std::move(o));
        }
      }
      // One inbound-rtp per received stream: the single one, or each simulcast layer with its rid (W3C
      // RTCInboundRtpStreamStats.rid).
      std::vector<std::pair<uint32_t, std::string>> receivers;
      if (t->receiver_id) receivers.emplace_back(*t->receiver_id, "");
      for (const auto& l : t->remote_layers) {
        if (l.receiver_id) receivers.emplace_back(*l.receiver_id, l.rid);
      }
      for (const auto& [receiver_id, rid] : receivers) {
        if (auto st = session->receiver_stats(media::ReceiverId(receiver_id))) {
          Stats in{"inbound-rtp", "IT" + t->mid.value_or("") + "-" + (rid.empty() ? "" : rid + "-") + std::to_string(st->ssrc), ts, {}};
          in.members["ssrc"] = static_cast<int64_t>(st->ssrc);
          in.members["kind"] = kind;
          in.members["mid"] = t->mid.value_or("");
          if (!rid.empty()) in.members["rid"] = rid;
          in.members["transportId"] = std::string("T01");
          in.members["packetsReceived"] = st->packets_received;
          in.members["bytesReceived"] = st->bytes_received;
          in.members["headerBytesReceived"] = st->header_bytes_received;
          in.members["packetsLost"] = st->packets_lost;
          in.members["jitter"] = st->jitter_seconds;
          in.members["nackCount"] = st->nacks_sent;
          in.members["pliCount"] = st->plis_sent;
          in.members["framesReceived"] = st->frames_received;
          report.stats.push_back(std::move(in));
        }
      }
    }
  }

  Stats cert{"certificate", "CF-local", ts, {}};
  const std::string fp = identity_->certificate.sdp_fingerprint();
  cert.members["fingerprintAlgorithm"] = fp.substr(0, fp.find(' '));
  cert.members["fingerprint"] = fp.substr(fp.find(' ') + 1);
  report.stats.push_back(std::move(cert));
  if (const dtls::Connection* d = transport_->dtls(); d && d->peer_certificate()) {
    Stats rc{"certificate", "CF-remote", ts, {}};
    const std::string rfp = d->peer_certificate()->sdp_fingerprint();
    rc.members["fingerprintAlgorithm"] = rfp.substr(0, rfp.find(' '));
    rc.members["fingerprint"] = rfp.substr(rfp.find(' ') + 1);
    report.stats.push_back(std::move(rc));
  }

  // The codecs the current local description negotiated, one entry per m-line and payload type.
  if (current_local_) {
    for (const auto& m : current_local_->sdp.media) {
      if (m.is_rejected() || (m.media != "audio" && m.media != "video")) continue;
      const std::string mid(m.mid().value_or(""));
      for (const auto& map : m.attributes.all<sdp::Rtpmap>()) {
        Stats s{"codec", "CO" + mid + "-" + std::to_string(map.payload_type), ts, {}};
        s.members["payloadType"] = static_cast<int64_t>(map.payload_type);
        s.members["mimeType"] = m.media + "/" + map.encoding_name;
        s.members["clockRate"] = static_cast<int64_t>(map.clock_rate);
        if (map.encoding_params) s.members["channels"] = static_cast<int64_t>(*map.encoding_params);
        for (const auto& f : m.attributes.all<sdp::Fmtp>()) {
          if (f.payload_type == map.payload_type) s.members["sdpFmtpLine"] = f.parameters_string();
        }
        s.members["transportId"] = std::string("T01");
        report.stats.push_back(std::move(s));
      }
    }
  }
  return report;
}

}  // namespace purertc::pc
