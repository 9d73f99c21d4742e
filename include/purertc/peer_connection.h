// W3C RTCPeerConnection, shaped like Pion's webrtc.PeerConnection. Created by Api::new_peer_connection.
//
// Threading: every method is thread-safe. A call from another thread runs on the Api's event loop thread
// and waits for it; a call from a callback (callbacks run on that thread) runs inline, so callbacks may
// call any method without deadlock. Callbacks run one at a time, never under a purertc lock, in the
// order the events happened.
// Lifetime: PeerConnection is held by std::shared_ptr. close() (also run by the destructor) stops ICE,
// DTLS and SCTP, and no callback of this PeerConnection, its data channels or its transceivers runs
// after close() returns. Methods called after close() return RtcErrorCode::kClosed (or do nothing).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "purertc/data_channel.h"
#include "purertc/export.h"
#include "purertc/rtc_error.h"
#include "purertc/rtp_transceiver.h"
#include "purertc/session_description.h"
#include "purertc/stats.h"

namespace purertc {

namespace pc {
class PeerConnectionCore;
}

enum class SignalingState { kStable, kHaveLocalOffer, kHaveRemoteOffer, kHaveLocalPranswer, kHaveRemotePranswer, kClosed };
enum class IceGatheringState { kNew, kGathering, kComplete };
enum class IceConnectionState { kNew, kChecking, kConnected, kCompleted, kDisconnected, kFailed, kClosed };
enum class PeerConnectionState { kNew, kConnecting, kConnected, kDisconnected, kFailed, kClosed };
PURERTC_EXPORT std::string_view to_string(SignalingState state);  // W3C spelling: "have-local-offer" ...
PURERTC_EXPORT std::string_view to_string(IceGatheringState state);
PURERTC_EXPORT std::string_view to_string(IceConnectionState state);
PURERTC_EXPORT std::string_view to_string(PeerConnectionState state);

struct OfferOptions {
  bool ice_restart = false;  // new ICE credentials in this offer (same as calling restart_ice() first)
};

class PURERTC_EXPORT PeerConnection {
 public:
  explicit PeerConnection(std::shared_ptr<pc::PeerConnectionCore> core);
  ~PeerConnection();
  PeerConnection(const PeerConnection&) = delete;
  PeerConnection& operator=(const PeerConnection&) = delete;

  // JSEP (RFC 9429). Errors: kInvalidState for a call the signaling state forbids (create_answer
  // without a remote offer, set_remote_description(answer) in stable ...), kSyntaxError for SDP
  // that does not parse, kInvalidAccessError for a description without the ICE credentials /
  // fingerprint / BUNDLE it needs, kOperationError when no common transport can be negotiated,
  // kClosed after close().
  RtcResult<SessionDescription> create_offer(const OfferOptions& options = {});
  RtcResult<SessionDescription> create_answer();
  // An empty `sdp` (with type offer/answer) creates the description first (W3C implicit
  // setLocalDescription); type kRollback returns to stable. Starts ICE gathering.
  RtcResult<void> set_local_description(const SessionDescription& description);
  // Type kRollback (in have-remote-offer) undoes the pending remote offer (W3C): transceivers it created
  // are stopped and removed unless add_track gave them a track since, those it associated lose the mid,
  // remote tracks it announced end (on_track_ended), one it ended comes back (on_track again).
  RtcResult<void> set_remote_description(const SessionDescription& description);
  // The current descriptions (the local one includes the candidates gathered so far, and
  // a=end-of-candidates once gathering completed).
  std::optional<SessionDescription> local_description() const;
  std::optional<SessionDescription> remote_description() const;
  // Trickle ICE. An empty candidate string means the peer's end of candidates. Errors: kInvalidState
  // before a remote description, kSyntaxError for a malformed candidate, kOperationError when the
  // remote candidate limit is reached. A candidate whose ufrag names an older ICE generation is ignored.
  RtcResult<void> add_ice_candidate(const IceCandidateInit& candidate);
  // The next offer carries new ICE credentials (RFC 8445 section 9); fires on_negotiation_needed.
  void restart_ice();

  // Blocks until ICE gathering is complete, for applications that exchange one complete description
  // instead of trickling. Errors: kInvalidState when called on the event loop thread (it would
  // deadlock: use on_ice_gathering_state_change there), kOperationError on timeout.
  RtcResult<void> wait_for_gathering_complete(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Errors: kInvalidArgument for a label or protocol over 65535 bytes, both max_retransmits and
  // max_packet_life_time_ms set, negotiated without id, or an id above 65534; kInvalidState for an id
  // already in use; kOperationError when no stream id is left; kClosed.
  RtcResult<std::shared_ptr<DataChannel>> create_data_channel(const std::string& label,
                                                              const DataChannelInit& init = {});

  // Media. add_track reuses a transceiver of the track's kind that never sent, else adds one (sendrecv).
  // Errors: kInvalidArgument when the track's codec is not in the MediaEngine, or the track is already
  // added; kClosed.
  RtcResult<std::shared_ptr<RtpTransceiver>> add_track(std::shared_ptr<TrackLocal> track);
  // Errors: kInvalidArgument when this PeerConnection does not send the track; kClosed.
  RtcResult<void> remove_track(const std::shared_ptr<TrackLocal>& track);
  RtcResult<std::shared_ptr<RtpTransceiver>> add_transceiver(MediaKind kind, const RtpTransceiverInit& init = {});
  RtcResult<std::shared_ptr<RtpTransceiver>> add_transceiver(std::shared_ptr<TrackLocal> track,
                                                             const RtpTransceiverInit& init = {});
  std::vector<std::shared_ptr<RtpTransceiver>> get_transceivers() const;

  StatsReport get_stats() const;

  SignalingState signaling_state() const;
  IceGatheringState ice_gathering_state() const;
  IceConnectionState ice_connection_state() const;
  PeerConnectionState connection_state() const;

  // Idempotent. See the header comment for the guarantees.
  void close();

  // Events. Setting a callback replaces the previous one; an empty function removes it.
  // A gathered local candidate; nullopt once gathering is complete.
  void on_ice_candidate(std::function<void(const std::optional<IceCandidateInit>&)> callback);
  void on_data_channel(std::function<void(std::shared_ptr<DataChannel>)> callback);
  // A remote description made a transceiver receive a new remote track.
  void on_track(std::function<void(std::shared_ptr<RtpTransceiver>, const TrackRemoteInfo&)> callback);
  void on_negotiation_needed(std::function<void()> callback);
  void on_signaling_state_change(std::function<void(SignalingState)> callback);
  void on_ice_gathering_state_change(std::function<void(IceGatheringState)> callback);
  void on_ice_connection_state_change(std::function<void(IceConnectionState)> callback);
  void on_connection_state_change(std::function<void(PeerConnectionState)> callback);

 private:
  std::shared_ptr<pc::PeerConnectionCore> core_;
};

}  // namespace purertc
