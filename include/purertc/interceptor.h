// InterceptorRegistry (as in Pion's interceptor.Registry): what runs on each PeerConnection's RTP/RTCP
// path besides packetization and SRTP. Two parts:
//  - the built-in behaviours, each on or off and tuned here: the NACK responder (a bounded
//    retransmission buffer per outgoing stream answering Generic NACKs, RFC 4585 6.2.1), the NACK
//    generator (the receive side asking for lost packets), and RTCP sender/receiver reports (RFC 3550
//    6.4) at a randomized interval. register_default_interceptors() turns all of them on with the
//    defaults below; a default-constructed registry has none of them (as an empty Pion registry).
//  - user Interceptors, built per PeerConnection by the factories added with add(), chained in the
//    order they were added (outgoing packets pass the first-added interceptor first, incoming ones too).
//
// An Api copies the registry when it is created (Api::create); later changes do not affect it.
// Threading: a plain value, not thread-safe while being modified.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "purertc/export.h"
#include "purertc/media_engine.h"

namespace purertc {

// One RTP stream an Interceptor is told about (Pion's interceptor.StreamInfo).
struct StreamInfo {
  MediaKind kind = MediaKind::kVideo;
  std::string mid;
  uint32_t ssrc = 0;                 // the media SSRC
  std::optional<uint32_t> rtx_ssrc;  // RFC 4588 retransmission SSRC, when known
  uint8_t payload_type = 0;
  std::optional<uint8_t> rtx_payload_type;
  std::string mime_type;  // "video/VP8" ...
  uint32_t clock_rate = 0;
  std::string sdp_fmtp_line;
};

// A user interceptor: sees every plaintext RTP and RTCP packet of one PeerConnection, after
// packetization and before SRTP protection on the way out, after SRTP unprotection on the way in. Each
// hook may modify the packet in place (including its size) and returns false to drop it (later
// interceptors and the media layer then never see it).
//
// What passes where:
//  - on_outgoing_rtp: every RTP packet a local stream sends, first transmissions and retransmissions
//    (RTX packets carry the stream's rtx_ssrc). The retransmission buffer keeps a packet before this
//    hook, so a packet dropped here can still be retransmitted on a NACK.
//  - on_incoming_rtp: every RTP packet routed to a remote stream (media and RTX), before the receiver
//    processes it. bind_remote_stream() runs just before the stream's first packet reaches this hook.
//    Packets that match no stream are dropped earlier and never seen.
//  - on_outgoing_rtcp / on_incoming_rtcp: every RTCP compound packet (reports, NACK, PLI, FIR, and
//    those written with RtpTransceiver::write_rtcp). A modified incoming packet that no longer parses as
//    RTCP is dropped and counted as malformed.
//
// Threading: every method runs on the Api's event loop thread, one at a time per PeerConnection, on
// the packet path. Hooks must not call the purertc API (PeerConnection, RtpTransceiver, TrackLocal,
// DataChannel): they run inside the media layer, which such a call would re-enter (RtpTransceiver::
// write_rtcp refuses with kInvalidState when called from a hook). They should return
// quickly (every packet waits for them). Lifetime: an interceptor lives as long as its PeerConnection's
// transport; no method is called after the PeerConnection's close() returned.
class PURERTC_EXPORT Interceptor {
 public:
  virtual ~Interceptor() = default;

  // A local (outgoing) stream started: negotiated and the transport connected.
  virtual void bind_local_stream(const StreamInfo& /*stream*/) {}
  // A remote (incoming) stream's first packet arrived (SSRC and payload type now known).
  virtual void bind_remote_stream(const StreamInfo& /*stream*/) {}

  virtual bool on_outgoing_rtp(const StreamInfo& /*stream*/, std::vector<uint8_t>& /*packet*/) { return true; }
  virtual bool on_incoming_rtp(const StreamInfo& /*stream*/, std::vector<uint8_t>& /*packet*/) { return true; }
  virtual bool on_outgoing_rtcp(std::vector<uint8_t>& /*compound*/) { return true; }
  virtual bool on_incoming_rtcp(std::vector<uint8_t>& /*compound*/) { return true; }
};

// Builds one Interceptor per PeerConnection (called on the loop thread when its transport connects).
// Returning nullptr adds nothing for that PeerConnection.
using InterceptorFactory = std::function<std::shared_ptr<Interceptor>()>;

// The NACK responder: each outgoing stream keeps its last packets and answers a Generic NACK from them
// (as RTX when negotiated). Without it, NACKs are counted (nackCount) but nothing is retransmitted.
struct NackResponderOptions {
  size_t buffer_packets = 1024;  // per stream, rounded up to a power of two; 1..32768
  std::chrono::milliseconds max_age{2000};  // older packets are not retransmitted
};

// The NACK generator: a receive-side gap is NACKed at once, then retried until repaired, too old or
// out of retries. Only for streams whose codec negotiated "nack" feedback.
struct NackGeneratorOptions {
  size_t max_tracked = 256;  // sequence numbers waiting for repair per stream; 1..4096
  uint32_t max_retries = 10;
  std::chrono::milliseconds retry_interval{100};  // replaced by 1.5 x RTT once an RTT is measured
  std::chrono::milliseconds max_age{1000};
};

// RTCP reports: an SR per sending stream (or an RR when nothing is sent) with report blocks about the
// received streams, plus SDES CNAME, every interval randomized over [0.5, 1.5] x interval.
struct RtcpReportOptions {
  std::chrono::milliseconds interval{1000};  // 10 ms .. 60 s
};

class PURERTC_EXPORT InterceptorRegistry {
 public:
  // Turns on the NACK responder, the NACK generator and RTCP reports with default options (what
  // Api::create(media_engine, setting_engine) uses). Returns *this for chaining.
  InterceptorRegistry& register_default_interceptors();

  // Each built-in is on when set (nullopt: off).
  std::optional<NackResponderOptions> nack_responder;
  std::optional<NackGeneratorOptions> nack_generator;
  std::optional<RtcpReportOptions> rtcp_reports;

  // Appends a user interceptor to the chain.
  InterceptorRegistry& add(InterceptorFactory factory);
  const std::vector<InterceptorFactory>& factories() const { return factories_; }

 private:
  std::vector<InterceptorFactory> factories_;
};

}  // namespace purertc
