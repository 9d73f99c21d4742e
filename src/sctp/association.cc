#include "sctp/association.h"

#include <algorithm>

#include "common/byte_order.h"
#include "common/unwrap.h"
#include "common/log.h"
#include "sctp/packet/chunk_type.h"
#include "sctp/packet/control_chunks.h"
#include "sctp/packet/data_chunk.h"
#include "sctp/packet/error_cause.h"
#include "sctp/packet/forward_tsn_chunk.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/reconfig_chunk.h"
#include "sctp/packet/sack_chunk.h"

namespace purertc::sctp {

std::string_view to_string(AssociationState s) {
  switch (s) {
    case AssociationState::kClosed: return "closed";
    case AssociationState::kCookieWait: return "cookie-wait";
    case AssociationState::kCookieEchoed: return "cookie-echoed";
    case AssociationState::kEstablished: return "established";
    case AssociationState::kShutdownPending: return "shutdown-pending";
    case AssociationState::kShutdownSent: return "shutdown-sent";
    case AssociationState::kShutdownReceived: return "shutdown-received";
    case AssociationState::kShutdownAckSent: return "shutdown-ack-sent";
  }
  return "unknown";
}

static SctpSettings sanitize(SctpSettings s) {
  s.max_receive_window = std::max(s.max_receive_window, s.max_message_size + 65536);
  if (s.max_packet_size() < 256) s.path_mtu = 256 + s.dtls_overhead;
  return s;
}

Association::Association(const SctpSettings& settings, Random& random)
    : settings_(sanitize(settings)),
      random_(random),
      mtu_(settings_.max_packet_size()),
      rtx_(mtu_),
      rto_(settings_),
      reassembly_(settings_.max_message_size) {
  uint8_t key[32];
  random_.fill(key);
  cookie_key_ = std::make_unique<crypto::HmacKey>(crypto::HashAlgorithm::kSha256, key);
}

Association::~Association() = default;

uint32_t Association::random_nonzero_u32() {
  uint32_t v = 0;
  while (v == 0) v = random_.next_u32();
  return v;
}

Capabilities Association::local_capabilities() const {
  return {settings_.enable_partial_reliability, true, settings_.enable_interleaving, settings_.enable_zero_checksum};
}

uint32_t Association::a_rwnd() const {
  size_t used = reassembly_.buffered_bytes() + deferred_bytes_;
  return used >= settings_.max_receive_window ? 0 : static_cast<uint32_t>(settings_.max_receive_window - used);
}

AssociationStats Association::stats() const {
  AssociationStats s = stats_;
  s.retransmissions = rtx_.retransmissions();
  s.messages_abandoned += send_queue_.expired();
  s.cwnd = rtx_.cwnd();
  s.srtt = rto_.srtt();
  return s;
}

// ---------------------------------------------------------------------------------------------------
// Commands

void Association::connect(Timestamp now) {
  now_ = now;
  if (state_ != AssociationState::kClosed) return;
  local_tag_ = random_nonzero_u32();
  local_initial_tsn_ = random_.next_u32();
  send_init();
  state_ = AssociationState::kCookieWait;
  t1_.count = 0;
  t1_.deadline = now + settings_.rto_initial;
}

void Association::send_init() {
  InitChunk init;
  init.initiate_tag = local_tag_;
  init.a_rwnd = a_rwnd();
  init.outbound_streams = settings_.max_outbound_streams;
  init.inbound_streams = settings_.max_inbound_streams;
  init.initial_tsn = local_initial_tsn_;
  init.capabilities = local_capabilities();
  init_chunk_.clear();
  init.append_to(init_chunk_, false);
  queue_packet_with(0, init_chunk_, true);
}

Status Association::send(uint16_t stream, uint32_t ppid, std::vector<uint8_t> payload, const SendOptions& options, Timestamp now) {
  now_ = now;
  if (state_ != AssociationState::kEstablished) return unexpected(Error{Errc::kWrongState, "sctp: association not established"});
  if (stream >= outbound_streams_) return unexpected(Error{Errc::kInvalidArgument, "sctp: stream id beyond negotiated streams"});
  if (payload.empty()) return unexpected(Error{Errc::kInvalidArgument, "sctp: empty user message"});
  if (payload.size() > settings_.max_message_size) return unexpected(Error{Errc::kLimitExceeded, "sctp: message larger than max message size"});
  if (send_queue_.total_buffered() + payload.size() > settings_.max_send_buffer) return unexpected(Error{Errc::kLimitExceeded, "sctp: send buffer full"});
  SendOptions o = options;
  if (!caps_.partial_reliability) {
    o.max_retransmits.reset();
    o.lifetime.reset();
  }
  return send_queue_.enqueue(stream, ppid, std::move(payload), o, now);
}

Status Association::reset_streams(std::span<const uint16_t> streams, Timestamp now) {
  now_ = now;
  if (state_ != AssociationState::kEstablished) return unexpected(Error{Errc::kWrongState, "sctp: association not established"});
  if (!caps_.reconfig) return unexpected(Error{Errc::kUnsupported, "sctp: peer does not support stream reset"});
  if (streams.empty()) return unexpected(Error{Errc::kInvalidArgument, "sctp: no stream to reset"});
  schedule_outgoing_reset(streams);
  return {};
}

void Association::schedule_outgoing_reset(std::span<const uint16_t> streams) {
  send_queue_.prepare_reset(streams);
  if (streams.empty()) {
    reset_all_streams_ = true;
    streams_to_reset_.clear();
    return;
  }
  if (reset_all_streams_) return;  // already covered
  for (uint16_t s : streams) {
    if (std::find(streams_to_reset_.begin(), streams_to_reset_.end(), s) == streams_to_reset_.end()) streams_to_reset_.push_back(s);
  }
}

void Association::shutdown(Timestamp now) {
  now_ = now;
  if (state_ == AssociationState::kEstablished) {
    state_ = AssociationState::kShutdownPending;
    maybe_finish_shutdown();
  } else if (state_ == AssociationState::kCookieWait || state_ == AssociationState::kCookieEchoed) {
    abort("shutdown before established", now);
  }
}

void Association::abort(std::string_view reason, Timestamp now) {
  now_ = now;
  if (state_ == AssociationState::kClosed) return;
  send_abort_and_close(CauseCode::kUserInitiatedAbort, reason);
}

void Association::send_abort_and_close(CauseCode cause, std::string_view reason) {
  std::vector<uint8_t> causes;
  append_error_cause(causes, cause, std::span(reinterpret_cast<const uint8_t*>(reason.data()), reason.size()));
  std::vector<uint8_t> chunk;
  append_simple_chunk(chunk, ChunkType::kAbort, 0, causes);
  if (state_ != AssociationState::kCookieWait) queue_packet_with(peer_tag_, chunk, false);
  close_with(Aborted{std::string(to_string(cause)) + ": " + std::string(reason)});
}

void Association::close_with(Event event) {
  state_ = AssociationState::kClosed;
  t1_.stop();
  t2_.stop();
  t3_.stop();
  delayed_ack_.stop();
  heartbeat_.stop();
  reconfig_.stop();
  next_heartbeat_ = Timestamp::infinite();
  control_.clear();
  sack_now_ = false;
  events_.push_back(std::move(event));
}

void Association::queue_packet_with(uint32_t tag, std::span<const uint8_t> chunk, bool checksum_required) {
  PacketBuilder b;
  b.reset(settings_.local_port, settings_.remote_port, tag, kCommonHeaderSize + chunk.size() + 3);
  b.append_chunk(chunk);
  packets_.push_back(b.finish(!checksum_required && caps_.zero_checksum && state_ != AssociationState::kClosed));
}

// ---------------------------------------------------------------------------------------------------
// Input

void Association::handle_input(std::span<const uint8_t> bytes, Timestamp now) {
  now_ = now;
  auto parsed = PacketView::parse(bytes);
  if (!parsed) {
    ++stats_.packets_dropped;
    PURERTC_LOG_DEBUG("sctp", "dropping packet: %s", parsed.error().detail);
    return;
  }
  const PacketView& packet = *parsed;
  if (!verify_checksum(bytes, settings_.enable_zero_checksum) || packet.header().destination_port != settings_.local_port) {
    ++stats_.packets_dropped;
    return;
  }
  ++stats_.packets_received;
  const ChunkView& first = packet.first_chunk();
  const uint32_t vtag = packet.header().verification_tag;

  if (first.type == static_cast<uint8_t>(ChunkType::kInit)) {
    // RFC 9260 8.5.1 A: an INIT is alone in its packet and carries tag 0.
    if (packet.chunk_count() != 1 || vtag != 0) {
      ++stats_.packets_dropped;
      return;
    }
    handle_init(first);
    return;
  }
  if (first.type == static_cast<uint8_t>(ChunkType::kCookieEcho)) {
    handle_cookie_echo(packet, first);
    if (packet.chunk_count() == 1 || state_ == AssociationState::kClosed) return;
  } else if (state_ == AssociationState::kClosed) {
    handle_ootb(packet);
    return;
  } else {
    bool is_abort = first.type == static_cast<uint8_t>(ChunkType::kAbort);
    bool is_complete = first.type == static_cast<uint8_t>(ChunkType::kShutdownComplete);
    bool reflected = (is_abort || is_complete) && (first.flags & kFlagTagReflected);
    // RFC 9260 8.5 / 8.5.1 B, C: the tag must be ours, or the peer's when the T bit says it was reflected.
    bool tag_ok = reflected ? vtag == peer_tag_ : vtag == local_tag_;
    if (!tag_ok) {
      ++stats_.packets_dropped;
      return;
    }
  }

  bool data_received = false;
  bool skip_first = first.type == static_cast<uint8_t>(ChunkType::kCookieEcho);
  for (const ChunkView& chunk : packet) {
    if (skip_first) {
      skip_first = false;
      continue;
    }
    if (state_ == AssociationState::kClosed) break;
    switch (static_cast<ChunkType>(chunk.type)) {
      case ChunkType::kData:
      case ChunkType::kIData:
        handle_data(chunk, chunk.type == static_cast<uint8_t>(ChunkType::kIData), data_received);
        break;
      case ChunkType::kInit: break;  // never bundled (8.5.1 A); ignore
      case ChunkType::kInitAck: handle_init_ack(chunk); break;
      case ChunkType::kSack: handle_sack(chunk); break;
      case ChunkType::kHeartbeat: handle_heartbeat(chunk); break;
      case ChunkType::kHeartbeatAck: handle_heartbeat_ack(chunk); break;
      case ChunkType::kAbort: handle_abort(chunk); break;
      case ChunkType::kShutdown: handle_shutdown(chunk); break;
      case ChunkType::kShutdownAck: handle_shutdown_ack(); break;
      case ChunkType::kError: handle_error(chunk); break;
      case ChunkType::kCookieEcho: break;  // only valid first in a packet
      case ChunkType::kCookieAck: handle_cookie_ack(); break;
      case ChunkType::kShutdownComplete: handle_shutdown_complete(); break;
      case ChunkType::kReconfig: handle_reconfig(chunk); break;
      case ChunkType::kForwardTsn:
      case ChunkType::kIForwardTsn:
        handle_forward_tsn(chunk, chunk.type == static_cast<uint8_t>(ChunkType::kIForwardTsn));
        break;
      default:
        if (!handle_unknown_chunk(chunk)) goto done;
        break;
    }
  }
done:
  if (data_received && state_ == AssociationState::kShutdownSent) {
    // RFC 9260 9.2: in SHUTDOWN-SENT every packet with DATA is answered with a SHUTDOWN (its cumulative
    // TSN ack acknowledges the data) instead of a SACK, and T2-shutdown restarts.
    std::vector<uint8_t> s;
    append_shutdown(s, tracker_.cumulative_tsn());
    queue_control(std::move(s));
    sack_now_ = false;
    packets_since_sack_ = 0;
    delayed_ack_.stop();
    t2_.deadline = now + rto_.rto();
  } else if (data_received && state_ != AssociationState::kClosed) {
    ++packets_since_sack_;
    // RFC 9260 6.2: SACK at least every second packet, and at once when a gap exists or was just filled.
    if (tracker_.has_gaps() || packets_since_sack_ >= 2) sack_now_ = true;
    else if (!delayed_ack_.running()) delayed_ack_.deadline = now + settings_.delayed_ack_timeout;
    maybe_perform_deferred_reset();
  }
  maybe_finish_shutdown();
  drain_queue_events();
}

bool Association::handle_unknown_chunk(const ChunkView& chunk) {
  // RFC 9260 3.2: the two high bits of the type decide.
  if (chunk.type & 0x40) {
    std::vector<uint8_t> causes;
    append_error_cause(causes, CauseCode::kUnrecognizedChunkType, chunk.whole);
    std::vector<uint8_t> err;
    append_simple_chunk(err, ChunkType::kError, 0, causes);
    queue_control(std::move(err));
  }
  return (chunk.type & 0x80) != 0;
}

void Association::handle_ootb(const PacketView& packet) {
  // RFC 9260 8.4: out-of-the-blue packets.
  for (const ChunkView& c : packet) {
    auto type = static_cast<ChunkType>(c.type);
    if (type == ChunkType::kAbort || type == ChunkType::kShutdownComplete || type == ChunkType::kCookieAck) return;
    if (type == ChunkType::kShutdownAck) {
      std::vector<uint8_t> chunk;
      append_simple_chunk(chunk, ChunkType::kShutdownComplete, kFlagTagReflected, {});
      queue_packet_with(packet.header().verification_tag, chunk, true);
      return;
    }
  }
  std::vector<uint8_t> chunk;
  append_simple_chunk(chunk, ChunkType::kAbort, kFlagTagReflected, {});
  queue_packet_with(packet.header().verification_tag, chunk, true);
}

void Association::handle_init(const ChunkView& chunk) {
  auto init = InitChunk::parse(chunk, false);
  if (!init) {
    ++stats_.packets_dropped;
    return;
  }
  if (state_ == AssociationState::kShutdownAckSent) {
    // RFC 9260 9.2: answer with SHUTDOWN ACK again.
    std::vector<uint8_t> ack;
    append_simple_chunk(ack, ChunkType::kShutdownAck, 0, {});
    queue_packet_with(init->initiate_tag, ack, true);
    return;
  }
  Capabilities mine = local_capabilities();
  StateCookie cookie;
  cookie.created = now_;
  cookie.peer_tag = init->initiate_tag;
  cookie.peer_initial_tsn = init->initial_tsn;
  cookie.peer_a_rwnd = init->a_rwnd;
  cookie.peer_outbound_streams = init->outbound_streams;
  cookie.peer_inbound_streams = init->inbound_streams;
  cookie.capabilities = {mine.partial_reliability && init->capabilities.partial_reliability,
                         mine.reconfig && init->capabilities.reconfig,
                         mine.interleaving && init->capabilities.interleaving,
                         mine.zero_checksum && init->capabilities.zero_checksum};
  if (state_ == AssociationState::kCookieWait || state_ == AssociationState::kCookieEchoed) {
    // RFC 9260 5.2.1: the INIT ACK reuses the tag and TSN of our own INIT.
    cookie.local_tag = local_tag_;
    cookie.local_initial_tsn = local_initial_tsn_;
    if (state_ == AssociationState::kCookieEchoed) {
      cookie.local_tie_tag = local_tag_;
      cookie.peer_tie_tag = peer_tag_;
    }
  } else if (state_ == AssociationState::kClosed) {
    cookie.local_tag = random_nonzero_u32();
    cookie.local_initial_tsn = random_.next_u32();
  } else {
    // RFC 9260 5.2.2: an unexpected INIT in an established state (a peer restart, or a collision):
    // new tag, and the current tags as tie-tags so the COOKIE ECHO can be matched (5.2.4).
    cookie.local_tag = random_nonzero_u32();
    cookie.local_initial_tsn = random_.next_u32();
    cookie.local_tie_tag = local_tag_;
    cookie.peer_tie_tag = peer_tag_;
  }
  InitChunk ack;
  ack.initiate_tag = cookie.local_tag;
  ack.a_rwnd = a_rwnd();
  ack.outbound_streams = settings_.max_outbound_streams;
  ack.inbound_streams = settings_.max_inbound_streams;
  ack.initial_tsn = cookie.local_initial_tsn;
  ack.capabilities = mine;
  std::vector<uint8_t> signed_cookie = cookie.sign(*cookie_key_);
  ack.state_cookie = signed_cookie;
  ack.unrecognized = init->unrecognized;
  std::vector<uint8_t> chunk_bytes;
  ack.append_to(chunk_bytes, true);
  queue_packet_with(init->initiate_tag, chunk_bytes, true);
}

void Association::init_tcb(uint32_t local_tag, uint32_t peer_tag, uint32_t local_initial_tsn, uint32_t peer_initial_tsn,
                           uint32_t peer_a_rwnd, uint16_t peer_os, uint16_t peer_mis, const Capabilities& caps) {
  local_tag_ = local_tag;
  peer_tag_ = peer_tag;
  local_initial_tsn_ = local_initial_tsn;
  peer_initial_tsn_ = peer_initial_tsn;
  caps_ = caps;
  outbound_streams_ = std::min(settings_.max_outbound_streams, peer_mis);
  inbound_streams_ = std::min(settings_.max_inbound_streams, peer_os);
  rtx_.reset(local_initial_tsn, peer_a_rwnd);
  tracker_.reset(peer_initial_tsn);
  reassembly_.reset();
  send_queue_.reset();
  // RFC 6525 5.1.1: request sequence numbers start at the initial TSN.
  next_request_sequence_ = local_initial_tsn;
  peer_next_request_sequence_ = peer_initial_tsn;
  outgoing_request_.reset();
  streams_to_reset_.clear();
  reset_all_streams_ = false;
  implicit_response_.reset();
  last_response_.reset();
  deferred_reset_.reset();
  deferred_chunks_.clear();
  deferred_bytes_ = 0;
  error_count_ = 0;
  sack_now_ = false;
  packets_since_sack_ = 0;
  forward_tsn_now_ = false;
}

void Association::handle_init_ack(const ChunkView& chunk) {
  if (state_ != AssociationState::kCookieWait) return;  // RFC 9260 5.2.3: discard otherwise
  auto ack = InitChunk::parse(chunk, true);
  if (!ack) {
    send_abort_and_close(CauseCode::kInvalidMandatoryParameter, ack.error().detail);
    return;
  }
  Capabilities mine = local_capabilities();
  Capabilities caps{mine.partial_reliability && ack->capabilities.partial_reliability, mine.reconfig && ack->capabilities.reconfig,
                    mine.interleaving && ack->capabilities.interleaving, mine.zero_checksum && ack->capabilities.zero_checksum};
  init_tcb(local_tag_, ack->initiate_tag, local_initial_tsn_, ack->initial_tsn, ack->a_rwnd, ack->outbound_streams,
           ack->inbound_streams, caps);
  cookie_echo_chunk_.clear();
  append_simple_chunk(cookie_echo_chunk_, ChunkType::kCookieEcho, 0, ack->state_cookie);
  queue_control(cookie_echo_chunk_);
  state_ = AssociationState::kCookieEchoed;
  t1_.count = 0;
  t1_.deadline = now_ + rto_.rto();
}

void Association::handle_cookie_echo(const PacketView& packet, const ChunkView& chunk) {
  auto cookie = StateCookie::verify(chunk.value, *cookie_key_);
  if (!cookie || packet.header().verification_tag != cookie->local_tag) {
    ++stats_.packets_dropped;  // forged, altered, or not for this tag (RFC 9260 5.1.5 steps 1-2)
    return;
  }
  if (now_ - cookie->created > settings_.cookie_lifetime) {
    // RFC 9260 5.1.5 step 3: stale cookie error with the staleness in microseconds.
    uint8_t staleness[4];
    store_u32(staleness, static_cast<uint32_t>(std::min<int64_t>((now_ - cookie->created - settings_.cookie_lifetime).us(), 0xffffffff)));
    std::vector<uint8_t> causes;
    append_error_cause(causes, CauseCode::kStaleCookie, staleness);
    std::vector<uint8_t> err;
    append_simple_chunk(err, ChunkType::kError, 0, causes);
    queue_packet_with(cookie->peer_tag, err, true);
    return;
  }
  if (state_ == AssociationState::kClosed) {
    establish_from_cookie(*cookie, true);
    return;
  }
  // RFC 9260 5.2.4, table 8.
  bool local_match = cookie->local_tag == local_tag_;
  bool peer_match = cookie->peer_tag == peer_tag_;
  if (!local_match && !peer_match && cookie->local_tie_tag == local_tag_ && cookie->peer_tie_tag == peer_tag_) {
    // Case A: the peer restarted. Everything queued or in flight belonged to the old association.
    if (state_ == AssociationState::kShutdownAckSent) {
      std::vector<uint8_t> ack;
      append_simple_chunk(ack, ChunkType::kShutdownAck, 0, {});
      queue_packet_with(cookie->peer_tag, ack, true);
      return;
    }
    establish_from_cookie(*cookie, false);
    events_.push_back(AssociationRestarted{});
    return;
  }
  if (local_match && !peer_match) {
    // Case B: initialization collision; the peer's tag from this cookie wins.
    bool was_established = state_ == AssociationState::kEstablished;
    establish_from_cookie(*cookie, !was_established);
    return;
  }
  if (!local_match && peer_match && cookie->local_tie_tag == 0 && cookie->peer_tie_tag == 0) return;  // case C
  if (local_match && peer_match) {
    // Case D: a retransmitted COOKIE ECHO or the collision's second cookie.
    if (state_ == AssociationState::kCookieEchoed || state_ == AssociationState::kCookieWait) {
      establish_from_cookie(*cookie, true);
    } else {
      std::vector<uint8_t> ack;
      append_simple_chunk(ack, ChunkType::kCookieAck, 0, {});
      queue_control(std::move(ack));
    }
  }
}

void Association::establish_from_cookie(const StateCookie& c, bool emit_connected) {
  init_tcb(c.local_tag, c.peer_tag, c.local_initial_tsn, c.peer_initial_tsn, c.peer_a_rwnd, c.peer_outbound_streams,
           c.peer_inbound_streams, c.capabilities);
  control_.clear();
  std::vector<uint8_t> ack;
  append_simple_chunk(ack, ChunkType::kCookieAck, 0, {});
  queue_control(std::move(ack));
  state_ = AssociationState::kEstablished;
  t1_.stop();
  t3_.stop();
  t2_.stop();
  next_heartbeat_ = now_ + settings_.heartbeat_interval;
  if (emit_connected) events_.push_back(Connected{});
}

void Association::handle_cookie_ack() {
  if (state_ != AssociationState::kCookieEchoed) return;
  t1_.stop();
  state_ = AssociationState::kEstablished;
  next_heartbeat_ = now_ + settings_.heartbeat_interval;
  events_.push_back(Connected{});
}

void Association::handle_data(const ChunkView& chunk, bool interleaved, bool& received) {
  if (state_ != AssociationState::kEstablished && state_ != AssociationState::kShutdownPending &&
      state_ != AssociationState::kShutdownSent) {
    return;
  }
  if (interleaved != caps_.interleaving) {
    send_abort_and_close(CauseCode::kProtocolViolation, "DATA format does not match negotiated interleaving");
    return;
  }
  auto d = interleaved ? parse_idata_chunk(chunk) : parse_data_chunk(chunk);
  if (!d) {
    send_abort_and_close(CauseCode::kProtocolViolation, d.error().detail);
    return;
  }
  if (d->payload.empty()) {
    // RFC 9260 6.2: DATA without user data aborts the association.
    uint8_t tsn[4];
    store_u32(tsn, d->tsn);
    std::vector<uint8_t> causes;
    append_error_cause(causes, CauseCode::kNoUserData, tsn);
    std::vector<uint8_t> abort_chunk;
    append_simple_chunk(abort_chunk, ChunkType::kAbort, 0, causes);
    queue_packet_with(peer_tag_, abort_chunk, false);
    close_with(Aborted{"no-user-data"});
    return;
  }
  ++stats_.data_chunks_received;
  received = true;
  int64_t tsn = tracker_.unwrap(d->tsn);
  if (!tracker_.is_new(tsn)) {
    ++stats_.duplicate_tsns;
    tracker_.add_duplicate(d->tsn, settings_.max_duplicates);
    sack_now_ = true;
    return;
  }
  if (d->immediate) sack_now_ = true;
  // Out of window: drop without acknowledging so the peer retransmits later; the next expected TSN is
  // always taken so a full buffer can drain (RFC 9260 6.2).
  if (tsn != tracker_.cumulative() + 1 && d->payload.size() > a_rwnd()) return;
  // Even the next expected TSN is refused past window + one maximum message: a peer ignoring our
  // window must not grow memory without bound (partial messages on many streams).
  if (reassembly_.buffered_bytes() + deferred_bytes_ + d->payload.size() > settings_.max_receive_window + settings_.max_message_size) return;
  if (tsn > tracker_.cumulative() + 65536) return;
  if (d->stream >= inbound_streams_) {
    uint8_t info[4];
    store_u16(info, d->stream);
    store_u16(info + 2, 0);
    std::vector<uint8_t> causes;
    append_error_cause(causes, CauseCode::kInvalidStreamIdentifier, info);
    std::vector<uint8_t> err;
    append_simple_chunk(err, ChunkType::kError, 0, causes);
    queue_control(std::move(err));
    tracker_.observe(tsn);
    return;
  }
  if (deferred_reset_ && serial_less(deferred_reset_->last_assigned_tsn, d->tsn) &&
      (deferred_reset_->streams.empty() ||
       std::find(deferred_reset_->streams.begin(), deferred_reset_->streams.end(), d->stream) != deferred_reset_->streams.end())) {
    // RFC 6525 5.2.2: data sent after the reset request waits until the reset is performed.
    if (deferred_bytes_ + d->payload.size() > settings_.max_receive_window) return;
    deferred_bytes_ += d->payload.size();
    deferred_chunks_.emplace_back(std::vector<uint8_t>(chunk.whole.begin(), chunk.whole.end()), chunk.type);
    tracker_.observe(tsn);
    return;
  }
  tracker_.observe(tsn);
  std::vector<MessageReceived> messages;
  auto st = reassembly_.add(*d, tsn, interleaved, messages);
  deliver(messages);
  if (!st) send_abort_and_close(CauseCode::kProtocolViolation, st.error().detail);
}

void Association::deliver(std::vector<MessageReceived>& messages) {
  for (auto& m : messages) events_.push_back(std::move(m));
  messages.clear();
}

void Association::on_abandoned(std::vector<MessagePtr>& abandoned) {
  for (const auto& m : abandoned) {
    send_queue_.discard(m);
    ++stats_.messages_abandoned;
  }
  if (!abandoned.empty()) forward_tsn_now_ = true;
  abandoned.clear();
}

void Association::handle_sack(const ChunkView& chunk) {
  if (state_ == AssociationState::kCookieWait || state_ == AssociationState::kCookieEchoed) return;
  auto sack = SackView::parse(chunk);
  if (!sack) {
    ++stats_.packets_dropped;
    return;
  }
  std::vector<MessagePtr> abandoned;
  auto outcome = rtx_.handle_sack(*sack, now_, abandoned);
  if (outcome.protocol_violation) {
    send_abort_and_close(CauseCode::kProtocolViolation, "SACK acknowledges a TSN never sent");
    return;
  }
  if (outcome.rtt) rto_.observe(*outcome.rtt);
  if (outcome.acked_new_data || outcome.cumulative_advanced) error_count_ = 0;
  on_abandoned(abandoned);
  if (rtx_.forward_tsn_pending()) forward_tsn_now_ = true;
  // RFC 9260 6.3.2 R2/R3: stop T3 when nothing is outstanding, restart it when the cumulative ack moved.
  // A FORWARD-TSN not yet acknowledged keeps the timer too (RFC 3758 3.5 C3 / A5).
  if (!rtx_.has_outstanding() && !rtx_.forward_tsn_pending()) t3_.stop();
  else if (outcome.cumulative_advanced || !t3_.running()) t3_.deadline = now_ + rto_.rto();
}

void Association::handle_heartbeat(const ChunkView& chunk) {
  auto info = parse_heartbeat(chunk);
  if (!info) return;
  std::vector<uint8_t> ack;
  append_heartbeat(ack, true, *info);
  queue_control(std::move(ack));
}

void Association::handle_heartbeat_ack(const ChunkView& chunk) {
  auto info = parse_heartbeat(chunk);
  if (!info || info->size() != 16 || !heartbeat_.running()) return;
  if (load_u64(info->data() + 8) != heartbeat_nonce_) return;
  Timestamp sent = Timestamp::from_micros(static_cast<int64_t>(load_u64(info->data())));
  if (sent <= now_) rto_.observe(now_ - sent);
  heartbeat_.stop();
  error_count_ = 0;
}

void Association::handle_abort(const ChunkView& chunk) {
  auto causes = parse_error_causes(chunk.value);
  std::string reason = causes ? describe(*causes) : std::string("malformed causes");
  close_with(Aborted{"peer aborted: " + reason});
}

void Association::handle_error(const ChunkView& chunk) {
  auto causes = parse_error_causes(chunk.value);
  if (!causes) return;
  for (const auto& c : *causes) {
    if (static_cast<CauseCode>(c.code) == CauseCode::kStaleCookie && state_ == AssociationState::kCookieEchoed) {
      // RFC 9260 5.2.6: start over with a fresh INIT.
      state_ = AssociationState::kCookieWait;
      control_.clear();
      send_init();
      t1_.deadline = now_ + rto_.rto();
      return;
    }
  }
  PURERTC_LOG_DEBUG("sctp", "peer reported error: %s", describe(*causes).c_str());
}

void Association::handle_shutdown(const ChunkView& chunk) {
  auto cum = parse_shutdown(chunk);
  if (!cum) return;
  // The SHUTDOWN carries a cumulative ack like a SACK without blocks.
  uint8_t sack_bytes[12];
  store_u32(sack_bytes, *cum);
  store_u32(sack_bytes + 4, static_cast<uint32_t>(rtx_.peer_rwnd() + rtx_.outstanding_bytes()));
  store_u32(sack_bytes + 8, 0);
  ChunkView fake{static_cast<uint8_t>(ChunkType::kSack), 0, sack_bytes, {}};
  if (rtx_.unwrap(*cum) >= rtx_.cumulative_ack()) handle_sack(fake);
  switch (state_) {
    case AssociationState::kEstablished:
    case AssociationState::kShutdownPending:
      state_ = AssociationState::kShutdownReceived;
      break;
    case AssociationState::kShutdownSent: {
      std::vector<uint8_t> ack;
      append_simple_chunk(ack, ChunkType::kShutdownAck, 0, {});
      queue_control(std::move(ack));
      state_ = AssociationState::kShutdownAckSent;
      t2_.count = 0;
      t2_.deadline = now_ + rto_.rto();
      break;
    }
    default: break;
  }
}

void Association::handle_shutdown_ack() {
  if (state_ != AssociationState::kShutdownSent && state_ != AssociationState::kShutdownAckSent) return;
  std::vector<uint8_t> complete;
  append_simple_chunk(complete, ChunkType::kShutdownComplete, 0, {});
  queue_packet_with(peer_tag_, complete, false);
  close_with(Closed{});
}

void Association::handle_shutdown_complete() {
  if (state_ != AssociationState::kShutdownAckSent) return;
  close_with(Closed{});
}

void Association::maybe_finish_shutdown() {
  bool drained = !send_queue_.has_data() && rtx_.empty();
  if (state_ == AssociationState::kShutdownPending && drained) {
    std::vector<uint8_t> s;
    append_shutdown(s, tracker_.cumulative_tsn());
    queue_control(std::move(s));
    state_ = AssociationState::kShutdownSent;
    t2_.count = 0;
    t2_.deadline = now_ + rto_.rto();
  } else if (state_ == AssociationState::kShutdownReceived && drained) {
    std::vector<uint8_t> ack;
    append_simple_chunk(ack, ChunkType::kShutdownAck, 0, {});
    queue_control(std::move(ack));
    state_ = AssociationState::kShutdownAckSent;
    t2_.count = 0;
    t2_.deadline = now_ + rto_.rto();
  }
}

void Association::handle_forward_tsn(const ChunkView& chunk, bool interleaved) {
  if (!caps_.partial_reliability || state_ == AssociationState::kCookieWait || state_ == AssociationState::kCookieEchoed) return;
  auto fwd = ForwardTsnChunk::parse(chunk, interleaved, inbound_streams_);
  if (!fwd) return;
  int64_t new_cum = tracker_.unwrap(fwd->new_cumulative_tsn);
  sack_now_ = true;  // RFC 3758 3.6: answer a FORWARD-TSN with a SACK at once
  if (new_cum <= tracker_.cumulative()) return;
  if (new_cum > tracker_.cumulative() + 65536) return;
  tracker_.forward_to(new_cum);
  std::vector<MessageReceived> messages;
  reassembly_.forward(*fwd, new_cum, interleaved, messages);
  deliver(messages);
  maybe_perform_deferred_reset();
}

// ---------------------------------------------------------------------------------------------------
// Stream reset (RFC 6525)

void Association::handle_reconfig(const ChunkView& chunk) {
  if (!caps_.reconfig || state_ != AssociationState::kEstablished) return;
  auto params = parse_reconfig_chunk(chunk);
  if (!params) return;
  std::vector<uint8_t> responses;
  for (const auto& p : *params) {
    switch (static_cast<ParameterType>(p.type)) {
      case ParameterType::kOutgoingSsnResetRequest: {
        auto req = OutgoingSsnResetRequest::parse(p.value);
        if (req) handle_outgoing_reset_request(*req, responses);
        break;
      }
      case ParameterType::kReconfigurationResponse: {
        auto resp = ReconfigurationResponse::parse(p.value);
        if (resp) handle_reconfig_response(*resp);
        break;
      }
      case ParameterType::kIncomingSsnResetRequest: {
        auto req = IncomingSsnResetRequest::parse(p.value);
        if (req) handle_incoming_reset_request(*req, responses);
        break;
      }
      case ParameterType::kSsnTsnResetRequest:
      case ParameterType::kAddOutgoingStreamsRequest:
      case ParameterType::kAddIncomingStreamsRequest: {
        // Not offered by this stack: the peer is told "denied" (RFC 6525 5.2.3-5.2.6 allow it).
        auto req = SimpleReconfigRequest::parse(p.value);
        if (!req) break;
        ReconfigResult result = ReconfigResult::kDenied;
        if (req->request_sequence == peer_next_request_sequence_) ++peer_next_request_sequence_;
        else if (req->request_sequence != peer_next_request_sequence_ - 1) result = ReconfigResult::kErrorBadSequenceNumber;
        ReconfigurationResponse{req->request_sequence, result}.append_to(responses);
        break;
      }
      default: break;
    }
  }
  if (!responses.empty()) {
    std::vector<uint8_t> out;
    append_reconfig_chunk(out, responses);
    queue_control(std::move(out));
  }
}

bool Association::is_retransmitted_request(uint32_t sequence) const {
  return sequence == peer_next_request_sequence_ - 1 && last_response_ && last_response_->response_sequence == sequence;
}

void Association::handle_outgoing_reset_request(const OutgoingSsnResetRequest& req, std::vector<uint8_t>& responses) {
  if (is_retransmitted_request(req.request_sequence)) {
    // A retransmitted request: repeat the answer (RFC 6525 5.2.1).
    last_response_->append_to(responses);
    return;
  }
  if (req.request_sequence != peer_next_request_sequence_) {
    ReconfigurationResponse{req.request_sequence, ReconfigResult::kErrorBadSequenceNumber}.append_to(responses);
    return;
  }
  ++peer_next_request_sequence_;
  if (tracker_.unwrap(req.last_assigned_tsn) > tracker_.cumulative()) {
    // Data sent before the request is still missing: defer (RFC 6525 5.2.2) and say so.
    deferred_reset_ = req;
    last_response_ = ReconfigurationResponse{req.request_sequence, ReconfigResult::kInProgress};
    last_response_->append_to(responses);
    return;
  }
  reassembly_.reset_streams(req.streams);
  events_.push_back(IncomingStreamsReset{req.streams});
  last_response_ = ReconfigurationResponse{req.request_sequence, ReconfigResult::kSuccessPerformed};
  last_response_->append_to(responses);
}

void Association::handle_incoming_reset_request(const IncomingSsnResetRequest& req, std::vector<uint8_t>& responses) {
  if (is_retransmitted_request(req.request_sequence)) {
    // Accepted before: our Outgoing SSN Reset Request is the answer, and the reconfig timer repeats it
    // once it is sent; an explicit response now would end the peer's request before the reset happened.
    if (last_response_->result != ReconfigResult::kSuccessPerformed) last_response_->append_to(responses);
    return;
  }
  if (req.request_sequence != peer_next_request_sequence_) {
    ReconfigurationResponse{req.request_sequence, ReconfigResult::kErrorBadSequenceNumber}.append_to(responses);
    return;
  }
  ++peer_next_request_sequence_;
  ReconfigResult result = ReconfigResult::kSuccessPerformed;
  if (std::any_of(req.streams.begin(), req.streams.end(), [&](uint16_t s) { return s >= outbound_streams_; })) {
    // A stream we do not send on cannot be reset (Linux answers the same; usrsctp says "denied").
    result = ReconfigResult::kErrorWrongSsn;
  } else if (outgoing_request_ || implicit_response_) {
    // RFC 6525 5.1.1 allows one outstanding request per direction; ours answers nothing yet.
    result = ReconfigResult::kErrorRequestAlreadyInProgress;
  }
  last_response_ = ReconfigurationResponse{req.request_sequence, result};
  if (result != ReconfigResult::kSuccessPerformed) {
    last_response_->append_to(responses);
    return;
  }
  // RFC 6525 5.2.3: reset our outgoing streams with an Outgoing SSN Reset Request whose response
  // sequence number is this request's (RFC 6525 4.1); that request is the answer, so no Re-configuration
  // Response is sent. Messages already queued on these streams are still sent first, as for a local
  // reset_streams(); an empty list means every stream.
  implicit_response_ = req.request_sequence;
  schedule_outgoing_reset(req.streams);
}

void Association::maybe_perform_deferred_reset() {
  if (!deferred_reset_ || tracker_.unwrap(deferred_reset_->last_assigned_tsn) > tracker_.cumulative()) return;
  OutgoingSsnResetRequest req = std::move(*deferred_reset_);
  deferred_reset_.reset();
  reassembly_.reset_streams(req.streams);
  events_.push_back(IncomingStreamsReset{req.streams});
  last_response_ = ReconfigurationResponse{req.request_sequence, ReconfigResult::kSuccessPerformed};
  std::vector<uint8_t> resp;
  last_response_->append_to(resp);
  std::vector<uint8_t> out;
  append_reconfig_chunk(out, resp);
  queue_control(std::move(out));
  // Replay the data that arrived for the reset streams after the request.
  auto chunks = std::move(deferred_chunks_);
  deferred_chunks_.clear();
  deferred_bytes_ = 0;
  for (auto& [bytes, type] : chunks) {
    ChunkView c{type, bytes[1], std::span<const uint8_t>(bytes).subspan(kChunkHeaderSize), bytes};
    bool interleaved = type == static_cast<uint8_t>(ChunkType::kIData);
    auto d = interleaved ? parse_idata_chunk(c) : parse_data_chunk(c);
    if (!d) continue;
    std::vector<MessageReceived> messages;
    auto st = reassembly_.add(*d, tracker_.unwrap(d->tsn), interleaved, messages);
    deliver(messages);
    if (!st) {
      send_abort_and_close(CauseCode::kProtocolViolation, st.error().detail);
      return;
    }
  }
}

void Association::handle_reconfig_response(const ReconfigurationResponse& resp) {
  if (!outgoing_request_ || resp.response_sequence != outgoing_request_->sequence) return;
  if (resp.result == ReconfigResult::kInProgress) {
    // Ask again after an RTO with the same request (RFC 6525 5.2.7).
    reconfig_.deadline = now_ + rto_.rto();
    return;
  }
  reconfig_.stop();
  ResetRequest done = std::move(*outgoing_request_);
  outgoing_request_.reset();
  if (resp.result == ReconfigResult::kSuccessPerformed || resp.result == ReconfigResult::kSuccessNothingToDo) {
    send_queue_.commit_reset(done.streams);
    events_.push_back(OutgoingStreamsReset{done.streams});
  } else {
    send_queue_.abort_reset(done.streams);
    events_.push_back(OutgoingStreamsResetFailed{done.streams, std::string(to_string(resp.result))});
  }
}

void Association::append_outgoing_reset_request(std::vector<uint8_t>& chunk) const {
  const ResetRequest& r = *outgoing_request_;
  std::vector<uint8_t> params;
  OutgoingSsnResetRequest{r.sequence, r.response_sequence, r.last_tsn, r.streams}.append_to(params);
  append_reconfig_chunk(chunk, params);
}

// ---------------------------------------------------------------------------------------------------
// Timers

bool Association::count_error_and_maybe_abort(std::string_view what) {
  if (++error_count_ > settings_.max_retransmissions) {
    send_abort_and_close(CauseCode::kProtocolViolation, what);
    return true;
  }
  return false;
}

void Association::handle_timeout(Timestamp now) {
  now_ = now;
  if (t1_.running() && t1_.deadline <= now) {
    if (++t1_.count > settings_.max_init_retransmits) {
      close_with(Aborted{"handshake timed out"});
      return;
    }
    if (state_ == AssociationState::kCookieWait) queue_packet_with(0, init_chunk_, true);
    else if (state_ == AssociationState::kCookieEchoed) queue_control(cookie_echo_chunk_);
    Duration backoff = settings_.rto_initial;
    for (int i = 0; i < t1_.count && backoff < settings_.rto_max; ++i) backoff = backoff * 2;
    t1_.deadline = now + std::min(backoff, settings_.rto_max);
  }
  if (t3_.running() && t3_.deadline <= now) {
    if (count_error_and_maybe_abort("too many retransmissions")) return;
    rto_.back_off();
    std::vector<MessagePtr> abandoned;
    rtx_.handle_t3_expiry(now, abandoned);
    on_abandoned(abandoned);
    if (rtx_.forward_tsn_pending()) forward_tsn_now_ = true;
    t3_.deadline = rtx_.has_outstanding() || rtx_.forward_tsn_pending() ? now + rto_.rto() : Timestamp::infinite();
  }
  if (t2_.running() && t2_.deadline <= now) {
    if (count_error_and_maybe_abort("shutdown timed out")) return;
    rto_.back_off();
    std::vector<uint8_t> chunk;
    if (state_ == AssociationState::kShutdownSent) append_shutdown(chunk, tracker_.cumulative_tsn());
    else append_simple_chunk(chunk, ChunkType::kShutdownAck, 0, {});
    queue_control(std::move(chunk));
    t2_.deadline = now + rto_.rto();
  }
  if (delayed_ack_.running() && delayed_ack_.deadline <= now) {
    sack_now_ = true;
    delayed_ack_.stop();
  }
  if (reconfig_.running() && reconfig_.deadline <= now && outgoing_request_) {
    if (count_error_and_maybe_abort("stream reset timed out")) return;
    std::vector<uint8_t> chunk;
    append_outgoing_reset_request(chunk);
    queue_control(std::move(chunk));
    reconfig_.deadline = now + rto_.rto();
  }
  if (heartbeat_.running() && heartbeat_.deadline <= now) {
    heartbeat_.stop();
    rto_.back_off();
    if (count_error_and_maybe_abort("heartbeat unanswered")) return;
  }
  if (state_ == AssociationState::kEstablished && now >= next_heartbeat_) {
    // RFC 9260 8.3: probe an idle path; the info is our send time and a nonce we check on the ACK.
    next_heartbeat_ = now + settings_.heartbeat_interval;
    if (!rtx_.has_outstanding() && !heartbeat_.running()) {
      heartbeat_nonce_ = random_.next_u64();
      uint8_t info[16];
      store_u64(info, static_cast<uint64_t>(now.us()));
      store_u64(info + 8, heartbeat_nonce_);
      std::vector<uint8_t> hb;
      append_heartbeat(hb, false, info);
      queue_control(std::move(hb));
      heartbeat_.deadline = now + rto_.rto();
    }
  }
  drain_queue_events();
}

Timestamp Association::next_timeout() const {
  Timestamp t = Timestamp::infinite();
  for (const Timer* timer : {&t1_, &t3_, &t2_, &delayed_ack_, &reconfig_, &heartbeat_}) t = earliest(t, timer->deadline);
  if (state_ == AssociationState::kEstablished) t = earliest(t, next_heartbeat_);
  return t;
}

void Association::drain_queue_events() {
  for (uint16_t s : send_queue_.take_low_events()) events_.push_back(BufferedAmountLow{s});
}

// ---------------------------------------------------------------------------------------------------
// Output

std::optional<Output> Association::poll_output() {
  if (!events_.empty()) {
    Event e = std::move(events_.front());
    events_.pop_front();
    return Output{std::move(e)};
  }
  if (!packets_.empty()) {
    auto p = std::move(packets_.front());
    packets_.pop_front();
    ++stats_.packets_sent;
    return Output{Transmit{std::move(p)}};
  }
  auto packet = build_packet();
  if (!events_.empty() || packet) drain_queue_events();
  if (!packet) {
    if (!events_.empty()) return poll_output();
    return std::nullopt;
  }
  ++stats_.packets_sent;
  return Output{Transmit{std::move(*packet)}};
}

std::optional<std::vector<uint8_t>> Association::build_packet() {
  if (state_ == AssociationState::kClosed || state_ == AssociationState::kCookieWait) return std::nullopt;
  builder_.reset(settings_.local_port, settings_.remote_port, peer_tag_, mtu_);
  auto& buf = builder_.buffer();
  bool has_cookie_echo = false;
  while (!control_.empty() && buf.size() + control_.front().size() <= mtu_) {
    if (control_.front()[0] == static_cast<uint8_t>(ChunkType::kCookieEcho)) has_cookie_echo = true;
    builder_.append_chunk(control_.front());
    control_.pop_front();
  }
  if (state_ == AssociationState::kCookieEchoed) {
    // Only the COOKIE ECHO (and its retransmissions) may go before the COOKIE ACK (RFC 9260 5.1 D).
    if (!builder_.has_chunks()) return std::nullopt;
    return builder_.finish(false);
  }
  bool data_state = state_ == AssociationState::kEstablished || state_ == AssociationState::kShutdownPending ||
                    state_ == AssociationState::kShutdownReceived;
  bool want_data = data_state && (send_queue_.has_data() || rtx_.has_outstanding());
  // Piggyback a pending delayed SACK on outgoing data.
  // A SACK needs 16 bytes plus its blocks; when control chunks filled this packet it goes in the next.
  if ((sack_now_ || (delayed_ack_.running() && want_data)) && state_ != AssociationState::kShutdownAckSent &&
      buf.size() + 16 <= mtu_) {
    std::vector<GapBlock> gaps;
    std::vector<uint32_t> dups;
    size_t room_blocks = (mtu_ - buf.size() - 16) / 4;
    tracker_.build_sack(std::min(settings_.max_gap_blocks, room_blocks / 2), gaps, dups);
    if (gaps.size() + dups.size() > room_blocks) dups.resize(room_blocks - gaps.size());
    append_sack_chunk(buf, tracker_.cumulative_tsn(), a_rwnd(), gaps, dups);
    sack_now_ = false;
    packets_since_sack_ = 0;
    delayed_ack_.stop();
  }
  if (forward_tsn_now_ && data_state) {
    forward_tsn_now_ = false;
    if (auto fwd = rtx_.forward_tsn(caps_.interleaving)) {
      std::vector<uint8_t> chunk;
      fwd->append_to(chunk, caps_.interleaving);
      if (buf.size() + chunk.size() <= mtu_) builder_.append_chunk(chunk);
      else forward_tsn_now_ = true;
    }
  }
  if (state_ == AssociationState::kEstablished && outgoing_reset_pending() && !outgoing_request_ &&
      send_queue_.ready_for_reset(streams_to_reset_)) {
    // RFC 6525 4.1: the response sequence number answers the peer's Incoming SSN Reset Request when this
    // reset was asked for by one; otherwise it is the last request sequence number seen from the peer.
    uint32_t response = implicit_response_.value_or(peer_next_request_sequence_ - 1);
    outgoing_request_ = ResetRequest{next_request_sequence_++, response, static_cast<uint32_t>(rtx_.next_tsn() - 1),
                                     std::move(streams_to_reset_)};
    streams_to_reset_.clear();
    reset_all_streams_ = false;
    implicit_response_.reset();
    std::vector<uint8_t> chunk;
    append_outgoing_reset_request(chunk);
    if (buf.size() + chunk.size() <= mtu_) {
      builder_.append_chunk(chunk);
    } else {
      queue_control(std::move(chunk));
    }
    reconfig_.count = 0;
    reconfig_.deadline = now_ + rto_.rto();
  }
  bool sent_data = false;
  if (data_state) {
    const size_t header = caps_.interleaving ? kIDataHeaderSize : kDataHeaderSize;
    std::vector<MessagePtr> abandoned;
    while (buf.size() + header < mtu_) {
      auto tsn = rtx_.next_retransmission(mtu_ - buf.size(), now_, abandoned);
      if (!tsn) break;
      auto& item = rtx_.item(*tsn);
      const Fragment& f = item.fragment;
      DataView d{static_cast<uint32_t>(*tsn), f.message->stream, f.message->ssn_or_mid, f.message->ppid, f.fsn,
                 f.message->unordered, f.beginning, f.end, false, f.payload()};
      if (caps_.interleaving) append_idata_chunk(buf, d);
      else append_data_chunk(buf, d);
      rtx_.add_retransmission_sent(*tsn, now_);
      sent_data = true;
      ++stats_.data_chunks_sent;
    }
    on_abandoned(abandoned);
    // New data: never delayed (no Nagle); fragments are sized to what is left of this packet.
    while (buf.size() + header + 16 <= mtu_ && send_queue_.has_data()) {
      size_t room = mtu_ - buf.size() - header;
      if (!rtx_.can_send(room + header)) break;
      auto f = send_queue_.produce(room, now_, caps_.interleaving);
      if (!f) break;
      DataView d{static_cast<uint32_t>(rtx_.next_tsn()), f->message->stream, f->message->ssn_or_mid, f->message->ppid,
                 f->fsn, f->message->unordered, f->beginning, f->end, false, f->payload()};
      if (caps_.interleaving) append_idata_chunk(buf, d);
      else append_data_chunk(buf, d);
      rtx_.add(std::move(*f), now_);
      sent_data = true;
      ++stats_.data_chunks_sent;
    }
  }
  if (!builder_.has_chunks()) return std::nullopt;
  if (sent_data && !t3_.running()) t3_.deadline = now_ + rto_.rto();
  return builder_.finish(caps_.zero_checksum && !has_cookie_echo);
}

}  // namespace purertc::sctp
