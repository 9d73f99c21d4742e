// The second peer of pc_two_process_test, in its own process: a purertc PeerConnection that answers the
// offer it reads on stdin ("offer <hex sdp>"), prints its complete answer ("answer <hex sdp>") once
// gathered, and echoes everything back: each data channel message on the channel it came on ("echo:"
// prefixed for text), each received audio/video frame on its own track of that kind. It creates the
// negotiated channel (id 40) the test also creates. It closes and exits 0 on "bye" or end of input;
// the test's harness kills it (by PID) if it hangs.
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "purertc/purertc.h"
#include "tests/pc/e2e/line_signaling.h"

namespace {

using namespace purertc;

std::mutex out_mutex;
void emit(const std::string& line) {
  std::lock_guard lock(out_mutex);
  std::fputs(line.c_str(), stdout);
  std::fflush(stdout);
}

void echo_on(const std::shared_ptr<DataChannel>& dc) {
  std::weak_ptr<DataChannel> weak = dc;
  dc->on_message([weak](const DataChannelMessage& m) {
    auto self = weak.lock();
    if (!self) return;
    if (m.binary) {
      (void)self->send(std::span<const uint8_t>(m.data));
    } else {
      (void)self->send("echo:" + std::string(m.text()));
    }
  });
}

int run() {
  SettingEngine s;
  s.include_loopback_candidate = true;
  s.ip_filter = [](std::string_view ip) { return ip == "127.0.0.1"; };
  s.mdns_mode = MulticastDnsMode::kDisabled;
  auto api = Api::create(Api::default_media_engine(), std::move(s));
  if (!api) return 2;
  auto created = api->new_peer_connection();
  if (!created) return 2;
  std::shared_ptr<PeerConnection> pc = std::move(*created);

  const RtpCodec vp8{"video/VP8", 90000, 0, "", {}, 96};
  const RtpCodec opus{"audio/opus", 48000, 2, "minptime=10;useinbandfec=1", {}, 111};
  auto video = TrackLocal::create(vp8, "child-cam", "child");
  auto audio = TrackLocal::create(opus, "child-mic", "child");

  // The handles are kept: a channel whose last handle is gone delivers nothing more.
  std::vector<std::shared_ptr<DataChannel>> channels;
  pc->on_data_channel([&channels](std::shared_ptr<DataChannel> dc) {
    echo_on(dc);
    channels.push_back(std::move(dc));
  });
  pc->on_track([&](std::shared_ptr<RtpTransceiver> t, const TrackRemoteInfo& info) {
    std::shared_ptr<TrackLocal> out = info.kind == MediaKind::kVideo ? video : audio;
    const auto duration = info.kind == MediaKind::kVideo ? std::chrono::microseconds(33333)
                                                         : std::chrono::microseconds(20000);
    t->on_sample([out, duration](const MediaSample& sample) { (void)out->write_sample(sample.data, duration); });
  });
  pc->on_connection_state_change([](PeerConnectionState st) { emit("state " + e2e::to_hex(to_string(st)) + "\n"); });
  DataChannelInit negotiated;
  negotiated.negotiated = true;
  negotiated.id = 40;
  auto fixed = pc->create_data_channel("negotiated", negotiated);
  if (!fixed) return 2;
  echo_on(*fixed);

  std::string line;
  while (std::getline(std::cin, line)) {
    const auto space = line.find(' ');
    const std::string verb = line.substr(0, space);
    if (verb == "bye") break;
    if (verb != "offer" || space == std::string::npos) continue;
    auto sdp = e2e::from_hex(line.substr(space + 1));
    if (!sdp) return 3;
    if (!pc->set_remote_description({SdpType::kOffer, *sdp})) return 3;
    for (auto& t : pc->get_transceivers()) {
      if (t->sender_track()) continue;
      if (!pc->add_track(t->kind() == MediaKind::kVideo ? video : audio)) return 3;
    }
    if (!pc->set_local_description({SdpType::kAnswer, ""})) return 3;
    if (!pc->wait_for_gathering_complete()) return 3;
    emit(e2e::signal_line("answer", pc->local_description()->sdp));
  }
  pc->close();
  emit("closed 00\n");
  return 0;
}

}  // namespace

int main() { return run(); }
