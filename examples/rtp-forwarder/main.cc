// rtp-forwarder: a PeerConnection receives VP8 video and Opus audio and forwards every RTP packet,
// decrypted, as plain RTP over UDP, where ffmpeg or GStreamer can pick it up (rtp-forwarder.sdp
// describes the streams for `ffplay -protocol_whitelist file,udp,rtp -i rtp-forwarder.sdp`). The
// sender is a second PeerConnection in this process playing the fixtures of examples/media.
//   rtp-forwarder [--video-port P] [--audio-port P]   (default 4002 and 4000, on 127.0.0.1)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "common/player.h"

using namespace purertc;

// A UDP socket that sends to 127.0.0.1:port.
class UdpForwarder {
 public:
  explicit UdpForwarder(int port) : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    if (port <= 0 || port > 65535) example::fail("usage: rtp-forwarder [--video-port P] [--audio-port P]");
    if (fd_ < 0) example::fail("cannot open a UDP socket");
    to_.sin_family = AF_INET;
    to_.sin_port = htons(static_cast<uint16_t>(port));
    to_.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  }
  ~UdpForwarder() { ::close(fd_); }
  UdpForwarder(const UdpForwarder&) = delete;
  UdpForwarder& operator=(const UdpForwarder&) = delete;
  void forward(std::span<const uint8_t> packet) {
    if (::sendto(fd_, packet.data(), packet.size(), 0, reinterpret_cast<const sockaddr*>(&to_), sizeof to_) > 0) {
      ++forwarded;
    }
  }
  std::atomic<size_t> forwarded{0};

 private:
  int fd_;
  sockaddr_in to_{};
};

int main(int argc, char** argv) {
  int video_port = 4002, audio_port = 4000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string_view(argv[i]) == "--video-port") video_port = std::atoi(argv[i + 1]);
    if (std::string_view(argv[i]) == "--audio-port") audio_port = std::atoi(argv[i + 1]);
  }
  UdpForwarder video_out(video_port), audio_out(audio_port);

  Api api = example::loopback_api();
  auto sender = example::must(api.new_peer_connection(), "new_peer_connection");
  auto forwarder = example::must(api.new_peer_connection(), "new_peer_connection");
  forwarder->on_track([&](std::shared_ptr<RtpTransceiver> transceiver, const TrackRemoteInfo& info) {
    UdpForwarder& out = info.kind == MediaKind::kVideo ? video_out : audio_out;
    transceiver->on_rtp([&out](std::span<const uint8_t> packet) { out.forward(packet); });
  });
  auto video = TrackLocal::create(example::kVp8, "video", "camera");
  auto audio = TrackLocal::create(example::kOpus, "audio", "camera");
  example::must(sender->add_track(video), "add_track(video)");
  example::must(sender->add_track(audio), "add_track(audio)");
  example::negotiate(*sender, *forwarder);
  example::wait_connected(*sender, *forwarder);

  example::play(video, example::read_ivf(example::default_video()), audio, example::read_ogg_opus(example::default_audio()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the last packets in flight
  sender->close();
  forwarder->close();
  std::printf("forwarded %zu video RTP packets to 127.0.0.1:%d and %zu audio RTP packets to 127.0.0.1:%d\n",
              video_out.forwarded.load(), video_port, audio_out.forwarded.load(), audio_port);
  return video_out.forwarded > 0 && audio_out.forwarded > 0 ? 0 : 1;
}
