// PeerConnectionCore: RTCP read/write on transceivers (RtpTransceiver::on_rtcp / write_rtcp). The media
// session already acts on every RTCP packet (reports, NACK, PLI, FIR); this hands the decrypted
// compound to the application too, and sends the application's own packets.
#include <algorithm>

#include "pc/peer_connection_core.h"
#include "pc/rtc_error_util.h"
#include "rtp/rtcp/rtcp_packet.h"

namespace purertc::pc {
namespace {

// Every SSRC an RTCP packet names: its sender, the media source it is about, report blocks, SDES
// chunks, BYE lists, FIR entries, REMB's list.
void collect_ssrcs(const rtp::RtcpPacket& packet, std::vector<uint32_t>& out) {
  std::visit(
      [&](const auto& p) {
        if constexpr (requires { p.sender_ssrc; }) out.push_back(p.sender_ssrc);
        if constexpr (requires { p.media_ssrc; }) out.push_back(p.media_ssrc);
        if constexpr (requires { p.ssrc; }) out.push_back(p.ssrc);
        if constexpr (requires { p.ssrcs; }) out.insert(out.end(), p.ssrcs.begin(), p.ssrcs.end());
        if constexpr (requires { p.report_blocks; }) {
          for (const auto& b : p.report_blocks) out.push_back(b.ssrc);
        }
        if constexpr (requires { p.chunks; }) {
          for (const auto& c : p.chunks) out.push_back(c.ssrc);
        }
        if constexpr (requires { p.entries; }) {
          for (const auto& e : p.entries) out.push_back(e.ssrc);
        }
      },
      packet);
}

}  // namespace

void PeerConnectionCore::deliver_rtcp(std::vector<uint8_t>& compound) {
  if (std::none_of(transceivers_.begin(), transceivers_.end(), [](const auto& t) { return bool(t->on_rtcp); })) return;
  // The session parsed it already (it would not emit an unparsable one); parsing again here keeps the
  // event a plain copy of the bytes, and RTCP is low-rate control traffic.
  auto packets = rtp::parse_rtcp_compound(compound);
  if (!packets) return;
  std::vector<uint32_t> named;
  for (const auto& p : *packets) collect_ssrcs(p, named);
  auto names = [&](uint32_t ssrc) { return std::find(named.begin(), named.end(), ssrc) != named.end(); };
  const media::MediaSession* session = transport_->media();
  std::vector<std::shared_ptr<TransceiverCore>> targets;
  for (const auto& t : transceivers_) {
    if (!t->on_rtcp) continue;
    bool relevant = t->sender_id && (names(t->ssrc) || names(t->rtx_ssrc));
    for (const auto& l : t->send_layers) relevant = relevant || (l.sender_id && (names(l.ssrc) || names(l.rtx_ssrc)));
    if (!relevant && t->remote_track) {
      relevant = std::any_of(t->remote_track->ssrcs.begin(), t->remote_track->ssrcs.end(), names);
    }
    for (uint32_t id : t->receiver_ids()) {
      if (relevant || session == nullptr) break;
      if (const media::RtpReceiverCore* r = session->receiver(media::ReceiverId(id))) {
        relevant = (r->media_ssrc() && names(*r->media_ssrc())) || (r->rtx_ssrc() && names(*r->rtx_ssrc()));
      }
    }
    if (relevant) targets.push_back(t);
  }
  if (targets.empty()) return;
  auto shared = std::make_shared<const std::vector<uint8_t>>(std::move(compound));
  for (auto& t : targets) {
    post_callback([t, shared] {
      if (auto cb = t->on_rtcp) cb(*shared);
    });
  }
}

RtcResult<void> PeerConnectionCore::write_rtcp(TransceiverCore& t, std::span<const uint8_t> compound) {
  if (closed_) return closed_error();
  // Validated before anything else so a malformed packet is reported the same way in every state.
  if (auto n = rtp::validate_rtcp_compound(compound, true); !n) {
    return rtc_error(RtcErrorCode::kInvalidArgument, "not an RTCP compound packet: " + to_string(n.error()));
  }
  if (t.stopped) return rtc_error(RtcErrorCode::kInvalidState, "the transceiver is stopped");
  if (const InterceptorChain* chain = transport_ ? transport_->interceptors() : nullptr; chain && chain->in_hook()) {
    return rtc_error(RtcErrorCode::kInvalidState, "write_rtcp called from an interceptor hook");
  }
  media::MediaSession* session = transport_ ? transport_->media() : nullptr;
  if (session == nullptr || !session->srtp_started()) {
    return rtc_error(RtcErrorCode::kInvalidState, "the transport is not connected (no SRTP keys yet)");
  }
  Status st = session->send_rtcp(compound, now());
  transport_->flush();
  if (!st) return rtc_error(RtcErrorCode::kInvalidArgument, st.error());
  return {};
}

}  // namespace purertc::pc
