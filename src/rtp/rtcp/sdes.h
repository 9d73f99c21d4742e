// Source description (RFC 3550 6.5).
//
//   header(SC, PT=202) | chunk 1..SC
//   chunk: SSRC/CSRC | item* | null item(s) up to a 32-bit boundary
//   item:  type (8) | length (8) | text (length bytes)      type 1 CNAME ... 8 PRIV; 0 ends the list
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/byte_writer.h"
#include "rtp/rtcp/rtcp_header.h"

namespace purertc::rtp {

enum class SdesItemType : uint8_t { kCname = 1, kName, kEmail, kPhone, kLoc, kTool, kNote, kPriv };

struct SdesItem {
  uint8_t type = 1;
  std::string text;  // up to 255 bytes
  friend bool operator==(const SdesItem&, const SdesItem&) = default;
};

struct SdesChunk {
  uint32_t ssrc = 0;
  std::vector<SdesItem> items;
  friend bool operator==(const SdesChunk&, const SdesChunk&) = default;
};

struct SourceDescription {
  std::vector<SdesChunk> chunks;
  static Result<SourceDescription> parse(const RtcpPacketView& p);
  size_t serialized_size() const;
  Status write(ByteBuffer& out) const;
  friend bool operator==(const SourceDescription&, const SourceDescription&) = default;
};

}  // namespace purertc::rtp
