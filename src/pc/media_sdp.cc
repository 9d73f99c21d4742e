#include "pc/media_sdp.h"

#include <algorithm>

#include "sdp/attributes/extmap.h"
#include "sdp/attributes/fmtp.h"
#include "sdp/attributes/rtcp_fb.h"
#include "sdp/attributes/rtpmap.h"
#include "sdp/attributes/simulcast.h"
#include "sdp/simulcast_negotiation.h"

namespace purertc::pc {

std::vector<sdp::CodecCapability> to_sdp_codecs(const std::vector<RtpCodec>& codecs) {
  std::vector<sdp::CodecCapability> out;
  for (const RtpCodec& c : codecs) {
    sdp::CodecCapability s;
    s.payload_type = c.payload_type;
    const size_t slash = c.mime_type.find('/');
    s.name = slash == std::string::npos ? c.mime_type : c.mime_type.substr(slash + 1);
    s.clock_rate = c.clock_rate;
    s.channels = c.channels;
    if (!c.sdp_fmtp_line.empty()) {
      // MediaEngine::register_codec checked that the line parses.
      if (auto params = sdp::Fmtp::parse_parameters(c.sdp_fmtp_line)) s.parameters = std::move(*params);
    }
    for (const RtcpFeedback& fb : c.rtcp_feedback) s.feedback.push_back(sdp::RtcpFeedback{fb.type, fb.parameter});
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<sdp::HeaderExtensionCapability> to_sdp_extensions(const std::vector<RtpHeaderExtension>& extensions) {
  std::vector<sdp::HeaderExtensionCapability> out;
  for (const RtpHeaderExtension& e : extensions) out.push_back(sdp::HeaderExtensionCapability{e.id, e.uri, sdp::Direction::kSendRecv});
  return out;
}

}  // namespace purertc::pc

namespace purertc::pc {

std::vector<media::CodecParameters> media_codecs(const sdp::MediaDescription& m) {
  std::vector<media::CodecParameters> out;
  const auto fmtps = m.attributes.all<sdp::Fmtp>();
  const auto feedback = m.attributes.all<sdp::RtcpFb>();
  const std::string prefix = m.media + "/";
  for (const auto& map : m.attributes.all<sdp::Rtpmap>()) {
    if (!media::codec_from_name(map.encoding_name)) continue;
    media::CodecParameters c;
    c.payload_type = map.payload_type;
    c.mime = prefix + map.encoding_name;
    c.clock_rate = map.clock_rate;
    c.channels = static_cast<uint8_t>(map.encoding_params.value_or(m.media == "audio" ? 1 : 0));
    for (const auto& f : fmtps) {
      if (f.payload_type == map.payload_type) c.fmtp = f.parameters_string();
    }
    for (const auto& fb : feedback) {
      if (fb.payload_type && *fb.payload_type != map.payload_type) continue;
      if (fb.type == "nack" && fb.parameter.empty()) c.feedback.nack = true;
      if (fb.type == "nack" && fb.parameter == "pli") c.feedback.pli = true;
      if (fb.type == "ccm" && fb.parameter == "fir") c.feedback.fir = true;
      if (fb.type == "transport-cc") c.feedback.transport_cc = true;
      if (fb.type == "goog-remb") c.feedback.remb = true;
    }
    // RFC 4588 section 8.6: "a=fmtp:<rtx pt> apt=<original pt>".
    for (const auto& rtx : m.attributes.all<sdp::Rtpmap>()) {
      if (rtx.encoding_name != "rtx" && rtx.encoding_name != "RTX") continue;
      for (const auto& f : fmtps) {
        if (f.payload_type != rtx.payload_type) continue;
        if (auto apt = f.get("apt"); apt && *apt == std::to_string(map.payload_type)) c.rtx_payload_type = rtx.payload_type;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

media::HeaderExtensionIds media_extension_ids(const sdp::MediaDescription& m) {
  media::HeaderExtensionIds ids;
  for (const auto& e : m.attributes.all<sdp::Extmap>()) {
    // One-byte header extensions carry ids 1-14 only (RFC 8285 section 4.2); others are not used.
    if (e.id == 0 || e.id > 14) continue;
    const auto id = static_cast<uint8_t>(e.id);
    if (e.uri == "urn:ietf:params:rtp-hdrext:sdes:mid") ids.mid = id;
    if (e.uri == "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id") ids.rid = id;
    if (e.uri == "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id") ids.repaired_rid = id;
  }
  return ids;
}

std::vector<std::string> received_simulcast_rids(const sdp::MediaDescription& remote) {
  std::vector<std::string> out;
  auto layers = sdp::sent_simulcast_layers(remote);
  if (!layers) return out;
  const auto codecs = media_codecs(remote);
  for (const auto& l : *layers) {
    const auto& pts = l.rid.payload_types;
    const bool usable = pts.empty() || std::any_of(pts.begin(), pts.end(), [&](uint8_t pt) {
      return std::any_of(codecs.begin(), codecs.end(), [&](const media::CodecParameters& c) { return c.payload_type == pt; });
    });
    if (usable) out.push_back(l.rid.id);
  }
  return out;
}

std::vector<std::string> local_receive_rids(const sdp::MediaDescription& local) {
  std::vector<std::string> out;
  if (auto sc = local.attributes.first<sdp::Simulcast>()) {
    for (const auto& stream : sc->recv) {
      if (!stream.empty()) out.push_back(stream.front().rid);
    }
  }
  return out;
}

}  // namespace purertc::pc
