// The PeerConnection behind the public handle: JSEP signaling (RFC 9429) over src/sdp's offer/answer
// helpers, the W3C state machines, and the data channels, transceivers and one bundled Transport.
//
//   signaling:  stable --SLD(offer)--> have-local-offer --SRD(answer)--> stable
//               stable --SRD(offer)--> have-remote-offer --SLD(answer)--> stable
//               have-*-offer --rollback--> stable;  any --close()--> closed
//   transport:  the offerer is ICE-controlling; DTLS role from a=setup (RFC 8842: the answerer picks
//               active = DTLS client); SCTP stream id parity from the DTLS role (RFC 8832 section 6).
//
// Threading: every method runs on the loop thread (the public classes reach it through Runtime::call).
// User callbacks are never run from inside the Transport: they are queued (post_callback) and run by
// run_callbacks() at the end of each API call, timer or datagram batch, one at a time, so a callback may
// call any API (inline, since it is on the loop thread). After close() the queue is dropped and nothing
// more is queued.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pc/data_channel_core.h"
#include "pc/gather_settings.h"
#include "pc/remote_transport.h"
#include "pc/transceiver_core.h"
#include "pc/transport.h"
#include "purertc/configuration.h"
#include "purertc/peer_connection.h"
#include "sdp/jsep.h"
#include "sdp/sdp.h"

namespace purertc::pc {

class Runtime;

class PeerConnectionCore : public std::enable_shared_from_this<PeerConnectionCore>,
                           public TransportObserver {
 public:
  static RtcResult<std::shared_ptr<PeerConnectionCore>> create(std::shared_ptr<Runtime> runtime,
                                                              const Configuration& configuration,
                                                              IceServerAddresses ice_servers);
  ~PeerConnectionCore() override;

  Runtime& runtime() { return *runtime_; }
  const std::shared_ptr<Runtime>& runtime_ptr() const { return runtime_; }

  RtcResult<SessionDescription> create_offer(const OfferOptions& options);
  RtcResult<SessionDescription> create_answer();
  RtcResult<void> set_local_description(const SessionDescription& description);
  RtcResult<void> set_remote_description(const SessionDescription& description);
  std::optional<SessionDescription> local_description() const;
  std::optional<SessionDescription> remote_description() const;
  RtcResult<void> add_ice_candidate(const IceCandidateInit& candidate);
  void restart_ice();

  // Data channels (peer_connection_channels.cc).
  RtcResult<std::shared_ptr<DataChannel>> create_data_channel(const std::string& label, const DataChannelInit& init);
  // A send on the loop thread: after what other threads queued, then straight to SCTP.
  RtcResult<void> send(DataChannelCore& channel, bool binary, std::span<const uint8_t> data);
  // Hands what other threads queued on the channel to SCTP (or drops it if the channel is not open).
  void drain_channel(DataChannelCore& channel);
  void set_buffered_amount_low_threshold(DataChannelCore& channel, size_t bytes);
  void close_channel(DataChannelCore& channel);

  RtcResult<std::shared_ptr<TransceiverCore>> add_transceiver(MediaKind kind, std::shared_ptr<TrackLocal> track,
                                                             const RtpTransceiverInit& init);
  RtcResult<std::shared_ptr<TransceiverCore>> add_track(std::shared_ptr<TrackLocal> track);
  RtcResult<void> remove_track(const std::shared_ptr<TrackLocal>& track);
  RtcResult<void> set_direction(TransceiverCore& transceiver, RtpTransceiverDirection direction);
  void stop_transceiver(TransceiverCore& transceiver);
  // TrackLocal::write_sample / write_rtp for one transceiver: a no-op unless it sends `track` and its
  // sender exists (transport connected, direction negotiated to send). `rid` (nullable) picks one
  // simulcast layer; without it every layer (or the single stream) sends.
  RtcResult<void> write_sample(TransceiverCore& transceiver, const TrackLocal& track, const std::string* rid,
                               std::span<const uint8_t> frame, Duration duration);
  RtcResult<void> write_rtp(TransceiverCore& transceiver, const TrackLocal& track, const std::string* rid,
                            std::span<const uint8_t> packet);
  // RtpTransceiver::request_keyframe: a PLI (or FIR) for the transceiver's receiver, sent at once; with
  // a rid, for that simulcast layer's receiver only, without one for every layer.
  RtcResult<void> request_keyframe(TransceiverCore& transceiver, const std::optional<std::string>& rid);
  // RtpTransceiver::write_rtcp (peer_connection_rtcp.cc).
  RtcResult<void> write_rtcp(TransceiverCore& transceiver, std::span<const uint8_t> compound);
  const std::vector<std::shared_ptr<TransceiverCore>>& transceivers() const { return transceivers_; }

  StatsReport get_stats() const;

  SignalingState signaling_state() const { return signaling_; }
  IceGatheringState ice_gathering_state() const { return gathering_; }
  IceConnectionState ice_connection_state() const { return ice_state_; }
  PeerConnectionState connection_state() const { return pc_state_; }
  bool closed() const { return closed_; }

  void close();
  // Runs `fn` (which must not call back into this object) once gathering is complete or the
  // PeerConnection closed; at once if it already is. For blocking waits on another thread.
  void when_gathering_complete(std::function<void()> fn);

  // Callbacks (set on the loop thread).
  std::function<void(const std::optional<IceCandidateInit>&)> on_ice_candidate;
  std::function<void(std::shared_ptr<DataChannel>)> on_data_channel;
  std::function<void(std::shared_ptr<RtpTransceiver>, const TrackRemoteInfo&)> on_track;
  std::function<void()> on_negotiation_needed;
  std::function<void(SignalingState)> on_signaling_state_change;
  std::function<void(IceGatheringState)> on_ice_gathering_state_change;
  std::function<void(IceConnectionState)> on_ice_connection_state_change;
  std::function<void(PeerConnectionState)> on_connection_state_change;

  // Queues a user callback; dropped once closed.
  void post_callback(std::function<void()> fn);
  // Runs queued callbacks unless already running (a callback's own API calls return to that loop).
  void run_callbacks();

 private:
  struct Description {
    SdpType type;
    sdp::SessionDescription sdp;
  };

  PeerConnectionCore(std::shared_ptr<Runtime> runtime, std::shared_ptr<const crypto::Identity> identity,
                     Configuration configuration, IceServerAddresses ice_servers);

  // TransportObserver.
  void on_local_candidate(const ice::Candidate& candidate, const std::string& mdns_name) override;
  void on_gathering_complete() override;
  void on_ice_state(ice::ConnectionState state) override;
  void on_dtls_state(DtlsTransportState state) override;
  void on_channel_event(sctp::ChannelEvent& event) override;
  void on_media_packet(std::span<const uint8_t> datagram, Timestamp now) override;
  void on_media_event(media::Event& event) override;
  // Adds the media session's senders and receivers the negotiated transceivers need (once the
  // transport has a media session; again after each negotiation).
  void sync_media();
  // The transceiver owning a media-session receiver; `rid` (optional) gets the simulcast layer's rid.
  std::shared_ptr<TransceiverCore> transceiver_by_receiver(uint32_t receiver_id, std::string* rid = nullptr) const;
  // A media-session receiver for the transceiver's remote track (a simulcast layer when `rid` is set)
  // with the local m-section's codecs and extension ids; nullopt (logged) when the session refuses it.
  std::optional<uint32_t> add_receiver(TransceiverCore& t, const sdp::MediaDescription& local, const std::string& rid);
  std::shared_ptr<TransceiverCore> transceiver_by_sender(uint32_t sender_id, std::string* rid = nullptr) const;
  // A media-session sender for the transceiver's track on `ssrc` (a simulcast layer when `rid` is set),
  // with the remote m-section's payload type and extension ids; nullopt (logged) when it cannot be made.
  std::optional<uint32_t> add_sender(TransceiverCore& t, const sdp::MediaDescription& remote, uint32_t ssrc,
                                     uint32_t rtx_ssrc, const std::string& rid);
  // The media-session senders a write with `rid` (nullable: all) goes to.
  static std::vector<uint32_t> senders_for(const TransceiverCore& t, const std::string* rid);
  // A received RTCP compound to the on_rtcp of each transceiver it names (peer_connection_rtcp.cc).
  void deliver_rtcp(std::vector<uint8_t>& compound);
  // Ends the transceiver's media-session sender (RTCP BYE for its SSRC) / receiver, if it has one.
  void remove_sender(TransceiverCore& t);
  void remove_receiver(TransceiverCore& t);
  // Fires on_track_ended once for the current remote track; `forget` also drops it (the SDP removed it).
  void end_remote_track(const std::shared_ptr<TransceiverCore>& t, bool forget);
  void on_idle() override;

  sdp::TransportDescription local_transport(bool with_candidates) const;
  std::vector<sdp::LocalTransceiver> local_transceivers() const;
  bool wants_data() const;
  RtcResult<void> apply_local(SdpType type, sdp::SessionDescription sd);
  RtcResult<void> apply_remote(SdpType type, sdp::SessionDescription sd);
  RtcResult<void> apply_remote_transport(const RemoteTransport& remote);
  // Both descriptions are in place (signaling back to stable): start DTLS/SCTP, update transceivers.
  RtcResult<void> complete_negotiation();
  // Associates the remote description's m-lines with transceivers (creating recvonly ones for new
  // m-lines) and their remote tracks. For an offer, what it changes is recorded for a rollback.
  void associate_remote_media(const sdp::SessionDescription& remote, bool offer);
  // Queues on_track for the transceiver's remote track (one per simulcast layer).
  void announce_remote_track(const std::shared_ptr<TransceiverCore>& t);
  // W3C "set the session description" for a remote rollback, the transceiver part: undoes what
  // associate_remote_media recorded for the pending remote offer.
  void rollback_remote_media();
  void update_transceiver_directions();
  void start_gathering();
  void open_pending_channels();
  RtcResult<void> open_channel(DataChannelCore& channel);
  std::shared_ptr<DataChannelCore> channel_by_id(uint16_t id) const;
  std::shared_ptr<DataChannelCore> new_channel(std::string label, DataChannelInit init);
  // The channel is closed: on_error (when `error` is set) and on_close are queued, then it is released.
  void end_channel(const std::shared_ptr<DataChannelCore>& channel, std::optional<RtcError> error);
  void release_channel(const std::shared_ptr<DataChannelCore>& channel);
  void close_channels();  // from close()
  // The channel's buffered amount after SCTP may have sent some of it; the same for every channel with
  // data in SCTP.
  void sync_buffered_amount(DataChannelCore& channel);
  void sync_buffered_amounts();
  void set_remote_max_message_size(uint64_t bytes);
  void set_signaling(SignalingState state);
  void set_gathering(IceGatheringState state);
  void update_connection_state();
  void update_negotiation_needed();
  bool transceivers_need_negotiation() const;
  std::string first_mid() const;

  std::shared_ptr<Runtime> runtime_;
  std::shared_ptr<const crypto::Identity> identity_;
  Configuration configuration_;
  IceServerAddresses ice_servers_;
  std::unique_ptr<Transport> transport_;

  std::string session_id_;
  uint64_t session_version_ = 0;
  std::optional<Description> current_local_, pending_local_, current_remote_, pending_remote_;
  std::optional<RemoteTransport> remote_transport_;
  std::optional<ice::Credentials> restart_credentials_;  // credentials of the next offer/answer when restarting
  bool restart_pending_ = false;  // W3C [[LocalIceCredentialsToReplace]] is not empty
  // The credentials before the pending local offer restarted ICE: a rollback restores them (and the
  // restart stays pending, so the next offer restarts again).
  std::optional<ice::Credentials> offer_restarted_from_;
  // The pending remote offer restarts ICE (a new ufrag): our answer restarts too. Only then: an answer
  // never restarts on its own (RFC 8839 section 4.4.1.1.1), a locally requested restart waits for our
  // next offer.
  bool remote_offer_restarts_ = false;
  // The remote transport before the pending remote offer replaced it: a rollback restores it.
  std::optional<RemoteTransport> remote_transport_before_offer_;
  // From the last create_offer/create_answer: the mids it gave transceivers and the data m-line, which
  // set_local_description commits.
  std::vector<std::pair<std::weak_ptr<TransceiverCore>, std::string>> proposed_mids_;
  std::optional<std::string> proposed_data_mid_;
  std::optional<std::string> data_mid_;
  // What the pending local offer associated first (mids of transceivers, the data m-line), for rollback.
  std::vector<std::weak_ptr<TransceiverCore>> offer_new_mids_;
  bool offer_new_data_mid_ = false;
  // What the pending remote offer changed on a transceiver, for rollback: whether the offer created it
  // or gave it its mid, its remote track before the offer (recorded once, at the first change), and
  // whether the offer announced a remote track of its own on it.
  struct RemoteOfferChange {
    std::weak_ptr<TransceiverCore> transceiver;
    bool created = false;
    bool associated = false;
    std::optional<TrackRemoteInfo> remote_track;
    bool remote_track_ended = false;
    std::vector<std::string> remote_rids;  // its simulcast layers then
    bool new_remote_track = false;
  };
  std::vector<RemoteOfferChange> remote_offer_changes_;
  bool is_offerer_ = false;

  SignalingState signaling_ = SignalingState::kStable;
  IceGatheringState gathering_ = IceGatheringState::kNew;
  IceConnectionState ice_state_ = IceConnectionState::kNew;
  PeerConnectionState pc_state_ = PeerConnectionState::kNew;
  DtlsTransportState dtls_state_ = DtlsTransportState::kNew;
  bool closed_ = false;
  // W3C [[NegotiationNeeded]] (update_negotiation_needed computes it from the current descriptions).
  bool negotiation_needed_ = false;
  // A remote offer restarted ICE: its credentials reach the agent after our answer restarted it too.
  bool remote_transport_deferred_ = false;

  // Channels not yet released (see data_channel_core.h), and those of them with data in SCTP.
  std::vector<std::shared_ptr<DataChannelCore>> channels_;
  std::vector<std::shared_ptr<DataChannelCore>> buffering_channels_;
  std::shared_ptr<DataChannelSendBudget> send_budget_;  // created with the first channel
  bool data_channel_created_ = false;  // create_data_channel succeeded once: the offer carries m=application
  uint32_t next_stream_id_ = 0;  // see open_channel
  uint64_t data_channels_opened_ = 0, data_channels_closed_ = 0;
  std::vector<std::shared_ptr<TransceiverCore>> transceivers_;
  uint64_t media_packets_received_ = 0;
  uint64_t remote_max_message_size_ = sdp::kDefaultMaxMessageSize;

  std::vector<std::function<void()>> gathering_waiters_;
  std::deque<std::function<void()>> callbacks_;
  bool running_callbacks_ = false;
};

}  // namespace purertc::pc
