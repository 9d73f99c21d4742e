// Negotiated parameters of one RTP stream, as plain structs. src/pc fills them in from the SDP offer/answer
// (a=rtpmap, a=fmtp, a=rtcp-fb, a=extmap, a=ssrc, a=ssrc-group:FID, a=mid, a=rid); the media components
// below never look at SDP text. Extension ids use 0 for "not negotiated" (RFC 8285 reserves id 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/timestamp.h"
#include "rtp/codec/codec.h"

namespace purertc::pc::media {

enum class MediaKind : uint8_t { kAudio, kVideo };
std::string_view to_string(MediaKind kind);

// The payload formats the rtp module can packetize and depacketize.
enum class Codec : uint8_t { kOpus, kPcmu, kPcma, kG722, kVp8, kVp9, kH264, kH265, kAv1 };
std::string_view to_string(Codec codec);
// From an SDP encoding name or a MIME type ("VP8", "video/VP8", "opus", "audio/opus"), case-insensitive.
std::optional<Codec> codec_from_name(std::string_view name_or_mime);
MediaKind media_kind(Codec codec);

// a=rtcp-fb values the stream negotiated (RFC 4585, RFC 5104, transport-wide-cc, goog-remb).
struct RtcpFeedback {
  bool nack = false;          // "nack"
  bool pli = false;           // "nack pli"
  bool fir = false;           // "ccm fir"
  bool transport_cc = false;  // "transport-cc"
  bool remb = false;          // "goog-remb"
};

struct CodecParameters {
  uint8_t payload_type = 0;
  std::string mime;  // "video/VP8", "audio/opus": what to_string(Codec) gives with the kind prefix
  uint32_t clock_rate = 90000;
  uint8_t channels = 0;  // 0 for video; 1 or 2 for audio
  std::string fmtp;      // the a=fmtp value as negotiated, e.g. "minptime=10;useinbandfec=1"
  RtcpFeedback feedback;
  // RFC 4588: the payload type of "rtx" whose apt= is this codec, when negotiated.
  std::optional<uint8_t> rtx_payload_type;

  // The codec the mime names; nullopt for a payload format purertc cannot (de)packetize (red, ulpfec...).
  std::optional<Codec> codec() const { return codec_from_name(mime); }
};

// a=extmap ids of the header extensions the media components read or write; 0 = not negotiated.
struct HeaderExtensionIds {
  uint8_t mid = 0;
  uint8_t rid = 0;
  uint8_t repaired_rid = 0;
  uint8_t abs_send_time = 0;
  uint8_t transport_cc = 0;
  uint8_t audio_level = 0;
};

// A packetizer for `codec` (VP8/VP9 picture ids start at `initial_picture_id`, random in production).
// G.711 and G.722 share the byte packetizer. Never null.
std::unique_ptr<rtp::Packetizer> make_packetizer(Codec codec, uint16_t initial_picture_id);
std::unique_ptr<rtp::Depacketizer> make_depacketizer(Codec codec);

// NTP time (RFC 3550 4): 32.32 fixed-point seconds since 1900-01-01.
inline constexpr uint64_t kNtpUnixEpochOffsetSeconds = 2208988800ULL;
uint64_t ntp_from_unix_micros(int64_t unix_us);
// The middle 32 bits of an NTP timestamp: the LSR / DLSR unit of RFC 3550 6.4.1 (1/65536 s).
inline uint32_t ntp_compact(uint64_t ntp) { return static_cast<uint32_t>(ntp >> 16); }
Duration duration_from_compact(uint32_t compact);

}  // namespace purertc::pc::media
