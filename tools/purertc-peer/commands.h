// purertc-peer's two roles. Each returns the process exit code.
#pragma once

#include <optional>
#include <string>

#include "net.h"
#include "purertc/api.h"
#include "purertc/peer_connection.h"
#include "purertc/setting_engine.h"

namespace purertc::peer {

struct AnswerOptions {
  int port = 0;  // 0: the kernel picks one (printed in the "listening" line)
  std::string bind = "127.0.0.1";
  int timeout_s = 60;
};

struct OfferOptions {
  std::string url;
  int messages = 20;
  int timeout_s = 30;
  bool video = false;  // --media video|both
  bool audio = false;  // --media audio|both
  std::string video_file;  // IVF (VP8); built-in synthetic frames when empty
  std::string audio_file;  // Ogg Opus; built-in synthetic packets when empty
};

struct WhipOptions {
  std::string url;
  std::string video_file;  // IVF (VP8)
  std::string audio_file;  // Ogg Opus
  int duration_s = 0;      // 0: the longer file's length
  int timeout_s = 30;      // for connecting
};

struct ServeOptions {
  int port = 0;
  std::string bind = "127.0.0.1";
  int timeout_s = 0;  // 0: until SIGINT / SIGTERM
};

int run_answer(const AnswerOptions& options);
int run_offer(const OfferOptions& options);
int run_whip(const WhipOptions& options);
int run_serve(const ServeOptions& options);

// ICE settings: only 127.0.0.1 candidates when the peer is on this machine's loopback (tests, the demo),
// every interface otherwise. mDNS host names are not used either way: the exchange is local or LAN.
SettingEngine peer_settings(bool loopback_only);
bool is_loopback_host(const std::string& host);
// The HTTP side of `answer` and `serve`: a TCP listener on bind:port and the Api its PeerConnections come
// from. Prints {"event":"listening","port":P} once both exist; on failure prints the error, returns nullopt.
struct Endpoint {
  Listener listener;
  Api api;
};
std::optional<Endpoint> start_endpoint(const std::string& bind, int port);

// Sets `pc`'s local offer and waits for ICE gathering: the complete offer (no trickle) that `offer` and
// `whip` POST. nullopt with a message for the user in `error` when that fails.
std::optional<std::string> complete_offer(PeerConnection& pc, std::string& error);

}  // namespace purertc::peer
