// Codec identity rules used by the JSEP answerer: RFC 6184 (H.264), VP9/AV1 profiles, RTX/RED.
#include <gtest/gtest.h>

#include "sdp/codec_matching.h"

namespace purertc::sdp {
namespace {

using Profile = H264ProfileLevelId::Profile;

TEST(H264ProfileLevelId, ProfilesFromRfc6184Table5) {
  struct Case {
    const char* hex;
    Profile profile;
    unsigned level;
  };
  for (const Case& c : {Case{"42e01f", Profile::kConstrainedBaseline, 310}, Case{"42001f", Profile::kBaseline, 310},
                        Case{"4d001f", Profile::kMain, 310}, Case{"4d801f", Profile::kConstrainedBaseline, 310},
                        Case{"58c01f", Profile::kConstrainedBaseline, 310}, Case{"58801f", Profile::kBaseline, 310},
                        Case{"580015", Profile::kExtended, 210}, Case{"640c34", Profile::kConstrainedHigh, 520},
                        Case{"64001f", Profile::kHigh, 310}, Case{"f4001f", Profile::kHigh444, 310},
                        Case{"42f00b", Profile::kConstrainedBaseline, 105}, Case{"42e00b", Profile::kConstrainedBaseline, 110},
                        Case{"7a001f", Profile::kOther, 310}}) {
    SCOPED_TRACE(c.hex);
    auto p = H264ProfileLevelId::parse(c.hex);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->profile, c.profile);
    EXPECT_EQ(p->level_order(), c.level);
    EXPECT_EQ(p->to_string(), c.hex);
  }
  EXPECT_EQ(H264ProfileLevelId::to_string(Profile::kConstrainedHigh), "constrained-high");
  EXPECT_FALSE(H264ProfileLevelId::parse("42e01"));
  EXPECT_FALSE(H264ProfileLevelId::parse("42e01g"));
}

std::vector<FmtpParameter> params(std::initializer_list<std::pair<const char*, const char*>> kv) {
  std::vector<FmtpParameter> out;
  for (auto [k, v] : kv) out.push_back({k, std::string(v)});
  return out;
}

TEST(CodecsMatch, H264ProfileAndPacketizationModeMustAgreeLevelNeedNot) {
  auto a = params({{"profile-level-id", "42e01f"}, {"packetization-mode", "1"}});
  auto b = params({{"profile-level-id", "42e034"}, {"packetization-mode", "1"}});
  auto mode0 = params({{"profile-level-id", "42e01f"}});
  auto high = params({{"profile-level-id", "64001f"}, {"packetization-mode", "1"}});
  auto cb_main = params({{"profile-level-id", "4d801f"}, {"packetization-mode", "1"}});
  EXPECT_TRUE(codecs_match({"H264", 90000, 0, &a}, {"h264", 90000, 0, &b}));
  EXPECT_FALSE(codecs_match({"H264", 90000, 0, &a}, {"H264", 90000, 0, &mode0}));
  EXPECT_FALSE(codecs_match({"H264", 90000, 0, &a}, {"H264", 90000, 0, &high}));
  EXPECT_TRUE(codecs_match({"H264", 90000, 0, &a}, {"H264", 90000, 0, &cb_main}));
  std::vector<FmtpParameter> none;
  auto baseline10 = params({{"profile-level-id", "42000a"}});
  EXPECT_TRUE(codecs_match({"H264", 90000, 0, &none}, {"H264", 90000, 0, &baseline10}));
}

TEST(CodecsMatch, OtherCodecs) {
  std::vector<FmtpParameter> none;
  auto vp9p2 = params({{"profile-id", "2"}});
  auto vp9p0 = params({{"profile-id", "0"}});
  EXPECT_TRUE(codecs_match({"VP9", 90000, 0, &none}, {"VP9", 90000, 0, &vp9p0}));
  EXPECT_FALSE(codecs_match({"VP9", 90000, 0, &vp9p2}, {"VP9", 90000, 0, &vp9p0}));
  auto av1p1 = params({{"profile", "1"}});
  EXPECT_FALSE(codecs_match({"AV1", 90000, 0, &av1p1}, {"AV1", 90000, 0, &none}));
  EXPECT_TRUE(codecs_match({"opus", 48000, 2, &none}, {"OPUS", 48000, 2, &none}));
  EXPECT_FALSE(codecs_match({"opus", 48000, 2, &none}, {"opus", 48000, 1, &none}));
  EXPECT_TRUE(codecs_match({"PCMU", 8000, 0, &none}, {"PCMU", 8000, 1, &none}));
  EXPECT_FALSE(codecs_match({"PCMU", 8000, 0, &none}, {"PCMA", 8000, 0, &none}));
  EXPECT_FALSE(codecs_match({"VP8", 90000, 0, &none}, {"VP8", 48000, 0, &none}));
  auto apt = params({{"apt", "96"}});
  EXPECT_TRUE(codecs_match({"rtx", 90000, 0, &apt}, {"rtx", 90000, 0, &none}));
  EXPECT_TRUE(is_red("RED"));
  EXPECT_TRUE(is_fec("ulpfec"));
}

TEST(AnswerParameters, H264LevelFollowsRfc6184Section822) {
  auto offer = params({{"level-asymmetry-allowed", "1"}, {"packetization-mode", "1"}, {"profile-level-id", "42e01f"}});
  auto local_low = params({{"packetization-mode", "1"}, {"profile-level-id", "42e00d"}});
  auto local_high = params({{"packetization-mode", "1"}, {"profile-level-id", "42e034"}});
  auto local_high_asym = params({{"level-asymmetry-allowed", "1"}, {"packetization-mode", "1"}, {"profile-level-id", "42e034"}});
  auto get = [](const std::vector<FmtpParameter>& p) {
    for (const auto& x : p) {
      if (x.key == "profile-level-id") return *x.value;
    }
    return std::string();
  };
  EXPECT_EQ(get(answer_parameters("H264", offer, local_low)), "42e00d");
  EXPECT_EQ(get(answer_parameters("H264", offer, local_high)), "42e01f");
  EXPECT_EQ(get(answer_parameters("H264", offer, local_high_asym)), "42e034");
  std::vector<FmtpParameter> none;
  EXPECT_EQ(get(answer_parameters("H264", none, local_high)), "42000a");
  auto opus = params({{"minptime", "10"}, {"useinbandfec", "1"}});
  EXPECT_EQ(answer_parameters("opus", opus, none), opus);
}

}  // namespace
}  // namespace purertc::sdp
