// The JSON-lines helpers of the Chromium harness: the JSON value, and the payload patterns and digests that
// must match what the driver (tests/interop/browser/peer_page.js) generates and reports.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/hex.h"
#include "tests/interop/chromium_peer.h"
#include "tests/interop/json.h"

namespace purertc::interop {
namespace {

TEST(Json, ParsesWhatTheDriverPrints) {
  auto j = Json::parse(
      R"({"event":"message","ch":3,"seq":0,"type":"text","size":5,"text":"h\u00e9\ud83d\ude00\n","ok":true,)"
      R"("x":null,"list":[1,-2.5,1e3,[]],"o":{}})");
  ASSERT_TRUE(j);
  EXPECT_EQ((*j)["event"].string(), "message");
  EXPECT_EQ((*j)["ch"].integer(), 3);
  EXPECT_EQ((*j)["text"].string(), "h\xc3\xa9\xf0\x9f\x98\x80\n");
  EXPECT_TRUE((*j)["ok"].boolean());
  EXPECT_TRUE((*j)["x"].is_null());
  EXPECT_TRUE((*j)["missing"]["deeper"].is_null());
  EXPECT_EQ((*j)["list"].size(), 4u);
  EXPECT_EQ((*j)["list"][1].number(), -2.5);
  EXPECT_EQ((*j)["list"][2].integer(), 1000);
  EXPECT_TRUE((*j)["o"].is_object());
}

TEST(Json, RoundTripsCommands) {
  Json cmd = Json::object({{"cmd", "set_offer"}, {"sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}, {"id", 7}});
  cmd.set("flags", Json::array({true, false, nullptr, 0.5, "q\"uote\\"}));
  std::string line = cmd.dump();
  EXPECT_EQ(line.find('\n'), std::string::npos) << "one command per line";
  auto back = Json::parse(line);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, cmd);
  EXPECT_EQ(Json(uint32_t{4000000000}).dump(), "4000000000");
}

TEST(Json, RejectsMalformedLines) {
  for (const char* bad : {"", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "\"unterminated", "tru", "{} x", "\"\\q\"",
                          "\"\x01\"", "01x"}) {
    std::string error;
    EXPECT_FALSE(Json::parse(bad, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
  std::string deep(200, '[');
  EXPECT_FALSE(Json::parse(deep)) << "nesting is bounded";
}

// Values printed by the driver's patternBytes (node) for the same arguments.
TEST(Pattern, MatchesTheDriver) {
  EXPECT_EQ(to_hex(pattern_bytes(16, 7)), "001ce7b6aa7d0f2f5e14e5256d8a60d1");
  EXPECT_EQ(to_hex(pattern_bytes(16, 0)), "51e07b01e6f9bafca8b51af96d470c43");
  EXPECT_EQ(to_hex(pattern_bytes(8, 0xfffffff0)), "00c035c9dbbf92ec");
  // The digest Chromium reported for a 100000-byte message with seed 5.
  EXPECT_EQ(sha256_hex(pattern_bytes(100000, 5)), "a9c5f8c7d5bf79a2c323ed30f2eb576da6a8d32d5660a8cab504a576ca2653f9");
  std::string text = pattern_text(1000, 9);
  EXPECT_EQ(text.size(), 1000u);
  EXPECT_TRUE(std::all_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; }));
  EXPECT_EQ(sha256_hex(std::string_view("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sdp, ListsCandidates) {
  auto c = sdp_candidates("v=0\r\na=candidate:1 1 udp 2122260223 127.0.0.1 42804 typ host\r\na=mid:0\n"
                          "a=candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0], "candidate:1 1 udp 2122260223 127.0.0.1 42804 typ host");
  EXPECT_EQ(c[1], "candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active");
}

}  // namespace
}  // namespace purertc::interop
