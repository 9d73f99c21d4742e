// Data Channel Establishment Protocol messages (RFC 8832 5), sent with PPID 50 on the channel's stream.
//
// DATA_CHANNEL_OPEN:
//  |  Message Type = 0x03 |  Channel Type  |            Priority           |
//  |                    Reliability Parameter                              |
//  |         Label Length          |       Protocol Length                 |
//  \                             Label                                     /
//  \                            Protocol                                   /
// DATA_CHANNEL_ACK: a single byte 0x02.
//
// Channel types (RFC 8832 8.2.2): 0x00 reliable, 0x01 partial reliable by retransmissions, 0x02 by
// time (ms); the 0x80 bit makes any of them unordered.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace purertc::sctp {

// RFC 8831 8 / RFC 8832 8.1: payload protocol identifiers of WebRTC data channels.
enum class Ppid : uint32_t {
  kDcep = 50,
  kString = 51,
  kBinaryPartial = 52,  // deprecated
  kBinary = 53,
  kStringPartial = 54,  // deprecated
  kStringEmpty = 56,
  kBinaryEmpty = 57,
};
std::string_view to_string(Ppid p);

enum class ChannelType : uint8_t {
  kReliable = 0x00,
  kPartialReliableRexmit = 0x01,
  kPartialReliableTimed = 0x02,
  kReliableUnordered = 0x80,
  kPartialReliableRexmitUnordered = 0x81,
  kPartialReliableTimedUnordered = 0x82,
};
std::string_view to_string(ChannelType t);

inline constexpr uint8_t kDcepOpen = 0x03;
inline constexpr uint8_t kDcepAck = 0x02;

struct DataChannelOpen {
  ChannelType channel_type = ChannelType::kReliable;
  uint16_t priority = 256;
  uint32_t reliability = 0;  // retransmissions or milliseconds, per channel_type
  std::string label;
  std::string protocol;

  static Result<DataChannelOpen> parse(std::span<const uint8_t> message);
  std::vector<uint8_t> serialize() const;
};

// True for a one-byte DATA_CHANNEL_ACK.
bool is_dcep_ack(std::span<const uint8_t> message);

}  // namespace purertc::sctp
