// Goodbye (RFC 3550 6.6) and application-defined (RFC 3550 6.7) packets.
//
//  BYE: header(SC, PT=203) | SSRC/CSRC 1..SC | [length (8) | reason for leaving | padding to 32 bits]
//  APP: header(subtype, PT=204) | SSRC/CSRC | name (4 ASCII) | application-dependent data (32-bit aligned)
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "common/byte_writer.h"
#include "rtp/rtcp/rtcp_header.h"

namespace purertc::rtp {

struct Bye {
  std::vector<uint32_t> ssrcs;
  std::string reason;
  static Result<Bye> parse(const RtcpPacketView& p);
  size_t serialized_size() const;
  Status write(ByteBuffer& out) const;
  friend bool operator==(const Bye&, const Bye&) = default;
};

struct App {
  uint8_t subtype = 0;
  uint32_t ssrc = 0;
  std::array<uint8_t, 4> name{};
  std::vector<uint8_t> data;
  static Result<App> parse(const RtcpPacketView& p);
  size_t serialized_size() const { return kRtcpHeaderSize + 8 + data.size(); }
  Status write(ByteBuffer& out) const;
  friend bool operator==(const App&, const App&) = default;
};

}  // namespace purertc::rtp
