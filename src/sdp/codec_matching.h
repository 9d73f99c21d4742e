// Codec comparison for offer/answer (RFC 3264 section 6.1 and the payload formats' own rules):
// two codecs are the same when name (case-insensitive), clock rate and channel count agree and the
// format parameters that change the bitstream agree:
//   H.264 (RFC 6184 section 8.2.2): the profile part of profile-level-id and packetization-mode; the level
//         is negotiated (the answer takes the lower level unless both allow level asymmetry).
//   VP9 (RFC 9628): profile-id.  AV1 (AV1 RTP spec): profile.
// RTX (RFC 4588) and RED (RFC 2198) are matched through the codec they refer to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sdp/attributes/fmtp.h"

namespace purertc::sdp {

// RFC 6184 section 8.1 profile-level-id: profile_idc, profile-iop, level_idc as 6 hex digits.
struct H264ProfileLevelId {
  enum class Profile { kConstrainedBaseline, kBaseline, kMain, kExtended, kHigh, kConstrainedHigh, kHigh444, kOther };
  static std::string_view to_string(Profile p);

  Profile profile = Profile::kConstrainedBaseline;
  uint8_t profile_idc = 0x42;
  uint8_t profile_iop = 0xe0;
  uint8_t level_idc = 0x1f;

  // Level times 10, with level 1b (level_idc 11 plus constraint_set3 in a Baseline-family profile)
  // ordered between 1.0 and 1.1.
  unsigned level_order() const;
  static std::optional<H264ProfileLevelId> parse(std::string_view hex);
  std::string to_string() const;
};

struct CodecDescription {
  std::string_view name;
  uint32_t clock_rate = 0;
  uint32_t channels = 0;  // 0 = unspecified (treated as 1 for audio)
  const std::vector<FmtpParameter>* parameters = nullptr;
};

bool is_rtx(std::string_view name);
bool is_red(std::string_view name);
bool is_fec(std::string_view name);  // ulpfec / flexfec

// Same codec configuration (see the header comment); for RTX/RED only name and clock rate are compared.
bool codecs_match(const CodecDescription& a, const CodecDescription& b);

// Format parameters an answerer puts on a codec it accepts: the offer's, with the H.264 level chosen by
// the RFC 6184 section 8.2.2 rules against the local capability.
std::vector<FmtpParameter> answer_parameters(std::string_view name, const std::vector<FmtpParameter>& offered,
                                             const std::vector<FmtpParameter>& local);

}  // namespace purertc::sdp
