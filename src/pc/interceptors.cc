#include "pc/interceptors.h"

#include <algorithm>

#include "rtp/packet/rtp_packet.h"

namespace purertc::pc {
namespace {

Duration to_duration(std::chrono::milliseconds ms) { return Duration::millis(ms.count()); }

MediaKind to_public(media::MediaKind kind) {
  return kind == media::MediaKind::kAudio ? MediaKind::kAudio : MediaKind::kVideo;
}

void fill_codec(StreamInfo& info, const media::CodecParameters& codec) {
  info.payload_type = codec.payload_type;
  info.rtx_payload_type = codec.rtx_payload_type;
  info.mime_type = codec.mime;
  info.clock_rate = codec.clock_rate;
  info.sdp_fmtp_line = codec.fmtp;
}

// The limits a user cannot exceed: each bounds memory per stream or keeps the timers sane.
constexpr size_t kMaxRetransmissionPackets = 32768;
constexpr size_t kMaxNackTracked = 4096;

// Marks the chain busy for the duration of a hook call.
class HookScope {
 public:
  explicit HookScope(bool& flag) : flag_(flag) { flag_ = true; }
  ~HookScope() { flag_ = false; }
  HookScope(const HookScope&) = delete;
  HookScope& operator=(const HookScope&) = delete;

 private:
  bool& flag_;
};

}  // namespace

RtcResult<void> validate(const InterceptorRegistry& registry) {
  auto invalid = [](const char* what) -> RtcResult<void> { return RtcError{RtcErrorCode::kInvalidArgument, what}; };
  if (const auto& r = registry.nack_responder) {
    if (r->buffer_packets == 0 || r->buffer_packets > kMaxRetransmissionPackets) {
      return invalid("nack_responder.buffer_packets must be 1..32768");
    }
    if (r->max_age.count() <= 0) return invalid("nack_responder.max_age must be positive");
  }
  if (const auto& g = registry.nack_generator) {
    if (g->max_tracked == 0 || g->max_tracked > kMaxNackTracked) return invalid("nack_generator.max_tracked must be 1..4096");
    if (g->retry_interval.count() <= 0 || g->max_age.count() <= 0) {
      return invalid("nack_generator.retry_interval and max_age must be positive");
    }
  }
  if (const auto& r = registry.rtcp_reports) {
    if (r->interval < std::chrono::milliseconds(10) || r->interval > std::chrono::seconds(60)) {
      return invalid("rtcp_reports.interval must be 10 ms .. 60 s");
    }
  }
  for (const auto& f : registry.factories()) {
    if (!f) return invalid("an empty interceptor factory");
  }
  return {};
}

void apply_interceptor_settings(const InterceptorRegistry& registry, media::MediaSessionSettings& settings) {
  settings.rtcp_reports = registry.rtcp_reports.has_value();
  if (registry.rtcp_reports) settings.rtcp_interval = to_duration(registry.rtcp_reports->interval);
}

void apply_interceptor_settings(const InterceptorRegistry& registry, media::SenderParameters& params) {
  if (!registry.nack_responder) {
    params.retransmission_packets = 0;  // the buffer keeps nothing: every NACK misses
    return;
  }
  params.retransmission_packets = registry.nack_responder->buffer_packets;
  params.retransmission_max_age = to_duration(registry.nack_responder->max_age);
}

void apply_interceptor_settings(const InterceptorRegistry& registry, media::ReceiverParameters& params) {
  params.generate_nacks = registry.nack_generator.has_value();
  if (!registry.nack_generator) return;
  const NackGeneratorOptions& g = *registry.nack_generator;
  params.nack.max_list = g.max_tracked;
  params.nack.max_retries = g.max_retries;
  params.nack.retry_interval = to_duration(g.retry_interval);
  params.nack.max_age = to_duration(g.max_age);
}

std::unique_ptr<InterceptorChain> InterceptorChain::create(const InterceptorRegistry& registry) {
  std::vector<std::shared_ptr<Interceptor>> chain;
  for (const auto& factory : registry.factories()) {
    if (auto i = factory()) chain.push_back(std::move(i));
  }
  if (chain.empty()) return nullptr;
  return std::unique_ptr<InterceptorChain>(new InterceptorChain(std::move(chain)));
}

void InterceptorChain::add_local_stream(media::SenderId id, const media::SenderParameters& params) {
  StreamInfo info;
  info.kind = to_public(params.kind);
  info.mid = params.mid;
  info.ssrc = params.ssrc;
  if (params.rtx_ssrc && params.codec.rtx_payload_type) info.rtx_ssrc = params.rtx_ssrc;
  fill_codec(info, params.codec);
  const StreamInfo& stored = local_[id] = std::move(info);
  HookScope busy(in_hook_);
  for (const auto& i : chain_) i->bind_local_stream(stored);
}

void InterceptorChain::add_remote_stream(media::ReceiverId id, const media::ReceiverParameters& params) {
  RemoteStream stream;
  stream.info.kind = to_public(params.kind);
  stream.info.mid = params.mid;
  if (params.ssrc) stream.info.ssrc = *params.ssrc;
  stream.info.rtx_ssrc = params.rtx_ssrc;
  stream.codecs = params.codecs;
  remote_[id] = std::move(stream);
}

bool InterceptorChain::outgoing_rtp(media::SenderId sender, std::vector<uint8_t>& packet) {
  auto it = local_.find(sender);
  if (it == local_.end()) return true;  // a sender added without the PeerConnection: not the user's
  HookScope busy(in_hook_);
  for (const auto& i : chain_) {
    if (!i->on_outgoing_rtp(it->second, packet)) return false;
  }
  return true;
}

bool InterceptorChain::incoming_rtp(media::ReceiverId receiver, bool rtx, std::vector<uint8_t>& packet) {
  auto it = remote_.find(receiver);
  if (it == remote_.end()) return true;
  RemoteStream& stream = it->second;
  HookScope busy(in_hook_);
  if (auto view = rtp::RtpPacketView::parse(packet)) {
    if (rtx) {
      if (!stream.info.rtx_ssrc) stream.info.rtx_ssrc = view->ssrc();
    } else if (!stream.bound || stream.info.ssrc != view->ssrc()) {
      // The stream's first media packet (or a new SSRC on the same m-line): tell the chain what it is.
      stream.info.ssrc = view->ssrc();
      auto codec = std::find_if(stream.codecs.begin(), stream.codecs.end(), [&](const media::CodecParameters& c) {
        return c.payload_type == view->payload_type();
      });
      if (codec != stream.codecs.end()) fill_codec(stream.info, *codec);
      stream.bound = true;
      for (const auto& i : chain_) i->bind_remote_stream(stream.info);
    }
  }
  for (const auto& i : chain_) {
    if (!i->on_incoming_rtp(stream.info, packet)) return false;
  }
  return true;
}

bool InterceptorChain::outgoing_rtcp(std::vector<uint8_t>& compound) {
  HookScope busy(in_hook_);
  for (const auto& i : chain_) {
    if (!i->on_outgoing_rtcp(compound)) return false;
  }
  return true;
}

bool InterceptorChain::incoming_rtcp(std::vector<uint8_t>& compound) {
  HookScope busy(in_hook_);
  for (const auto& i : chain_) {
    if (!i->on_incoming_rtcp(compound)) return false;
  }
  return true;
}

}  // namespace purertc::pc

// ---------------------------------------------------------------------------------------------------
// The public registry: plain data.

namespace purertc {

InterceptorRegistry& InterceptorRegistry::register_default_interceptors() {
  nack_responder = NackResponderOptions{};
  nack_generator = NackGeneratorOptions{};
  rtcp_reports = RtcpReportOptions{};
  return *this;
}

InterceptorRegistry& InterceptorRegistry::add(InterceptorFactory factory) {
  factories_.push_back(std::move(factory));
  return *this;
}

}  // namespace purertc
