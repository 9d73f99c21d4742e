// The loop-thread state behind a public RtpTransceiver handle (see data_channel_core.h for ownership).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "purertc/rtp_transceiver.h"

namespace purertc::pc {

class PeerConnectionCore;
class Runtime;

class TransceiverCore {
 public:
  TransceiverCore(std::shared_ptr<Runtime> runtime, std::weak_ptr<PeerConnectionCore> pc, MediaKind kind)
      : runtime(std::move(runtime)), pc(std::move(pc)), kind(kind) {}

  const std::shared_ptr<Runtime> runtime;
  const std::weak_ptr<PeerConnectionCore> pc;
  const MediaKind kind;

  // Loop thread.
  std::optional<std::string> mid;
  RtpTransceiverDirection direction = RtpTransceiverDirection::kSendRecv;
  std::optional<RtpTransceiverDirection> current_direction;
  bool stopped = false;
  std::shared_ptr<TrackLocal> track;
  std::vector<std::string> stream_ids;
  uint32_t ssrc = 0;
  uint32_t rtx_ssrc = 0;
  bool has_sent = false;  // add_track may reuse a transceiver only if it never sent (W3C addTrack)
  std::optional<TrackRemoteInfo> remote_track;
  bool remote_track_ended = false;  // on_track_ended fired for remote_track (RTCP BYE before the SDP said so)
  // The media session's streams for this transceiver once the transport connected (values of
  // media::SenderId / media::ReceiverId).
  std::optional<uint32_t> sender_id;
  std::optional<uint32_t> receiver_id;
  std::function<void(std::span<const uint8_t>)> on_rtp;
  std::function<void(const MediaSample&)> on_sample;
  // RID simulcast (RFC 8853) the remote description sends on this m-line: one remote track and one
  // media-session receiver per layer, in a=simulcast order. Empty for a single stream, which
  // remote_track / receiver_id describe. A layer's own callbacks take precedence over on_rtp / on_sample.
  struct RemoteLayer {
    std::string rid;
    std::optional<uint32_t> receiver_id;
    std::function<void(std::span<const uint8_t>)> on_rtp;
    std::function<void(const MediaSample&)> on_sample;
  };
  std::vector<RemoteLayer> remote_layers;
  // RID simulcast we send (RtpTransceiverInit::send_encodings with two or more encodings): one SSRC (and
  // RTX SSRC) and one media-session sender per layer the answer accepted. Empty for a single stream, which
  // ssrc / rtx_ssrc / sender_id describe.
  struct SendLayer {
    std::string rid;
    uint32_t ssrc = 0;
    uint32_t rtx_ssrc = 0;
    std::optional<uint32_t> sender_id;
  };
  std::vector<SendLayer> send_layers;
  std::vector<uint32_t> sender_ids() const {
    std::vector<uint32_t> out;
    if (sender_id) out.push_back(*sender_id);
    for (const auto& l : send_layers) {
      if (l.sender_id) out.push_back(*l.sender_id);
    }
    return out;
  }
  RemoteLayer* layer(std::string_view rid) {
    for (auto& l : remote_layers) {
      if (l.rid == rid) return &l;
    }
    return nullptr;
  }
  // Every media-session receiver of this transceiver (the single stream's or the layers').
  std::vector<uint32_t> receiver_ids() const {
    std::vector<uint32_t> out;
    if (receiver_id) out.push_back(*receiver_id);
    for (const auto& l : remote_layers) {
      if (l.receiver_id) out.push_back(*l.receiver_id);
    }
    return out;
  }
  std::function<void(const KeyframeRequest&)> on_keyframe_request;
  std::function<void(std::span<const uint8_t>)> on_rtcp;
  std::function<void()> on_track_ended;
};

}  // namespace purertc::pc
