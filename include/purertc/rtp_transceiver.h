// W3C RTCRtpTransceiver / RTCRtpSender / RTCRtpReceiver and the tracks they carry. A transceiver is one
// m=audio or m=video section: its direction and codecs (from the MediaEngine) are negotiated in SDP.
//
// Threading and lifetime as for DataChannel (data_channel.h): thread-safe handles, calls from a
// callback run inline, handles stay valid after the PeerConnection closed.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "purertc/export.h"
#include "purertc/media_engine.h"
#include "purertc/rtc_error.h"

namespace purertc {

namespace pc {
class PeerConnectionCore;
class TransceiverCore;
}

enum class RtpTransceiverDirection { kSendRecv, kSendOnly, kRecvOnly, kInactive, kStopped };
PURERTC_EXPORT std::string_view to_string(RtpTransceiverDirection direction);  // "sendrecv" ...

// A local track: what an RtpSender sends. Its codec is the MediaEngine codec it will be sent with
// (matched by mime type when the transceiver is negotiated).
class PURERTC_EXPORT TrackLocal {
 public:
  // kind is taken from the codec's mime type ("audio/..." or "video/...").
  static std::shared_ptr<TrackLocal> create(RtpCodec codec, std::string id, std::string stream_id);

  MediaKind kind() const { return kind_; }
  const std::string& id() const { return id_; }
  const std::string& stream_id() const { return stream_id_; }
  const RtpCodec& codec() const { return codec_; }

  // Sends one encoded frame (`duration` long; it advances the RTP timestamp) on every transceiver that
  // sends this track and whose transport is connected: packetized for the negotiated payload type,
  // SRTP-protected and sent on the selected ICE pair before this returns. Frames written before the
  // transport connected, or while no negotiated transceiver sends the track, are dropped (as Pion's
  // TrackLocalStaticSample does) and the call succeeds. Errors: kInvalidArgument for a frame the
  // codec's packetizer refuses, kOperationError when the media session refused the frame.
  // Thread-safe; may be called from a callback (runs inline on the loop thread). `frame` is copied.
  RtcResult<void> write_sample(std::span<const uint8_t> frame, std::chrono::microseconds duration);
  // Sends one RTP packet built by the application: SSRC, payload type and sequence number are
  // rewritten for the sender, the payload is kept. Same threading, dropping and errors as write_sample.
  RtcResult<void> write_rtp(std::span<const uint8_t> packet);
  // Simulcast senders (RtpTransceiverInit::send_encodings): one layer's encoded frame / RTP packet, sent
  // with that layer's SSRC and rid. The calls without rid send on every layer. Transceivers that have no
  // layer `rid`, or whose peer did not accept it, drop the frame as above. Same errors and threading.
  RtcResult<void> write_sample(const std::string& rid, std::span<const uint8_t> frame,
                               std::chrono::microseconds duration);
  RtcResult<void> write_rtp(const std::string& rid, std::span<const uint8_t> packet);

 private:
  friend class pc::PeerConnectionCore;
  TrackLocal(RtpCodec codec, MediaKind kind, std::string id, std::string stream_id)
      : codec_(std::move(codec)), kind_(kind), id_(std::move(id)), stream_id_(std::move(stream_id)) {}
  // Remembers a transceiver that sends this track (add_track / add_transceiver); guarded by mutex_.
  void bind(const std::shared_ptr<pc::TransceiverCore>& sender);
  template <class F>
  RtcResult<void> for_each_sender(F&& fn);
  RtpCodec codec_;
  MediaKind kind_;
  std::string id_;
  std::string stream_id_;
  std::mutex mutex_;
  std::vector<std::weak_ptr<pc::TransceiverCore>> senders_;
};

// One frame of a remote track, as the receiver's sample builder assembled it from RTP packets.
struct MediaSample {
  std::vector<uint8_t> data;      // the codec bitstream
  uint32_t rtp_timestamp = 0;
  uint8_t payload_type = 0;
  bool keyframe = false;
  uint64_t packets_lost_before = 0;  // packets given up on since the previous sample
  std::string rid;                   // the simulcast layer it came from (RFC 8853); empty for a single stream
};

// A remote track as the remote description announces it (a=msid, a=ssrc).
struct TrackRemoteInfo {
  MediaKind kind = MediaKind::kAudio;
  std::string id;
  std::string stream_id;
  std::string mid;
  std::vector<uint32_t> ssrcs;
  // The RID of a simulcast layer (RFC 8853, a=simulcast:send + a=rid in the remote offer): each layer is
  // its own remote track, on_track fires once per rid. Empty for a single stream.
  std::string rid;
};

// Keyframe requests (RTCP PLI, RFC 4585 6.3.1; FIR, RFC 5104 4.3.1): what the remote receiver of our
// track asked for (RtpTransceiver::on_keyframe_request).
enum class KeyframeRequestKind { kPli, kFir };
PURERTC_EXPORT std::string_view to_string(KeyframeRequestKind kind);  // "PLI", "FIR"
struct KeyframeRequest {
  KeyframeRequestKind kind = KeyframeRequestKind::kPli;
  std::string rid;  // the simulcast layer asked about; empty for a single stream
};

// One encoding of a sender (the part of W3C RTCRtpEncodingParameters purertc uses). purertc does not
// encode: the application writes each layer's bitstream (TrackLocal::write_sample(rid, ...)).
struct RtpEncodingParameters {
  std::string rid;  // RFC 8851 rid-id: 1 to 16 of A-Z a-z 0-9 '-' '_'
};

// Every member has a default initializer, so {.direction = ...} leaving the others out compiles without
// -Wmissing-field-initializers warnings (-Wextra).
struct RtpTransceiverInit {
  RtpTransceiverDirection direction = RtpTransceiverDirection::kSendRecv;
  std::vector<std::string> stream_ids = {};
  // Two or more: RID simulcast (RFC 8853). The offer carries a=simulcast:send and a=rid:<rid> send; each
  // layer the answer accepts is its own RTP stream (own SSRC, rtp-stream-id header extension). When the
  // answer does not accept simulcast, only the first encoding is sent (without rid). One encoding is a
  // plain single stream. At most 8 (sdp::kMaxSimulcastLayers) with distinct rids.
  std::vector<RtpEncodingParameters> send_encodings = {};
};

class PURERTC_EXPORT RtpTransceiver {
 public:
  explicit RtpTransceiver(std::shared_ptr<pc::TransceiverCore> core);
  ~RtpTransceiver();
  RtpTransceiver(const RtpTransceiver&) = delete;
  RtpTransceiver& operator=(const RtpTransceiver&) = delete;

  MediaKind kind() const;
  // nullopt until a description associated it with an m-line.
  std::optional<std::string> mid() const;
  RtpTransceiverDirection direction() const;
  // The direction last negotiated (nullopt before), from our side's point of view.
  std::optional<RtpTransceiverDirection> current_direction() const;
  // Errors: kInvalidState once stopped (or the PeerConnection closed); kInvalidArgument for kStopped
  // (use stop()). Changing it fires on_negotiation_needed.
  RtcResult<void> set_direction(RtpTransceiverDirection direction);
  // The track the sender sends (nullptr: none).
  std::shared_ptr<TrackLocal> sender_track() const;
  // The SSRC our sender uses in SDP (a=ssrc) and RTP; a new one once a sender stopped with RTCP BYE.
  // Simulcast layers have SSRCs of their own (outbound-rtp stats list them with their rid).
  uint32_t sender_ssrc() const;
  // The remote track once a remote description made this transceiver receive. For a simulcast m-line it
  // describes the m-line (rid empty); receiver_tracks() lists the layers.
  std::optional<TrackRemoteInfo> receiver_track() const;
  // Every remote track of this transceiver: one per simulcast layer (with its rid), else the single one.
  std::vector<TrackRemoteInfo> receiver_tracks() const;
  // Stops sending and receiving; the m-line is offered rejected at the next negotiation.
  void stop();

  // The remote track's media. `on_rtp` gets every RTP packet routed to this transceiver's receiver
  // (decrypted, RTX removed); `on_sample` gets every frame assembled from them. Set them in on_track
  // (before the transport connects) to miss nothing; packets arriving while none is set are dropped.
  // Called on the loop thread like every other callback (never re-entrantly; the API may be called
  // from them); the arguments are valid only during the call. No call after the PeerConnection closed.
  void on_rtp(std::function<void(std::span<const uint8_t> packet)> callback);
  void on_sample(std::function<void(const MediaSample& sample)> callback);
  // Simulcast: the packets / frames of one layer only (the rid of its TrackRemoteInfo). A layer with its
  // own callback no longer reaches the rid-less ones above, which get every other layer (MediaSample::rid
  // tells them apart). A layer nobody listens to is still received and reported (stats, RTCP) but its
  // packets are dropped. Errors: kInvalidArgument when the remote description sends no such rid here.
  RtcResult<void> on_rtp(const std::string& rid, std::function<void(std::span<const uint8_t> packet)> callback);
  RtcResult<void> on_sample(const std::string& rid, std::function<void(const MediaSample& sample)> callback);
  // The remote track ended: an RTCP BYE arrived for its SSRC (RFC 3550 section 6.6), a remote
  // description stopped sending on this m-line (W3C "process the removal of a remote track"), or the
  // transceiver stopped. Once per remote track; receiver_track() is nullopt after the description that
  // removed it, and a later one that sends again fires on_track anew. Same threading as on_rtp.
  void on_track_ended(std::function<void()> callback);

  // Keyframes. Sender side: `on_keyframe_request` fires for every PLI or FIR the remote receiver sends
  // about our track (duplicates are not filtered); the application should encode a keyframe next. Same
  // callback rules as on_rtp. Receiver side: `request_keyframe` sends a PLI for the remote track at once
  // (a FIR when only FIR was negotiated). Errors: kInvalidState before the remote track's stream is set up
  // (no negotiated receiver on a connected transport) or after close; kOperationError when the m-line
  // negotiated neither PLI nor FIR.
  void on_keyframe_request(std::function<void(const KeyframeRequest& request)> callback);
  // On a simulcast m-line, request_keyframe() asks every layer; request_keyframe(rid) sends the PLI to
  // that layer's SSRC only (learned from its first packet; a request before it is sent once the SSRC is
  // known). Errors as above, plus kInvalidArgument when the remote description sends no such rid here.
  RtcResult<void> request_keyframe();
  RtcResult<void> request_keyframe(const std::string& rid);

  // RTCP read/write (Pion's RTPSender/RTPReceiver ReadRTCP and PeerConnection WriteRTCP).
  // `on_rtcp` gets every received RTCP compound packet (decrypted, after the interceptors, byte for byte
  // as the peer sent it) that names an SSRC of this transceiver: our sender's (or its RTX) SSRC, or the
  // SSRC of the remote stream our receiver gets. Reports, SDES, BYE, NACK, PLI, FIR and APP packets are
  // all delivered; the media layer has already acted on them. Same thread and lifetime rules as on_rtp.
  void on_rtcp(std::function<void(std::span<const uint8_t> compound)> callback);
  // Sends an application-built RTCP compound packet (reduced-size allowed, RFC 5506), SRTCP-protected,
  // on this transceiver's transport; it passes the interceptors first. Errors: kInvalidArgument when
  // `compound` does not parse as RTCP (with the parser's reason) or exceeds the MTU; kInvalidState when
  // the transceiver is stopped or the transport has no SRTP keys yet (not connected); kClosed after
  // close(). Thread-safe; `compound` is copied.
  RtcResult<void> write_rtcp(std::span<const uint8_t> compound);

  const std::shared_ptr<pc::TransceiverCore>& core() const { return core_; }

 private:
  std::shared_ptr<pc::TransceiverCore> core_;
};

}  // namespace purertc
