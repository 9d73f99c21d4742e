// The one bundled transport of a PeerConnection (RFC 8843): the ICE agent on the gatherer's sockets,
// DTLS over the selected pair, and the SCTP data channel endpoint over DTLS application data. This is
// the wiring the sans-IO contract asks for (DESIGN.md section 3): every received datagram is classified
// (RFC 7983) and fed to its engine, every engine's outputs are drained into the next engine or a socket
// after every command, timer and receive batch (up to kMaxBatch datagrams, all fed first), and one loop
// timer stays armed at the minimum of their next_timeout().
//
//   datagram --> demux --STUN--> ice::Agent --Transmit--> IceGatherer::send(base, to)
//                      --DTLS--> dtls::Connection --Data--> sctp::DataChannelEndpoint --events--> owner
//                      --RTP/RTCP--> media::MediaSession --events--> owner   <--Transmit (SCTP packet)--
//   MediaSession Transmit (SRTP/SRTCP) --> the selected pair; its keys come from the DTLS exporter.
//
// Threading: loop thread only. Events go to the owner through TransportObserver, synchronously from
// inside the transport's processing; the observer must not call back into the transport from there
// (PeerConnectionCore queues user callbacks and runs them after the transport returned).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dtls/dtls.h"
#include "ice/agent.h"
#include "pc/event_loop.h"
#include "pc/gather/ice_gatherer.h"
#include "pc/interceptors.h"
#include "pc/media/media.h"
#include "sctp/sctp.h"

namespace purertc::pc {

class Runtime;

enum class DtlsTransportState { kNew, kConnecting, kConnected, kClosed, kFailed };

class TransportObserver {
 public:
  virtual ~TransportObserver() = default;
  virtual void on_local_candidate(const ice::Candidate& candidate, const std::string& mdns_name) = 0;
  virtual void on_gathering_complete() = 0;
  virtual void on_ice_state(ice::ConnectionState state) = 0;
  virtual void on_dtls_state(DtlsTransportState state) = 0;
  virtual void on_channel_event(sctp::ChannelEvent& event) = 0;
  // SRTP/SRTCP datagrams of the bundle, before the media session sees them (counted).
  virtual void on_media_packet(std::span<const uint8_t> datagram, Timestamp now) = 0;
  // What the media session reports (received RTP packets and samples, keyframe requests ...).
  virtual void on_media_event(pc::media::Event& event) = 0;
  // The transport finished handling one input (a datagram batch or a timer): a good moment for the
  // owner to run what it queued.
  virtual void on_idle() = 0;
};

struct TransportStats {
  uint64_t bytes_sent = 0, bytes_received = 0, packets_sent = 0, packets_received = 0;
  uint64_t dropped_unknown = 0;  // datagrams of no protocol we run (ZRTP, QUIC, junk, DTLS before setup)
};

class Transport {
 public:
  Transport(Runtime& runtime, TransportObserver& observer, ice::Credentials local_credentials);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Creates the ICE agent in its role (the offerer controls, RFC 8445 section 6.1.1); once.
  void create_agent(bool controlling);
  bool has_agent() const { return agent_ != nullptr; }
  // Starts gathering on first call. `settings` comes from the SettingEngine and Configuration.
  void start_gathering(GatherSettings settings);
  const std::vector<ice::Candidate>& local_candidates() const { return local_candidates_; }
  const std::vector<std::string>& local_mdns_names() const { return local_mdns_names_; }
  bool gathering_complete() const { return gathering_complete_; }

  void set_remote_credentials(const ice::Credentials& remote, bool ice_lite);
  // Errors: kLimitExceeded past the agent's remote candidate limit. mDNS names are resolved first.
  Status add_remote_candidate(const ice::Candidate& candidate);
  void add_remote_mdns_candidate(const std::string& name, ice::Candidate candidate);
  void set_remote_end_of_candidates();
  // ICE restart with new local credentials (the gathered candidates are re-added).
  void restart_ice(const ice::Credentials& local);
  // Undoes restart_ice() (a rolled-back offer that restarted ICE): `local` (the credentials before it)
  // again, the agent back on the previous generation (ice::Agent::rollback_restart) with the gathered
  // candidates re-added. The owner re-applies the remote candidates of that generation.
  void rollback_ice_restart(const ice::Credentials& local);
  const ice::Credentials& local_credentials() const { return local_credentials_; }

  // Starts DTLS in `role` (and, when `sctp` is set, the data channel endpoint over it); once.
  // Errors: kInvalidArgument from dtls::Connection::create (no certificate).
  Status start_dtls(dtls::DtlsSettings dtls_settings, std::optional<sctp::DataChannelSettings> sctp);
  bool dtls_started() const { return dtls_ != nullptr; }
  DtlsTransportState dtls_state() const { return dtls_state_; }
  // The endpoint, for sending and creating channels; nullptr before start_dtls with SCTP.
  sctp::DataChannelEndpoint* sctp() { return sctp_.get(); }
  bool sctp_connected() const { return sctp_connected_; }
  // The media session, created with SRTP keys from the DTLS exporter when DTLS connects with a
  // negotiated SRTP profile (RFC 5764 section 4.2); nullptr before (or without use_srtp). Commands
  // on it (add_sender, send_sample ...) are followed by flush() so its output is sent.
  media::MediaSession* media() { return media_.get(); }
  const media::MediaSession* media() const { return media_.get(); }
  // The user interceptors on the media session (nullptr: none registered, or no media session yet).
  InterceptorChain* interceptors() { return interceptors_.get(); }

  // Runs the engines after a command (e.g. a send on the endpoint): drains outputs, re-arms the timer.
  void flush();
  // Sends close_notify and an SCTP ABORT-free shutdown where possible, then closes the sockets.
  void close();

  const ice::Agent* agent() const { return agent_.get(); }
  const dtls::Connection* dtls() const { return dtls_.get(); }
  const TransportStats& stats() const { return stats_; }
  std::optional<std::pair<ice::Candidate, ice::Candidate>> selected_pair() const { return selected_; }

 private:
  // Feeds one received datagram to its engine; on_receive_batch_end() then processes the outputs.
  void on_packet(const SocketAddress& base, const SocketAddress& from, std::span<const uint8_t> bytes, Timestamp now);
  void on_receive_batch_end(Timestamp now);
  void on_timer();
  void drain(Timestamp now);
  bool drain_agent(Timestamp now);
  bool drain_dtls(Timestamp now);
  bool drain_sctp(Timestamp now);
  bool drain_media(Timestamp now);
  void start_media(Timestamp now);
  void handle_media_datagram(std::span<const uint8_t> bytes, bool rtcp, Timestamp now);
  // DTLS and SRTP share the 5-tuple (RFC 5764 section 5.1.2). Datagrams are queued and leave together
  // at the end of drain() (or when kMaxBatch are queued), in one sendmmsg with UDP GSO: a 64 KiB data
  // channel message is ~55 datagrams, and one system call each cost more than DTLS and SCTP together.
  void send_dtls_datagram(std::span<const uint8_t> datagram);
  void flush_datagrams();
  void rearm();

  Runtime& runtime_;
  TransportObserver& observer_;
  ice::Credentials local_credentials_;
  std::unique_ptr<IceGatherer> gatherer_;
  std::unique_ptr<ice::Agent> agent_;
  std::unique_ptr<dtls::Connection> dtls_;
  std::unique_ptr<sctp::DataChannelEndpoint> sctp_;
  std::unique_ptr<InterceptorChain> interceptors_;  // borrowed by media_, so declared before it
  std::unique_ptr<media::MediaSession> media_;
  std::vector<uint8_t> media_scratch_;  // handle_srtp decrypts in place; the socket buffer is const
  std::vector<ice::Candidate> local_candidates_;
  std::vector<std::string> local_mdns_names_;
  bool gathering_complete_ = false;
  DtlsTransportState dtls_state_ = DtlsTransportState::kNew;
  bool dtls_client_started_ = false;
  bool sctp_connected_ = false;
  bool sctp_connection_logged_ = false;
  bool closed_ = false;
  bool receive_pending_ = false;  // on_packet fed an engine since the last drain of a receive batch
  // Where DTLS goes: the selected pair, or (DTLS server before its agent selected one) the address
  // the last DTLS datagram came from.
  std::optional<std::pair<ice::Candidate, ice::Candidate>> selected_;
  std::optional<std::pair<SocketAddress, SocketAddress>> dtls_route_;  // (local base, remote)
  TimerId timer_;
  TransportStats stats_;
  // Queued datagrams (send_dtls_datagram): their bytes back to back, each one's size, and their route.
  std::vector<uint8_t> queued_bytes_;
  std::vector<size_t> queued_sizes_;
  std::pair<SocketAddress, SocketAddress> queued_route_;
  std::vector<std::span<const uint8_t>> queued_views_;
};

}  // namespace purertc::pc
