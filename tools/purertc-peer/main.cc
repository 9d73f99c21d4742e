// purertc-peer: a command-line WebRTC peer that exchanges complete SDP descriptions over HTTP, so any
// peer able to POST an offer (or answer one) can be tested against purertc. See `purertc-peer --help`.
#include <charconv>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "output.h"

namespace {

using namespace purertc::peer;

constexpr const char* kUsage =
    "usage:\n"
    "  purertc-peer answer --port P [--bind ADDR] [--timeout S]\n"
    "      HTTP endpoint on ADDR:P (default 127.0.0.1): POST an SDP offer, get 201 with the SDP answer.\n"
    "      Echoes every data channel message. Exits after S seconds (default 60) or when the session ends.\n"
    "      Reflects every received audio/video track back to the sender with the same codec.\n"
    "  purertc-peer offer --url URL [--messages N] [--media none|video|audio|both] [--video FILE.ivf]\n"
    "                     [--audio FILE.ogg] [--timeout S]\n"
    "      POSTs an offer with data channel \"interop\" to URL, sends N messages (default 20) and checks\n"
    "      the echoes; with --media also sends VP8 / Opus (the files, looped, or synthetic frames) and counts\n"
    "      the RTP packets that come back. Prints one JSON line; exit code 0 iff every echo matched and media\n"
    "      came back. Timeout default 30 s.\n"
    "  purertc-peer whip --url URL [--video FILE.ivf] [--audio FILE.ogg] [--duration S] [--timeout S]\n"
    "      Publishes the files to a WHIP endpoint (RFC 9725) paced by their timestamps, for S seconds\n"
    "      (looping) or the longer file's length, then DELETEs the session. One JSON line; exit 0 iff ok.\n"
    "  purertc-peer serve --port P [--bind ADDR] [--timeout S]\n"
    "      A page at http://ADDR:P/ for trying purertc from a browser (chat echoed, camera reflected), a WHIP\n"
    "      endpoint POST /whip and a WHEP endpoint POST /whep (viewers get the last publisher's media).\n"
    "      Runs until SIGINT/SIGTERM or S seconds.\n";

int usage_error(const std::string& message) {
  print_error(message);
  std::fputs(kUsage, stderr);
  return 2;
}

std::optional<int> parse_int(std::string_view text, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  const std::string_view command = args[0];
  if (command != "answer" && command != "offer" && command != "whip" && command != "serve") {
    return usage_error("unknown command \"" + std::string(command) + "\"");
  }
  AnswerOptions answer;
  OfferOptions offer;
  WhipOptions whip;
  ServeOptions serve;
  bool have_port = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string_view flag = args[i];
    if (i + 1 >= args.size()) return usage_error("missing value after " + std::string(flag));
    const std::string_view value = args[++i];
    auto number = [&](int min, int max) -> std::optional<int> {
      auto n = parse_int(value, min, max);
      if (!n) {
        usage_error(std::string(flag) + " needs a number from " + std::to_string(min) + " to " + std::to_string(max) +
                    ", got \"" + std::string(value) + "\"");
      }
      return n;
    };
    if (flag == "--timeout") {
      auto n = number(1, 24 * 3600);
      if (!n) return 2;
      answer.timeout_s = offer.timeout_s = whip.timeout_s = serve.timeout_s = *n;
    } else if ((command == "answer" || command == "serve") && flag == "--port") {
      auto n = number(0, 65535);
      if (!n) return 2;
      answer.port = serve.port = *n;
      have_port = true;
    } else if ((command == "answer" || command == "serve") && flag == "--bind") {
      answer.bind = serve.bind = std::string(value);
    } else if (command == "whip" && flag == "--url") {
      whip.url = std::string(value);
    } else if (command == "whip" && flag == "--video") {
      whip.video_file = std::string(value);
    } else if (command == "whip" && flag == "--audio") {
      whip.audio_file = std::string(value);
    } else if (command == "whip" && flag == "--duration") {
      auto n = number(1, 24 * 3600);
      if (!n) return 2;
      whip.duration_s = *n;
    } else if (command == "offer" && flag == "--url") {
      offer.url = std::string(value);
    } else if (command == "offer" && flag == "--messages") {
      auto n = number(0, 1000000);
      if (!n) return 2;
      offer.messages = *n;
    } else if (command == "offer" && flag == "--media") {
      if (value != "none" && value != "video" && value != "audio" && value != "both") {
        return usage_error("--media must be none, video, audio or both");
      }
      offer.video = value == "video" || value == "both";
      offer.audio = value == "audio" || value == "both";
    } else if (command == "offer" && flag == "--video") {
      offer.video_file = std::string(value);
    } else if (command == "offer" && flag == "--audio") {
      offer.audio_file = std::string(value);
    } else {
      return usage_error("unknown option " + std::string(flag) + " for " + std::string(command));
    }
  }
  if (command == "answer") {
    if (!have_port) return usage_error("answer needs --port");
    return run_answer(answer);
  }
  if (command == "serve") {
    if (!have_port) return usage_error("serve needs --port");
    return run_serve(serve);
  }
  if (command == "whip") {
    if (whip.url.empty()) return usage_error("whip needs --url");
    if (whip.video_file.empty() && whip.audio_file.empty()) return usage_error("whip needs --video and/or --audio");
    return run_whip(whip);
  }
  if (offer.url.empty()) return usage_error("offer needs --url");
  // A media file asks for its kind even without --media.
  offer.video = offer.video || !offer.video_file.empty();
  offer.audio = offer.audio || !offer.audio_file.empty();
  return run_offer(offer);
}
