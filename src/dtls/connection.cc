#include "dtls/connection.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "common/log.h"
#include "dtls/packet/finished.h"

namespace purertc::dtls {

std::string_view to_string(State state) {
  switch (state) {
    case State::kIdle: return "idle";
    case State::kWaitServerHello: return "wait_server_hello";
    case State::kWaitCertificate: return "wait_certificate";
    case State::kWaitServerKeyExchange: return "wait_server_key_exchange";
    case State::kWaitCertificateRequestOrDone: return "wait_certificate_request_or_done";
    case State::kWaitServerHelloDone: return "wait_server_hello_done";
    case State::kWaitServerFinished: return "wait_server_finished";
    case State::kWaitClientHello: return "wait_client_hello";
    case State::kWaitClientCertificate: return "wait_client_certificate";
    case State::kWaitClientKeyExchange: return "wait_client_key_exchange";
    case State::kWaitCertificateVerify: return "wait_certificate_verify";
    case State::kWaitClientFinished: return "wait_client_finished";
    case State::kConnected: return "connected";
    case State::kClosed: return "closed";
    case State::kFailed: return "failed";
  }
  return "unknown_state";
}

std::string_view to_string(Output::Kind kind) {
  switch (kind) {
    case Output::Kind::kTransmit: return "transmit";
    case Output::Kind::kConnected: return "connected";
    case Output::Kind::kData: return "data";
    case Output::Kind::kClosed: return "closed";
    case Output::Kind::kFailed: return "failed";
  }
  return "unknown_output";
}

namespace {
// A peer retransmitting its previous flight makes us resend ours, but a burst of duplicated records
// must not multiply our traffic: at most one resend per this interval.
constexpr Duration kMinResendInterval = Duration::millis(100);

bool is_terminal(State s) { return s == State::kClosed || s == State::kFailed; }
}  // namespace

Result<std::unique_ptr<Connection>> Connection::create(DtlsSettings settings, Random& random) {
  if (!settings.identity) return unexpected(Error{Errc::kInvalidArgument, "dtls settings need an identity"});
  if (settings.mtu < kMinMtu) return unexpected(Error{Errc::kInvalidArgument, "dtls mtu below the minimum"});
  if (settings.cipher_suites.empty() || settings.groups.empty() || settings.signature_schemes.empty()) {
    return unexpected(Error{Errc::kInvalidArgument, "dtls settings offer no cipher suite, group or signature scheme"});
  }
  std::unique_ptr<Connection> c(new Connection(std::move(settings), random));
  if (c->settings_.role == Role::kServer) {
    std::array<uint8_t, 32> secret{};
    random.fill(secret);
    c->cookie_key_.emplace(crypto::HashAlgorithm::kSha256, secret);
  }
  return c;
}

Connection::Connection(DtlsSettings settings, Random& random)
    : settings_(std::move(settings)),
      random_(random),
      state_(settings_.role == Role::kClient ? State::kIdle : State::kWaitClientHello),
      rto_(settings_.initial_retransmit_timeout),
      reassembler_(ReassemblyLimits{settings_.max_handshake_message_size, settings_.max_reassembly_bytes,
                                    settings_.max_messages_ahead}) {}

Connection::~Connection() = default;

std::optional<Output> Connection::poll_output() {
  if (outputs_head_ == outputs_.size()) return std::nullopt;
  Output o = std::move(outputs_[outputs_head_++]);
  if (outputs_head_ == outputs_.size()) {
    // Drained: clear() keeps the capacity, so the next outputs are queued without allocating.
    outputs_.clear();
    outputs_head_ = 0;
  }
  return o;
}

void Connection::push_output(Output output) {
  // A caller that polls only part of the queue between inputs must not make it grow without end.
  if (outputs_head_ > 0 && outputs_head_ * 2 >= outputs_.size()) {
    outputs_.erase(outputs_.begin(), outputs_.begin() + static_cast<std::ptrdiff_t>(outputs_head_));
    outputs_head_ = 0;
  }
  outputs_.push_back(std::move(output));
}

void Connection::recycle(std::vector<uint8_t> buffer) { free_buffers_.give(std::move(buffer)); }

Timestamp Connection::next_timeout() const {
  if (is_terminal(state_)) return Timestamp::infinite();
  Timestamp t = retransmit_at_;
  if (state_ != State::kConnected) t = earliest(t, handshake_deadline_);
  return t;
}

std::optional<CipherSuite> Connection::cipher_suite() const {
  if (state_ != State::kConnected || suite_ == nullptr) return std::nullopt;
  return suite_->suite;
}

Result<std::vector<uint8_t>> Connection::export_keying_material(std::string_view label, size_t length) const {
  if (state_ != State::kConnected) return unexpected(Error{Errc::kWrongState, "exporter before handshake completed"});
  std::vector<uint8_t> out(length);
  dtls::export_keying_material(suite_->prf_hash, master_secret_, label, client_random_, server_random_, out);
  return out;
}

// ---- Record layer ------------------------------------------------------------------------------------

void Connection::handle_input(std::span<const uint8_t> datagram, Timestamp now) {
  if (is_terminal(state_)) return;
  ++stats_.datagrams_received;
  ByteReader reader(datagram);
  peer_retransmitted_ = false;
  while (!reader.empty() && !is_terminal(state_)) {
    auto record = read_record(reader);
    if (!record) {
      ++stats_.records_dropped_malformed;
      break;
    }
    ++stats_.records_received;
    current_record_seq_ = record->sequence_number;
    if (open_application_data(*record)) continue;
    // Other records are decrypted in place, so their fragment is copied into a buffer we own and reuse.
    scratch_.assign(record->fragment.begin(), record->fragment.end());
    handle_record(*record, scratch_);
    // Messages are processed record by record: a ClientKeyExchange must install the next epoch's keys
    // before the Finished record that follows it in the same datagram is opened.
    if (!is_terminal(state_)) process_messages(now);
    if (!is_terminal(state_) && !future_records_.empty() && read_[1].protection) process_buffered_records(now);
  }
  if (peer_retransmitted_ && !is_terminal(state_) && !flight_.empty() &&
      now - last_flight_sent_at_ >= kMinResendInterval) {
    retransmit_flight(now);
  }
}

bool Connection::buffer_future_record(const RecordView& record) {
  const size_t size = kRecordHeaderSize + record.fragment.size();
  if (state_ == State::kConnected || future_records_.size() >= settings_.max_buffered_records ||
      size > settings_.max_buffered_record_bytes - future_record_bytes_) {
    return false;
  }
  future_records_.emplace_back(record.header.begin(), record.header.end());
  future_records_.back().insert(future_records_.back().end(), record.fragment.begin(), record.fragment.end());
  future_record_bytes_ += size;
  return true;
}

void Connection::process_buffered_records(Timestamp now) {
  std::vector<std::vector<uint8_t>> records = std::move(future_records_);
  future_records_.clear();
  future_record_bytes_ = 0;
  for (std::vector<uint8_t>& bytes : records) {
    if (is_terminal(state_)) return;
    ByteReader reader(bytes);
    auto record = read_record(reader);  // it parsed when it arrived
    if (!record) continue;
    current_record_seq_ = record->sequence_number;
    handle_record(*record, std::span<uint8_t>(bytes).subspan(kRecordHeaderSize));
    if (!is_terminal(state_)) process_messages(now);
  }
}

bool Connection::open_application_data(const RecordView& record) {
  // The data path after the handshake: application data of epoch 1 is decrypted straight from the
  // datagram into the output buffer. Anything unusual takes the general path (handle_record), which
  // applies the same checks and counts the drop.
  if (state_ != State::kConnected || record.epoch != 1 ||
      record.content_type != static_cast<uint8_t>(ContentType::kApplicationData) ||
      (record.version != kDtls12 && record.version != kDtls10)) {
    return false;
  }
  ReadEpoch& epoch = read_[1];
  if (!epoch.protection || record.fragment.size() < epoch.protection->overhead() ||
      record.fragment.size() - epoch.protection->overhead() > kMaxPlaintextLength) {
    return false;
  }
  if (!epoch.window.check(record.sequence_number)) {
    ++stats_.records_dropped_replay;
    return true;
  }
  Output o;
  o.kind = Output::Kind::kData;
  o.data = free_buffers_.take();  // a caller that recycles kData buffers makes receiving allocation-free
  o.data.resize(record.fragment.size() - epoch.protection->overhead());
  if (!epoch.protection->open_into(record.content_type, record.version, record.epoch, record.sequence_number,
                                   record.fragment, o.data)) {
    ++stats_.records_dropped_auth;
    free_buffers_.give(std::move(o.data));
    return true;
  }
  epoch.window.accept(record.sequence_number);
  push_output(std::move(o));
  return true;
}

void Connection::handle_record(const RecordView& record, std::span<uint8_t> fragment) {
  auto type = content_type_from_wire(record.content_type);
  if (!type || (record.version != kDtls12 && record.version != kDtls10)) {
    ++stats_.records_dropped_malformed;
    return;
  }
  if (record.epoch > 1) {
    ++stats_.records_dropped_epoch;
    return;
  }
  if (record.epoch == 1 && !read_[1].protection) {
    if (buffer_future_record(record)) {
      ++stats_.records_buffered_epoch;
    } else {
      ++stats_.records_dropped_epoch;
    }
    return;
  }
  ReadEpoch& epoch = read_[record.epoch];
  if (!epoch.window.check(record.sequence_number)) {
    ++stats_.records_dropped_replay;
    return;
  }
  std::span<const uint8_t> plaintext = fragment;
  if (epoch.protection) {
    auto opened = epoch.protection->open(record.content_type, record.version, record.epoch, record.sequence_number,
                                         fragment);
    if (!opened) {
      ++stats_.records_dropped_auth;
      return;
    }
    plaintext = *opened;
  }
  if (plaintext.size() > kMaxPlaintextLength) {
    ++stats_.records_dropped_malformed;
    return;
  }
  epoch.window.accept(record.sequence_number);

  switch (*type) {
    case ContentType::kHandshake:
      handle_handshake_record(plaintext, record.epoch);
      break;
    case ContentType::kChangeCipherSpec:
      // The next epoch's keys are installed as soon as they are derived, and Finished is accepted only
      // under them, so ChangeCipherSpec carries no information here; it is checked and otherwise ignored.
      if (record.epoch != 0 || !parse_change_cipher_spec(plaintext)) ++stats_.records_dropped_malformed;
      break;
    case ContentType::kAlert:
      handle_alert(plaintext, record.epoch);
      break;
    case ContentType::kApplicationData:
      if (record.epoch == 1 && state_ == State::kConnected) {
        Output o;
        o.kind = Output::Kind::kData;
        o.data = free_buffers_.take();  // a caller that recycles kData buffers makes receiving allocation-free
        o.data.assign(plaintext.begin(), plaintext.end());
        push_output(std::move(o));
      } else {
        ++stats_.records_dropped_epoch;
      }
      break;
  }
}

void Connection::handle_alert(std::span<const uint8_t> data, uint16_t epoch) {
  auto alert = Alert::parse(data);
  if (!alert) {
    ++stats_.records_dropped_malformed;
    return;
  }
  // Once the handshake is complete, an unprotected alert is forgeable by anyone on the path. During the
  // handshake the peer may fail before it has our keys (a rejected certificate), so it is believed.
  if (epoch == 0 && state_ == State::kConnected) return;
  if (alert->description == AlertDescription::kCloseNotify) {
    if (state_ == State::kConnected) send_alert(AlertLevel::kWarning, AlertDescription::kCloseNotify);
    state_ = State::kClosed;
    stop_retransmit_timer();
    Output o;
    o.kind = Output::Kind::kClosed;
    o.alert = AlertDescription::kCloseNotify;
    push_output(std::move(o));
    return;
  }
  if (alert->level == AlertLevel::kFatal) {
    state_ = State::kFailed;
    stop_retransmit_timer();
    Output o;
    o.kind = Output::Kind::kFailed;
    o.error = Error{Errc::kAuthFailed, "peer sent a fatal alert"};
    o.alert = alert->description;
    push_output(std::move(o));
    return;
  }
  PURERTC_LOG_DEBUG("dtls", "ignoring warning alert %s", std::string(to_string(alert->description)).c_str());
}

void Connection::handle_handshake_record(std::span<const uint8_t> data, uint16_t epoch) {
  ByteReader reader(data);
  while (!reader.empty()) {
    auto fragment = read_handshake_fragment(reader);
    if (!fragment) {
      ++stats_.handshake_fragments_dropped;
      return;
    }
    const auto type = static_cast<HandshakeType>(fragment->msg_type);
    if (state_ == State::kConnected) {
      // After the handshake only the peer's retransmissions (answered with our last flight) and
      // protected renegotiation attempts are of interest. A renegotiation starts a new handshake at
      // message_seq 0 (RFC 6347 4.2.2), so it is recognised by type, not by sequence; it is refused
      // with a warning (RFC 5746 4.4, RFC 5246 7.4.1.1) once per message.
      const bool renegotiation = epoch == 1 && ((settings_.role == Role::kServer && type == HandshakeType::kClientHello) ||
                                                (settings_.role == Role::kClient && type == HandshakeType::kHelloRequest));
      if (renegotiation) {
        if (fragment->fragment_offset == 0) {
          ++stats_.renegotiations_refused;
          send_alert(AlertLevel::kWarning, AlertDescription::kNoRenegotiation);
        }
      } else if (fragment->message_seq < reassembler_.next_seq()) {
        peer_retransmitted_ = true;
      } else {
        ++stats_.handshake_fragments_dropped;
      }
      continue;
    }
    if ((type == HandshakeType::kFinished) != (epoch == 1)) {
      // Finished is the one message that must arrive under the new keys, and nothing else may.
      ++stats_.handshake_fragments_dropped;
      continue;
    }
    // A (re)started hello exchange may move the peer's message_seq: a server waiting for a ClientHello
    // follows the newest one (the client restarts at 0 without HelloVerifyRequest state, or moves to 1
    // after it), and a client follows the server's first answer forward.
    if (fragment->message_seq != reassembler_.next_seq()) {
      bool server_hello_wait = state_ == State::kWaitClientHello && type == HandshakeType::kClientHello;
      bool client_hello_wait = state_ == State::kWaitServerHello &&
                               (type == HandshakeType::kServerHello || type == HandshakeType::kHelloVerifyRequest) &&
                               fragment->message_seq > reassembler_.next_seq();
      if ((server_hello_wait || client_hello_wait) &&
          fragment->message_seq - reassembler_.next_seq() < settings_.max_messages_ahead) {
        reassembler_.reset(fragment->message_seq);
      } else if (server_hello_wait && fragment->message_seq < reassembler_.next_seq()) {
        reassembler_.reset(fragment->message_seq);
      }
    }
    switch (reassembler_.add(*fragment, epoch)) {
      case HandshakeReassembler::AddResult::kAccepted:
        break;
      case HandshakeReassembler::AddResult::kOld:
        peer_retransmitted_ = true;
        break;
      case HandshakeReassembler::AddResult::kDropped:
        ++stats_.handshake_fragments_dropped;
        break;
    }
  }
}

size_t Connection::record_overhead(uint16_t epoch) const {
  return write_[epoch].protection ? write_[epoch].protection->overhead() : 0;
}

bool Connection::append_record(std::vector<uint8_t>& datagram, ContentType type, uint16_t epoch,
                               std::span<const uint8_t> plaintext, std::optional<uint64_t> explicit_seq) {
  WriteEpoch& we = write_[epoch];
  const uint64_t seq = explicit_seq.value_or(we.next_seq);
  // RFC 6347 4.1: sequence numbers MUST NOT wrap within an epoch.
  if (seq > kMaxSequenceNumber) return false;
  size_t start = datagram.size();
  if (!we.protection) {
    datagram.resize(start + kRecordHeaderSize + plaintext.size());
    write_record_header(std::span<uint8_t, kRecordHeaderSize>(datagram.data() + start, kRecordHeaderSize), type,
                        kDtls12, epoch, seq, static_cast<uint16_t>(plaintext.size()));
    if (!plaintext.empty()) std::memcpy(datagram.data() + start + kRecordHeaderSize, plaintext.data(), plaintext.size());
  } else {
    datagram.resize(start + kRecordHeaderSize + we.protection->overhead() + plaintext.size());
    auto sealed = we.protection->seal(type, kDtls12, epoch, seq, plaintext,
                                      std::span<uint8_t>(datagram).subspan(start));
    if (!sealed) {
      datagram.resize(start);
      return false;
    }
  }
  if (!explicit_seq) ++we.next_seq;
  return true;
}

void Connection::transmit(std::vector<uint8_t> datagram) {
  ++stats_.datagrams_sent;
  Output o;
  o.kind = Output::Kind::kTransmit;
  o.data = std::move(datagram);
  push_output(std::move(o));
}

void Connection::send_alert(AlertLevel level, AlertDescription description) {
  Alert alert{level, description};
  auto bytes = alert.serialize();
  std::vector<uint8_t> datagram;
  if (append_record(datagram, ContentType::kAlert, write_epoch_, bytes)) transmit(std::move(datagram));
}

Status Connection::send(std::span<const uint8_t> data, Timestamp now) {
  (void)now;
  if (state_ != State::kConnected) return unexpected(Error{Errc::kWrongState, "dtls send before connected"});
  if (data.size() > kMaxPlaintextLength) return unexpected(Error{Errc::kInvalidArgument, "dtls record above 2^14"});
  std::vector<uint8_t> datagram = free_buffers_.take();
  datagram.reserve(kRecordHeaderSize + record_overhead(1) + data.size());
  if (!append_record(datagram, ContentType::kApplicationData, 1, data)) {
    recycle(std::move(datagram));
    return unexpected(Error{Errc::kLimitExceeded, "dtls sequence numbers exhausted"});
  }
  transmit(std::move(datagram));
  return {};
}

size_t Connection::send_into_size(size_t length) const {
  if (state_ != State::kConnected) return 0;
  return kRecordHeaderSize + record_overhead(1) + length;
}

Result<size_t> Connection::send_into(std::span<const uint8_t> data, std::span<uint8_t> out, Timestamp now) {
  (void)now;
  if (state_ != State::kConnected) return unexpected(Error{Errc::kWrongState, "dtls send before connected"});
  if (data.size() > kMaxPlaintextLength) return unexpected(Error{Errc::kInvalidArgument, "dtls record above 2^14"});
  if (out.size() < send_into_size(data.size())) {
    return unexpected(Error{Errc::kBufferTooSmall, "dtls record does not fit the output buffer"});
  }
  WriteEpoch& we = write_[1];
  if (we.next_seq > kMaxSequenceNumber) {
    return unexpected(Error{Errc::kLimitExceeded, "dtls sequence numbers exhausted"});
  }
  auto sealed = we.protection->seal(ContentType::kApplicationData, kDtls12, 1, we.next_seq, data, out);
  if (!sealed) return unexpected(sealed.error());
  ++we.next_seq;
  ++stats_.datagrams_sent;
  return *sealed;
}

void Connection::close(Timestamp now) {
  (void)now;
  if (is_terminal(state_)) return;
  send_alert(AlertLevel::kWarning, AlertDescription::kCloseNotify);
  state_ = State::kClosed;
  stop_retransmit_timer();
  flight_.clear();
  Output o;
  o.kind = Output::Kind::kClosed;
  push_output(std::move(o));
}

void Connection::install_keys() {
  KeyBlock kb = expand_key_block(*suite_, master_secret_, client_random_, server_random_);
  bool client = settings_.role == Role::kClient;
  auto write = RecordProtection::create(*suite_, client ? kb.client_write_key : kb.server_write_key,
                                        client ? kb.client_write_iv : kb.server_write_iv);
  auto read = RecordProtection::create(*suite_, client ? kb.server_write_key : kb.client_write_key,
                                       client ? kb.server_write_iv : kb.client_write_iv);
  // Sizes come from the suite table, so creation cannot fail on input; a failure is a backend fault.
  if (!write || !read) {
    fail(Error{Errc::kCrypto, "record cipher setup failed"}, AlertDescription::kInternalError);
    return;
  }
  write_[1].protection.emplace(std::move(*write));
  read_[1].protection.emplace(std::move(*read));
}

// ---- Flights -----------------------------------------------------------------------------------------

void Connection::begin_flight() {
  flight_.clear();
  rto_ = settings_.initial_retransmit_timeout;
}

void Connection::add_handshake(HandshakeType type, std::vector<uint8_t> body, uint16_t epoch) {
  uint16_t seq = next_send_seq_++;
  append_transcript(static_cast<uint8_t>(type), seq, body);
  flight_.push_back(FlightEntry{ContentType::kHandshake, epoch, static_cast<uint8_t>(type), seq, std::move(body)});
}

void Connection::add_change_cipher_spec() {
  flight_.push_back(FlightEntry{ContentType::kChangeCipherSpec, 0, 0, 0, {kChangeCipherSpecValue}});
  write_epoch_ = 1;
}

void Connection::send_flight(Timestamp now, bool expect_reply) {
  flight_expects_reply_ = expect_reply;
  retransmit_at_ = expect_reply ? now + rto_ : Timestamp::infinite();
  last_flight_sent_at_ = now;
  std::vector<uint8_t> datagram;
  std::vector<uint8_t> plaintext;
  auto flush = [&] {
    if (!datagram.empty()) transmit(std::move(datagram));
    datagram = {};
  };
  const size_t mtu = settings_.mtu;
  for (const FlightEntry& e : flight_) {
    if (e.type != ContentType::kHandshake) {
      if (!datagram.empty() && datagram.size() + kRecordHeaderSize + record_overhead(e.epoch) + e.body.size() > mtu) {
        flush();
      }
      append_record(datagram, e.type, e.epoch, e.body);
      continue;
    }
    // Fragment the message so that every record fits in the datagram being filled (RFC 6347 4.2.3);
    // a new datagram starts when less than a useful fragment would fit.
    const size_t total = e.body.size();
    size_t offset = 0;
    do {
      const size_t per_record = kRecordHeaderSize + record_overhead(e.epoch) + kHandshakeHeaderSize;
      const size_t want = std::min<size_t>(total - offset, 64);
      if (!datagram.empty() && mtu - datagram.size() < per_record + want) flush();
      const size_t room = mtu - datagram.size() - per_record;
      const size_t len = std::min(total - offset, room);
      plaintext.resize(kHandshakeHeaderSize + len);
      ByteWriter w(plaintext);
      write_fragment_header(w, e.msg_type, static_cast<uint32_t>(total), e.message_seq, static_cast<uint32_t>(offset),
                            static_cast<uint32_t>(len));
      w.write_bytes(std::span<const uint8_t>(e.body).subspan(offset, len));
      append_record(datagram, ContentType::kHandshake, e.epoch, plaintext);
      offset += len;
    } while (offset < total);
  }
  flush();
}

void Connection::retransmit_flight(Timestamp now) {
  ++stats_.flight_retransmissions;
  Duration rto = rto_;
  send_flight(now, flight_expects_reply_);
  rto_ = rto;
}

void Connection::handle_timeout(Timestamp now) {
  if (is_terminal(state_)) return;
  if (state_ != State::kConnected && now >= handshake_deadline_) {
    fail(Error{Errc::kTimeout, "dtls handshake timed out"}, std::nullopt);
    return;
  }
  if (now >= retransmit_at_) {
    // RFC 6347 4.2.4.1: double the timer on every retransmission, up to the maximum.
    rto_ = std::min(rto_ * 2, settings_.max_retransmit_timeout);
    Duration rto = rto_;
    ++stats_.flight_retransmissions;
    send_flight(now, true);
    rto_ = rto;
    retransmit_at_ = now + rto_;
  }
}

// ---- Handshake ---------------------------------------------------------------------------------------

void Connection::append_transcript(uint8_t type, uint16_t message_seq, std::span<const uint8_t> body) {
  // RFC 6347 4.2.6: the transcript holds each message as if it had been sent in one fragment.
  ByteBuffer header(kHandshakeHeaderSize);
  write_handshake_header(header, static_cast<HandshakeType>(type), static_cast<uint32_t>(body.size()), message_seq);
  transcript_.insert(transcript_.end(), header.view().begin(), header.view().end());
  transcript_.insert(transcript_.end(), body.begin(), body.end());
}

crypto::Digest Connection::transcript_hash() const { return crypto::hash(suite_->prf_hash, transcript_); }

Status Connection::reject(AlertDescription alert, Error error) {
  failure_alert_ = alert;
  return unexpected(error);
}

void Connection::process_messages(Timestamp now) {
  while (!is_terminal(state_)) {
    auto message = reassembler_.pop();
    if (!message) break;
    failure_alert_.reset();
    auto st = process_message(*message, now);
    if (!st) {
      AlertDescription alert = AlertDescription::kInternalError;
      if (failure_alert_) {
        alert = *failure_alert_;
      } else {
        switch (st.error().code) {
          case Errc::kTruncated:
          case Errc::kMalformed: alert = AlertDescription::kDecodeError; break;
          case Errc::kAuthFailed: alert = AlertDescription::kDecryptError; break;
          case Errc::kUnsupported: alert = AlertDescription::kHandshakeFailure; break;
          case Errc::kWrongState: alert = AlertDescription::kUnexpectedMessage; break;
          case Errc::kInvalidArgument: alert = AlertDescription::kIllegalParameter; break;
          default: break;
        }
      }
      fail(st.error(), alert);
      return;
    }
  }
}

Status Connection::process_message(const HandshakeMessage& m, Timestamp now) {
  const auto type = static_cast<HandshakeType>(m.type);
  auto unexpected_message = [&] {
    return reject(AlertDescription::kUnexpectedMessage, Error{Errc::kWrongState, "unexpected handshake message"});
  };
  // Messages the handlers below hash themselves: hello exchanges (a HelloVerifyRequest and the
  // ClientHello it answers are not part of the transcript) and those verified against the transcript
  // that precedes them.
  const bool self_hashed = type == HandshakeType::kClientHello || type == HandshakeType::kHelloVerifyRequest ||
                           type == HandshakeType::kCertificateVerify || type == HandshakeType::kFinished;
  if (state_ != State::kConnected && state_ != State::kWaitClientHello && !self_hashed) {
    append_transcript(m.type, m.message_seq, m.body);
  }
  switch (state_) {
    case State::kWaitServerHello:
      if (type == HandshakeType::kHelloVerifyRequest) return on_hello_verify_request(m, now);
      if (type == HandshakeType::kServerHello) return on_server_hello(m);
      return unexpected_message();
    case State::kWaitCertificate:
      if (type == HandshakeType::kCertificate) return on_server_certificate(m);
      return unexpected_message();
    case State::kWaitServerKeyExchange:
      if (type == HandshakeType::kServerKeyExchange) return on_server_key_exchange(m);
      return unexpected_message();
    case State::kWaitCertificateRequestOrDone:
      if (type == HandshakeType::kCertificateRequest) return on_certificate_request(m);
      if (type == HandshakeType::kServerHelloDone) return on_server_hello_done(m, now);
      return unexpected_message();
    case State::kWaitServerHelloDone:
      if (type == HandshakeType::kServerHelloDone) return on_server_hello_done(m, now);
      return unexpected_message();
    case State::kWaitServerFinished:
      if (type == HandshakeType::kFinished) return on_server_finished(m);
      return unexpected_message();
    case State::kWaitClientHello:
      // Before a valid ClientHello there is no connection to protect: anything else is noise.
      if (type == HandshakeType::kClientHello) return on_client_hello(m, now);
      return {};
    case State::kWaitClientCertificate:
      if (type == HandshakeType::kCertificate) return on_client_certificate(m);
      return unexpected_message();
    case State::kWaitClientKeyExchange:
      if (type == HandshakeType::kClientKeyExchange) return on_client_key_exchange(m);
      return unexpected_message();
    case State::kWaitCertificateVerify:
      if (type == HandshakeType::kCertificateVerify) return on_certificate_verify(m);
      return unexpected_message();
    case State::kWaitClientFinished:
      if (type == HandshakeType::kFinished) return on_client_finished(m, now);
      return unexpected_message();
    case State::kConnected:
    case State::kIdle:
    case State::kClosed:
    case State::kFailed:
      return {};
  }
  return {};
}

void Connection::fail(Error error, std::optional<AlertDescription> alert) {
  if (is_terminal(state_)) return;
  PURERTC_LOG_DEBUG("dtls", "handshake failed in %s: %s", std::string(to_string(state_)).c_str(),
                    to_string(error).c_str());
  if (alert) send_alert(AlertLevel::kFatal, *alert);
  state_ = State::kFailed;
  stop_retransmit_timer();
  flight_.clear();
  future_records_.clear();
  future_record_bytes_ = 0;
  Output o;
  o.kind = Output::Kind::kFailed;
  o.error = error;
  o.alert = alert;
  push_output(std::move(o));
}

void Connection::complete_handshake() {
  state_ = State::kConnected;
  stop_retransmit_timer();
  // The server keeps its last flight to answer a retransmitted client flight; the client's last flight
  // was acknowledged by the server's Finished.
  if (settings_.role == Role::kClient) flight_.clear();
  future_records_.clear();
  future_record_bytes_ = 0;
  transcript_.clear();
  transcript_.shrink_to_fit();
  reassembler_.reset(reassembler_.next_seq());
  Output o;
  o.kind = Output::Kind::kConnected;
  push_output(std::move(o));
}

Status Connection::accept_peer_certificate(std::span<const uint8_t> body) {
  auto msg = CertificateMessage::parse(body);
  if (!msg) return reject(AlertDescription::kDecodeError, msg.error());
  if (msg->certificates.empty()) {
    return reject(AlertDescription::kHandshakeFailure, Error{Errc::kAuthFailed, "peer sent no certificate"});
  }
  auto cert = crypto::Certificate::from_der(msg->certificates.front());
  if (!cert) {
    return reject(AlertDescription::kBadCertificate, Error{Errc::kMalformed, "peer certificate does not parse"});
  }
  bool match = false;
  for (const auto& fp : settings_.remote_fingerprints) {
    if (crypto::verify_fingerprint(*cert, fp)) {
      match = true;
      break;
    }
  }
  if (!match) {
    return reject(AlertDescription::kBadCertificate,
                  Error{Errc::kAuthFailed, "peer certificate does not match the expected SDP fingerprint"});
  }
  peer_certificate_ = std::make_unique<crypto::Certificate>(std::move(*cert));
  return {};
}

Status Connection::derive_master_secret(std::span<const uint8_t> pre_master) {
  if (extended_master_secret_) {
    // RFC 7627 4: session_hash covers the transcript through the ClientKeyExchange.
    crypto::Digest session_hash = transcript_hash();
    master_secret_ = compute_extended_master_secret(suite_->prf_hash, pre_master, session_hash.view());
  } else {
    master_secret_ = compute_master_secret(suite_->prf_hash, pre_master, client_random_, server_random_);
  }
  install_keys();
  if (is_terminal(state_)) return unexpected(Error{Errc::kCrypto, "record cipher setup failed"});
  return {};
}

}  // namespace purertc::dtls
