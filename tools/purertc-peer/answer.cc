// `purertc-peer answer`: an HTTP endpoint that answers one SDP offer, echoes data channel messages and
// reflects media tracks.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "commands.h"
#include "net.h"
#include "output.h"
#include "reflect.h"
#include "session.h"
#include "purertc/purertc.h"

namespace purertc::peer {
namespace {

constexpr std::string_view kSessionPath = "/session/1";
constexpr auto kDisconnectedGrace = std::chrono::seconds(3);

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// What the library thread's callbacks share with the main thread.
struct AnswerState {
  std::shared_ptr<EchoCounters> counters = std::make_shared<EchoCounters>();
  std::atomic<bool> ended{false};
  // When the connection went "disconnected" (steady clock, ms; 0: it is not). A peer that vanished
  // without closing stays disconnected until consent expires (30 s, RFC 7675), so the main loop ends
  // the session after kDisconnectedGrace instead.
  std::atomic<int64_t> disconnected_since_ms{0};
  std::mutex mutex;
  std::vector<std::shared_ptr<DataChannel>> channels;  // kept alive for the session
};

class AnswerServer {
 public:
  AnswerServer(Api api, std::shared_ptr<AnswerState> state) : api_(std::move(api)), state_(std::move(state)) {}
  ~AnswerServer() {
    if (pc_) pc_->close();
  }

  void handle(int fd) {
    HttpMessage request;
    std::string io_error;
    ParseResult r = read_request(fd, Clock::now() + std::chrono::seconds(5), HttpLimits{}, request, io_error);
    if (r.state == ParseState::kError) return respond_text(fd, r.status, r.error);
    if (r.state == ParseState::kNeedMore) return print_error("dropped an HTTP connection: " + io_error);
    if (request.method == "POST") return post(fd, request);
    if (request.method == "DELETE") return remove(fd, request);
    if (request.method == "OPTIONS") return respond(fd, 204, {{"Allow", "POST, DELETE, OPTIONS"}}, "");
    respond(fd, 405, {{"Allow", "POST, DELETE, OPTIONS"}, {"Content-Type", "text/plain; charset=utf-8"}},
            "POST an SDP offer (Content-Type: application/sdp)\n");
  }

  PeerConnection* peer_connection() const { return pc_.get(); }

 private:
  void post(int fd, const HttpMessage& request) {
    if (pc_) return respond_text(fd, 409, "this purertc-peer serves one session and already has one");
    auto type = request.header("Content-Type");
    if (type && !type->starts_with("application/sdp")) {
      return respond_text(fd, 415, "expected Content-Type application/sdp, got " + std::string(*type));
    }
    auto state = state_;
    AnswerHooks hooks;
    hooks.setup = [state](PeerConnection& pc) {
      pc.on_connection_state_change([state](PeerConnectionState s) {
        if (s == PeerConnectionState::kConnected) print_line(json_object({{"event", std::string("connected")}}));
        if (s == PeerConnectionState::kFailed || s == PeerConnectionState::kClosed) state->ended = true;
        state->disconnected_since_ms = s == PeerConnectionState::kDisconnected ? now_ms() : 0;
      });
      pc.on_data_channel([state](std::shared_ptr<DataChannel> dc) {
        print_line(json_object({{"event", std::string("datachannel")}, {"label", dc->label()}}));
        echo_channel(dc, state->counters);
        std::lock_guard lock(state->mutex);
        state->channels.push_back(std::move(dc));
      });
    };
    hooks.before_answer = [&request](PeerConnection& pc) { return reflect_tracks(pc, request.body); };
    AnsweredOffer answered = answer_offer(api_, request.body, hooks);
    if (!answered.pc) return respond_text(fd, answered.status, answered.error);
    pc_ = std::move(answered.pc);
    respond(fd, 201, {{"Content-Type", "application/sdp"}, {"Location", std::string(kSessionPath)}}, answered.sdp);
  }

  // Ends the session (as WHIP's DELETE on the resource URL does).
  void remove(int fd, const HttpMessage& request) {
    if (!pc_ || request.target != kSessionPath) return respond_text(fd, 404, "no such session");
    pc_->close();
    state_->ended = true;
    respond(fd, 200, {}, "");
  }

  Api api_;
  std::shared_ptr<AnswerState> state_;
  std::shared_ptr<PeerConnection> pc_;
};

}  // namespace

int run_answer(const AnswerOptions& options) {
  auto endpoint = start_endpoint(options.bind, options.port);
  if (!endpoint) return 1;
  auto& listener = endpoint->listener;
  auto state = std::make_shared<AnswerState>();
  AnswerServer server(std::move(endpoint->api), state);
  const auto deadline = Clock::now() + std::chrono::seconds(options.timeout_s);
  std::optional<Clock::time_point> end_at;
  while (Clock::now() < deadline) {
    // Once the connection ended, linger briefly so a final DELETE or the last echoes still go out.
    int64_t disconnected = state->disconnected_since_ms;
    if (disconnected != 0 && now_ms() - disconnected >= std::chrono::milliseconds(kDisconnectedGrace).count()) {
      state->ended = true;
    }
    if (state->ended && !end_at) end_at = Clock::now() + std::chrono::milliseconds(300);
    if (end_at && Clock::now() >= *end_at) break;
    Fd conn = accept_tcp(listener, std::chrono::milliseconds(100));
    if (conn) server.handle(conn.get());
  }
  uint64_t rtp = server.peer_connection() ? rtp_packets_received(*server.peer_connection()) : 0;
  print_line(json_object({{"event", std::string("summary")},
                          {"messages", static_cast<int64_t>(state->counters->messages.load())},
                          {"bytes", static_cast<int64_t>(state->counters->bytes.load())},
                          {"rtp_packets", static_cast<int64_t>(rtp)}}));
  return 0;
}

}  // namespace purertc::peer
