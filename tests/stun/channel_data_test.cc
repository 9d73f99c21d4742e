#include "stun/turn/channel_data.h"

#include <gtest/gtest.h>

#include <vector>

#include "stun/stun.h"
#include "tests/stun/test_util.h"

namespace purertc::stun {
namespace {

using testing::ascii;

TEST(ChannelData, RoundTripDatagramHasNoPadding) {
  uint8_t buf[32];
  auto out = write_channel_data(buf, 0x4001, ascii("hello"), TurnFraming::kDatagram);
  ASSERT_TRUE(out);
  EXPECT_EQ(to_hex(*out), "40010005" + to_hex(ascii("hello")));
  auto v = parse_channel_data(*out, TurnFraming::kDatagram);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->channel, 0x4001);
  EXPECT_EQ(std::string(v->data.begin(), v->data.end()), "hello");
}

TEST(ChannelData, StreamFramingPadsToFourAndReportsFrameSize) {
  uint8_t buf[32];
  auto out = write_channel_data(buf, 0x4fff, ascii("hello"), TurnFraming::kStream);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->size(), 12u);
  EXPECT_EQ((*out)[9], 0);
  EXPECT_EQ(*channel_data_frame_size(*out), 12u);
  EXPECT_TRUE(parse_channel_data(*out, TurnFraming::kStream));
  // Over a stream the padding must be exactly there.
  EXPECT_EQ(parse_channel_data(out->first(9), TurnFraming::kStream).error().code, Errc::kMalformed);
  EXPECT_EQ(channel_data_size(8, TurnFraming::kStream), 12u);
}

TEST(ChannelData, DatagramAcceptsUpToThreePaddingBytes) {
  std::vector<uint8_t> m = {0x40, 0x00, 0x00, 0x01, 'x', 0, 0, 0};
  EXPECT_TRUE(parse_channel_data(m, TurnFraming::kDatagram));
  m.push_back(0);
  EXPECT_EQ(parse_channel_data(m, TurnFraming::kDatagram).error().code, Errc::kMalformed);
}

TEST(ChannelData, Truncated) {
  std::vector<uint8_t> m = {0x40, 0x00, 0x00, 0x05, 'a', 'b'};
  EXPECT_EQ(parse_channel_data(m, TurnFraming::kDatagram).error().code, Errc::kTruncated);
  EXPECT_EQ(parse_channel_data(std::span(m).first(3), TurnFraming::kDatagram).error().code, Errc::kTruncated);
  EXPECT_EQ(channel_data_frame_size(std::span(m).first(3)).error().code, Errc::kTruncated);
}

TEST(ChannelData, ChannelNumberOutOfRange) {
  std::vector<uint8_t> m = {0x50, 0x00, 0x00, 0x00};
  EXPECT_EQ(parse_channel_data(m, TurnFraming::kDatagram).error().code, Errc::kMalformed);
  EXPECT_EQ(channel_data_frame_size(m).error().code, Errc::kMalformed);
  uint8_t buf[16];
  EXPECT_EQ(write_channel_data(buf, 0x3fff, ascii("x"), TurnFraming::kDatagram).error().code, Errc::kInvalidArgument);
  EXPECT_EQ(write_channel_data(buf, 0x4000, std::vector<uint8_t>(20), TurnFraming::kDatagram).error().code,
            Errc::kBufferTooSmall);
}

TEST(ChannelData, DemuxAgainstStun) {
  EXPECT_EQ(to_string(TurnFraming::kStream), "stream");
  const uint8_t cd[] = {0x40, 0x01, 0, 0};
  const uint8_t stun[] = {0x00, 0x01, 0, 0};
  EXPECT_TRUE(is_channel_data(cd));
  EXPECT_FALSE(is_channel_data(stun));
}

}  // namespace
}  // namespace purertc::stun
