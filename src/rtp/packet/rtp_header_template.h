// A sender's RTP header serialized once. Per packet a sender changes only the sequence number, the
// timestamp and the marker (and the values of a few fixed-size extensions such as the transport-wide
// sequence number); CSRCs, SSRC, payload type and the extension layout stay. RtpHeader::write_to lays
// the header out again for every packet; this keeps the laid-out bytes, so writing a packet is a copy of
// the stored header, three patched fields and the payload copy.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.h"
#include "rtp/packet/rtp_packet.h"

namespace purertc::rtp {

class RtpHeaderTemplate {
 public:
  // Headers up to this size (fixed part + 15 CSRCs + an extension block of ~180 bytes) can be stored.
  static constexpr size_t kMaxHeaderSize = 256;

  // Lays out `header` (its sequence number, timestamp and marker are placeholders). Errors: those of
  // RtpHeader::write_header, and kLimitExceeded for a header longer than kMaxHeaderSize.
  static Result<RtpHeaderTemplate> make(const RtpHeader& header);

  size_t header_size() const { return size_; }
  size_t serialized_size(size_t payload_size) const { return size_ + payload_size + padding_; }

  // The stored value bytes of extension `id`, to update before writing the next packet (same length);
  // empty when the header has no such extension.
  std::span<uint8_t> extension_value(uint8_t id);

  // Writes header + payload + padding into `out`; returns the bytes written. kBufferTooSmall when `out`
  // is short. Allocates nothing.
  Result<size_t> write_to(std::span<uint8_t> out, uint16_t sequence_number, uint32_t timestamp, bool marker,
                          std::span<const uint8_t> payload) const;

 private:
  struct ExtensionSlot {
    uint8_t id = 0;
    uint8_t size = 0;
    uint16_t offset = 0;
  };
  alignas(16) std::array<uint8_t, kMaxHeaderSize> bytes_{};
  std::array<ExtensionSlot, kMaxHeaderExtensions> slots_{};
  uint16_t size_ = 0;
  uint8_t padding_ = 0;
  uint8_t slot_count_ = 0;
};

}  // namespace purertc::rtp
