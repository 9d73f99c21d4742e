// stats: get_stats() while two PeerConnections exchange video and data channel messages. Every second
// it prints the selected candidate pair's consent checks, the sender's outbound-rtp and the receiver's inbound-rtp
// (packets, bytes, loss, jitter) and the data channel counters; at the end, every entry of one report.
//   stats [--seconds N]   (default 5)
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "common/player.h"

using namespace purertc;

std::string text(const StatsValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.6f", v);
          return buf;
        } else {
          return std::to_string(v);
        }
      },
      value);
}

// One member of the first entry of `type`, or "-".
std::string member(const StatsReport& report, const std::string& type, const std::string& name) {
  for (const Stats* s : report.of_type(type)) {
    if (type == "candidate-pair" && !s->get<bool>("nominated").value_or(false)) continue;
    if (auto it = s->members.find(name); it != s->members.end()) return text(it->second);
  }
  return "-";
}

int main(int argc, char** argv) {
  int seconds = 5;
  if (argc == 3 && std::string_view(argv[1]) == "--seconds") seconds = std::atoi(argv[2]);
  if (seconds <= 0) example::fail("usage: stats [--seconds N]");

  Api api = example::loopback_api();
  auto sender = example::must(api.new_peer_connection(), "new_peer_connection");
  auto receiver = example::must(api.new_peer_connection(), "new_peer_connection");
  receiver->on_track([](std::shared_ptr<RtpTransceiver> transceiver, const TrackRemoteInfo&) {
    transceiver->on_rtp([](std::span<const uint8_t>) {});  // receive (and count) the stream
  });
  auto video = TrackLocal::create(example::kVp8, "video", "stats");
  example::must(sender->add_track(video), "add_track");
  auto dc = example::must(sender->create_data_channel("chat"), "create_data_channel");
  example::negotiate(*sender, *receiver);
  example::wait_connected(*sender, *receiver);
  if (!example::wait_until([&] { return dc->ready_state() == DataChannelState::kOpen; })) example::fail("no data channel");

  const example::Ivf ivf = example::read_ivf(example::default_video());
  std::printf("%4s %10s %10s %12s %12s %10s %9s %10s %10s\n", "sec", "ICE checks", "pkts sent", "bytes sent",
              "pkts recv", "lost", "jitter", "msgs sent", "msgs recv");
  for (int s = 1; s <= seconds; ++s) {
    (void)dc->send("second " + std::to_string(s));
    // One second of video: the first 30 frames of the fixture (keyframe first).
    example::play(video, example::Ivf{ivf.frame_rate, {ivf.frames.begin(), ivf.frames.begin() + 30}}, nullptr, {});
    const StatsReport out = sender->get_stats(), in = receiver->get_stats();
    std::printf("%4d %10s %10s %12s %12s %10s %9s %10s %10s\n", s,
                member(out, "candidate-pair", "requestsSent").c_str(),
                member(out, "outbound-rtp", "packetsSent").c_str(), member(out, "outbound-rtp", "bytesSent").c_str(),
                member(in, "inbound-rtp", "packetsReceived").c_str(), member(in, "inbound-rtp", "packetsLost").c_str(),
                member(in, "inbound-rtp", "jitter").c_str(), member(out, "data-channel", "messagesSent").c_str(),
                member(in, "data-channel", "messagesReceived").c_str());
  }

  std::printf("\nthe receiver's full report:\n");
  for (const Stats& s : receiver->get_stats().stats) {
    std::printf("%s %s\n", s.type.c_str(), s.id.c_str());
    for (const auto& [name, value] : s.members) std::printf("    %-28s %s\n", name.c_str(), text(value).c_str());
  }
  sender->close();
  receiver->close();
  return 0;
}
