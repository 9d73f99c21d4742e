// purertc against headless Chromium (tests/interop/chromium_peer.h), on 127.0.0.1 only: purertc offers and
// Chromium answers, and the other way round; with complete descriptions and with trickled candidates;
// data channels of every type carrying text, binary, empty and large messages echoed back and compared
// byte for byte (purertc side) and by SHA-256 (Chromium side).
//
// The whole program runs in a network namespace with only lo when it may (LoopbackOnlyNetwork), so neither
// side can gather or send from another address.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "tests/interop/chromium_gtest.h"
#include "tests/interop/chromium_peer.h"
#include "tests/pc/e2e/peer_pair.h"

namespace purertc::e2e {
namespace {

using interop::ChromiumPeer;
using interop::Json;
using interop::pattern_bytes;
using interop::pattern_text;
using interop::sha256_hex;

const ::testing::Environment* const kNetwork =
    ::testing::AddGlobalTestEnvironment(new interop::LoopbackOnlyNetwork);

constexpr Duration kWait = Duration::seconds(20);

struct Message {
  bool binary = false;
  std::vector<uint8_t> data;
  friend bool operator==(const Message&, const Message&) = default;
  friend bool operator<(const Message& a, const Message& b) {
    return std::tie(a.binary, a.data) < std::tie(b.binary, b.data);
  }
};

Message text_message(std::string_view t) { return {false, std::vector<uint8_t>(t.begin(), t.end())}; }
Message binary_message(std::vector<uint8_t> b) { return {true, std::move(b)}; }

// Text, binary, empty (both kinds), multi-byte UTF-8, one packet and a bit, and large (many SCTP
// fragments). `large` stays modest on partially reliable channels: one abandoned fragment loses a message.
std::vector<Message> payloads(size_t large, uint32_t seed) {
  std::string large_text = pattern_text(large / 2, seed + 3);
  return {text_message("hello"),
          text_message("h\xc3\xa9llo \xe2\x9c\x93"),
          text_message(""),
          binary_message({}),
          binary_message({0x00, 0xff, 0x7f, 0x80}),
          binary_message(pattern_bytes(1200, seed)),
          text_message(pattern_text(5000, seed + 1)),
          binary_message(pattern_bytes(large, seed + 2)),
          text_message(large_text)};
}

// The same payloads as driver commands (send {gen|text|hex}), for Chromium to send.
std::vector<Json> payload_commands(size_t large, uint32_t seed) {
  auto gen = [](const char* kind, size_t size, uint32_t s) {
    return Json::object({{"gen", Json::object({{"kind", kind}, {"size", size}, {"seed", s}})}});
  };
  return {Json::object({{"text", "hello"}}),
          Json::object({{"text", "h\xc3\xa9llo \xe2\x9c\x93"}}),
          Json::object({{"text", ""}}),
          Json::object({{"hex", ""}}),
          Json::object({{"hex", "00ff7f80"}}),
          gen("binary", 1200, seed),
          gen("text", 5000, seed + 1),
          gen("binary", large, seed + 2),
          gen("text", large / 2, seed + 3)};
}

struct ChannelKind {
  std::string label;
  DataChannelInit init;
  size_t large;
};

std::vector<ChannelKind> channel_kinds() {
  auto make = [](std::string label, bool ordered, std::optional<uint16_t> rexmit, std::optional<uint16_t> life,
                 bool negotiated, std::optional<uint16_t> id, std::string protocol, size_t large) {
    DataChannelInit init;
    init.ordered = ordered;
    init.max_retransmits = rexmit;
    init.max_packet_life_time_ms = life;
    init.negotiated = negotiated;
    init.id = id;
    init.protocol = std::move(protocol);
    return ChannelKind{std::move(label), init, large};
  };
  return {
      make("reliable", true, std::nullopt, std::nullopt, false, std::nullopt, "", 200000),
      make("unordered", false, std::nullopt, std::nullopt, false, std::nullopt, "", 200000),
      make("rexmit0", false, 0, std::nullopt, false, std::nullopt, "", 16000),
      make("rexmit3-ordered", true, 3, std::nullopt, false, std::nullopt, "", 16000),
      make("lifetime", false, std::nullopt, 1000, false, std::nullopt, "", 16000),
      make("negotiated", true, std::nullopt, std::nullopt, true, 42, "", 200000),
      make("with-protocol", true, std::nullopt, std::nullopt, false, std::nullopt, "purertc-test.v1", 200000),
  };
}

Json chromium_init(const ChannelKind& k) {
  Json j = Json::object({{"label", k.label}, {"ordered", k.init.ordered}, {"protocol", k.init.protocol}});
  if (k.init.max_retransmits) j.set("maxRetransmits", *k.init.max_retransmits);
  if (k.init.max_packet_life_time_ms) j.set("maxPacketLifeTime", *k.init.max_packet_life_time_ms);
  if (k.init.negotiated) j.set("negotiated", true);
  if (k.init.id) j.set("id", *k.init.id);
  return j;
}

std::string digest(const Message& m) { return sha256_hex(m.data); }

// Compares what arrived with what was sent: in order on ordered channels, as a multiset on unordered ones.
// On partially reliable channels (RFC 3758) a stack may abandon a message whose first transmission was
// not acknowledged within its retransmission timeout, which happens on a loaded machine even over
// loopback; there every delivered message must still be an exact copy of a sent one, none twice, in order
// if ordered, and at least one must arrive.
template <class T>
void expect_delivered(std::vector<T> got, std::vector<T> want, bool ordered, bool partial, const std::string& what) {
  if (!ordered) {
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
  }
  if (!partial) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (size_t i = 0; i < want.size(); ++i) EXPECT_TRUE(got[i] == want[i]) << what << ": message " << i << " differs";
    return;
  }
  ASSERT_FALSE(got.empty()) << what << ": nothing arrived";
  // got must be a subsequence of want (both sorted when unordered, which makes it a sub-multiset).
  size_t w = 0;
  for (size_t g = 0; g < got.size(); ++g) {
    while (w < want.size() && !(want[w] == got[g])) ++w;
    ASSERT_LT(w, want.size()) << what << ": message " << g << " was not sent, was duplicated or is out of order";
    ++w;
  }
  if (got.size() < want.size()) {
    std::printf("[chromium] %s: %zu of %zu messages abandoned (partial reliability)\n", what.c_str(),
                want.size() - got.size(), want.size());
  }
}

bool partially_reliable(const DataChannelInit& init) {
  return init.max_retransmits.has_value() || init.max_packet_life_time_ms.has_value();
}

// What Chromium reported receiving on a channel, as (type, size, sha256) triples.
std::vector<std::string> chromium_received(ChromiumPeer& peer, const std::string& label) {
  std::vector<std::string> out;
  for (const auto& e : peer.events("message")) {
    if (e["label"].string() == label) {
      out.push_back(e["type"].string() + "/" + std::to_string(e["size"].integer()) + "/" + e["sha256"].string());
    }
  }
  return out;
}

std::string describe(const Message& m) {
  return std::string(m.binary ? "binary" : "text") + "/" + std::to_string(m.data.size()) + "/" + digest(m);
}

class ChromiumE2e : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { chromium_.reset(); }

  void SetUp() override {
    PURERTC_REQUIRE_CHROMIUM();
    if (!chromium_ || !chromium_->alive()) {
      chromium_ = std::make_unique<ChromiumPeer>();
      ASSERT_TRUE(chromium_->wait_ready()) << chromium_->error() << "\n" << chromium_->diagnostics();
    }
    api_.emplace(make_api());
    auto pc = api_->new_peer_connection();
    ASSERT_TRUE(pc) << to_string(pc.error());
    pc_ = *pc;
    pc_->on_connection_state_change([this](PeerConnectionState s) { states_.push(s); });
  }

  void TearDown() override {
    if (HasFailure() && chromium_) std::printf("--- Chromium driver\n%s\n", chromium_->diagnostics().c_str());
    if (pc_) pc_->close();
    if (chromium_) {
      chromium_->call("close");
      chromium_->clear_events();
    }
  }

  static Json ok(Json response) {
    EXPECT_TRUE(response["ok"].boolean()) << response.dump();
    return response;
  }

  // purertc offers (complete description), Chromium answers.
  void purertc_offers() {
    ASSERT_TRUE(pc_->set_local_description(SessionDescription{SdpType::kOffer, ""}));
    ASSERT_TRUE(pc_->wait_for_gathering_complete());
    auto offer = pc_->local_description();
    ASSERT_TRUE(offer);
    Json answer = ok(chromium_->call("set_offer", Json::object({{"sdp", offer->sdp}})));
    auto r = pc_->set_remote_description(SessionDescription{SdpType::kAnswer, answer["sdp"].string()});
    ASSERT_TRUE(r) << to_string(r.error()) << "\n" << answer["sdp"].string();
  }

  // Chromium offers (complete description), purertc answers.
  void chromium_offers() {
    Json offer = ok(chromium_->call("create_offer"));
    auto r = pc_->set_remote_description(SessionDescription{SdpType::kOffer, offer["sdp"].string()});
    ASSERT_TRUE(r) << to_string(r.error()) << "\n" << offer["sdp"].string();
    ASSERT_TRUE(pc_->set_local_description(SessionDescription{SdpType::kAnswer, ""}));
    ASSERT_TRUE(pc_->wait_for_gathering_complete());
    auto answer = pc_->local_description();
    ASSERT_TRUE(answer);
    ok(chromium_->call("set_answer", Json::object({{"sdp", answer->sdp}})));
  }

  bool connected() {
    return eventually([&] { return pc_->connection_state() == PeerConnectionState::kConnected; },
                      std::chrono::milliseconds(kWait.ms())) &&
           chromium_->wait_connection_state("connected", kWait);
  }

  static std::unique_ptr<ChromiumPeer> chromium_;
  std::optional<Api> api_;
  std::shared_ptr<PeerConnection> pc_;
  EventLog<PeerConnectionState> states_;
};

std::unique_ptr<ChromiumPeer> ChromiumE2e::chromium_;

// A purertc-side channel whose messages are collected.
struct Collected {
  std::shared_ptr<DataChannel> dc;
  std::shared_ptr<EventLog<Message>> messages = std::make_shared<EventLog<Message>>();
  std::shared_ptr<EventLog<int>> opened = std::make_shared<EventLog<int>>();
  void attach(bool echo) {
    auto msgs = messages;
    std::weak_ptr<DataChannel> weak = dc;
    dc->on_message([msgs, weak, echo](const DataChannelMessage& m) {
      if (echo) {
        if (auto self = weak.lock()) {
          auto r = m.binary ? self->send(std::span<const uint8_t>(m.data)) : self->send(m.text());
          EXPECT_TRUE(r) << to_string(r.error());
        }
      }
      msgs->push(Message{m.binary, m.data});
    });
    auto op = opened;
    dc->on_open([op] { op->push(1); });
    if (dc->ready_state() == DataChannelState::kOpen) op->push(1);
  }
};

TEST_F(ChromiumE2e, PurertcOffersDataChannelsOfEveryTypeEchoedByChromium) {
  ok(chromium_->call("create_pc", Json::object({{"echo", true}})));
  auto kinds = channel_kinds();
  std::vector<Collected> channels;
  for (const auto& k : kinds) {
    auto dc = pc_->create_data_channel(k.label, k.init);
    ASSERT_TRUE(dc) << k.label << ": " << to_string(dc.error());
    channels.push_back(Collected{*dc});
    channels.back().attach(false);
    if (k.init.negotiated) ok(chromium_->call("create_channel", chromium_init(k)));
  }
  purertc_offers();
  ASSERT_TRUE(connected());
  for (size_t i = 0; i < kinds.size(); ++i) {
    ASSERT_TRUE(channels[i].opened->wait_for_size(1)) << kinds[i].label << " did not open";
  }
  ASSERT_TRUE(chromium_->wait_count("open", [](const Json&) { return true; }, kinds.size(), kWait));

  // Chromium saw purertc's DATA_CHANNEL_OPEN parameters.
  for (const auto& k : kinds) {
    if (k.init.negotiated) continue;
    auto announced = chromium_->wait_event(
        "datachannel", [&](const Json& e) { return e["label"].string() == k.label; }, Duration::seconds(5));
    ASSERT_TRUE(announced) << k.label;
    EXPECT_EQ((*announced)["ordered"].boolean(), k.init.ordered) << announced->dump();
    EXPECT_EQ((*announced)["maxRetransmits"].integer(-1), k.init.max_retransmits ? *k.init.max_retransmits : -1)
        << announced->dump();
    EXPECT_EQ((*announced)["maxPacketLifeTime"].integer(-1),
              k.init.max_packet_life_time_ms ? *k.init.max_packet_life_time_ms : -1)
        << announced->dump();
    EXPECT_EQ((*announced)["protocol"].string(), k.init.protocol) << announced->dump();
    EXPECT_EQ((*announced)["stream_id"].integer(-1), channels[&k - &kinds[0]].dc->id().value_or(65535));
  }

  // One channel at a time, so bulk on one cannot make an unreliable one abandon messages.
  for (size_t i = 0; i < kinds.size(); ++i) {
    const auto& k = kinds[i];
    auto sent = payloads(k.large, static_cast<uint32_t>(1000 * (i + 1)));
    for (const auto& m : sent) {
      auto r = m.binary ? channels[i].dc->send(std::span<const uint8_t>(m.data))
                        : channels[i].dc->send(std::string_view(reinterpret_cast<const char*>(m.data.data()),
                                                                m.data.size()));
      ASSERT_TRUE(r) << k.label << ": " << to_string(r.error());
    }
    const bool partial = partially_reliable(k.init);
    // A partially reliable channel may lose some: wait a bounded time for all, then check what came.
    bool all = channels[i].messages->wait_for_size(sent.size(), partial ? std::chrono::seconds(5) : kHangGuard);
    ASSERT_TRUE(all || partial) << k.label << ": not every echo came back";
    chromium_->wait_count("message", [&](const Json& e) { return e["label"].string() == k.label; }, sent.size(),
                          Duration::seconds(partial ? 1 : 5));
    std::vector<std::string> want;
    for (const auto& m : sent) want.push_back(describe(m));
    expect_delivered(chromium_received(*chromium_, k.label), want, k.init.ordered, partial,
                     k.label + " as Chromium received it");
    expect_delivered(channels[i].messages->items(), sent, k.init.ordered, partial, k.label + " echoed");
  }
}

TEST_F(ChromiumE2e, ChromiumOffersDataChannelsOfEveryTypeEchoedByPurertc) {
  ok(chromium_->call("create_pc"));
  auto kinds = channel_kinds();
  std::map<std::string, int64_t> chromium_channels;
  for (const auto& k : kinds) {
    Json r = ok(chromium_->call("create_channel", chromium_init(k)));
    chromium_channels[k.label] = r["ch"].integer();
  }
  // purertc echoes on every channel Chromium opens, and on the negotiated one it creates itself. The
  // callback owns what it touches: it may outlive this test body if an assertion returns early.
  struct Seen {
    EventLog<std::shared_ptr<DataChannel>> announced;
    std::vector<Collected> mine;
    std::mutex mutex;
  };
  auto seen = std::make_shared<Seen>();
  auto& announced = seen->announced;
  auto& mine = seen->mine;
  auto& mine_mutex = seen->mutex;
  pc_->on_data_channel([seen](std::shared_ptr<DataChannel> dc) {
    Collected c{dc};
    c.attach(true);
    {
      std::lock_guard lock(seen->mutex);
      seen->mine.push_back(c);
    }
    seen->announced.push(dc);
  });
  for (const auto& k : kinds) {
    if (!k.init.negotiated) continue;
    auto dc = pc_->create_data_channel(k.label, k.init);
    ASSERT_TRUE(dc) << to_string(dc.error());
    Collected c{*dc};
    c.attach(true);
    std::lock_guard lock(mine_mutex);
    mine.push_back(c);
  }
  chromium_offers();
  ASSERT_TRUE(connected());
  ASSERT_TRUE(chromium_->wait_count("open", [](const Json&) { return true; }, kinds.size(), kWait));
  ASSERT_TRUE(announced.wait_for_size(kinds.size() - 1)) << "purertc did not announce every in-band channel";

  for (const auto& dc : announced.items()) {
    auto k = std::find_if(kinds.begin(), kinds.end(), [&](const ChannelKind& c) { return c.label == dc->label(); });
    ASSERT_NE(k, kinds.end()) << dc->label();
    EXPECT_EQ(dc->ordered(), k->init.ordered) << k->label;
    EXPECT_EQ(dc->max_retransmits(), k->init.max_retransmits) << k->label;
    EXPECT_EQ(dc->max_packet_life_time_ms(), k->init.max_packet_life_time_ms) << k->label;
    EXPECT_EQ(dc->protocol(), k->init.protocol) << k->label;
    EXPECT_FALSE(dc->negotiated()) << k->label;
  }

  for (size_t i = 0; i < kinds.size(); ++i) {
    const auto& k = kinds[i];
    uint32_t seed = static_cast<uint32_t>(2000 * (i + 1));
    for (Json cmd : payload_commands(k.large, seed)) {
      cmd.set("ch", chromium_channels[k.label]);
      ok(chromium_->call("send", cmd));
    }
    auto sent = payloads(k.large, seed);
    const bool partial = partially_reliable(k.init);
    auto on_label = [&](const Json& e) { return e["label"].string() == k.label; };
    bool all = chromium_->wait_count("message", on_label, sent.size(), partial ? Duration::seconds(5) : kWait);
    ASSERT_TRUE(all || partial) << k.label << ": echoes missing";
    std::vector<std::string> want;
    for (const auto& m : sent) want.push_back(describe(m));
    expect_delivered(chromium_received(*chromium_, k.label), want, k.init.ordered, partial,
                     k.label + " echoed by purertc");

    Collected* c = nullptr;
    {
      std::lock_guard lock(mine_mutex);
      for (auto& m : mine) {
        if (m.dc->label() == k.label) c = &m;
      }
    }
    ASSERT_NE(c, nullptr) << k.label;
    expect_delivered(c->messages->items(), sent, k.init.ordered, partial, k.label + " as purertc received it");
  }
}

// Candidates trickled both ways through the test; purertc offers.
TEST_F(ChromiumE2e, TrickleBothWays) {
  ok(chromium_->call("create_pc", Json::object({{"echo", true}, {"trickle", true}})));
  auto dc = pc_->create_data_channel("trickle");
  ASSERT_TRUE(dc);
  Collected c{*dc};
  c.attach(false);
  auto gathered = std::make_shared<EventLog<std::optional<IceCandidateInit>>>();
  auto& mine = *gathered;
  pc_->on_ice_candidate([gathered](const std::optional<IceCandidateInit>& cand) { gathered->push(cand); });

  auto offer = pc_->create_offer();
  ASSERT_TRUE(offer) << to_string(offer.error());
  ASSERT_TRUE(pc_->set_local_description(*offer));
  Json answer = ok(chromium_->call("set_offer", Json::object({{"sdp", offer->sdp}})));
  auto r = pc_->set_remote_description(SessionDescription{SdpType::kAnswer, answer["sdp"].string()});
  ASSERT_TRUE(r) << to_string(r.error());

  // purertc -> Chromium: every candidate up to the end-of-candidates (nullopt).
  ASSERT_TRUE(eventually([&] {
    auto items = mine.items();
    return !items.empty() && !items.back().has_value();
  }));
  size_t forwarded = 0;
  for (const auto& cand : mine.items()) {
    Json args = Json::object({{"candidate", cand ? cand->candidate : ""}});
    if (cand && cand->sdp_mid) args.set("sdpMid", *cand->sdp_mid);
    if (cand && cand->sdp_mline_index) args.set("sdpMLineIndex", *cand->sdp_mline_index);
    ok(chromium_->call("add_candidate", args));
    if (cand) ++forwarded;
  }
  EXPECT_GT(forwarded, 0u);
  // Chromium -> purertc.
  ASSERT_TRUE(chromium_->wait_event("candidate", [](const Json& e) { return e["candidate"].string().empty(); },
                                    Duration::seconds(10)));
  for (const auto& e : chromium_->events("candidate")) {
    IceCandidateInit init;
    init.candidate = e["candidate"].string();
    if (e["sdpMid"].is_string()) init.sdp_mid = e["sdpMid"].string();
    if (e["sdpMLineIndex"].is_number()) init.sdp_mline_index = static_cast<uint16_t>(e["sdpMLineIndex"].integer());
    auto added = pc_->add_ice_candidate(init);
    EXPECT_TRUE(added) << init.candidate << ": " << to_string(added.error());
  }
  ASSERT_TRUE(connected());
  ASSERT_TRUE(c.opened->wait_for_size(1));
  ASSERT_TRUE((*dc)->send("over trickled candidates"));
  ASSERT_TRUE(c.messages->wait_for_size(1));
  EXPECT_EQ(c.messages->items()[0], text_message("over trickled candidates"));

  Json stats = ok(chromium_->call("stats"));
  EXPECT_EQ(stats["selected_pair"]["remote"]["address"].string(), "127.0.0.1") << stats.dump();
  std::printf("[chromium] DTLS %s %s with purertc\n", stats["transport"]["tlsVersion"].string().c_str(),
              stats["transport"]["dtlsCipher"].string().c_str());
}

// RFC 9653 zero checksum (SettingEngine::sctp_zero_checksum): purertc offers it or not; whatever Chromium's
// dcSCTP offers, the association must carry data both ways, and with purertc not offering it the checksum
// must stay. Which one was used is read from the transport's info line and printed.
// The fixture's Api and PeerConnection are replaced by ones made with the setting.
void zero_checksum_with_chromium(ChromiumPeer& chromium, std::optional<Api>& api, std::shared_ptr<PeerConnection>& pc,
                                 bool offer_zero_checksum) {
  auto lines = std::make_shared<EventLog<std::string>>();
  set_log_sink([lines](LogLevel, std::string_view module, std::string_view message) {
    if (module == "pc" && message.find("zero checksum") != std::string_view::npos) lines->push(std::string(message));
  });
  struct Restore {
    ~Restore() {
      set_log_sink({});
      set_log_level(LogLevel::kWarning);
    }
  } restore;
  SettingEngine settings = loopback_settings();
  settings.sctp_zero_checksum = offer_zero_checksum;
  settings.log_level = LogLevel::kInfo;
  pc->close();
  api.emplace(make_api(settings));
  auto created = api->new_peer_connection();
  ASSERT_TRUE(created) << to_string(created.error());
  pc = *created;

  EXPECT_TRUE(chromium.call("create_pc", Json::object({{"echo", true}}))["ok"].boolean());
  auto dc = pc->create_data_channel("checksum");
  ASSERT_TRUE(dc) << to_string(dc.error());
  Collected c{*dc};
  c.attach(false);
  ASSERT_TRUE(pc->set_local_description(SessionDescription{SdpType::kOffer, ""}));
  ASSERT_TRUE(pc->wait_for_gathering_complete());
  Json answer = chromium.call("set_offer", Json::object({{"sdp", pc->local_description()->sdp}}));
  ASSERT_TRUE(answer["ok"].boolean()) << answer.dump();
  ASSERT_TRUE(pc->set_remote_description(SessionDescription{SdpType::kAnswer, answer["sdp"].string()}));
  ASSERT_TRUE(c.opened->wait_for_size(1));
  const std::vector<Message> sent = {binary_message(pattern_bytes(200000, 7)), text_message("after the bulk")};
  ASSERT_TRUE((*dc)->send(std::span<const uint8_t>(sent[0].data)));
  ASSERT_TRUE((*dc)->send("after the bulk"));
  ASSERT_TRUE(c.messages->wait_for_size(sent.size()));
  EXPECT_EQ(c.messages->items(), sent);

  ASSERT_TRUE(lines->wait_for_size(1));
  const std::string line = lines->items()[0];
  std::printf("[chromium] purertc %s zero checksum: %s\n", offer_zero_checksum ? "offering" : "not offering",
              line.c_str());
  if (!offer_zero_checksum) {
    EXPECT_NE(line.find("not in use"), std::string::npos) << line;
  }
}

TEST_F(ChromiumE2e, SctpZeroChecksumOffered) { zero_checksum_with_chromium(*chromium_, api_, pc_, true); }
TEST_F(ChromiumE2e, SctpZeroChecksumNotOffered) { zero_checksum_with_chromium(*chromium_, api_, pc_, false); }

}  // namespace
}  // namespace purertc::e2e
