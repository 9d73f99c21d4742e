// The public PeerConnection: each method runs its PeerConnectionCore counterpart on the loop thread.
#include "pc/loop_call.h"
#include "pc/notification.h"
#include "pc/rtc_error_util.h"
#include "purertc/peer_connection.h"

namespace purertc {

using pc::closed_error;
using pc::loop_call;
using pc::loop_run;
using pc::PeerConnectionCore;

PeerConnection::PeerConnection(std::shared_ptr<PeerConnectionCore> core) : core_(std::move(core)) {}

PeerConnection::~PeerConnection() {
  // The core owns the loop's timers and sockets: close it and drop this reference on the loop thread.
  // Tasks hold only weak references (or short-lived strong ones on the loop), so it is destroyed there.
  std::shared_ptr<pc::Runtime> runtime = core_->runtime_ptr();
  runtime->call([&] {
    core_->close();
    core_.reset();
  });
}

RtcResult<SessionDescription> PeerConnection::create_offer(const OfferOptions& options) {
  return loop_call(core_->runtime(), core_, [&](PeerConnectionCore& c) { return c.create_offer(options); })
      .value_or(closed_error());
}

RtcResult<SessionDescription> PeerConnection::create_answer() {
  return loop_call(core_->runtime(), core_, [&](PeerConnectionCore& c) { return c.create_answer(); })
      .value_or(closed_error());
}

RtcResult<void> PeerConnection::set_local_description(const SessionDescription& d) {
  return loop_call(core_->runtime(), core_, [&](PeerConnectionCore& c) { return c.set_local_description(d); })
      .value_or(closed_error());
}

RtcResult<void> PeerConnection::set_remote_description(const SessionDescription& d) {
  return loop_call(core_->runtime(), core_, [&](PeerConnectionCore& c) { return c.set_remote_description(d); })
      .value_or(closed_error());
}

std::optional<SessionDescription> PeerConnection::local_description() const {
  return loop_call(core_->runtime(), core_, [](PeerConnectionCore& c) { return c.local_description(); })
      .value_or(std::nullopt);
}

std::optional<SessionDescription> PeerConnection::remote_description() const {
  return loop_call(core_->runtime(), core_, [](PeerConnectionCore& c) { return c.remote_description(); })
      .value_or(std::nullopt);
}

RtcResult<void> PeerConnection::add_ice_candidate(const IceCandidateInit& candidate) {
  return loop_call(core_->runtime(), core_, [&](PeerConnectionCore& c) { return c.add_ice_candidate(candidate); })
      .value_or(closed_error());
}

void PeerConnection::restart_ice() {
  loop_run(core_->runtime(), core_, [](PeerConnectionCore& c) { c.restart_ice(); });
}

RtcResult<void> PeerConnection::wait_for_gathering_complete(std::chrono::milliseconds timeout) {
  if (core_->runtime().loop().is_loop_thread()) {
    return RtcError{RtcErrorCode::kInvalidState, "wait_for_gathering_complete would block the event loop thread"};
  }
  // The notification outlives the wait: the loop may still hold it after a timeout.
  auto done = std::make_shared<pc::Notification>();
  loop_run(core_->runtime(), core_, [&](PeerConnectionCore& c) { c.when_gathering_complete([done] { done->notify(); }); });
  if (done->wait_for(timeout)) return {};
  return RtcError{RtcErrorCode::kOperationError, "ICE gathering did not complete in time"};
}

RtcResult<std::shared_ptr<DataChannel>> PeerConnection::create_data_channel(const std::string& label,
                                                                            const DataChannelInit& init) {
  auto r = loop_call(core_->runtime(), core_, [&](PeerConnectionCore& c) { return c.create_data_channel(label, init); });
  if (!r) return closed_error();
  return std::move(*r);
}

RtcResult<std::shared_ptr<RtpTransceiver>> PeerConnection::add_track(std::shared_ptr<TrackLocal> track) {
  auto r = loop_call(core_->runtime(), core_, [&](PeerConnectionCore& c) { return c.add_track(track); });
  if (!r) return closed_error();
  if (!*r) return r->error();
  return std::make_shared<RtpTransceiver>(std::move(r->value()));
}

RtcResult<void> PeerConnection::remove_track(const std::shared_ptr<TrackLocal>& track) {
  return loop_call(core_->runtime(), core_, [&](PeerConnectionCore& c) { return c.remove_track(track); })
      .value_or(closed_error());
}

RtcResult<std::shared_ptr<RtpTransceiver>> PeerConnection::add_transceiver(MediaKind kind, const RtpTransceiverInit& init) {
  auto r = loop_call(core_->runtime(), core_, [&](PeerConnectionCore& c) { return c.add_transceiver(kind, nullptr, init); });
  if (!r) return closed_error();
  if (!*r) return r->error();
  return std::make_shared<RtpTransceiver>(std::move(r->value()));
}

RtcResult<std::shared_ptr<RtpTransceiver>> PeerConnection::add_transceiver(std::shared_ptr<TrackLocal> track,
                                                                           const RtpTransceiverInit& init) {
  if (!track) return RtcError{RtcErrorCode::kInvalidArgument, "no track"};
  const MediaKind kind = track->kind();
  auto r = loop_call(core_->runtime(), core_, [&](PeerConnectionCore& c) { return c.add_transceiver(kind, track, init); });
  if (!r) return closed_error();
  if (!*r) return r->error();
  return std::make_shared<RtpTransceiver>(std::move(r->value()));
}

std::vector<std::shared_ptr<RtpTransceiver>> PeerConnection::get_transceivers() const {
  std::vector<std::shared_ptr<RtpTransceiver>> out;
  loop_run(core_->runtime(), core_, [&](PeerConnectionCore& c) {
    for (const auto& t : c.transceivers()) out.push_back(std::make_shared<RtpTransceiver>(t));
  });
  return out;
}

StatsReport PeerConnection::get_stats() const {
  return loop_call(core_->runtime(), core_, [](PeerConnectionCore& c) { return c.get_stats(); }).value_or(StatsReport{});
}

SignalingState PeerConnection::signaling_state() const {
  return loop_call(core_->runtime(), core_, [](PeerConnectionCore& c) { return c.signaling_state(); })
      .value_or(SignalingState::kClosed);
}

IceGatheringState PeerConnection::ice_gathering_state() const {
  return loop_call(core_->runtime(), core_, [](PeerConnectionCore& c) { return c.ice_gathering_state(); })
      .value_or(IceGatheringState::kComplete);
}

IceConnectionState PeerConnection::ice_connection_state() const {
  return loop_call(core_->runtime(), core_, [](PeerConnectionCore& c) { return c.ice_connection_state(); })
      .value_or(IceConnectionState::kClosed);
}

PeerConnectionState PeerConnection::connection_state() const {
  return loop_call(core_->runtime(), core_, [](PeerConnectionCore& c) { return c.connection_state(); })
      .value_or(PeerConnectionState::kClosed);
}

void PeerConnection::close() {
  loop_run(core_->runtime(), core_, [](PeerConnectionCore& c) { c.close(); });
}

#define PURERTC_SET_CALLBACK(name, type)                                                           \
  void PeerConnection::name(type callback) {                                                       \
    loop_run(core_->runtime(), core_, [&](PeerConnectionCore& c) { c.name = std::move(callback); }); \
  }

PURERTC_SET_CALLBACK(on_ice_candidate, std::function<void(const std::optional<IceCandidateInit>&)>)
PURERTC_SET_CALLBACK(on_data_channel, std::function<void(std::shared_ptr<DataChannel>)>)
PURERTC_SET_CALLBACK(on_track, std::function<void(std::shared_ptr<RtpTransceiver>, const TrackRemoteInfo&)>)
PURERTC_SET_CALLBACK(on_negotiation_needed, std::function<void()>)
PURERTC_SET_CALLBACK(on_signaling_state_change, std::function<void(SignalingState)>)
PURERTC_SET_CALLBACK(on_ice_gathering_state_change, std::function<void(IceGatheringState)>)
PURERTC_SET_CALLBACK(on_ice_connection_state_change, std::function<void(IceConnectionState)>)
PURERTC_SET_CALLBACK(on_connection_state_change, std::function<void(PeerConnectionState)>)

#undef PURERTC_SET_CALLBACK

}  // namespace purertc
