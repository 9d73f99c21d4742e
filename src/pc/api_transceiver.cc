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

void TrackLocal::bind(const std::shared_ptr<TransceiverCore>& sender) {
  std::lock_guard lock(mutex_);
  std::erase_if(senders_, [](const std::weak_ptr<TransceiverCore>& w) { return w.expired(); });
  for (const auto& w : senders_) {
    if (w.lock() == sender) return;
  }
  senders_.push_back(sender);
}

// Runs fn(pc, transceiver) on the loop thread for every transceiver this track was added to (the
// PeerConnection checks it still sends this track); the first error wins.
template <class F>
RtcResult<void> TrackLocal::for_each_sender(F&& fn) {
  std::vector<std::shared_ptr<TransceiverCore>> senders;
  {
    std::lock_guard lock(mutex_);
    for (const auto& w : senders_) {
      if (auto t = w.lock()) senders.push_back(std::move(t));
    }
  }
  RtcResult<void> result;
  for (const auto& t : senders) {
    auto r = loop_call(*t->runtime, t->pc, [&](PeerConnectionCore& c) { return fn(c, *t); });
    if (r && !*r && result) result = *r;
  }
  return result;
}

RtcResult<void> TrackLocal::write_sample(std::span<const uint8_t> frame, std::chrono::microseconds duration) {
  return for_each_sender([&](PeerConnectionCore& c, TransceiverCore& t) {
    return c.write_sample(t, *this, nullptr, frame, Duration::micros(duration.count()));
  });
}

RtcResult<void> TrackLocal::write_rtp(std::span<const uint8_t> packet) {
  return for_each_sender([&](PeerConnectionCore& c, TransceiverCore& t) { return c.write_rtp(t, *this, nullptr, packet); });
}

RtcResult<void> TrackLocal::write_sample(const std::string& rid, std::span<const uint8_t> frame,
                                         std::chrono::microseconds duration) {
  return for_each_sender([&](PeerConnectionCore& c, TransceiverCore& t) {
    return c.write_sample(t, *this, &rid, frame, Duration::micros(duration.count()));
  });
}

RtcResult<void> TrackLocal::write_rtp(const std::string& rid, std::span<const uint8_t> packet) {
  return for_each_sender([&](PeerConnectionCore& c, TransceiverCore& t) { return c.write_rtp(t, *this, &rid, packet); });
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

std::vector<TrackRemoteInfo> RtpTransceiver::receiver_tracks() const {
  std::vector<TrackRemoteInfo> out;
  core_->runtime->call([&] {
    if (!core_->remote_track) return;
    if (core_->remote_layers.empty()) {
      out.push_back(*core_->remote_track);
      return;
    }
    for (const auto& l : core_->remote_layers) {
      TrackRemoteInfo info = *core_->remote_track;
      info.rid = l.rid;
      out.push_back(std::move(info));
    }
  });
  return out;
}

RtcResult<void> RtpTransceiver::on_rtp(const std::string& rid, std::function<void(std::span<const uint8_t>)> callback) {
  RtcResult<void> result = pc::rtc_error(RtcErrorCode::kInvalidArgument, "no simulcast layer with this rid");
  core_->runtime->call([&] {
    if (auto* l = core_->layer(rid)) {
      l->on_rtp = std::move(callback);
      result = {};
    }
  });
  return result;
}

RtcResult<void> RtpTransceiver::on_sample(const std::string& rid, std::function<void(const MediaSample&)> callback) {
  RtcResult<void> result = pc::rtc_error(RtcErrorCode::kInvalidArgument, "no simulcast layer with this rid");
  core_->runtime->call([&] {
    if (auto* l = core_->layer(rid)) {
      l->on_sample = std::move(callback);
      result = {};
    }
  });
  return result;
}

void RtpTransceiver::on_rtp(std::function<void(std::span<const uint8_t>)> callback) {
  core_->runtime->call([&] { core_->on_rtp = std::move(callback); });
}

void RtpTransceiver::on_sample(std::function<void(const MediaSample&)> callback) {
  core_->runtime->call([&] { core_->on_sample = std::move(callback); });
}

void RtpTransceiver::on_keyframe_request(std::function<void(const KeyframeRequest&)> callback) {
  core_->runtime->call([&] { core_->on_keyframe_request = std::move(callback); });
}

RtcResult<void> RtpTransceiver::request_keyframe() {
  return loop_call(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { return c.request_keyframe(*core_, std::nullopt); })
      .value_or(pc::closed_error());
}

RtcResult<void> RtpTransceiver::request_keyframe(const std::string& rid) {
  return loop_call(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { return c.request_keyframe(*core_, rid); })
      .value_or(pc::closed_error());
}

std::string_view to_string(KeyframeRequestKind kind) { return kind == KeyframeRequestKind::kPli ? "PLI" : "FIR"; }

void RtpTransceiver::on_rtcp(std::function<void(std::span<const uint8_t>)> callback) {
  core_->runtime->call([&] { core_->on_rtcp = std::move(callback); });
}

RtcResult<void> RtpTransceiver::write_rtcp(std::span<const uint8_t> compound) {
  return loop_call(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { return c.write_rtcp(*core_, compound); })
      .value_or(pc::closed_error());
}

void RtpTransceiver::on_track_ended(std::function<void()> callback) {
  core_->runtime->call([&] { core_->on_track_ended = std::move(callback); });
}

void RtpTransceiver::stop() {
  loop_run(*core_->runtime, core_->pc, [&](PeerConnectionCore& c) { c.stop_transceiver(*core_); });
}

}  // namespace purertc
