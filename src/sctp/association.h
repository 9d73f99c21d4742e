// One SCTP association (RFC 9260) as a sans-IO state machine: bytes and time in, packets, events and
// the next timeout out. It never reads a clock, owns no socket and calls nothing back.
//
//   Driving it:   handle_input(packet, now) / handle_timeout(now) / commands (connect, send, ...)
//                 then poll_output() until it returns nothing, then sleep until next_timeout().
//
// State diagram (RFC 9260 4, simplified to one path):
//
//            connect()                       INIT received (no TCB)
//   CLOSED ------------> COOKIE-WAIT        CLOSED: answer INIT ACK + signed cookie, keep no state
//                            | INIT ACK
//                            v                     COOKIE ECHO (valid cookie)
//                      COOKIE-ECHOED ---------> ESTABLISHED <----------------- CLOSED
//                            COOKIE ACK             |
//                                    shutdown() /   |   \ SHUTDOWN received
//                        SHUTDOWN-PENDING <---------+---------> SHUTDOWN-RECEIVED
//                           | (all data acked)                   | (all data acked)
//                     SHUTDOWN-SENT  -- SHUTDOWN ACK -->  CLOSED   SHUTDOWN-ACK-SENT -- COMPLETE --> CLOSED
//
// ABORT (sent or received), too many retransmissions or a protocol violation lead to CLOSED with an
// Aborted event from any state. Initialization collisions and peer restarts follow RFC 9260 5.2.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/random.h"
#include "common/result.h"
#include "common/timestamp.h"
#include "crypto/hmac.h"
#include "sctp/events.h"
#include "sctp/packet/error_cause.h"
#include "sctp/packet/init_chunk.h"
#include "sctp/packet/parameters.h"
#include "sctp/packet/sctp_packet.h"
#include "sctp/rx/data_tracker.h"
#include "sctp/rx/reassembly.h"
#include "sctp/settings.h"
#include "sctp/state_cookie.h"
#include "sctp/tx/retransmission_queue.h"
#include "sctp/tx/send_queue.h"

namespace purertc::sctp {

enum class AssociationState {
  kClosed,
  kCookieWait,
  kCookieEchoed,
  kEstablished,
  kShutdownPending,
  kShutdownSent,
  kShutdownReceived,
  kShutdownAckSent,
};
std::string_view to_string(AssociationState s);

struct AssociationStats {
  uint64_t packets_sent = 0;
  uint64_t packets_received = 0;
  uint64_t packets_dropped = 0;  // bad checksum, bad tag, malformed
  uint64_t data_chunks_sent = 0;
  uint64_t data_chunks_received = 0;
  uint64_t retransmissions = 0;
  uint64_t duplicate_tsns = 0;
  uint64_t messages_abandoned = 0;
  size_t cwnd = 0;
  std::optional<Duration> srtt;
};

class Association {
 public:
  // `random` must outlive the association (a CSPRNG in production, seeded in tests).
  Association(const SctpSettings& settings, Random& random);
  ~Association();
  Association(const Association&) = delete;
  Association& operator=(const Association&) = delete;

  // Starts the handshake as the initiator. The other side simply waits for input.
  void connect(Timestamp now);
  void handle_input(std::span<const uint8_t> packet, Timestamp now);
  void handle_timeout(Timestamp now);

  // Queues a user message. Errors: kWrongState (not established / shutting down), kInvalidArgument
  // (stream beyond the negotiated count, or empty payload: use the data channel empty-message PPIDs),
  // kLimitExceeded (larger than max_message_size, or the send buffer is full).
  Status send(uint16_t stream, uint32_t ppid, std::vector<uint8_t> payload, const SendOptions& options, Timestamp now);
  // RFC 6525 outgoing stream reset; completes with OutgoingStreamsReset(Failed). kUnsupported when the
  // peer did not offer RE-CONFIG, kWrongState when not established, kInvalidArgument for an empty list.
  // The peer may ask for the same with an Incoming SSN Reset Request (RFC 6525 5.2.3); that reset
  // completes with the same events.
  Status reset_streams(std::span<const uint16_t> streams, Timestamp now);
  void shutdown(Timestamp now);
  void abort(std::string_view reason, Timestamp now);

  std::optional<Output> poll_output();
  // Hands back a Transmit packet once sent so that later packets reuse its storage (optional: it only
  // saves the per-packet allocation).
  void recycle(std::vector<uint8_t>&& packet) { builder_.recycle(std::move(packet)); }
  Timestamp next_timeout() const;

  AssociationState state() const { return state_; }
  const Capabilities& negotiated() const { return caps_; }
  uint16_t outbound_streams() const { return outbound_streams_; }
  uint16_t inbound_streams() const { return inbound_streams_; }
  void set_stream_priority(uint16_t stream, uint16_t priority) { send_queue_.set_priority(stream, priority); }
  size_t buffered_amount(uint16_t stream) const { return send_queue_.buffered_amount(stream); }
  void set_buffered_amount_low_threshold(uint16_t stream, size_t bytes) { send_queue_.set_buffered_amount_low_threshold(stream, bytes); }
  AssociationStats stats() const;

 private:
  struct Timer {
    Timestamp deadline = Timestamp::infinite();
    int count = 0;
    bool running() const { return !deadline.is_infinite(); }
    void stop() { deadline = Timestamp::infinite(); count = 0; }
  };
  struct ResetRequest {
    uint32_t sequence = 0;
    uint32_t response_sequence = 0;  // RFC 6525 4.1: an implicit answer to the peer's incoming request
    uint32_t last_tsn = 0;
    std::vector<uint16_t> streams;    // empty: every stream
  };

  // Input handling.
  void handle_ootb(const PacketView& packet);
  void handle_init(const ChunkView& chunk);
  void handle_init_ack(const ChunkView& chunk);
  void handle_cookie_echo(const PacketView& packet, const ChunkView& chunk);
  void handle_cookie_ack();
  void handle_data(const ChunkView& chunk, bool interleaved, bool& received);
  void handle_sack(const ChunkView& chunk);
  void handle_heartbeat(const ChunkView& chunk);
  void handle_heartbeat_ack(const ChunkView& chunk);
  void handle_abort(const ChunkView& chunk);
  void handle_error(const ChunkView& chunk);
  void handle_shutdown(const ChunkView& chunk);
  void handle_shutdown_ack();
  void handle_shutdown_complete();
  void handle_forward_tsn(const ChunkView& chunk, bool interleaved);
  void handle_reconfig(const ChunkView& chunk);
  void handle_outgoing_reset_request(const OutgoingSsnResetRequest& req, std::vector<uint8_t>& responses);
  void handle_incoming_reset_request(const IncomingSsnResetRequest& req, std::vector<uint8_t>& responses);
  bool is_retransmitted_request(uint32_t sequence) const;
  void handle_reconfig_response(const ReconfigurationResponse& resp);
  bool handle_unknown_chunk(const ChunkView& chunk);

  // State changes.
  void establish_from_cookie(const StateCookie& cookie, bool emit_connected);
  void init_tcb(uint32_t local_tag, uint32_t peer_tag, uint32_t local_initial_tsn, uint32_t peer_initial_tsn,
                uint32_t peer_a_rwnd, uint16_t peer_os, uint16_t peer_mis, const Capabilities& caps);
  void send_init();
  void send_abort_and_close(CauseCode cause, std::string_view reason);
  void close_with(Event event);
  void maybe_finish_shutdown();
  void maybe_perform_deferred_reset();
  void schedule_outgoing_reset(std::span<const uint16_t> streams);
  bool outgoing_reset_pending() const { return reset_all_streams_ || !streams_to_reset_.empty(); }
  void append_outgoing_reset_request(std::vector<uint8_t>& chunk) const;
  void deliver(std::vector<MessageReceived>& messages);
  void drain_queue_events();
  void on_abandoned(std::vector<MessagePtr>& abandoned);
  bool count_error_and_maybe_abort(std::string_view what);

  // Output.
  std::optional<std::vector<uint8_t>> build_packet();
  void queue_control(std::vector<uint8_t> chunk) { control_.push_back(std::move(chunk)); }
  void queue_packet_with(uint32_t tag, std::span<const uint8_t> chunk, bool checksum_required);
  uint32_t a_rwnd() const;
  Capabilities local_capabilities() const;
  uint32_t random_nonzero_u32();

  SctpSettings settings_;
  Random& random_;
  std::unique_ptr<crypto::HmacKey> cookie_key_;
  size_t mtu_;
  Timestamp now_;

  AssociationState state_ = AssociationState::kClosed;
  uint32_t local_tag_ = 0;
  uint32_t peer_tag_ = 0;
  uint32_t local_initial_tsn_ = 0;
  uint32_t peer_initial_tsn_ = 0;
  Capabilities caps_;
  uint16_t outbound_streams_ = 0;
  uint16_t inbound_streams_ = 0;
  std::vector<uint8_t> init_chunk_;         // kept for T1-init retransmission
  std::vector<uint8_t> cookie_echo_chunk_;  // kept for T1-cookie retransmission

  SendQueue send_queue_;
  RetransmissionQueue rtx_;
  RtoEstimator rto_;
  DataTracker tracker_;
  Reassembly reassembly_;

  std::deque<Event> events_;
  std::deque<std::vector<uint8_t>> packets_;  // complete packets (INIT, INIT ACK, OOTB replies)
  std::deque<std::vector<uint8_t>> control_;  // chunks bundled in front of the next packet
  PacketBuilder builder_;

  bool sack_now_ = false;
  int packets_since_sack_ = 0;
  bool forward_tsn_now_ = false;
  Timer t1_, t3_, t2_, delayed_ack_, heartbeat_, reconfig_;
  Timestamp next_heartbeat_ = Timestamp::infinite();
  uint64_t heartbeat_nonce_ = 0;
  int error_count_ = 0;

  // Stream reset (RFC 6525).
  std::vector<uint16_t> streams_to_reset_;
  bool reset_all_streams_ = false;              // the peer asked for every stream (empty list)
  std::optional<uint32_t> implicit_response_;   // incoming request the next outgoing request answers
  std::optional<ResetRequest> outgoing_request_;
  uint32_t next_request_sequence_ = 0;
  uint32_t peer_next_request_sequence_ = 0;
  std::optional<ReconfigurationResponse> last_response_;
  std::optional<OutgoingSsnResetRequest> deferred_reset_;
  std::vector<std::pair<std::vector<uint8_t>, uint8_t>> deferred_chunks_;  // (chunk bytes, type)
  size_t deferred_bytes_ = 0;

  AssociationStats stats_;
};

}  // namespace purertc::sctp
