#include "sdp/attributes/validate.h"

#include <string_view>

#include "sdp/attributes/candidate.h"
#include "sdp/attributes/extmap.h"
#include "sdp/attributes/fingerprint.h"
#include "sdp/attributes/fmtp.h"
#include "sdp/attributes/grouping.h"
#include "sdp/attributes/ice.h"
#include "sdp/attributes/msid.h"
#include "sdp/attributes/rid.h"
#include "sdp/attributes/rtcp.h"
#include "sdp/attributes/rtcp_fb.h"
#include "sdp/attributes/rtpmap.h"
#include "sdp/attributes/sctp.h"
#include "sdp/attributes/setup.h"
#include "sdp/attributes/simulcast.h"
#include "sdp/attributes/ssrc.h"
#include "sdp/text.h"

namespace purertc::sdp {

namespace {

template <class T>
std::optional<SdpError> check(const Attribute& a) {
  if (!a.value) return SdpError(SdpErrc::kMissing, "this attribute needs a value (a=name:value)");
  auto parsed = T::parse(*a.value);
  if (!parsed) return parsed.error();
  return std::nullopt;
}

// RFC 8866 section 6.15 allows any <fmt> token in a=fmtp (the legacy SCTP drafts used
// "a=fmtp:webrtc-datachannel max-message-size=..."). A numeric format must be a payload type and is
// checked as the typed Fmtp; any other token is kept as an opaque format.
std::optional<SdpError> check_fmtp(const Attribute& a) {
  if (!a.value) return SdpError(SdpErrc::kMissing, "this attribute needs a value (a=name:value)");
  std::string_view v = *a.value;
  std::string_view format = v.substr(0, v.find(' '));
  if (!format.empty() && !text::is_digit(format[0]) && text::is_token(format)) return std::nullopt;
  return check<Fmtp>(a);
}

using Checker = std::optional<SdpError> (*)(const Attribute&);

struct Entry {
  std::string_view name;
  Checker checker;
};

constexpr Entry kCheckers[] = {
    {Candidate::kName, &check<Candidate>},
    {Extmap::kName, &check<Extmap>},
    {Fingerprint::kName, &check<Fingerprint>},
    {Fmtp::kName, &check_fmtp},
    {Group::kName, &check<Group>},
    {IceOptions::kName, &check<IceOptions>},
    {IcePwd::kName, &check<IcePwd>},
    {IceUfrag::kName, &check<IceUfrag>},
    {MaxMessageSize::kName, &check<MaxMessageSize>},
    {Mid::kName, &check<Mid>},
    {Msid::kName, &check<Msid>},
    {MsidSemantic::kName, &check<MsidSemantic>},
    {Rid::kName, &check<Rid>},
    {Rtcp::kName, &check<Rtcp>},
    {RtcpFb::kName, &check<RtcpFb>},
    {Rtpmap::kName, &check<Rtpmap>},
    {SctpPort::kName, &check<SctpPort>},
    {Sctpmap::kName, &check<Sctpmap>},
    {ConnectionSetup::kName, &check<ConnectionSetup>},
    {Simulcast::kName, &check<Simulcast>},
    {Ssrc::kName, &check<Ssrc>},
    {SsrcGroup::kName, &check<SsrcGroup>},
};

}  // namespace

std::optional<SdpError> validate_attribute(const Attribute& a) {
  for (const Entry& e : kCheckers) {
    if (e.name == a.name) return e.checker(a);
  }
  // Property attributes (rtcp-mux, rtcp-mux-only, rtcp-rsize, ice-lite, end-of-candidates,
  // extmap-allow-mixed, bundle-only and the four directions) carry no value; a stray value is ignored
  // rather than refused, as browsers do.
  return std::nullopt;
}

}  // namespace purertc::sdp
