// Api, Certificate and the public enums' names.
#include "purertc/api.h"

#include <chrono>

#include "crypto/certificate.h"
#include "crypto/csprng.h"
#include "pc/gather_settings.h"
#include "pc/interceptors.h"
#include "pc/peer_connection_core.h"
#include "pc/runtime.h"

namespace purertc {

RtcResult<Api> Api::create(MediaEngine media_engine, SettingEngine setting_engine) {
  return create(std::move(media_engine), std::move(setting_engine),
                InterceptorRegistry().register_default_interceptors());
}

RtcResult<Api> Api::create(MediaEngine media_engine, SettingEngine setting_engine, InterceptorRegistry interceptors) {
  if (auto valid = pc::validate(interceptors); !valid) return valid.error();
  if (setting_engine.ephemeral_udp_port_min > setting_engine.ephemeral_udp_port_max) {
    return RtcError{RtcErrorCode::kInvalidArgument, "ephemeral UDP port range has min > max"};
  }
  std::optional<SocketAddress> mux_address;
  if (!setting_engine.ice_udp_mux_address.empty()) {
    mux_address = SocketAddress::parse(setting_engine.ice_udp_mux_address);
    if (!mux_address) {
      return RtcError{RtcErrorCode::kInvalidArgument,
                      "ice_udp_mux_address is not ip:port: " + setting_engine.ice_udp_mux_address};
    }
    // The shared socket is every PeerConnection's candidate base, so it needs one concrete address.
    if (mux_address->ip.is_unspecified()) {
      return RtcError{RtcErrorCode::kInvalidArgument,
                      "ice_udp_mux_address needs a concrete local IP, not " + setting_engine.ice_udp_mux_address};
    }
  }
  set_log_level(setting_engine.log_level);
  auto runtime = pc::Runtime::create(std::move(media_engine), std::move(setting_engine), std::move(interceptors));
  if (!runtime) return RtcError{RtcErrorCode::kOperationError, to_string(runtime.error())};
  if (mux_address) {
    if (auto opened = (*runtime)->open_udp_mux(*mux_address); !opened) {
      return RtcError{RtcErrorCode::kOperationError,
                      "cannot open the ICE UDP mux on " + mux_address->to_string() + ": " + pc::to_string(opened.error())};
    }
  }
  return Api(std::move(*runtime));
}

std::optional<std::string> Api::ice_udp_mux_address() const {
  const auto& address = runtime_->udp_mux_address();
  if (!address) return std::nullopt;
  return address->to_string();
}

MediaEngine Api::default_media_engine() {
  MediaEngine engine;
  engine.register_default_codecs();
  return engine;
}

RtcResult<std::shared_ptr<PeerConnection>> Api::new_peer_connection(const Configuration& configuration) const {
  // Host names of STUN/TURN servers are resolved here, on the caller's thread, not on the loop.
  auto servers = pc::resolve_ice_servers(configuration.ice_servers);
  if (!servers) return servers.error();
  std::optional<RtcResult<std::shared_ptr<pc::PeerConnectionCore>>> core;
  runtime_->call([&] { core.emplace(pc::PeerConnectionCore::create(runtime_, configuration, std::move(*servers))); });
  if (!core) return RtcError{RtcErrorCode::kClosed, "the event loop is stopped"};
  if (!*core) return core->error();
  return std::make_shared<PeerConnection>(std::move(core->value()));
}

// ---------------------------------------------------------------------------------------------------

RtcResult<Certificate> Certificate::generate() {
  auto random = crypto::Csprng::create();
  if (!random) return RtcError{RtcErrorCode::kOperationError, to_string(random.error())};
  crypto::CertificateOptions options;
  options.not_before_unix_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto identity = crypto::Identity::generate_self_signed(options, **random);
  if (!identity) return RtcError{RtcErrorCode::kOperationError, to_string(identity.error())};
  return Certificate(std::make_shared<const crypto::Identity>(std::move(*identity)));
}

RtcResult<Certificate> Certificate::from_pem(std::string_view certificate_pem, std::string_view private_key_pem) {
  auto random = crypto::Csprng::create();
  if (!random) return RtcError{RtcErrorCode::kOperationError, to_string(random.error())};
  auto identity = crypto::Identity::from_pem(certificate_pem, private_key_pem, **random);
  if (!identity) return RtcError{RtcErrorCode::kInvalidArgument, to_string(identity.error())};
  return Certificate(std::make_shared<const crypto::Identity>(std::move(*identity)));
}

std::string Certificate::fingerprint() const { return identity_->certificate.sdp_fingerprint(); }

// ---------------------------------------------------------------------------------------------------

std::string_view to_string(RtcErrorCode code) {
  switch (code) {
    case RtcErrorCode::kInvalidState: return "InvalidStateError";
    case RtcErrorCode::kInvalidAccessError: return "InvalidAccessError";
    case RtcErrorCode::kInvalidModification: return "InvalidModificationError";
    case RtcErrorCode::kSyntaxError: return "SyntaxError";
    case RtcErrorCode::kInvalidArgument: return "TypeError";
    case RtcErrorCode::kOperationError: return "OperationError";
    case RtcErrorCode::kNotSupported: return "NotSupportedError";
    case RtcErrorCode::kClosed: return "InvalidStateError (closed)";
  }
  return "OperationError";
}

std::string to_string(const RtcError& error) { return std::string(to_string(error.code)) + ": " + error.message; }

std::string_view to_string(SdpType type) {
  switch (type) {
    case SdpType::kOffer: return "offer";
    case SdpType::kPranswer: return "pranswer";
    case SdpType::kAnswer: return "answer";
    case SdpType::kRollback: return "rollback";
  }
  return "offer";
}

std::optional<SdpType> sdp_type_from_string(std::string_view name) {
  for (SdpType t : {SdpType::kOffer, SdpType::kPranswer, SdpType::kAnswer, SdpType::kRollback}) {
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

std::string_view to_string(DataChannelState state) {
  switch (state) {
    case DataChannelState::kConnecting: return "connecting";
    case DataChannelState::kOpen: return "open";
    case DataChannelState::kClosing: return "closing";
    case DataChannelState::kClosed: return "closed";
  }
  return "closed";
}

std::string_view to_string(RtpTransceiverDirection d) {
  switch (d) {
    case RtpTransceiverDirection::kSendRecv: return "sendrecv";
    case RtpTransceiverDirection::kSendOnly: return "sendonly";
    case RtpTransceiverDirection::kRecvOnly: return "recvonly";
    case RtpTransceiverDirection::kInactive: return "inactive";
    case RtpTransceiverDirection::kStopped: return "stopped";
  }
  return "inactive";
}

std::string_view to_string(SignalingState s) {
  switch (s) {
    case SignalingState::kStable: return "stable";
    case SignalingState::kHaveLocalOffer: return "have-local-offer";
    case SignalingState::kHaveRemoteOffer: return "have-remote-offer";
    case SignalingState::kHaveLocalPranswer: return "have-local-pranswer";
    case SignalingState::kHaveRemotePranswer: return "have-remote-pranswer";
    case SignalingState::kClosed: return "closed";
  }
  return "closed";
}

std::string_view to_string(IceGatheringState s) {
  switch (s) {
    case IceGatheringState::kNew: return "new";
    case IceGatheringState::kGathering: return "gathering";
    case IceGatheringState::kComplete: return "complete";
  }
  return "new";
}

std::string_view to_string(IceConnectionState s) {
  switch (s) {
    case IceConnectionState::kNew: return "new";
    case IceConnectionState::kChecking: return "checking";
    case IceConnectionState::kConnected: return "connected";
    case IceConnectionState::kCompleted: return "completed";
    case IceConnectionState::kDisconnected: return "disconnected";
    case IceConnectionState::kFailed: return "failed";
    case IceConnectionState::kClosed: return "closed";
  }
  return "closed";
}

std::string_view to_string(PeerConnectionState s) {
  switch (s) {
    case PeerConnectionState::kNew: return "new";
    case PeerConnectionState::kConnecting: return "connecting";
    case PeerConnectionState::kConnected: return "connected";
    case PeerConnectionState::kDisconnected: return "disconnected";
    case PeerConnectionState::kFailed: return "failed";
    case PeerConnectionState::kClosed: return "closed";
  }
  return "closed";
}

}  // namespace purertc
