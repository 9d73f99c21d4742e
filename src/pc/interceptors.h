// The InterceptorRegistry (include/purertc/interceptor.h) applied to one PeerConnection:
//  - the built-in behaviours become media-layer settings (MediaSession report schedule, each sender's
//    retransmission buffer, each receiver's NACK generation);
//  - the user interceptors the registry's factories build are chained behind media::PacketInterceptor,
//    with the StreamInfo of each sender and receiver the PeerConnection registers.
//
// Threading: loop thread only. Owned by the Transport next to the MediaSession that borrows it.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "pc/media/media_session.h"
#include "pc/media/packet_interceptor.h"
#include "purertc/interceptor.h"
#include "purertc/rtc_error.h"

namespace purertc::pc {

// kInvalidArgument for an option outside its documented range.
RtcResult<void> validate(const InterceptorRegistry& registry);

void apply_interceptor_settings(const InterceptorRegistry& registry, media::MediaSessionSettings& settings);
void apply_interceptor_settings(const InterceptorRegistry& registry, media::SenderParameters& params);
void apply_interceptor_settings(const InterceptorRegistry& registry, media::ReceiverParameters& params);

class InterceptorChain final : public media::PacketInterceptor {
 public:
  // Builds one interceptor per factory; nullptr when the registry has none (no chain, no copies).
  static std::unique_ptr<InterceptorChain> create(const InterceptorRegistry& registry);

  // A sender the session added: binds it at once.
  void add_local_stream(media::SenderId id, const media::SenderParameters& params);
  // A receiver the session added: bound when its first packet arrives (its SSRC is known then).
  void add_remote_stream(media::ReceiverId id, const media::ReceiverParameters& params);

  bool outgoing_rtp(media::SenderId sender, std::vector<uint8_t>& packet) override;
  bool incoming_rtp(media::ReceiverId receiver, bool rtx, std::vector<uint8_t>& packet) override;
  bool outgoing_rtcp(std::vector<uint8_t>& compound) override;
  bool incoming_rtcp(std::vector<uint8_t>& compound) override;

  // True while a user hook runs: the PeerConnection then refuses packet writes, which would re-enter
  // the media session in the middle of the send or receive that called the hook.
  bool in_hook() const { return in_hook_; }

 private:
  struct RemoteStream {
    StreamInfo info;
    std::vector<media::CodecParameters> codecs;
    bool bound = false;
  };
  explicit InterceptorChain(std::vector<std::shared_ptr<Interceptor>> chain) : chain_(std::move(chain)) {}

  std::vector<std::shared_ptr<Interceptor>> chain_;
  std::map<media::SenderId, StreamInfo> local_;
  std::map<media::ReceiverId, RemoteStream> remote_;
  bool in_hook_ = false;
};

}  // namespace purertc::pc
