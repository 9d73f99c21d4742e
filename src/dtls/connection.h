// A DTLS 1.2 endpoint (RFC 6347 over RFC 5246), client or server, as a sans-IO state machine: datagrams
// and time go in, datagrams, application data and events come out of poll_output().
//
// Full handshake with the flights this engine sends and expects (RFC 6347 section 4.2.4):
//
//   Client                                      Server
//   ClientHello                  -------->                          flight 1
//                                <--------  HelloVerifyRequest      flight 2 (stateless, optional)
//   ClientHello (with cookie)    -------->                          flight 3
//                                           ServerHello             flight 4
//                                           Certificate
//                                           ServerKeyExchange
//                                           CertificateRequest
//                                <--------  ServerHelloDone
//   Certificate                                                     flight 5
//   ClientKeyExchange
//   CertificateVerify
//   [ChangeCipherSpec]
//   Finished                     -------->
//                                           [ChangeCipherSpec]      flight 6
//                                <--------  Finished
//
// Retransmission (4.2.4): the sender of a flight that expects an answer arms a timer (1 s, doubling up
// to 60 s) and resends the whole flight when it fires; receiving a retransmission of the peer's previous
// flight also triggers a resend. The server keeps its last flight to answer a retransmitted flight 5.
//
// Record-layer policy (4.1.2.7): a record of an unknown epoch, a replay, or one that fails authentication
// is dropped silently and counted; only well-formed, authenticated protocol violations end the
// connection, with a fatal alert. Records of the next epoch that arrive before its keys (the peer's
// Finished overtaking its ClientKeyExchange on a reordering path) are kept, up to a limit, and opened
// once the keys are installed (4.1: implementations MAY buffer them), which saves a retransmission.
//
// HelloVerifyRequest (4.2.1) is stateless and carries the record sequence number of the ClientHello it
// answers; the server's own epoch-0 numbering continues from the ClientHello it accepts, so its later
// records never repeat a number a HelloVerifyRequest used.
//
// Output buffers: every datagram and every received application record comes out of poll_output() in
// a std::vector. A caller that hands the vectors back with recycle() makes the application-data path
// allocation-free in both directions (send() and received records refill recycled buffers);
// send_into() seals one record straight into caller-provided storage instead.
//
// Renegotiation is refused: a ClientHello (server) or HelloRequest (client) after the handshake gets a
// no_renegotiation warning and is otherwise ignored.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/buffer_pool.h"
#include "common/random.h"
#include "common/result.h"
#include "common/timestamp.h"
#include "crypto/certificate.h"
#include "crypto/ecdh.h"
#include "crypto/hash.h"
#include "crypto/hmac.h"
#include "dtls/cipher_suite.h"
#include "dtls/handshake_reassembler.h"
#include "dtls/key_schedule.h"
#include "dtls/packet/alert.h"
#include "dtls/packet/certificate.h"
#include "dtls/packet/client_hello.h"
#include "dtls/packet/handshake_header.h"
#include "dtls/packet/record.h"
#include "dtls/record_protection.h"
#include "dtls/replay_window.h"
#include "dtls/settings.h"

namespace purertc::dtls {

enum class State {
  kIdle,                 // client before start()
  kWaitServerHello,      // client: flight 1/3 sent
  kWaitCertificate,      // client: ServerHello processed
  kWaitServerKeyExchange,
  kWaitCertificateRequestOrDone,
  kWaitServerHelloDone,
  kWaitServerFinished,   // client: flight 5 sent
  kWaitClientHello,      // server
  kWaitClientCertificate,
  kWaitClientKeyExchange,
  kWaitCertificateVerify,
  kWaitClientFinished,
  kConnected,
  kClosed,
  kFailed,
};
std::string_view to_string(State state);

struct Output {
  enum class Kind {
    kTransmit,   // data: one datagram to send
    kConnected,  // the handshake completed; keys and the peer certificate are available
    kData,       // data: application data received
    kClosed,     // the peer sent close_notify, or close() was called
    kFailed,     // error (and alert, when one was sent or received) says why
  };
  Kind kind = Kind::kTransmit;
  std::vector<uint8_t> data;
  Error error{};
  std::optional<AlertDescription> alert;
};
std::string_view to_string(Output::Kind kind);

struct Stats {
  uint64_t datagrams_received = 0;
  uint64_t datagrams_sent = 0;
  uint64_t records_received = 0;
  uint64_t records_dropped_malformed = 0;
  uint64_t records_dropped_epoch = 0;
  uint64_t records_buffered_epoch = 0;   // next-epoch records kept until the keys were installed
  uint64_t records_dropped_replay = 0;
  uint64_t records_dropped_auth = 0;
  uint64_t handshake_fragments_dropped = 0;
  uint64_t flight_retransmissions = 0;
  uint64_t hello_verify_requests_sent = 0;
  uint64_t renegotiations_refused = 0;
};

class Connection {
 public:
  // Errc::kInvalidArgument for unusable settings (no identity, MTU below kMinMtu, nothing to offer).
  // `random` must outlive the connection.
  static Result<std::unique_ptr<Connection>> create(DtlsSettings settings, Random& random);
  ~Connection();

  // Client: sends the first ClientHello. Server: nothing to do (it waits for a ClientHello).
  void start(Timestamp now);
  void handle_input(std::span<const uint8_t> datagram, Timestamp now);
  void handle_timeout(Timestamp now);
  // Application data in one record; Errc::kWrongState before the handshake completed or after close,
  // Errc::kInvalidArgument above 2^14 bytes.
  // Allocation-free once a few buffers were recycled (see recycle()).
  Status send(std::span<const uint8_t> data, Timestamp now);
  // The same record written into `out` instead of the output queue, for callers that send it at once;
  // returns its size. Errc::kBufferTooSmall when `out` holds less than send_into_size(data.size()).
  Result<size_t> send_into(std::span<const uint8_t> data, std::span<uint8_t> out, Timestamp now);
  // Bytes send_into() writes for `length` bytes of data (0 before the handshake completed).
  size_t send_into_size(size_t length) const;
  // Returns a buffer taken from poll_output() (a kTransmit datagram or kData application data) for
  // reuse by later outputs. Optional; at most kMaxRecycledBuffers are kept, the rest are freed.
  void recycle(std::vector<uint8_t> buffer);
  static constexpr size_t kMaxRecycledBuffers = 16;
  // Sends close_notify; the connection is closed afterwards.
  void close(Timestamp now);

  std::optional<Output> poll_output();
  Timestamp next_timeout() const;

  State state() const { return state_; }
  Role role() const { return settings_.role; }
  const Stats& stats() const { return stats_; }
  // After kConnected:
  std::optional<CipherSuite> cipher_suite() const;
  std::optional<SrtpProtectionProfile> srtp_profile() const { return srtp_profile_; }
  const crypto::Certificate* peer_certificate() const { return peer_certificate_.get(); }
  bool extended_master_secret() const { return extended_master_secret_; }
  // RFC 5705 exporter (no context), e.g. label "EXTRACTOR-dtls_srtp" for DTLS-SRTP keys.
  // Errc::kWrongState before the handshake completed.
  Result<std::vector<uint8_t>> export_keying_material(std::string_view label, size_t length) const;

 private:
  struct FlightEntry {
    ContentType type;
    uint16_t epoch;
    uint8_t msg_type;      // handshake only
    uint16_t message_seq;  // handshake only
    std::vector<uint8_t> body;
  };
  struct ReadEpoch {
    std::optional<RecordProtection> protection;
    ReplayWindow window;
  };
  struct WriteEpoch {
    std::optional<RecordProtection> protection;
    uint64_t next_seq = 0;
  };

  Connection(DtlsSettings settings, Random& random);

  // Record layer. `fragment` is the record's fragment, writable so that it is decrypted in place.
  void handle_record(const RecordView& record, std::span<uint8_t> fragment);
  // Connected-state application data, opened out of place; false when the record needs handle_record.
  bool open_application_data(const RecordView& record);
  // Keeps a record of the next epoch until its keys exist; false when over the limits.
  bool buffer_future_record(const RecordView& record);
  void process_buffered_records(Timestamp now);
  void push_output(Output output);
  void handle_handshake_record(std::span<const uint8_t> data, uint16_t epoch);
  void handle_alert(std::span<const uint8_t> data, uint16_t epoch);
  // Appends one record to `datagram`; false when the write epoch's sequence numbers are exhausted.
  // `explicit_seq` numbers the record without consuming the epoch's counter (HelloVerifyRequest).
  bool append_record(std::vector<uint8_t>& datagram, ContentType type, uint16_t epoch,
                     std::span<const uint8_t> plaintext, std::optional<uint64_t> explicit_seq = std::nullopt);
  size_t record_overhead(uint16_t epoch) const;
  void transmit(std::vector<uint8_t> datagram);
  void send_alert(AlertLevel level, AlertDescription description);
  void install_keys();

  // Flights.
  void begin_flight();
  void add_handshake(HandshakeType type, std::vector<uint8_t> body, uint16_t epoch);
  void add_change_cipher_spec();
  void send_flight(Timestamp now, bool expect_reply);
  void retransmit_flight(Timestamp now);
  void stop_retransmit_timer() { retransmit_at_ = Timestamp::infinite(); }

  // Handshake.
  void process_messages(Timestamp now);
  Status process_message(const HandshakeMessage& message, Timestamp now);
  void append_transcript(uint8_t type, uint16_t message_seq, std::span<const uint8_t> body);
  crypto::Digest transcript_hash() const;
  void fail(Error error, std::optional<AlertDescription> alert);
  // Records the alert a failing handler wants sent, and returns its error.
  Status reject(AlertDescription alert, Error error);
  void complete_handshake();

  // Client side (client_handshake.cc).
  void send_client_hello(Timestamp now);
  Status on_hello_verify_request(const HandshakeMessage& m, Timestamp now);
  Status on_server_hello(const HandshakeMessage& m);
  Status on_server_certificate(const HandshakeMessage& m);
  Status on_server_key_exchange(const HandshakeMessage& m);
  Status on_certificate_request(const HandshakeMessage& m);
  Status on_server_hello_done(const HandshakeMessage& m, Timestamp now);
  Status on_server_finished(const HandshakeMessage& m);

  // Server side (server_handshake.cc).
  Status on_client_hello(const HandshakeMessage& m, Timestamp now);
  crypto::Digest compute_cookie(const ClientHello& hello);
  Status on_client_certificate(const HandshakeMessage& m);
  Status on_client_key_exchange(const HandshakeMessage& m);
  Status on_certificate_verify(const HandshakeMessage& m);
  Status on_client_finished(const HandshakeMessage& m, Timestamp now);

  Status accept_peer_certificate(std::span<const uint8_t> body);
  Status derive_master_secret(std::span<const uint8_t> pre_master);

  DtlsSettings settings_;
  Random& random_;
  State state_;
  // A queue that keeps its storage: drained completely after every input, so it is cleared rather than
  // popped (a std::deque allocates and frees a block every few outputs).
  std::vector<Output> outputs_;
  size_t outputs_head_ = 0;
  BufferPool free_buffers_{kMaxRecycledBuffers};  // recycled datagram and data buffers
  Stats stats_;
  std::vector<uint8_t> scratch_;  // a received record's fragment, decrypted in place
  uint64_t current_record_seq_ = 0;  // of the record being processed
  // Whole records (header + fragment) of epoch 1 received before its keys.
  std::vector<std::vector<uint8_t>> future_records_;
  size_t future_record_bytes_ = 0;

  // Record layer: epoch 0 (plaintext) and epoch 1 (after ChangeCipherSpec); renegotiation is refused,
  // so there is never an epoch 2.
  ReadEpoch read_[2];
  WriteEpoch write_[2];
  uint16_t write_epoch_ = 0;

  // Flights and timers.
  std::vector<FlightEntry> flight_;
  bool flight_expects_reply_ = false;
  Timestamp retransmit_at_ = Timestamp::infinite();
  Duration rto_;
  Timestamp handshake_deadline_ = Timestamp::infinite();
  Timestamp last_flight_sent_at_;
  uint16_t next_send_seq_ = 0;
  HandshakeReassembler reassembler_;

  // Handshake state.
  std::vector<uint8_t> transcript_;
  const CipherSuiteInfo* suite_ = nullptr;
  HelloRandom client_random_{};
  HelloRandom server_random_{};
  std::vector<uint8_t> cookie_;
  int hello_verify_requests_ = 0;
  std::optional<crypto::EcdhKeyPair> ecdh_;
  std::unique_ptr<crypto::Certificate> peer_certificate_;
  bool certificate_requested_ = false;
  std::optional<crypto::SignatureScheme> client_signature_scheme_;
  std::optional<SrtpProtectionProfile> srtp_profile_;
  bool extended_master_secret_ = false;
  MasterSecret master_secret_{};
  std::optional<crypto::HmacKey> cookie_key_;
  std::vector<uint8_t> pre_master_;
  std::optional<AlertDescription> failure_alert_;
  bool peer_retransmitted_ = false;
};

}  // namespace purertc::dtls
