// W3C RTCRtpTransceiver / RTCRtpSender / RTCRtpReceiver and the tracks they carry. A transceiver is one
// m=audio or m=video section: its direction and codecs (from the MediaEngine) are negotiated in SDP.
//
// Threading and lifetime as for DataChannel (data_channel.h): thread-safe handles, calls from a
// callback run inline, handles stay valid after the PeerConnection closed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "purertc/export.h"
#include "purertc/media_engine.h"

namespace purertc {

namespace pc {
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

 private:
  TrackLocal(RtpCodec codec, MediaKind kind, std::string id, std::string stream_id)
      : codec_(std::move(codec)), kind_(kind), id_(std::move(id)), stream_id_(std::move(stream_id)) {}
  RtpCodec codec_;
  MediaKind kind_;
  std::string id_;
  std::string stream_id_;
};

// A remote track as the remote description announces it (a=msid, a=ssrc).
struct TrackRemoteInfo {
  MediaKind kind = MediaKind::kAudio;
  std::string id;
  std::string stream_id;
  std::string mid;
  std::vector<uint32_t> ssrcs;
};

struct RtpTransceiverInit {
  RtpTransceiverDirection direction = RtpTransceiverDirection::kSendRecv;
  std::vector<std::string> stream_ids;
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
  // The SSRC our sender uses in SDP (a=ssrc) and RTP.
  uint32_t sender_ssrc() const;
  // The remote track once a remote description made this transceiver receive.
  std::optional<TrackRemoteInfo> receiver_track() const;
  // Stops sending and receiving; the m-line is offered rejected at the next negotiation.
  void stop();

  const std::shared_ptr<pc::TransceiverCore>& core() const { return core_; }

 private:
  std::shared_ptr<pc::TransceiverCore> core_;
};

}  // namespace purertc
