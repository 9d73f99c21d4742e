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
  std::atomic<uint64_t> messages{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<bool> ended{false};
  // When the connection went "disconnected" (steady clock, ms; 0: it is not). A peer that vanished
  // without closing stays disconnected until consent expires (30 s, RFC 7675), so the main loop ends
  // the session after kDisconnectedGrace instead.
  std::atomic<int64_t> disconnected_since_ms{0};
  std::mutex mutex;
  std::vector<std::shared_ptr<DataChannel>> channels;  // kept alive for the session
};

void respond(int fd, int status, const HttpHeaders& headers, std::string_view body) {
  write_all(fd, format_response(status, reason_phrase(status), headers, body), Clock::now() + std::chrono::seconds(5));
}

void respond_text(int fd, int status, const std::string& message) {
  respond(fd, status, {{"Content-Type", "text/plain; charset=utf-8"}}, message + "\n");
}

void echo_channel(const std::shared_ptr<DataChannel>& dc, const std::shared_ptr<AnswerState>& state) {
  std::weak_ptr<DataChannel> weak = dc;
  dc->on_message([weak, state](const DataChannelMessage& m) {
    state->messages += 1;
    state->bytes += m.data.size();
    auto self = weak.lock();
    if (!self) return;
    auto r = m.binary ? self->send(std::span<const uint8_t>(m.data)) : self->send(m.text());
    if (!r) print_error("echo failed: " + to_string(r.error()));
  });
}

uint64_t rtp_packets_received(const PeerConnection& pc) {
  uint64_t total = 0;
  for (const Stats* s : pc.get_stats().of_type("inbound-rtp")) total += s->get<uint64_t>("packetsReceived").value_or(0);
  return total;
}

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
    if (request.body.empty()) return respond_text(fd, 400, "empty body: expected an SDP offer");
    auto created = api_.new_peer_connection();
    if (!created) return respond_text(fd, 500, to_string(created.error()));
    std::shared_ptr<PeerConnection> pc = *created;
    auto state = state_;
    pc->on_connection_state_change([state](PeerConnectionState s) {
      if (s == PeerConnectionState::kConnected) print_line(json_object({{"event", std::string("connected")}}));
      if (s == PeerConnectionState::kFailed || s == PeerConnectionState::kClosed) state->ended = true;
      state->disconnected_since_ms = s == PeerConnectionState::kDisconnected ? now_ms() : 0;
    });
    pc->on_data_channel([state](std::shared_ptr<DataChannel> dc) {
      print_line(json_object({{"event", std::string("datachannel")}, {"label", dc->label()}}));
      echo_channel(dc, state);
      std::lock_guard lock(state->mutex);
      state->channels.push_back(std::move(dc));
    });
    if (auto set = pc->set_remote_description({SdpType::kOffer, request.body}); !set) {
      pc->close();
      return respond_text(fd, 400, "the offer was rejected: " + to_string(set.error()));
    }
    if (std::string e = reflect_tracks(*pc, request.body); !e.empty()) {
      pc->close();
      return respond_text(fd, 500, e);
    }
    if (auto set = pc->set_local_description({SdpType::kAnswer, ""}); !set) {
      pc->close();
      return respond_text(fd, 400, "cannot answer this offer: " + to_string(set.error()));
    }
    if (auto done = pc->wait_for_gathering_complete(std::chrono::seconds(10)); !done) {
      pc->close();
      return respond_text(fd, 500, "ICE gathering did not complete: " + to_string(done.error()));
    }
    auto answer = pc->local_description();
    if (!answer) {
      pc->close();
      return respond_text(fd, 500, "no local description after answering");
    }
    pc_ = std::move(pc);
    respond(fd, 201, {{"Content-Type", "application/sdp"}, {"Location", std::string(kSessionPath)}}, answer->sdp);
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
  std::string error;
  auto listener = listen_tcp(options.bind, options.port, error);
  if (!listener) {
    print_error(error);
    return 1;
  }
  auto api = Api::create(Api::default_media_engine(), peer_settings(is_loopback_host(options.bind)));
  if (!api) {
    print_error("cannot start purertc: " + to_string(api.error()));
    return 1;
  }
  auto state = std::make_shared<AnswerState>();
  print_line(json_object({{"event", std::string("listening")}, {"port", int64_t{listener->port}}}));
  AnswerServer server(std::move(*api), state);
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
    Fd conn = accept_tcp(*listener, std::chrono::milliseconds(100));
    if (conn) server.handle(conn.get());
  }
  uint64_t rtp = server.peer_connection() ? rtp_packets_received(*server.peer_connection()) : 0;
  print_line(json_object({{"event", std::string("summary")},
                          {"messages", static_cast<int64_t>(state->messages.load())},
                          {"bytes", static_cast<int64_t>(state->bytes.load())},
                          {"rtp_packets", static_cast<int64_t>(rtp)}}));
  return 0;
}

}  // namespace purertc::peer
