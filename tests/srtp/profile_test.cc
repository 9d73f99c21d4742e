#include "srtp/profile.h"

#include "srtp/key_derivation.h"
#include "srtp/session.h"

#include <gtest/gtest.h>

namespace purertc::srtp {
namespace {

TEST(Profile, IdsRoundTrip) {
  for (uint16_t id : {1, 2, 5, 7, 8}) {
    auto p = profile_from_id(id);
    ASSERT_TRUE(p) << id;
    EXPECT_EQ(static_cast<uint16_t>(*p), id);
  }
  EXPECT_FALSE(profile_from_id(0));
  EXPECT_FALSE(profile_from_id(6));
  EXPECT_FALSE(profile_from_id(3));
}

TEST(Profile, ParametersAndNames) {
  EXPECT_EQ(to_string(Profile::kAeadAes256Gcm), "SRTP_AEAD_AES_256_GCM");
  EXPECT_EQ(to_string(params(Profile::kAes128CmHmacSha1_32).cipher), "AES-CM");
  EXPECT_EQ(params(Profile::kAes128CmHmacSha1_32).rtp_tag_size, 4u);
  EXPECT_EQ(params(Profile::kAes128CmHmacSha1_32).rtcp_tag_size, 10u);  // RFC 5764 4.1.2
  EXPECT_EQ(to_string(params(Profile::kNullHmacSha1_80).cipher), "NULL");
  EXPECT_EQ(to_string(params(Profile::kAeadAes128Gcm).cipher), "AES-GCM");
  EXPECT_EQ(rtp_overhead(Profile::kAeadAes128Gcm), 16u);
  EXPECT_EQ(rtcp_overhead(Profile::kAes128CmHmacSha1_80), 14u);
  for (Profile p : {Profile::kAes128CmHmacSha1_80, Profile::kAes128CmHmacSha1_32, Profile::kNullHmacSha1_80,
                    Profile::kAeadAes128Gcm, Profile::kAeadAes256Gcm}) {
    EXPECT_LE(rtp_overhead(p), kMaxRtpOverhead);
    EXPECT_LE(rtcp_overhead(p), kMaxRtcpOverhead);
  }
  EXPECT_EQ(to_string(KeyLabel::kRtpHeaderSalt), "SRTP header salt");
  EXPECT_EQ(to_string(DtlsRole::kServer), "server");
}

}  // namespace
}  // namespace purertc::srtp
