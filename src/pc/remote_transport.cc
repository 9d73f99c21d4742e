#include "pc/remote_transport.h"

#include <algorithm>

namespace purertc::pc {
namespace {

// RFC 8839 / RFC 8842: ICE and DTLS attributes may sit at session level and apply to every m-line.
template <class T>
std::optional<T> media_or_session(const sdp::SessionDescription& sd, const sdp::MediaDescription& m) {
  if (auto v = m.attributes.first<T>()) return v;
  return sd.attributes.first<T>();
}

}  // namespace

Result<RemoteTransport, sdp::SdpError> read_remote_transport(const sdp::SessionDescription& sd) {
  using sdp::SdpErrc;
  using sdp::SdpError;
  const sdp::MediaDescription* first = nullptr;
  for (const auto& m : sd.media) {
    if (!m.is_rejected()) {
      first = &m;
      break;
    }
  }
  if (first == nullptr) return unexpected(SdpError(SdpErrc::kMissing, "no accepted m= section"));
  RemoteTransport t;
  auto ufrag = media_or_session<sdp::IceUfrag>(sd, *first);
  auto pwd = media_or_session<sdp::IcePwd>(sd, *first);
  if (!ufrag || !pwd) return unexpected(SdpError(SdpErrc::kMissing, "no a=ice-ufrag/a=ice-pwd (RFC 8839 section 5.4)", first->line));
  t.ice_ufrag = ufrag->value;
  t.ice_pwd = pwd->value;
  t.ice_lite = sd.attributes.has("ice-lite");
  auto fingerprints = first->attributes.all<sdp::Fingerprint>();
  if (fingerprints.empty()) fingerprints = sd.attributes.all<sdp::Fingerprint>();
  if (fingerprints.empty()) return unexpected(SdpError(SdpErrc::kMissing, "no a=fingerprint (RFC 8842 section 5)", first->line));
  for (const auto& f : fingerprints) t.fingerprints.push_back(f.to_value());
  // RFC 4145 section 4: no a=setup means active.
  auto setup = media_or_session<sdp::ConnectionSetup>(sd, *first);
  t.setup = setup ? setup->role : sdp::SetupRole::kActive;

  for (const auto& m : sd.media) {
    if (m.is_rejected()) continue;
    for (auto& c : m.attributes.all<sdp::Candidate>()) {
      if (std::find(t.candidates.begin(), t.candidates.end(), c) == t.candidates.end()) t.candidates.push_back(c);
    }
    if (m.attributes.has("end-of-candidates")) t.end_of_candidates = true;
    if (m.media == "application" && !t.has_data) {
      t.has_data = true;
      if (auto mid = m.mid()) t.data_mid = std::string(*mid);
      if (auto port = m.attributes.first<sdp::SctpPort>()) t.sctp_port = port->port;
      else if (auto map = m.attributes.first<sdp::Sctpmap>()) t.sctp_port = map->number;
      if (auto mms = m.attributes.first<sdp::MaxMessageSize>()) t.max_message_size = mms->size;
    }
  }
  if (sd.attributes.has("end-of-candidates")) t.end_of_candidates = true;
  return t;
}

}  // namespace purertc::pc
