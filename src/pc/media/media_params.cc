#include "pc/media/media_params.h"

#include <array>
#include <utility>

#include "rtp/codec/audio.h"
#include "rtp/codec/av1.h"
#include "rtp/codec/h264.h"
#include "rtp/codec/h265.h"
#include "rtp/codec/vp8.h"
#include "rtp/codec/vp9.h"
#include "sdp/text.h"

namespace purertc::pc::media {

std::string_view to_string(MediaKind kind) { return kind == MediaKind::kAudio ? "audio" : "video"; }

namespace {
constexpr std::array<std::pair<Codec, std::string_view>, 9> kCodecNames{{
    {Codec::kOpus, "opus"},
    {Codec::kPcmu, "PCMU"},
    {Codec::kPcma, "PCMA"},
    {Codec::kG722, "G722"},
    {Codec::kVp8, "VP8"},
    {Codec::kVp9, "VP9"},
    {Codec::kH264, "H264"},
    {Codec::kH265, "H265"},
    {Codec::kAv1, "AV1"},
}};
}  // namespace

std::string_view to_string(Codec codec) {
  for (const auto& [c, name] : kCodecNames) {
    if (c == codec) return name;
  }
  return "unknown";
}

std::optional<Codec> codec_from_name(std::string_view name_or_mime) {
  std::string_view name = name_or_mime;
  if (auto slash = name.find('/'); slash != std::string_view::npos) name = name.substr(slash + 1);
  for (const auto& [c, known] : kCodecNames) {
    if (sdp::text::iequals(name, known)) return c;
  }
  // RFC 7798 registers H.265 as "H265"; some stacks still write the media subtype "HEVC".
  if (sdp::text::iequals(name, "HEVC")) return Codec::kH265;
  return std::nullopt;
}

MediaKind media_kind(Codec codec) {
  switch (codec) {
    case Codec::kOpus:
    case Codec::kPcmu:
    case Codec::kPcma:
    case Codec::kG722:
      return MediaKind::kAudio;
    default:
      return MediaKind::kVideo;
  }
}

std::unique_ptr<rtp::Packetizer> make_packetizer(Codec codec, uint16_t initial_picture_id) {
  switch (codec) {
    case Codec::kOpus:
      return std::make_unique<rtp::OpusPacketizer>();
    case Codec::kPcmu:
    case Codec::kPcma:
    case Codec::kG722:
      return std::make_unique<rtp::SampleBytePacketizer>();
    case Codec::kVp8:
      return std::make_unique<rtp::Vp8Packetizer>(initial_picture_id);
    case Codec::kVp9:
      // Flexible mode is what browsers send for VP9 profile 0 without SVC.
      return std::make_unique<rtp::Vp9Packetizer>(true, initial_picture_id);
    case Codec::kH264:
      return std::make_unique<rtp::H264Packetizer>();
    case Codec::kH265:
      return std::make_unique<rtp::H265Packetizer>();
    case Codec::kAv1:
      return std::make_unique<rtp::Av1Packetizer>();
  }
  return std::make_unique<rtp::OpusPacketizer>();
}

std::unique_ptr<rtp::Depacketizer> make_depacketizer(Codec codec) {
  switch (codec) {
    case Codec::kOpus:
    case Codec::kPcmu:
    case Codec::kPcma:
    case Codec::kG722:
      return std::make_unique<rtp::AudioDepacketizer>();
    case Codec::kVp8:
      return std::make_unique<rtp::Vp8Depacketizer>();
    case Codec::kVp9:
      return std::make_unique<rtp::Vp9Depacketizer>();
    case Codec::kH264:
      return std::make_unique<rtp::H264Depacketizer>();
    case Codec::kH265:
      return std::make_unique<rtp::H265Depacketizer>();
    case Codec::kAv1:
      return std::make_unique<rtp::Av1Depacketizer>();
  }
  return std::make_unique<rtp::AudioDepacketizer>();
}

uint64_t ntp_from_unix_micros(int64_t unix_us) {
  const uint64_t seconds = static_cast<uint64_t>(unix_us / 1000000) + kNtpUnixEpochOffsetSeconds;
  const uint64_t micros = static_cast<uint64_t>(unix_us % 1000000);
  // Fraction: micros / 10^6 in units of 2^-32.
  return (seconds << 32) | ((micros << 32) / 1000000);
}

Duration duration_from_compact(uint32_t compact) {
  return Duration::micros(static_cast<int64_t>((uint64_t{compact} * 1000000) >> 16));
}

}  // namespace purertc::pc::media
