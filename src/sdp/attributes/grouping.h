// Media grouping and identification.
//   RFC 5888 section 4/5:  a=mid:<identification-tag>          identification-tag = token
//                          a=group:<semantics> *(SP identification-tag)   (BUNDLE per RFC 8843)
//   RFC 8843 section 6:    a=bundle-only (property)
//   WebRTC MSID semantic (draft-ietf-mmusic-msid, still sent by every browser):
//                          a=msid-semantic: WMS [*|<stream-id> ...]
// Chrome writes "a=msid-semantic: WMS" with a space after the colon; it is tolerated and preserved.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sdp/sdp_error.h"

namespace purertc::sdp {

struct Mid {
  static constexpr std::string_view kName = "mid";
  std::string value;
  static Result<Mid, SdpError> parse(std::string_view v);
  std::string to_value() const { return value; }
  friend bool operator==(const Mid&, const Mid&) = default;
};

struct Group {
  static constexpr std::string_view kName = "group";
  std::string semantics;  // "BUNDLE", "LS", "FID" ...
  std::vector<std::string> mids;
  bool contains(std::string_view mid) const;
  static Result<Group, SdpError> parse(std::string_view v);
  std::string to_value() const;
  friend bool operator==(const Group&, const Group&) = default;
};

struct MsidSemantic {
  static constexpr std::string_view kName = "msid-semantic";
  std::string semantic = "WMS";
  std::vector<std::string> ids;
  static Result<MsidSemantic, SdpError> parse(std::string_view v);
  std::string to_value() const;  // " WMS ..." as Chrome writes it
  friend bool operator==(const MsidSemantic&, const MsidSemantic&) = default;
};

}  // namespace purertc::sdp
