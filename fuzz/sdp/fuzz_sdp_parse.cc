// The SDP parser on arbitrary text: must never crash, and whatever it accepts must be stable:
// parse -> serialize -> parse gives the same model, and serializing that again gives the same bytes.
// Every typed accessor is run on what was accepted, and the input is also tried as a trickled candidate.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sdp/jsep.h"
#include "sdp/sdp.h"

using namespace purertc::sdp;

namespace {

void touch_typed(const AttributeList& a) {
  (void)a.all<Candidate>();
  (void)a.all<Extmap>();
  (void)a.all<Fingerprint>();
  (void)a.all<Fmtp>();
  (void)a.all<Group>();
  (void)a.all<IceOptions>();
  (void)a.all<Msid>();
  (void)a.all<MsidSemantic>();
  (void)a.all<Rid>();
  (void)a.all<Rtcp>();
  (void)a.all<RtcpFb>();
  (void)a.all<Rtpmap>();
  (void)a.all<Simulcast>();
  (void)a.all<Ssrc>();
  (void)a.all<SsrcGroup>();
  (void)a.all<Sctpmap>();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)Candidate::parse_line(text.substr(0, text.find('\n')));
  ParseLimits limits;
  limits.max_size = 64 * 1024;
  auto first = parse(text, limits);
  if (!first) {
    if (first.error().detail == nullptr || first.error().detail[0] == '\0') __builtin_trap();
    return 0;
  }
  touch_typed(first->attributes);
  for (const MediaDescription& m : first->media) {
    touch_typed(m.attributes);
    (void)m.direction();
  }
  (void)validate_bundle(*first);
  std::string out = serialize(*first);
  auto second = parse(out, limits);
  if (!second) __builtin_trap();
  if (!(*second == *first)) __builtin_trap();
  if (serialize(*second) != out) __builtin_trap();
  return 0;
}
