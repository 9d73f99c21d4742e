// Media helpers shared by the e2e tests: recognisable VP8 / Opus frames, what one side received per
// media kind (filled from on_track), and the outbound-rtp / inbound-rtp statistics by kind.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tests/pc/e2e/peer_pair.h"

namespace purertc::e2e {

inline const RtpCodec kVp8{"video/VP8", 90000, 0, "", {}, 96};
inline const RtpCodec kOpus{"audio/opus", 48000, 2, "minptime=10;useinbandfec=1", {}, 111};

// A VP8 frame whose first byte says keyframe or not (RFC 6386 section 9.1, P bit = 0 for keyframes); the
// rest is a pattern, so any reordering or corruption shows.
inline std::vector<uint8_t> vp8_frame(size_t size, uint8_t seed, bool keyframe) {
  std::vector<uint8_t> f(size);
  for (size_t i = 0; i < size; ++i) f[i] = static_cast<uint8_t>(seed * 31 + i * 7 + (i >> 8));
  f[0] = static_cast<uint8_t>((f[0] & 0xfe) | (keyframe ? 0 : 1));
  return f;
}

inline std::vector<uint8_t> opus_frame(size_t size, uint8_t seed) {
  std::vector<uint8_t> f(size);
  for (size_t i = 0; i < size; ++i) f[i] = static_cast<uint8_t>(seed * 13 + i * 3);
  return f;
}

// What one side receives: samples and RTP packet counts per media kind, filled from on_track, and the
// remote tracks that ended (on_track_ended).
struct Receiver {
  void attach(PeerConnection& pc) {
    pc.on_track([this](std::shared_ptr<RtpTransceiver> t, const TrackRemoteInfo& info) {
      const bool video = info.kind == MediaKind::kVideo;
      t->on_sample([this, video](const MediaSample& s) { (video ? video_samples : audio_samples).push(s.data); });
      t->on_rtp([this, video](std::span<const uint8_t> packet) {
        EXPECT_GE(packet.size(), 12u);
        (video ? video_packets : audio_packets).push(1);
        (video ? video_rtp : audio_rtp).push(std::vector<uint8_t>(packet.begin(), packet.end()));
      });
      t->on_track_ended([this, info] { ended.push(info.id); });
      tracks.push(info.id);
      transceivers.push(std::move(t));
    });
  }
  EventLog<std::vector<uint8_t>> video_samples, audio_samples;
  EventLog<std::vector<uint8_t>> video_rtp, audio_rtp;
  EventLog<int> video_packets, audio_packets;
  EventLog<std::string> tracks, ended;  // remote track ids, in on_track / on_track_ended order
  EventLog<std::shared_ptr<RtpTransceiver>> transceivers;
};

struct RtpCounts {
  uint64_t packets = 0, bytes = 0;
  int64_t ssrc = 0;
};

// outbound-rtp or inbound-rtp entries of a report, by kind (the last one of a kind when there are several).
inline std::map<std::string, RtpCounts> rtp_stats(const PeerConnection& pc, const std::string& type) {
  std::map<std::string, RtpCounts> out;
  const bool outbound = type == "outbound-rtp";
  const StatsReport report = pc.get_stats();
  for (const Stats* s : report.of_type(type)) {
    RtpCounts c;
    c.packets = s->get<uint64_t>(outbound ? "packetsSent" : "packetsReceived").value_or(0);
    c.bytes = s->get<uint64_t>(outbound ? "bytesSent" : "bytesReceived").value_or(0);
    c.ssrc = s->get<int64_t>("ssrc").value_or(-1);
    out[s->get<std::string>("kind").value_or("")] = c;
  }
  return out;
}

// The number of outbound-rtp or inbound-rtp entries of a report.
inline size_t rtp_stats_count(const PeerConnection& pc, const std::string& type) {
  return pc.get_stats().of_type(type).size();
}

}  // namespace purertc::e2e
