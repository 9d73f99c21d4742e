// Api (as in Pion's webrtc.API): the factory of PeerConnections, built from a MediaEngine, a
// SettingEngine and an InterceptorRegistry. It owns the event loop thread its PeerConnections run on.
//
// Threading: thread-safe. Lifetime: PeerConnections keep what they need of the Api alive, so an Api may
// be destroyed before them; the loop thread ends when the Api and all its PeerConnections are gone.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "purertc/configuration.h"
#include "purertc/export.h"
#include "purertc/interceptor.h"
#include "purertc/media_engine.h"
#include "purertc/peer_connection.h"
#include "purertc/rtc_error.h"
#include "purertc/setting_engine.h"

namespace purertc {

namespace pc {
class Runtime;
}

class PURERTC_EXPORT Api {
 public:
  // Starts the event loop thread and applies setting_engine.log_level. Errors: kOperationError when
  // the thread, epoll or the random generator cannot be created or the single-port socket of
  // SettingEngine::ice_udp_mux_address cannot be bound (port in use, IP not local), kInvalidArgument for
  // an ephemeral port range with min > max or an ice_udp_mux_address that is not a concrete "ip:port".
  static RtcResult<Api> create(MediaEngine media_engine = default_media_engine(), SettingEngine setting_engine = {});
  // The same with the RTP/RTCP behaviours and interceptors of `interceptors` (interceptor.h); the form
  // above uses InterceptorRegistry().register_default_interceptors(). Also kInvalidArgument for an
  // interceptor option outside its range or an empty factory.
  static RtcResult<Api> create(MediaEngine media_engine, SettingEngine setting_engine,
                               InterceptorRegistry interceptors);
  static MediaEngine default_media_engine();

  // Errors: kInvalidArgument for an unparsable ICE server URL or a TURN server without credentials,
  // kOperationError when certificate generation fails.
  RtcResult<std::shared_ptr<PeerConnection>> new_peer_connection(const Configuration& configuration = {}) const;

  // In single-port mode, the address every PeerConnection of this Api offers as its host candidate
  // ("ip:port", with the port the kernel chose when SettingEngine::ice_udp_mux_address asked for 0);
  // nullopt otherwise.
  std::optional<std::string> ice_udp_mux_address() const;

 private:
  explicit Api(std::shared_ptr<pc::Runtime> runtime) : runtime_(std::move(runtime)) {}
  std::shared_ptr<pc::Runtime> runtime_;
};

}  // namespace purertc
