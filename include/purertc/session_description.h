// W3C RTCSessionDescriptionInit and RTCIceCandidateInit: what the application carries over its
// signaling channel.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "purertc/export.h"

namespace purertc {

enum class SdpType { kOffer, kPranswer, kAnswer, kRollback };
PURERTC_EXPORT std::string_view to_string(SdpType type);  // "offer", "pranswer", "answer", "rollback"
PURERTC_EXPORT std::optional<SdpType> sdp_type_from_string(std::string_view name);

struct SessionDescription {
  SdpType type = SdpType::kOffer;
  std::string sdp;  // empty for a rollback, or to let set_local_description create one
};

// A trickled candidate. `candidate` is "candidate:..." (an empty string means end of candidates).
struct IceCandidateInit {
  std::string candidate;
  std::optional<std::string> sdp_mid;
  std::optional<uint16_t> sdp_mline_index;
  std::optional<std::string> username_fragment;
};

}  // namespace purertc
