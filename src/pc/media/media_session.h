// MediaSession: the media half of one DTLS transport (one BUNDLE group). It owns the SRTP keys, the
// outgoing streams (RtpSenderCore), the incoming streams (RtpReceiverCore), the BUNDLE router and the
// RTCP schedule. Sans-IO (DESIGN.md 3): bytes, commands and time go in; protected datagrams and events
// come out of poll_output(); next_timeout() says when handle_timeout() is due. No sockets, threads or
// clock reads; randomness is injected.
//
// Driving it from src/pc:
//   session.start_srtp(profile, exporter_bytes, dtls_role)        once the DTLS handshake completed
//   session.set_wall_clock(now, unix_time_us)                       once (and whenever, to follow drift)
//   id = session.add_sender(params) / session.add_receiver(params)  per negotiated stream
//   session.send_sample(id, frame, duration, now) / send_rtp(id, packet, now)
//   session.handle_srtp(datagram, now) / handle_srtcp(datagram, now) for RFC 7983 RTP / RTCP datagrams
//   while (auto out = session.poll_output()) { Transmit -> socket; Event -> application }
//   timer at session.next_timeout() -> session.handle_timeout(now)
//
// RTCP (RFC 3550 6, RFC 4585, RFC 5506): every interval (randomized in [0.5, 1.5] x rtcp_interval,
// RFC 3550 6.3.1) one compound packet per MTU: an SR per sender that has sent (the first carrying the
// report blocks about our receivers) or else an RR, then SDES CNAME. NACK, PLI and FIR go out at once
// as reduced-size packets (RFC 5506, negotiated with a=rtcp-rsize in WebRTC).
//
// Errors from commands: Errc::kWrongState (SRTP not started), kInvalidArgument (unknown id, bad
// parameters), kLimitExceeded (max_senders / max_receivers / an SSRC already used), plus the sender's
// own errors. Bad input from the network is never an error: it is dropped and counted in stats().
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/random.h"
#include "common/result.h"
#include "common/timestamp.h"
#include "pc/media/events.h"
#include "pc/media/packet_interceptor.h"
#include "pc/media/rtp_receiver_core.h"
#include "pc/media/rtp_router.h"
#include "pc/media/rtp_sender_core.h"
#include "pc/media/srtp_transport.h"
#include "rtp/rtcp/rtcp_packet.h"

namespace purertc::pc::media {

struct MediaSessionSettings {
  size_t mtu = 1200;  // largest datagram (SRTP tag included) the session sends
  // Periodic SR/RR (RFC 3550 6.4); off leaves only feedback and application RTCP.
  bool rtcp_reports = true;
  Duration rtcp_interval = Duration::seconds(1);
  size_t max_senders = 64;
  size_t max_receivers = 64;
  // Events and transmits waiting for poll_output(); past it, RTP events are dropped (and counted) so a
  // caller that does not drain cannot make the session grow. Transmits are never dropped here.
  size_t max_queued_events = 4096;
  size_t buffer_pool_size = 256;  // recycled buffers kept
  bool emit_rtcp_packets = false;  // RtcpReceived events
  // RTCP SDES CNAME (RFC 7022) when no sender names one; random when empty.
  std::string cname;
  RouterSettings router;
  srtp::Settings srtp;
  rtp::RtcpParseSettings rtcp_parse;
};

struct MediaSessionStats {
  uint64_t rtp_received = 0;            // datagrams passed to handle_srtp
  uint64_t rtcp_received = 0;
  uint64_t dropped_before_srtp = 0;     // RTP or RTCP that arrived before start_srtp
  uint64_t rtp_malformed = 0;           // decrypted, but not a valid RTP header
  uint64_t rtcp_malformed = 0;          // decrypted, but not a valid compound packet
  uint64_t rtp_unroutable = 0;
  uint64_t events_dropped = 0;          // max_queued_events reached
  uint64_t rtcp_sent = 0;
  uint64_t rtp_dropped_by_interceptor = 0;   // outgoing and incoming
  uint64_t rtcp_dropped_by_interceptor = 0;
  SrtpTransportStats srtp;
  RouterStats router;
};

class MediaSession {
 public:
  // `random` (a crypto::Csprng in production) is borrowed and must outlive the session: SSRC-less
  // defaults (RTCP sender SSRC), initial sequence numbers and timestamps, RTCP interval jitter.
  explicit MediaSession(Random& random, MediaSessionSettings settings = {});

  // Keys from the DTLS exporter (srtp::keying_material_size(profile) bytes of "EXTRACTOR-dtls_srtp")
  // and the local DTLS role. kInvalidArgument on a wrong length; kWrongState if already started.
  Status start_srtp(srtp::Profile profile, std::span<const uint8_t> keying_material, srtp::DtlsRole local_role,
                    Timestamp now);
  bool srtp_started() const { return srtp_.has_value(); }
  // Maps the protocol clock to wall-clock time for RTCP NTP timestamps: at `now` it was `unix_time_us`.
  // Until called, `now` itself is taken as the Unix time (consistent, but not wall-clock).
  void set_wall_clock(Timestamp now, int64_t unix_time_us);

  // Adds an outgoing stream. Zero initial sequence number / timestamp / picture id in `params` are
  // replaced by random values. kLimitExceeded past max_senders or when the SSRC is in use.
  Result<SenderId> add_sender(SenderParameters params);
  // Sends an RTCP BYE for the sender's SSRC (if SRTP is up) and forgets it.
  Status remove_sender(SenderId id, Timestamp now);
  Result<ReceiverId> add_receiver(ReceiverParameters params);
  Status remove_receiver(ReceiverId id);
  // The header extension ids of the transport used for routing (mid / rid / repaired-rid); taken from
  // the first receiver's parameters unless set here.
  void set_routing_extension_ids(uint8_t mid, uint8_t rid, uint8_t repaired_rid);

  // One encoded frame (`duration` long), packetized for the sender's codec.
  Status send_sample(SenderId id, std::span<const uint8_t> frame, Duration duration, Timestamp now);
  // One RTP packet built by the application, re-stamped for the sender.
  Status send_rtp(SenderId id, std::span<const uint8_t> packet, Timestamp now);
  // An RTCP compound packet built by the application (Pion's WriteRTCP), protected and sent as is.
  Status send_rtcp(std::span<const uint8_t> compound, Timestamp now);
  // Ask the remote sender of a receiver's stream for a keyframe (sent at once).
  Status request_keyframe(ReceiverId id, KeyframeRequestKind kind, Timestamp now);

  // SRTP / SRTCP datagrams from the transport (RFC 7983 demux). Decrypted in place: `datagram` is
  // scratch afterwards.
  void handle_srtp(std::span<uint8_t> datagram, Timestamp now);
  void handle_srtcp(std::span<uint8_t> datagram, Timestamp now);

  std::optional<Output> poll_output();
  Timestamp next_timeout() const;
  void handle_timeout(Timestamp now);

  // Puts `interceptor` (borrowed; nullptr removes it) on every plaintext RTP and RTCP packet in and out
  // (see packet_interceptor.h). Without one, packets take no extra copy.
  void set_packet_interceptor(PacketInterceptor* interceptor) { interceptor_ = interceptor; }

  // Returns a Transmit's (or an event's) buffer for reuse.
  void recycle(std::vector<uint8_t>&& buffer);

  const RtpSenderCore* sender(SenderId id) const;
  const RtpReceiverCore* receiver(ReceiverId id) const;
  std::optional<SenderStats> sender_stats(SenderId id) const;
  std::optional<ReceiverStats> receiver_stats(ReceiverId id) const;
  MediaSessionStats stats() const;
  // The SSRC this session puts in RTCP it sends when no sender exists (RR, feedback).
  uint32_t rtcp_ssrc() const { return rtcp_ssrc_; }

 private:
  std::vector<uint8_t> take_buffer();
  int64_t unix_us_at(Timestamp now) const;
  uint64_t ntp_at(Timestamp now) const { return ntp_from_unix_micros(unix_us_at(now)); }
  // Stamps the per-transmission extensions (transport-wide sequence number, abs-send-time) of the
  // plaintext packets in `pending_`, protects them and queues them as Transmits.
  void flush_rtp(SenderId sender, const HeaderExtensionIds& ids, Timestamp now);
  void queue_rtcp(std::vector<uint8_t> plaintext);
  void queue_event(Event event, bool droppable);
  void send_feedback(RtpReceiverCore& receiver, Timestamp now);
  void send_reports(Timestamp now);
  void schedule_report(Timestamp now);
  void handle_rtcp_packet(const rtp::RtcpPacket& packet, Timestamp now, uint64_t arrival_ntp);
  RtpSenderCore* sender_by_ssrc(uint32_t ssrc, SenderId* id);
  RtpReceiverCore* receiver_by_ssrc(uint32_t ssrc);
  uint32_t feedback_ssrc() const;
  void update_routing_ids(const HeaderExtensionIds& ids);

  Random& random_;
  MediaSessionSettings settings_;
  PacketInterceptor* interceptor_ = nullptr;
  std::vector<uint8_t> intercept_scratch_;  // incoming packets copied for the interceptor
  std::optional<SrtpTransport> srtp_;
  uint32_t rtcp_ssrc_;
  std::string cname_;
  uint16_t transport_sequence_number_ = 0;
  Timestamp wall_clock_anchor_;
  int64_t wall_clock_unix_us_ = 0;
  bool wall_clock_set_ = false;
  bool routing_ids_explicit_ = false;
  uint32_t next_id_ = 1;
  std::map<SenderId, std::unique_ptr<RtpSenderCore>> senders_;
  std::map<ReceiverId, std::unique_ptr<RtpReceiverCore>> receivers_;
  RtpRouter router_;
  std::vector<std::vector<uint8_t>> pending_;  // plaintext RTP waiting for protect
  std::vector<std::vector<uint8_t>> pool_;
  std::deque<Output> outputs_;
  size_t queued_events_ = 0;
  std::vector<Event> event_scratch_;
  Timestamp next_report_ = Timestamp::infinite();
  MediaSessionStats stats_;
};

}  // namespace purertc::pc::media
