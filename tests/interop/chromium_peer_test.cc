// Two headless Chromium peers connected through this test: proves the Chromium harness (driver flags,
// loopback-only candidates, the JSON-lines protocol, payload digests, getStats summaries) on its own, so
// that a failure in the purertc-vs-Chromium end-to-end tests points at purertc and not at the harness.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <tuple>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/interop/chromium_gtest.h"
#include "tests/interop/chromium_peer.h"

namespace purertc::interop {
namespace {

const ::testing::Environment* const kNetwork = ::testing::AddGlobalTestEnvironment(new LoopbackOnlyNetwork);

constexpr Duration kConnectTimeout = Duration::seconds(20);

// Every candidate a peer hands out must be a UDP host candidate on 127.0.0.1.
void expect_loopback_candidates(const std::string& sdp, const char* who) {
  auto candidates = sdp_candidates(sdp);
  EXPECT_FALSE(candidates.empty()) << who << " SDP has no candidates:\n" << sdp;
  for (const auto& c : candidates) {
    EXPECT_NE(c.find(" udp "), std::string::npos) << who << ": " << c;
    EXPECT_NE(c.find(" 127.0.0.1 "), std::string::npos) << who << ": " << c;
    EXPECT_NE(c.find(" typ host"), std::string::npos) << who << ": " << c;
  }
}

struct Expected {
  std::string type;  // "text" or "binary"
  size_t size;
  std::string sha256;
  friend bool operator<(const Expected& a, const Expected& b) {
    return std::tie(a.type, a.size, a.sha256) < std::tie(b.type, b.size, b.sha256);
  }
  friend bool operator==(const Expected&, const Expected&) = default;
};

// The messages sent on one channel: literal and generated, text and binary, empty and large.
struct Payloads {
  std::vector<Json> sends;
  std::vector<Expected> expected;

  void text(const std::string& t) {
    sends.push_back(Json::object({{"text", t}}));
    expected.push_back({"text", t.size(), sha256_hex(t)});
  }
  void binary_hex(const std::string& hex, std::vector<uint8_t> bytes) {
    sends.push_back(Json::object({{"hex", hex}}));
    expected.push_back({"binary", bytes.size(), sha256_hex(bytes)});
  }
  void generated(bool is_text, size_t size, uint32_t seed) {
    sends.push_back(Json::object(
        {{"gen", Json::object({{"kind", is_text ? "text" : "binary"}, {"size", size}, {"seed", seed}})}}));
    if (is_text) {
      expected.push_back({"text", size, sha256_hex(pattern_text(size, seed))});
    } else {
      expected.push_back({"binary", size, sha256_hex(pattern_bytes(size, seed))});
    }
  }
};

Payloads payloads_for(size_t large, uint32_t seed) {
  Payloads p;
  p.text("hello");
  p.text("h\xc3\xa9llo \xe2\x9c\x93");  // multi-byte UTF-8
  p.text("");
  p.binary_hex("", {});
  p.binary_hex("00ff7f80", {0x00, 0xff, 0x7f, 0x80});
  p.generated(false, 1200, seed);       // one fragment more than a 1200-byte packet holds
  p.generated(true, 5000, seed + 1);
  p.generated(false, large, seed + 2);  // many SCTP fragments
  p.generated(true, large / 2, seed + 3);
  return p;
}

class ChromiumPeerTest : public ::testing::Test {
 protected:
  static void TearDownTestSuite() {
    a_.reset();
    b_.reset();
  }

  void SetUp() override {
    PURERTC_REQUIRE_CHROMIUM();
    if (!a_ || !a_->alive() || !b_ || !b_->alive()) {
      // Both browsers start in parallel; later tests reuse them with a fresh RTCPeerConnection each.
      a_ = std::make_unique<ChromiumPeer>();
      b_ = std::make_unique<ChromiumPeer>();
      ASSERT_TRUE(a_->wait_ready()) << a_->error() << "\n" << a_->diagnostics();
      ASSERT_TRUE(b_->wait_ready()) << b_->error() << "\n" << b_->diagnostics();
    }
  }

  void TearDown() override {
    if (HasFailure() && a_ && b_) {
      std::printf("--- driver A\n%s\n--- driver B\n%s\n", a_->diagnostics().c_str(), b_->diagnostics().c_str());
    }
    for (ChromiumPeer* peer : {a_.get(), b_.get()}) {
      if (peer == nullptr) continue;
      peer->call("close");
      peer->clear_events();
    }
  }

  static Json ok(Json response) {
    EXPECT_TRUE(response["ok"].boolean()) << response.dump();
    return response;
  }

  // Complete-SDP negotiation (no trickle): offerer -> answerer -> offerer.
  static void negotiate(ChromiumPeer& offerer, ChromiumPeer& answerer, std::string* offer_sdp = nullptr,
                        std::string* answer_sdp = nullptr) {
    Json offer = ok(offerer.call("create_offer"));
    Json answer = ok(answerer.call("set_offer", Json::object({{"sdp", offer["sdp"]}})));
    ok(offerer.call("set_answer", Json::object({{"sdp", answer["sdp"]}})));
    if (offer_sdp) *offer_sdp = offer["sdp"].string();
    if (answer_sdp) *answer_sdp = answer["sdp"].string();
  }

  static std::unique_ptr<ChromiumPeer> a_;
  static std::unique_ptr<ChromiumPeer> b_;
};

std::unique_ptr<ChromiumPeer> ChromiumPeerTest::a_;
std::unique_ptr<ChromiumPeer> ChromiumPeerTest::b_;

TEST_F(ChromiumPeerTest, ConnectsOverLoopbackOnly) {
  ok(a_->call("create_pc"));
  ok(b_->call("create_pc"));
  ok(a_->call("create_channel", Json::object({{"label", "probe"}})));
  std::string offer, answer;
  negotiate(*a_, *b_, &offer, &answer);
  expect_loopback_candidates(offer, "offer");
  expect_loopback_candidates(answer, "answer");
  ASSERT_TRUE(a_->wait_connection_state("connected", kConnectTimeout));
  ASSERT_TRUE(b_->wait_connection_state("connected", kConnectTimeout));

  Json stats = ok(a_->call("stats"));
  EXPECT_EQ(stats["selected_pair"]["local"]["address"].string(), "127.0.0.1") << stats.dump();
  EXPECT_EQ(stats["selected_pair"]["remote"]["address"].string(), "127.0.0.1") << stats.dump();
  EXPECT_EQ(stats["transport"]["dtlsState"].string(), "connected") << stats.dump();
  std::printf("[chromium] %s, DTLS %s %s, SRTP %s\n", a_->browser_version().c_str(),
              stats["transport"]["tlsVersion"].string().c_str(), stats["transport"]["dtlsCipher"].string().c_str(),
              stats["transport"]["srtpCipher"].string("-").c_str());
}

// Candidates trickled through the test instead of complete descriptions.
TEST_F(ChromiumPeerTest, TrickleIce) {
  ok(a_->call("create_pc", Json::object({{"trickle", true}})));
  ok(b_->call("create_pc", Json::object({{"trickle", true}})));
  ok(a_->call("create_channel", Json::object({{"label", "trickle"}})));
  Json offer = ok(a_->call("create_offer"));
  EXPECT_TRUE(sdp_candidates(offer["sdp"].string()).empty()) << "a trickled offer carries no candidates yet";
  Json answer = ok(b_->call("set_offer", Json::object({{"sdp", offer["sdp"]}})));
  ok(a_->call("set_answer", Json::object({{"sdp", answer["sdp"]}})));

  // Forward each side's candidates (the empty one ends them) to the other side.
  auto forward = [&](ChromiumPeer& from, ChromiumPeer& to) {
    ASSERT_TRUE(from.wait_event("candidate", [](const Json& e) { return e["candidate"].string().empty(); },
                                Duration::seconds(10)));
    size_t real = 0;
    for (const auto& c : from.events("candidate")) {
      Json args = Json::object({{"candidate", c["candidate"]}, {"sdpMid", c["sdpMid"]},
                                {"sdpMLineIndex", c["sdpMLineIndex"]}});
      ok(to.call("add_candidate", args));
      if (!c["candidate"].string().empty()) {
        ++real;
        EXPECT_NE(c["candidate"].string().find(" 127.0.0.1 "), std::string::npos) << c.dump();
      }
    }
    EXPECT_GT(real, 0u);
  };
  forward(*a_, *b_);
  forward(*b_, *a_);
  EXPECT_TRUE(a_->wait_event("open", Duration::seconds(20))) << "channel did not open";
  EXPECT_TRUE(b_->wait_event("open", Duration::seconds(20))) << "channel did not open";
}

// Every kind of data channel, B echoing; A checks what comes back and B what arrived, by SHA-256.
TEST_F(ChromiumPeerTest, DataChannelsOfEveryTypeEchoed) {
  ok(a_->call("create_pc"));
  ok(b_->call("create_pc", Json::object({{"echo", true}})));
  struct Kind {
    Json init;
    size_t large;
  };
  // Unreliable channels get smaller large messages: one lost fragment would lose the message.
  std::vector<Kind> kinds = {
      {Json::object({{"label", "reliable"}}), 200000},
      {Json::object({{"label", "unordered"}, {"ordered", false}}), 200000},
      {Json::object({{"label", "rexmit0"}, {"ordered", false}, {"maxRetransmits", 0}}), 16000},
      {Json::object({{"label", "rexmit3-ordered"}, {"maxRetransmits", 3}}), 16000},
      {Json::object({{"label", "lifetime"}, {"ordered", false}, {"maxPacketLifeTime", 1000}}), 16000},
      {Json::object({{"label", "negotiated"}, {"negotiated", true}, {"id", 42}}), 200000},
      {Json::object({{"label", "with-protocol"}, {"protocol", "purertc-test.v1"}}), 200000},
  };
  std::vector<int64_t> channels;
  for (const auto& k : kinds) {
    Json r = ok(a_->call("create_channel", k.init));
    channels.push_back(r["ch"].integer());
    // A negotiated channel is created on both sides with the same id, and announced by neither.
    if (k.init["negotiated"].boolean()) ok(b_->call("create_channel", k.init));
  }
  negotiate(*a_, *b_);
  ASSERT_TRUE(a_->wait_count("open", [](const Json&) { return true; }, kinds.size(), kConnectTimeout))
      << "not every channel opened";
  ASSERT_TRUE(b_->wait_count("open", [](const Json&) { return true; }, kinds.size(), kConnectTimeout));

  // B saw the in-band ones with A's parameters (RFC 8832 DATA_CHANNEL_OPEN).
  for (const auto& k : kinds) {
    if (k.init["negotiated"].boolean()) continue;
    auto announced = b_->wait_event("datachannel",
        [&](const Json& e) { return e["label"].string() == k.init["label"].string(); }, Duration::seconds(5));
    ASSERT_TRUE(announced) << k.init.dump();
    EXPECT_EQ((*announced)["ordered"].boolean(), k.init["ordered"].boolean(true)) << announced->dump();
    EXPECT_EQ((*announced)["maxRetransmits"], k.init["maxRetransmits"]) << announced->dump();
    EXPECT_EQ((*announced)["maxPacketLifeTime"], k.init["maxPacketLifeTime"]) << announced->dump();
    EXPECT_EQ((*announced)["protocol"].string(), k.init["protocol"].string()) << announced->dump();
  }

  // One channel at a time: a burst on the reliable channels must not starve the unreliable ones, whose
  // messages an SCTP stack may abandon (legitimately) once its retransmission timer fires.
  std::vector<Payloads> sent;
  for (size_t i = 0; i < kinds.size(); ++i) {
    const std::string label = kinds[i].init["label"].string();
    sent.push_back(payloads_for(kinds[i].large, static_cast<uint32_t>(100 * (i + 1))));
    for (const auto& s : sent.back().sends) {
      Json args = s;
      args.set("ch", channels[i]);
      ok(a_->call("send", args));
    }
    const auto& expected = sent[i].expected;
    auto on_channel = [&](const Json& e) { return e["label"].string() == label; };
    // A partially reliable channel may abandon a message whose first transmission was not acknowledged
    // within the retransmission timeout (a loaded machine does that even over loopback): there, what
    // arrives must be exact copies of sent messages, none twice, in order if ordered, and not nothing.
    const bool partial = kinds[i].init.has("maxRetransmits") || kinds[i].init.has("maxPacketLifeTime");
    const Duration wait = partial ? Duration::seconds(5) : Duration::seconds(20);
    bool all = a_->wait_count("message", on_channel, expected.size(), wait);
    ASSERT_TRUE(all || partial) << label << ": not every echo came back";
    // B reports a message after it echoed it, so wait for B's reports too.
    all = b_->wait_count("message", on_channel, expected.size(), Duration::seconds(partial ? 1 : 5));
    ASSERT_TRUE(all || partial) << label << ": B did not report every message";
    for (ChromiumPeer* peer : {b_.get(), a_.get()}) {
      std::vector<Expected> got;
      for (const auto& e : peer->events("message")) {
        if (on_channel(e)) got.push_back({e["type"].string(), static_cast<size_t>(e["size"].integer()),
                                          e["sha256"].string()});
      }
      std::vector<Expected> want = expected;
      if (!kinds[i].init["ordered"].boolean(true)) {
        // Unordered channels may deliver in any order; compare the multisets.
        std::sort(got.begin(), got.end());
        std::sort(want.begin(), want.end());
      }
      if (!partial) {
        EXPECT_EQ(got, want) << label;
        continue;
      }
      ASSERT_FALSE(got.empty()) << label;
      size_t w = 0;
      for (size_t g = 0; g < got.size(); ++g) {
        while (w < want.size() && !(want[w] == got[g])) ++w;
        ASSERT_LT(w, want.size()) << label << ": message " << g << " was not sent, came twice or out of order";
        ++w;
      }
    }
  }

  Json stats = ok(a_->call("stats"));
  size_t total = 0;
  for (const auto& p : sent) total += p.expected.size();
  size_t sent_count = 0, received_count = 0;
  for (const auto& dc : stats["data_channels"].items()) {
    sent_count += static_cast<size_t>(dc["messagesSent"].integer());
    received_count += static_cast<size_t>(dc["messagesReceived"].integer());
  }
  EXPECT_EQ(sent_count, total) << stats.dump();
  EXPECT_EQ(received_count, total) << stats.dump();
}

// A sends fake camera + microphone (VP8 + Opus); B reflects both tracks; both directions counted.
TEST_F(ChromiumPeerTest, MediaReflected) {
  ok(a_->call("create_pc"));
  ok(b_->call("create_pc", Json::object({{"reflect", true}})));
  Json media = ok(a_->call("add_media", Json::object({{"audio", true}, {"video", true}})));
  ASSERT_EQ(media["tracks"].size(), 2u);
  std::string offer, answer;
  negotiate(*a_, *b_, &offer, &answer);
  EXPECT_NE(answer.find("VP8/90000"), std::string::npos);
  EXPECT_NE(answer.find("opus/48000/2"), std::string::npos);
  ASSERT_TRUE(a_->wait_connection_state("connected", kConnectTimeout));
  ASSERT_TRUE(b_->wait_event("track", [](const Json& e) { return e["kind"].string() == "video"; },
                             Duration::seconds(5)));

  // Wait until enough media has flowed every way, but give up after a bound (about 10 s).
  Json a_stats, b_stats;
  auto enough = [&] {
    for (const char* kind : {"audio", "video"}) {
      if (a_stats["inbound"][kind]["packets"].integer() < 50 || b_stats["inbound"][kind]["packets"].integer() < 50 ||
          b_stats["outbound"][kind]["packets"].integer() < 50) {
        return false;
      }
    }
    return true;
  };
  for (int i = 0; i < 40; ++i) {
    a_stats = ok(a_->call("stats"));
    b_stats = ok(b_->call("stats"));
    if (enough()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  for (const char* kind : {"audio", "video"}) {
    const char* codec = std::string(kind) == "audio" ? "audio/opus" : "video/VP8";
    EXPECT_GE(b_stats["inbound"][kind]["packets"].integer(), 50) << kind << " " << b_stats.dump();
    EXPECT_GE(b_stats["outbound"][kind]["packets"].integer(), 50) << kind << " reflected " << b_stats.dump();
    EXPECT_GE(a_stats["inbound"][kind]["packets"].integer(), 50) << kind << " back at A " << a_stats.dump();
    EXPECT_EQ(a_stats["inbound"][kind]["codecs"][0].string(), codec) << a_stats.dump();
    EXPECT_EQ(b_stats["inbound"][kind]["codecs"][0].string(), codec) << b_stats.dump();
  }
  EXPECT_GT(a_stats["inbound"]["video"]["framesDecoded"].integer(), 0) << a_stats.dump();
}

}  // namespace
}  // namespace purertc::interop
