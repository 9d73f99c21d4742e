#include "sdp/codec_matching.h"

#include "sdp/text.h"

namespace purertc::sdp {

namespace {

std::optional<std::string_view> param(const std::vector<FmtpParameter>* params, std::string_view key) {
  if (params == nullptr) return std::nullopt;
  for (const auto& p : *params) {
    if (text::iequals(p.key, key)) return p.value ? std::string_view(*p.value) : std::string_view();
  }
  return std::nullopt;
}

std::string_view param_or(const std::vector<FmtpParameter>* params, std::string_view key, std::string_view fallback) {
  auto v = param(params, key);
  return v ? *v : fallback;
}

uint8_t hex_byte(std::string_view s) {
  auto nibble = [](char c) -> uint8_t {
    if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<uint8_t>(c - 'a' + 10);
    return static_cast<uint8_t>(c - 'A' + 10);
  };
  return static_cast<uint8_t>(nibble(s[0]) << 4 | nibble(s[1]));
}

// RFC 6184 section 8.1: a profile-level-id that is absent means Baseline level 1.0.
constexpr std::string_view kDefaultProfileLevelId = "42000a";

}  // namespace

std::string_view H264ProfileLevelId::to_string(Profile p) {
  switch (p) {
    case Profile::kConstrainedBaseline: return "constrained-baseline";
    case Profile::kBaseline: return "baseline";
    case Profile::kMain: return "main";
    case Profile::kExtended: return "extended";
    case Profile::kHigh: return "high";
    case Profile::kConstrainedHigh: return "constrained-high";
    case Profile::kHigh444: return "high-444-predictive";
    case Profile::kOther: return "other";
  }
  return "other";
}

std::optional<H264ProfileLevelId> H264ProfileLevelId::parse(std::string_view hex) {
  if (hex.size() != 6) return std::nullopt;
  for (char c : hex) {
    if (!text::is_hex(c)) return std::nullopt;
  }
  H264ProfileLevelId p;
  p.profile_idc = hex_byte(hex.substr(0, 2));
  p.profile_iop = hex_byte(hex.substr(2, 2));
  p.level_idc = hex_byte(hex.substr(4, 2));
  const bool set0 = p.profile_iop & 0x80;
  const bool set1 = p.profile_iop & 0x40;
  const bool set4_5 = (p.profile_iop & 0x0c) == 0x0c;
  // RFC 6184 Table 5 (profile_idc + constraint flags -> profile).
  switch (p.profile_idc) {
    case 0x42: p.profile = set1 ? Profile::kConstrainedBaseline : Profile::kBaseline; break;
    case 0x4d: p.profile = set0 ? Profile::kConstrainedBaseline : Profile::kMain; break;
    case 0x58: p.profile = set0 && set1 ? Profile::kConstrainedBaseline : set0 ? Profile::kBaseline : Profile::kExtended; break;
    case 0x64: p.profile = set4_5 ? Profile::kConstrainedHigh : Profile::kHigh; break;
    case 0xf4: p.profile = Profile::kHigh444; break;
    default: p.profile = Profile::kOther; break;
  }
  return p;
}

unsigned H264ProfileLevelId::level_order() const {
  const bool baseline_family = profile == Profile::kConstrainedBaseline || profile == Profile::kBaseline ||
                               profile == Profile::kMain || profile == Profile::kExtended;
  if (level_idc == 11 && baseline_family && (profile_iop & 0x10)) return 105;  // level 1b
  return static_cast<unsigned>(level_idc) * 10;
}

std::string H264ProfileLevelId::to_string() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : {profile_idc, profile_iop, level_idc}) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool is_rtx(std::string_view name) { return text::iequals(name, "rtx"); }
bool is_red(std::string_view name) { return text::iequals(name, "red"); }
bool is_fec(std::string_view name) { return text::iequals(name, "ulpfec") || text::iequals(name, "flexfec-03") || text::iequals(name, "flexfec"); }

bool codecs_match(const CodecDescription& a, const CodecDescription& b) {
  if (!text::iequals(a.name, b.name) || a.clock_rate != b.clock_rate) return false;
  if (is_rtx(a.name) || is_red(a.name) || is_fec(a.name)) return true;
  // RFC 8866 section 6.6: an omitted channel count means one channel.
  if ((a.channels == 0 ? 1 : a.channels) != (b.channels == 0 ? 1 : b.channels)) return false;
  if (text::iequals(a.name, "H264")) {
    if (param_or(a.parameters, "packetization-mode", "0") != param_or(b.parameters, "packetization-mode", "0")) return false;
    auto pa = H264ProfileLevelId::parse(param_or(a.parameters, "profile-level-id", kDefaultProfileLevelId));
    auto pb = H264ProfileLevelId::parse(param_or(b.parameters, "profile-level-id", kDefaultProfileLevelId));
    return pa && pb && pa->profile == pb->profile && pa->profile != H264ProfileLevelId::Profile::kOther;
  }
  if (text::iequals(a.name, "VP9")) return param_or(a.parameters, "profile-id", "0") == param_or(b.parameters, "profile-id", "0");
  if (text::iequals(a.name, "AV1")) return param_or(a.parameters, "profile", "0") == param_or(b.parameters, "profile", "0");
  return true;
}

std::vector<FmtpParameter> answer_parameters(std::string_view name, const std::vector<FmtpParameter>& offered,
                                             const std::vector<FmtpParameter>& local) {
  std::vector<FmtpParameter> out = offered;
  if (!text::iequals(name, "H264")) return out;
  auto offer_plid = H264ProfileLevelId::parse(param_or(&offered, "profile-level-id", kDefaultProfileLevelId));
  auto local_plid = H264ProfileLevelId::parse(param_or(&local, "profile-level-id", kDefaultProfileLevelId));
  if (!offer_plid || !local_plid) return out;
  // RFC 6184 section 8.2.2: with level-asymmetry-allowed=1 on both sides each side states the level it
  // can receive; otherwise the answer uses the lower of the two levels (the level both can decode).
  const bool asymmetry = param_or(&offered, "level-asymmetry-allowed", "0") == "1" &&
                         param_or(&local, "level-asymmetry-allowed", "0") == "1";
  H264ProfileLevelId answer = *offer_plid;
  const H264ProfileLevelId& level_from =
      asymmetry || local_plid->level_order() < offer_plid->level_order() ? *local_plid : *offer_plid;
  answer.level_idc = level_from.level_idc;
  answer.profile_iop = static_cast<uint8_t>((answer.profile_iop & ~0x10) | (level_from.profile_iop & 0x10));
  bool replaced = false;
  for (auto& p : out) {
    if (text::iequals(p.key, "profile-level-id")) {
      p.value = answer.to_string();
      replaced = true;
    }
  }
  if (!replaced) out.push_back({"profile-level-id", answer.to_string()});
  return out;
}

}  // namespace purertc::sdp
