// Values of the RTP header extensions WebRTC negotiates (a=extmap URIs below). Each type parses from and
// writes to the raw element value that RtpPacketView::extension() returns / RtpHeader::add_extension()
// takes; framing (ids, one- or two-byte form) is rtp_packet.h's business.
//
//  sdes:mid, rtp-stream-id, repaired-rtp-stream-id (RFC 9143 15, RFC 8852 3): UTF-8 text, no terminator.
//  abs-send-time (webrtc.org): 24 bits, seconds in 6.18 fixed point.
//  transport-wide-cc-01: 16-bit transport-wide sequence number.
//  ssrc-audio-level (RFC 6464):  |V| level(7) |   level in -dBov, V = voice activity.
//  video-orientation (3GPP TS 26.114 7.4.5): |0 0 0 0 C F R1 R0|.
//  playout-delay (webrtc.org): | min delay (12) | max delay (12) |, units of 10 ms.
//  abs-capture-time (webrtc.org): 64-bit NTP timestamp [+ 64-bit signed Q32.32 estimated clock offset].
//  color-space (webrtc.org): 4 bytes of enums [+ 24/25 bytes of HDR metadata]; parsed leniently.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/result.h"

namespace purertc::rtp {

inline constexpr std::string_view kUriMid = "urn:ietf:params:rtp-hdrext:sdes:mid";
inline constexpr std::string_view kUriRid = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
inline constexpr std::string_view kUriRepairedRid = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
inline constexpr std::string_view kUriAbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
inline constexpr std::string_view kUriTransportCc =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
inline constexpr std::string_view kUriAudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
inline constexpr std::string_view kUriVideoOrientation = "urn:3gpp:video-orientation";
inline constexpr std::string_view kUriPlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
inline constexpr std::string_view kUriAbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";
inline constexpr std::string_view kUriColorSpace = "http://www.webrtc.org/experiments/rtp-hdrext/color-space";
inline constexpr std::string_view kUriDependencyDescriptor =
    "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";

// mid / rid / repaired-rid: an identifier of 1..255 bytes (16 in the one-byte form). RFC 8852 restricts
// rids to alphanumerics, '-' and '_'; mids are any token characters (RFC 9143 uses the SDP token grammar).
Result<std::string_view> parse_sdes_item(std::span<const uint8_t> value);
Result<std::string_view> parse_rid(std::span<const uint8_t> value);

struct AbsSendTime {
  uint32_t value = 0;  // 24 bits, 6.18 fixed-point seconds
  static AbsSendTime from_micros(int64_t us);
  int64_t to_micros() const;  // within the 64-second wrap
  static Result<AbsSendTime> parse(std::span<const uint8_t> v);
  void write(uint8_t out[3]) const;
};

struct TransportSequenceNumber {
  uint16_t value = 0;
  static Result<TransportSequenceNumber> parse(std::span<const uint8_t> v);
  void write(uint8_t out[2]) const;
};

struct AudioLevel {
  bool voice_activity = false;
  uint8_t level = 127;  // -dBov, 0..127
  static Result<AudioLevel> parse(std::span<const uint8_t> v);
  uint8_t encode() const { return static_cast<uint8_t>((voice_activity ? 0x80 : 0) | (level & 0x7f)); }
};

struct VideoOrientation {
  bool camera_back = false;   // C
  bool flip = false;          // F: horizontal flip
  uint16_t rotation = 0;      // 0, 90, 180, 270 degrees
  static Result<VideoOrientation> parse(std::span<const uint8_t> v);
  uint8_t encode() const;
};

struct PlayoutDelay {
  uint16_t min_10ms = 0;  // 12 bits each
  uint16_t max_10ms = 0;
  static Result<PlayoutDelay> parse(std::span<const uint8_t> v);
  Status write(uint8_t out[3]) const;
};

struct AbsCaptureTime {
  uint64_t ntp_timestamp = 0;                        // Q32.32 seconds since 1900
  std::optional<int64_t> estimated_clock_offset;     // Q32.32 seconds
  static Result<AbsCaptureTime> parse(std::span<const uint8_t> v);
  size_t size() const { return estimated_clock_offset ? 16 : 8; }
  void write(std::span<uint8_t> out) const;  // out.size() >= size()
};

// Only the four enum bytes are read (primaries, transfer, matrix, range + chroma siting); the HDR metadata
// that may follow is accepted and ignored, which is what "tolerated" means for an SFU that forwards it.
struct ColorSpace {
  uint8_t primaries = 0;
  uint8_t transfer = 0;
  uint8_t matrix = 0;
  uint8_t range_and_siting = 0;
  bool has_hdr_metadata = false;
  static Result<ColorSpace> parse(std::span<const uint8_t> v);
};

}  // namespace purertc::rtp
