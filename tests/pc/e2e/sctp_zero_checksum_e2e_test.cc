// RFC 9653 zero checksum between two purertc PeerConnections (SettingEngine::sctp_zero_checksum): SCTP
// leaves the CRC32c out only when both peers offered it, and data flows the same in every combination.
// What was negotiated is read from the transport's info line ("SCTP association established, RFC 9653
// zero checksum in use / not in use"), captured by a log sink.
#include <gtest/gtest.h>

#include <string>

#include "tests/pc/e2e/peer_pair.h"

namespace purertc::e2e {
namespace {

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 13 + (i >> 9));
  return v;
}

// Collects the transport's SCTP line of every PeerConnection while it lives; restores the default sink
// and level afterwards.
class ZeroChecksumLines {
 public:
  ZeroChecksumLines() {
    set_log_sink([lines = lines_](LogLevel, std::string_view module, std::string_view message) {
      if (module == "pc" && message.find("zero checksum") != std::string_view::npos) {
        lines->push(std::string(message));
      }
    });
  }
  ~ZeroChecksumLines() {
    set_log_sink({});
    set_log_level(LogLevel::kWarning);
  }
  EventLog<std::string>& lines() { return *lines_; }

 private:
  std::shared_ptr<EventLog<std::string>> lines_ = std::make_shared<EventLog<std::string>>();
};

void exchange_with_zero_checksum(bool offerer_offers, bool answerer_offers) {
  SCOPED_TRACE("offerer " + std::to_string(offerer_offers) + ", answerer " + std::to_string(answerer_offers));
  ZeroChecksumLines capture;
  SettingEngine offerer_settings = loopback_settings();
  offerer_settings.sctp_zero_checksum = offerer_offers;
  offerer_settings.log_level = LogLevel::kInfo;
  SettingEngine answerer_settings = offerer_settings;
  answerer_settings.sctp_zero_checksum = answerer_offers;
  // The answerer comes from its own Api (its own SettingEngine), declared first so it outlives the pair.
  Api answerer_api = make_api(answerer_settings);
  PeerPair pair(make_api(offerer_settings));
  pair.answerer->close();
  auto answerer = answerer_api.new_peer_connection();
  ASSERT_TRUE(answerer) << to_string(answerer.error());
  pair.answerer = *answerer;

  RemoteChannels remote;
  EventLog<std::vector<uint8_t>> at_answerer;
  remote.on_new = [&at_answerer](const std::shared_ptr<DataChannel>& dc) {
    std::weak_ptr<DataChannel> weak = dc;
    dc->on_message([&at_answerer, weak](const DataChannelMessage& m) {
      at_answerer.push(m.data);
      if (auto self = weak.lock()) {
        EXPECT_TRUE(self->send(std::span<const uint8_t>(m.data)));
      }
    });
  };
  remote.attach(*pair.answerer);
  auto dc = pair.offerer->create_data_channel("bulk");
  ASSERT_TRUE(dc) << to_string(dc.error());
  EventLog<int> opened;
  EventLog<std::vector<uint8_t>> at_offerer;
  (*dc)->on_open([&] { opened.push(1); });
  (*dc)->on_message([&](const DataChannelMessage& m) { at_offerer.push(m.data); });
  pair.negotiate_trickle();
  ASSERT_TRUE(pair.wait_connected());
  ASSERT_TRUE(opened.wait_for_size(1));

  // Both ways, many SCTP packets each (a large message and a few small ones).
  const std::vector<std::vector<uint8_t>> sent = {pattern(300 * 1024, 1), pattern(1, 2), pattern(5000, 3)};
  for (const auto& m : sent) ASSERT_TRUE((*dc)->send(std::span<const uint8_t>(m)));
  ASSERT_TRUE(at_offerer.wait_for_size(sent.size()));
  EXPECT_EQ(at_answerer.items(), sent);
  EXPECT_EQ(at_offerer.items(), sent);

  ASSERT_TRUE(capture.lines().wait_for_size(2));
  const char* expected = offerer_offers && answerer_offers ? "zero checksum in use" : "zero checksum not in use";
  for (const auto& line : capture.lines().items()) EXPECT_NE(line.find(expected), std::string::npos) << line;
  pair.close();
}

TEST(SctpZeroChecksumE2e, UsedWhenBothPeersOfferIt) { exchange_with_zero_checksum(true, true); }
TEST(SctpZeroChecksumE2e, NotUsedWhenOnlyTheOffererOffersIt) { exchange_with_zero_checksum(true, false); }
TEST(SctpZeroChecksumE2e, NotUsedWhenOnlyTheAnswererOffersIt) { exchange_with_zero_checksum(false, true); }
TEST(SctpZeroChecksumE2e, NotUsedWhenNeitherOffersIt) { exchange_with_zero_checksum(false, false); }

}  // namespace
}  // namespace purertc::e2e
