// The public RtpTransceiver and TrackLocal.
#include "pc/loop_call.h"
#include "pc/rtc_error_util.h"
#include "purertc/rtp_transceiver.h"

namespace purertc {

using pc::loop_call;
using pc::loop_run;
using pc::PeerConnectionCore;
using pc::TransceiverCore;

std::shared_ptr<TrackLocal> TrackLocal::create(RtpCodec codec, std::string id, std::string stream_id) {
  const MediaKind kind = codec.mime_type.starts_with("video/") ? MediaKind::kVideo : MediaKind::kAudio;
  return std::shared_ptr<TrackLocal>(new TrackLocal(std::move(codec), kind, std::move(id), std::move(stream_id)));
}

RtpTransceiver::RtpTransceiver(std::shared_ptr<TransceiverCore> core) : core_(std::move(core)) {}
RtpTransceiver::~RtpTransceiver() = default;

MediaKind RtpTransceiver::kind() const { return core_->kind; }

std::optional<std::string> RtpTransceiver::mid() const {
  std::optional<std::string> mid;
  core_->runtime->call([&] { mid = core_->mid; });
  return mid;
}

RtpTransceiverDirection RtpTransceiver::direction() const {
  RtpTransceiverDirection d{};
  core_->runtime->call([&] { d = core_->direction; });
  return d;
}

std::optional<RtpTransceiverDirection> RtpTransceiver::current_direction() const {
  std::optional<RtpTransceiverDirection> d;
  core_->runtime->call([&] { d = core_->current_direction; });
  return d;
}

RtcResult<void> RtpTransceiver::set_direction(RtpTransceiverDirection direction) {
  return loop_call(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { return c.set_direction(*core_, direction); })
      .value_or(pc::closed_error());
}

std::shared_ptr<TrackLocal> RtpTransceiver::sender_track() const {
  std::shared_ptr<TrackLocal> track;
  core_->runtime->call([&] { track = core_->track; });
  return track;
}

uint32_t RtpTransceiver::sender_ssrc() const {
  uint32_t ssrc = 0;
  core_->runtime->call([&] { ssrc = core_->ssrc; });
  return ssrc;
}

std::optional<TrackRemoteInfo> RtpTransceiver::receiver_track() const {
  std::optional<TrackRemoteInfo> info;
  core_->runtime->call([&] { info = core_->remote_track; });
  return info;
}

void RtpTransceiver::stop() {
  loop_run(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { c.stop_transceiver(*core_); });
}

}  // namespace purertc
