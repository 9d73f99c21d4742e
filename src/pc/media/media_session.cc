#include "pc/media/media_session.h"

#include <algorithm>
#include <utility>

#include "rtp/packet/header_extensions.h"
#include "rtp/rtcp/rtcp_packet.h"

namespace purertc::pc::media {

namespace {

uint32_t nonzero_random(Random& random) {
  uint32_t v = 0;
  while (v == 0) v = random.next_u32();
  return v;
}

bool droppable(const Event& e) {
  return std::holds_alternative<RtpPacketReceived>(e) || std::holds_alternative<SampleReceived>(e) ||
         std::holds_alternative<RtcpReceived>(e);
}

}  // namespace

std::string_view to_string(KeyframeRequestKind kind) { return kind == KeyframeRequestKind::kPli ? "PLI" : "FIR"; }

MediaSession::MediaSession(Random& random, MediaSessionSettings settings)
    : random_(random), settings_(std::move(settings)), rtcp_ssrc_(nonzero_random(random_)),
      cname_(settings_.cname), router_(settings_.router) {
  if (cname_.empty()) {
    // RFC 7022: a short-term persistent, random CNAME; 16 characters from a 64-symbol alphabet is 96 bits.
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 16; ++i) cname_ += kAlphabet[random_.uniform(64)];
  }
}

Status MediaSession::start_srtp(srtp::Profile profile, std::span<const uint8_t> keying_material,
                                srtp::DtlsRole local_role, Timestamp now) {
  if (srtp_) return unexpected(Error{Errc::kWrongState, "SRTP already started"});
  auto t = SrtpTransport::create(profile, keying_material, local_role, settings_.srtp);
  if (!t) return unexpected(t.error());
  srtp_.emplace(std::move(*t));
  schedule_report(now);
  return {};
}

void MediaSession::set_wall_clock(Timestamp now, int64_t unix_time_us) {
  wall_clock_anchor_ = now;
  wall_clock_unix_us_ = unix_time_us;
  wall_clock_set_ = true;
}

int64_t MediaSession::unix_us_at(Timestamp now) const {
  if (!wall_clock_set_) return now.us();
  return wall_clock_unix_us_ + (now - wall_clock_anchor_).us();
}

void MediaSession::update_routing_ids(const HeaderExtensionIds& ids) {
  if (routing_ids_explicit_) return;
  if (ids.mid == 0 && ids.rid == 0 && ids.repaired_rid == 0) return;
  router_.set_extension_ids(ids.mid, ids.rid, ids.repaired_rid);
}

void MediaSession::set_routing_extension_ids(uint8_t mid, uint8_t rid, uint8_t repaired_rid) {
  routing_ids_explicit_ = true;
  router_.set_extension_ids(mid, rid, repaired_rid);
}

Result<SenderId> MediaSession::add_sender(SenderParameters params) {
  if (senders_.size() >= settings_.max_senders) {
    return unexpected(Error{Errc::kLimitExceeded, "too many senders"});
  }
  if (params.ssrc == 0) params.ssrc = nonzero_random(random_);
  if (params.rtx_ssrc && *params.rtx_ssrc == 0) params.rtx_ssrc = nonzero_random(random_);
  for (const auto& [id, s] : senders_) {
    const auto& p = s->parameters();
    if (p.ssrc == params.ssrc || (p.rtx_ssrc && (*p.rtx_ssrc == params.ssrc || p.rtx_ssrc == params.rtx_ssrc)) ||
        (params.rtx_ssrc && *params.rtx_ssrc == p.ssrc)) {
      return unexpected(Error{Errc::kLimitExceeded, "SSRC already used by another sender"});
    }
  }
  if (params.codec.clock_rate == 0) return unexpected(Error{Errc::kInvalidArgument, "codec clock rate is 0"});
  // RFC 3550 5.1: sequence numbers and timestamps start at random values.
  if (params.initial_sequence_number == 0) params.initial_sequence_number = static_cast<uint16_t>(random_.next_u32());
  if (params.initial_timestamp == 0) params.initial_timestamp = random_.next_u32();
  if (params.initial_picture_id == 0) params.initial_picture_id = static_cast<uint16_t>(random_.next_u32());
  if (params.initial_rtx_sequence_number == 0) {
    params.initial_rtx_sequence_number = static_cast<uint16_t>(random_.next_u32());
  }
  params.max_packet_size = std::min(params.max_packet_size, settings_.mtu - srtp::kMaxRtpOverhead);
  const SenderId id(next_id_++);
  senders_.emplace(id, std::make_unique<RtpSenderCore>(std::move(params)));
  return id;
}

Status MediaSession::remove_sender(SenderId id, Timestamp now) {
  (void)now;
  auto it = senders_.find(id);
  if (it == senders_.end()) return unexpected(Error{Errc::kInvalidArgument, "unknown sender"});
  if (srtp_ && it->second->has_sent()) {
    // RFC 3550 6.6: BYE for the stream's SSRC (reduced size, RFC 5506).
    std::vector<rtp::RtcpPacket> packets;
    packets.push_back(rtp::Bye{{it->second->ssrc()}, {}});
    if (auto bytes = rtp::serialize_rtcp_compound(packets)) queue_rtcp(std::move(*bytes));
  }
  senders_.erase(it);
  return {};
}

Result<ReceiverId> MediaSession::add_receiver(ReceiverParameters params) {
  if (receivers_.size() >= settings_.max_receivers) {
    return unexpected(Error{Errc::kLimitExceeded, "too many receivers"});
  }
  if (params.codecs.empty()) return unexpected(Error{Errc::kInvalidArgument, "receiver without codecs"});
  RouteKeys keys;
  keys.mid = params.mid;
  keys.rid = params.rid;
  for (const auto& c : params.codecs) {
    keys.payload_types.push_back(c.payload_type);
    if (c.rtx_payload_type) keys.rtx_payload_types.push_back(*c.rtx_payload_type);
  }
  keys.ssrc = params.ssrc;
  keys.rtx_ssrc = params.rtx_ssrc;
  update_routing_ids(params.extensions);
  const ReceiverId id(next_id_++);
  router_.add_receiver(id, std::move(keys));
  auto core = std::make_unique<RtpReceiverCore>(id, std::move(params));
  core->set_buffer_source([this] { return take_buffer(); });
  receivers_.emplace(id, std::move(core));
  return id;
}

Status MediaSession::remove_receiver(ReceiverId id) {
  auto it = receivers_.find(id);
  if (it == receivers_.end()) return unexpected(Error{Errc::kInvalidArgument, "unknown receiver"});
  router_.remove_receiver(id);
  receivers_.erase(it);
  return {};
}

std::vector<uint8_t> MediaSession::take_buffer() {
  if (pool_.empty()) {
    std::vector<uint8_t> b;
    b.reserve(settings_.mtu + srtp::kMaxRtcpOverhead);
    return b;
  }
  std::vector<uint8_t> b = std::move(pool_.back());
  pool_.pop_back();
  b.clear();
  return b;
}

void MediaSession::recycle(std::vector<uint8_t>&& buffer) {
  if (pool_.size() < settings_.buffer_pool_size) pool_.push_back(std::move(buffer));
}

void MediaSession::flush_rtp(SenderId sender, const HeaderExtensionIds& ids, Timestamp now) {
  const size_t overhead = srtp_->rtp_overhead();
  for (auto& buffer : pending_) {
    // Before the transport-wide sequence number is stamped, so a dropped packet leaves no gap in it.
    if (interceptor_ != nullptr && !interceptor_->outgoing_rtp(sender, buffer)) {
      ++stats_.rtp_dropped_by_interceptor;
      recycle(std::move(buffer));
      continue;
    }
    if (ids.transport_cc != 0 || ids.abs_send_time != 0) {
      auto view = rtp::RtpPacketView::parse(buffer);
      if (view) {
        if (auto v = rtp::mutable_extension(buffer, *view, ids.transport_cc); v.size() == 2) {
          rtp::TransportSequenceNumber{transport_sequence_number_++}.write(v.data());
        }
        if (auto v = rtp::mutable_extension(buffer, *view, ids.abs_send_time); v.size() == 3) {
          rtp::AbsSendTime::from_micros(unix_us_at(now)).write(v.data());
        }
      }
    }
    const size_t length = buffer.size();
    buffer.resize(length + overhead);
    auto n = srtp_->protect_rtp(buffer, length);
    if (!n) {
      recycle(std::move(buffer));
      continue;
    }
    buffer.resize(*n);
    outputs_.push_back(Transmit{std::move(buffer), false});
  }
  pending_.clear();
}

void MediaSession::queue_rtcp(std::vector<uint8_t> plaintext) {
  if (!srtp_) return;
  if (interceptor_ != nullptr && !interceptor_->outgoing_rtcp(plaintext)) {
    ++stats_.rtcp_dropped_by_interceptor;
    return;
  }
  const size_t length = plaintext.size();
  plaintext.resize(length + srtp_->rtcp_overhead());
  auto n = srtp_->protect_rtcp(plaintext, length);
  if (!n) return;
  plaintext.resize(*n);
  ++stats_.rtcp_sent;
  outputs_.push_back(Transmit{std::move(plaintext), true});
}

void MediaSession::queue_event(Event event, bool may_drop) {
  if (may_drop && queued_events_ >= settings_.max_queued_events) {
    ++stats_.events_dropped;
    return;
  }
  ++queued_events_;
  outputs_.push_back(std::move(event));
}

Status MediaSession::send_sample(SenderId id, std::span<const uint8_t> frame, Duration duration, Timestamp now) {
  if (!srtp_) return unexpected(Error{Errc::kWrongState, "SRTP not started"});
  auto it = senders_.find(id);
  if (it == senders_.end()) return unexpected(Error{Errc::kInvalidArgument, "unknown sender"});
  RtpSenderCore& s = *it->second;
  auto status = s.send_sample(frame, duration, now, srtp::kMaxRtpOverhead, [this] { return take_buffer(); }, pending_);
  if (!status) {
    for (auto& b : pending_) recycle(std::move(b));
    pending_.clear();
    return status;
  }
  flush_rtp(id, s.parameters().extensions, now);
  return {};
}

Status MediaSession::send_rtp(SenderId id, std::span<const uint8_t> packet, Timestamp now) {
  if (!srtp_) return unexpected(Error{Errc::kWrongState, "SRTP not started"});
  auto it = senders_.find(id);
  if (it == senders_.end()) return unexpected(Error{Errc::kInvalidArgument, "unknown sender"});
  RtpSenderCore& s = *it->second;
  std::vector<uint8_t> buffer = take_buffer();
  if (auto status = s.send_rtp(packet, now, srtp::kMaxRtpOverhead, buffer); !status) {
    recycle(std::move(buffer));
    return status;
  }
  pending_.push_back(std::move(buffer));
  flush_rtp(id, s.parameters().extensions, now);
  return {};
}

Status MediaSession::send_rtcp(std::span<const uint8_t> compound, Timestamp now) {
  (void)now;
  if (!srtp_) return unexpected(Error{Errc::kWrongState, "SRTP not started"});
  if (auto n = rtp::validate_rtcp_compound(compound, true); !n) return unexpected(n.error());
  if (compound.size() + srtp_->rtcp_overhead() > settings_.mtu) {
    return unexpected(Error{Errc::kInvalidArgument, "RTCP packet larger than the MTU"});
  }
  queue_rtcp(std::vector<uint8_t>(compound.begin(), compound.end()));
  return {};
}

Status MediaSession::request_keyframe(ReceiverId id, KeyframeRequestKind kind, Timestamp now) {
  if (!srtp_) return unexpected(Error{Errc::kWrongState, "SRTP not started"});
  auto it = receivers_.find(id);
  if (it == receivers_.end()) return unexpected(Error{Errc::kInvalidArgument, "unknown receiver"});
  if (auto s = it->second->request_keyframe(kind); !s) return s;
  send_feedback(*it->second, now);
  return {};
}

void MediaSession::handle_srtp(std::span<uint8_t> datagram, Timestamp now) {
  ++stats_.rtp_received;
  if (!srtp_) {
    ++stats_.dropped_before_srtp;
    return;
  }
  auto n = srtp_->unprotect_rtp(datagram);
  if (!n) return;  // counted by SrtpTransport
  const std::span<uint8_t> packet = datagram.first(*n);
  auto view = rtp::RtpPacketView::parse(packet);
  if (!view) {
    ++stats_.rtp_malformed;
    return;
  }
  auto route = router_.route(*view);
  if (!route) {
    ++stats_.rtp_unroutable;
    if (router_.note_unknown(view->ssrc())) {
      queue_event(UnroutedRtp{view->ssrc(), view->payload_type(), router_.mid_of(*view), router_.rid_of(*view)},
                  false);
    }
    return;
  }
  auto it = receivers_.find(route->receiver);
  if (it == receivers_.end()) return;
  RtpReceiverCore& receiver = *it->second;
  std::span<uint8_t> delivered = packet;
  if (interceptor_ != nullptr) {
    intercept_scratch_.assign(packet.begin(), packet.end());
    if (!interceptor_->incoming_rtp(route->receiver, route->rtx, intercept_scratch_)) {
      ++stats_.rtp_dropped_by_interceptor;
      return;
    }
    delivered = intercept_scratch_;
    if (!rtp::RtpPacketView::parse(delivered)) {  // the interceptor broke it
      ++stats_.rtp_malformed;
      return;
    }
  }
  event_scratch_.clear();
  receiver.handle_rtp(delivered, route->rtx, now, event_scratch_);
  for (auto& e : event_scratch_) {
    const bool may_drop = droppable(e);
    queue_event(std::move(e), may_drop);
  }
  event_scratch_.clear();
  // A gap opens a NACK at once (RFC 4585 6.2.1 leaves the timing to the receiver; early is cheapest).
  if (receiver.next_feedback_time() <= now) send_feedback(receiver, now);
}

void MediaSession::handle_srtcp(std::span<uint8_t> datagram, Timestamp now) {
  ++stats_.rtcp_received;
  if (!srtp_) {
    ++stats_.dropped_before_srtp;
    return;
  }
  auto n = srtp_->unprotect_rtcp(datagram);
  if (!n) return;
  std::span<const uint8_t> compound = datagram.first(*n);
  if (interceptor_ != nullptr) {
    intercept_scratch_.assign(compound.begin(), compound.end());
    if (!interceptor_->incoming_rtcp(intercept_scratch_)) {
      ++stats_.rtcp_dropped_by_interceptor;
      return;
    }
    compound = intercept_scratch_;
  }
  auto packets = rtp::parse_rtcp_compound(compound, settings_.rtcp_parse);
  if (!packets) {
    ++stats_.rtcp_malformed;
    return;
  }
  if (settings_.emit_rtcp_packets) {
    queue_event(RtcpReceived{std::vector<uint8_t>(compound.begin(), compound.end())}, true);
  }
  const uint64_t arrival_ntp = ntp_at(now);
  for (const auto& p : *packets) handle_rtcp_packet(p, now, arrival_ntp);
}

RtpSenderCore* MediaSession::sender_by_ssrc(uint32_t ssrc, SenderId* id) {
  for (auto& [sid, s] : senders_) {
    if (s->ssrc() == ssrc) {
      if (id) *id = sid;
      return s.get();
    }
  }
  return nullptr;
}

RtpReceiverCore* MediaSession::receiver_by_ssrc(uint32_t ssrc) {
  for (auto& [rid, r] : receivers_) {
    if (r->media_ssrc() == ssrc) return r.get();
  }
  return nullptr;
}

void MediaSession::handle_rtcp_packet(const rtp::RtcpPacket& packet, Timestamp now, uint64_t arrival_ntp) {
  auto on_blocks = [&](const std::vector<rtp::ReportBlock>& blocks) {
    for (const auto& b : blocks) {
      RtpSenderCore* s = sender_by_ssrc(b.ssrc, nullptr);
      if (s == nullptr) continue;
      s->handle_report_block(b, arrival_ntp);
      // One transport, one path: the RTT measured for any sender paces every receiver's NACK retries.
      if (auto rtt = s->stats().round_trip_time) {
        for (auto& [rid, r] : receivers_) r->set_rtt(*rtt);
      }
    }
  };
  if (const auto* sr = std::get_if<rtp::SenderReport>(&packet)) {
    if (RtpReceiverCore* r = receiver_by_ssrc(sr->sender_ssrc)) r->handle_sender_report(sr->ntp_timestamp, now);
    on_blocks(sr->report_blocks);
  } else if (const auto* rr = std::get_if<rtp::ReceiverReport>(&packet)) {
    on_blocks(rr->report_blocks);
  } else if (const auto* nack = std::get_if<rtp::GenericNack>(&packet)) {
    SenderId id;
    RtpSenderCore* s = sender_by_ssrc(nack->media_ssrc, &id);
    if (s == nullptr || !srtp_) return;
    const size_t sent = s->handle_nack(*nack, now, srtp::kMaxRtpOverhead, [this] { return take_buffer(); }, pending_);
    flush_rtp(id, s->parameters().extensions, now);
    queue_event(NackReceived{id, nack->lost.size(), sent}, false);
  } else if (const auto* pli = std::get_if<rtp::Pli>(&packet)) {
    SenderId id;
    if (RtpSenderCore* s = sender_by_ssrc(pli->media_ssrc, &id)) {
      s->handle_pli();
      queue_event(KeyframeRequested{id, KeyframeRequestKind::kPli}, false);
    }
  } else if (const auto* fir = std::get_if<rtp::Fir>(&packet)) {
    for (const auto& entry : fir->entries) {
      SenderId id;
      if (RtpSenderCore* s = sender_by_ssrc(entry.ssrc, &id)) {
        s->handle_fir();
        queue_event(KeyframeRequested{id, KeyframeRequestKind::kFir}, false);
      }
    }
  } else if (const auto* bye = std::get_if<rtp::Bye>(&packet)) {
    for (uint32_t ssrc : bye->ssrcs) {
      if (RtpReceiverCore* r = receiver_by_ssrc(ssrc)) queue_event(ByeReceived{r->id(), ssrc}, false);
    }
  }
}

uint32_t MediaSession::feedback_ssrc() const {
  return senders_.empty() ? rtcp_ssrc_ : senders_.begin()->second->ssrc();
}

void MediaSession::send_feedback(RtpReceiverCore& receiver, Timestamp now) {
  auto f = receiver.take_feedback(feedback_ssrc(), now);
  std::vector<rtp::RtcpPacket> packets;
  if (f.nack) packets.emplace_back(std::move(*f.nack));
  if (f.pli) packets.emplace_back(*f.pli);
  if (f.fir) packets.emplace_back(std::move(*f.fir));
  if (packets.empty()) return;
  // RFC 5506 reduced-size feedback, split so each datagram fits the MTU (a long NACK list could not).
  std::vector<rtp::RtcpPacket> batch;
  size_t batch_size = 0;
  const size_t limit = settings_.mtu - srtp_->rtcp_overhead();
  auto flush = [&] {
    if (batch.empty()) return;
    if (auto bytes = rtp::serialize_rtcp_compound(batch)) queue_rtcp(std::move(*bytes));
    batch.clear();
    batch_size = 0;
  };
  for (auto& p : packets) {
    if (auto* nack = std::get_if<rtp::GenericNack>(&p); nack && rtp::serialized_size(p) > limit) {
      // Split an oversized NACK by its sequence numbers; a GenericNack packs them by itself.
      std::vector<uint16_t> lost = std::move(nack->lost);
      const size_t per_packet = 64;
      for (size_t i = 0; i < lost.size(); i += per_packet) {
        rtp::GenericNack part{nack->sender_ssrc, nack->media_ssrc, {}};
        part.lost.assign(lost.begin() + static_cast<std::ptrdiff_t>(i),
                         lost.begin() + static_cast<std::ptrdiff_t>(std::min(lost.size(), i + per_packet)));
        flush();
        batch.emplace_back(std::move(part));
        flush();
      }
      continue;
    }
    const size_t size = rtp::serialized_size(p);
    if (batch_size + size > limit) flush();
    batch_size += size;
    batch.push_back(std::move(p));
  }
  flush();
}

void MediaSession::schedule_report(Timestamp now) {
  if (!settings_.rtcp_reports) {
    next_report_ = Timestamp::infinite();
    return;
  }
  // RFC 3550 6.3.1: randomize the interval over [0.5, 1.5] times its value so reports do not synchronize.
  const double factor = 0.5 + random_.next_double();
  next_report_ = now + Duration::micros(static_cast<int64_t>(static_cast<double>(settings_.rtcp_interval.us()) * factor));
}

void MediaSession::send_reports(Timestamp now) {
  schedule_report(now);
  const uint64_t ntp = ntp_at(now);
  std::vector<rtp::ReportBlock> blocks;
  for (auto& [id, r] : receivers_) {
    if (auto b = r->make_report_block(now)) blocks.push_back(*b);
  }
  std::vector<rtp::RtcpPacket> reports;
  std::string cname;
  for (auto& [id, s] : senders_) {
    auto sr = s->make_sender_report(ntp, now);
    if (!sr) continue;
    if (cname.empty() && !s->parameters().cname.empty()) cname = s->parameters().cname;
    reports.emplace_back(std::move(*sr));
  }
  size_t next_block = 0;
  auto take_blocks = [&](std::vector<rtp::ReportBlock>& into) {
    while (next_block < blocks.size() && into.size() < rtp::kMaxReportBlocks) into.push_back(blocks[next_block++]);
  };
  if (!reports.empty()) take_blocks(std::get<rtp::SenderReport>(reports.front()).report_blocks);
  // Blocks beyond what the first SR holds (more than 31 receivers), or all of them when nothing was sent.
  while (next_block < blocks.size()) {
    rtp::ReceiverReport rr;
    rr.sender_ssrc = feedback_ssrc();
    take_blocks(rr.report_blocks);
    reports.emplace_back(std::move(rr));
  }
  if (reports.empty()) return;  // nothing sent, nothing received: nothing to report
  const uint32_t first_ssrc = std::visit(
      [](const auto& p) -> uint32_t {
        if constexpr (requires { p.sender_ssrc; }) return p.sender_ssrc;
        else return 0;
      },
      reports.front());
  rtp::SourceDescription sdes;
  sdes.chunks.push_back(rtp::SdesChunk{first_ssrc, {rtp::SdesItem{1, cname.empty() ? cname_ : cname}}});

  // RFC 3550 6.1: one compound per datagram, each starting with a report; SDES rides in the first.
  const size_t limit = settings_.mtu - srtp_->rtcp_overhead();
  std::vector<rtp::RtcpPacket> batch;
  size_t batch_size = 0;
  bool sdes_placed = false;
  auto flush = [&] {
    if (batch.empty()) return;
    if (auto bytes = rtp::serialize_rtcp_compound(batch)) queue_rtcp(std::move(*bytes));
    batch.clear();
    batch_size = 0;
  };
  for (auto& p : reports) {
    const size_t size = rtp::serialized_size(p);
    if (batch_size + size > limit) flush();
    batch_size += size;
    batch.push_back(std::move(p));
    if (!sdes_placed) {
      const size_t sdes_size = sdes.serialized_size();
      if (batch_size + sdes_size <= limit) {
        batch.emplace_back(sdes);
        batch_size += sdes_size;
      }
      sdes_placed = true;
    }
  }
  flush();
}

std::optional<Output> MediaSession::poll_output() {
  if (outputs_.empty()) return std::nullopt;
  Output out = std::move(outputs_.front());
  outputs_.pop_front();
  if (std::holds_alternative<Event>(out)) --queued_events_;
  return out;
}

Timestamp MediaSession::next_timeout() const {
  if (!srtp_) return Timestamp::infinite();
  Timestamp t = next_report_;
  for (const auto& [id, r] : receivers_) t = earliest(t, r->next_feedback_time());
  return t;
}

void MediaSession::handle_timeout(Timestamp now) {
  if (!srtp_) return;
  if (now >= next_report_) send_reports(now);
  for (auto& [id, r] : receivers_) {
    if (r->next_feedback_time() <= now) send_feedback(*r, now);
  }
}

const RtpSenderCore* MediaSession::sender(SenderId id) const {
  auto it = senders_.find(id);
  return it == senders_.end() ? nullptr : it->second.get();
}

const RtpReceiverCore* MediaSession::receiver(ReceiverId id) const {
  auto it = receivers_.find(id);
  return it == receivers_.end() ? nullptr : it->second.get();
}

std::optional<SenderStats> MediaSession::sender_stats(SenderId id) const {
  const RtpSenderCore* s = sender(id);
  if (s == nullptr) return std::nullopt;
  return s->stats();
}

std::optional<ReceiverStats> MediaSession::receiver_stats(ReceiverId id) const {
  const RtpReceiverCore* r = receiver(id);
  if (r == nullptr) return std::nullopt;
  return r->stats();
}

MediaSessionStats MediaSession::stats() const {
  MediaSessionStats s = stats_;
  if (srtp_) s.srtp = srtp_->stats();
  s.router = router_.stats();
  return s;
}

}  // namespace purertc::pc::media
