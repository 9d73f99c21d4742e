// `purertc-peer serve`: an HTTP server for trying purertc by hand and for WHIP/WHEP.
//   GET /          the page (page.cc): data channel chat echoed, camera reflected, a WHEP viewer
//   POST /offer    a page session: echoes data channels, reflects media (as `purertc-peer answer`)
//   POST /whip     a WHIP publisher (RFC 9725) sending VP8 and/or Opus; replaces the previous publisher
//   POST /whep     a WHEP viewer: receives what the current publisher sends (RTP relayed, not decoded)
//   DELETE <Location>  ends that session
// Every POST is answered 201 with the complete answer and the session's path in Location.
#include <atomic>
#include <algorithm>
#include <cctype>
#include <csignal>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "commands.h"
#include "media.h"
#include "net.h"
#include "output.h"
#include "page.h"
#include "purertc/purertc.h"
#include "reflect.h"
#include "session.h"

namespace purertc::peer {
namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }

// Browsers on another origin (a WHIP/WHEP player page) may use the endpoints too.
const HttpHeaders kCors = {{"Access-Control-Allow-Origin", "*"},
                           {"Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS"},
                           {"Access-Control-Allow-Headers", "Content-Type"},
                           {"Access-Control-Expose-Headers", "Location"}};

HttpHeaders with_cors(HttpHeaders headers) {
  headers.insert(headers.end(), kCors.begin(), kCors.end());
  return headers;
}

// The tracks every viewer is sent: the publisher's RTP goes into them (write_rtp rewrites SSRC, payload
// type and sequence numbers per viewer, so a new publisher continues the same streams).
struct Relay {
  std::shared_ptr<TrackLocal> video = TrackLocal::create(vp8_codec(), "relay-video", "purertc-relay");
  std::shared_ptr<TrackLocal> audio = TrackLocal::create(opus_codec(), "relay-audio", "purertc-relay");
  std::atomic<uint64_t> packets{0};
  const std::shared_ptr<TrackLocal>& track(MediaKind kind) const { return kind == MediaKind::kVideo ? video : audio; }
};

struct Session {
  std::string kind;  // "page", "whip", "whep"
  std::shared_ptr<PeerConnection> pc;
  std::shared_ptr<std::vector<std::shared_ptr<DataChannel>>> channels;  // kept alive; touched on the loop thread
};

bool same_mime(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

class Server {
 public:
  explicit Server(Api api) : api_(std::move(api)) {}
  ~Server() {
    for (auto& [path, s] : sessions_) s.pc->close();
  }

  void handle(int fd) {
    HttpMessage request;
    std::string io_error;
    ParseResult r = read_request(fd, Clock::now() + std::chrono::seconds(5), HttpLimits{}, request, io_error);
    if (r.state == ParseState::kError) return respond_text(fd, r.status, r.error);
    if (r.state == ParseState::kNeedMore) return print_error("dropped an HTTP connection: " + io_error);
    const std::string& target = request.target;
    if (request.method == "OPTIONS") return respond(fd, 204, with_cors({}), "");
    if (request.method == "GET" && (target == "/" || target == "/index.html")) {
      return respond(fd, 200, {{"Content-Type", "text/html; charset=utf-8"}, {"Cache-Control", "no-store"}}, kServePage);
    }
    if (request.method == "POST" && (target == "/offer" || target == "/whip" || target == "/whep")) {
      return post(fd, request, target.substr(1));
    }
    if (request.method == "DELETE") return remove(fd, target);
    if (target == "/offer" || target == "/whip" || target == "/whep" || sessions_.contains(target)) {
      return respond(fd, 405, with_cors({{"Allow", "POST, DELETE, OPTIONS"}}), "");
    }
    respond_text(fd, 404, "not found: GET / for the page; POST /offer, /whip or /whep an SDP offer");
  }

  // Drops sessions whose connection failed or closed.
  void sweep() {
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      auto state = it->second.pc->connection_state();
      if (state == PeerConnectionState::kFailed || state == PeerConnectionState::kClosed) {
        end(it->first, "connection " + std::string(to_string(state)));
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
  }

  size_t sessions_started() const { return next_id_ - 1; }
  uint64_t relayed_packets() const { return relay_->packets; }

 private:
  void post(int fd, const HttpMessage& request, const std::string& kind) {
    auto type = request.header("Content-Type");
    if (!type || !type->starts_with("application/sdp")) {
      return respond_text(fd, 415, "expected Content-Type application/sdp");
    }
    if (sessions_.size() >= kMaxSessions) return respond_text(fd, 503, "too many sessions");
    auto channels = std::make_shared<std::vector<std::shared_ptr<DataChannel>>>();
    auto relay = relay_;
    auto counters = counters_;
    AnswerHooks hooks;
    hooks.setup = [channels, counters](PeerConnection& pc) {
      pc.on_data_channel([channels, counters](std::shared_ptr<DataChannel> dc) {
        echo_channel(dc, counters);
        channels->push_back(std::move(dc));
      });
    };
    const std::string& offer = request.body;
    if (kind == "offer") {
      hooks.before_answer = [&offer](PeerConnection& pc) { return reflect_tracks(pc, offer); };
    } else if (kind == "whip") {
      hooks.before_answer = [&offer, relay](PeerConnection& pc) { return publish(pc, offer, relay); };
    } else {
      hooks.before_answer = [&offer, relay](PeerConnection& pc) { return view(pc, offer, *relay); };
    }
    AnsweredOffer answered = answer_offer(api_, offer, hooks);
    if (!answered.pc) return respond_text(fd, answered.status, answered.error);
    if (kind == "whip") {
      // The last publisher wins: the one before stops feeding the relay.
      for (auto it = sessions_.begin(); it != sessions_.end();) {
        if (it->second.kind != "whip") {
          ++it;
          continue;
        }
        it->second.pc->close();
        end(it->first, "replaced by a new publisher");
        it = sessions_.erase(it);
      }
    }
    const std::string path = "/" + (kind == "offer" ? std::string("session") : kind) + "/" + std::to_string(next_id_++);
    sessions_[path] = Session{kind == "offer" ? "page" : kind, answered.pc, channels};
    print_line(json_object({{"event", std::string("session")}, {"path", path}, {"kind", sessions_[path].kind}}));
    respond(fd, 201, with_cors({{"Content-Type", "application/sdp"}, {"Location", path}}), answered.sdp);
  }

  // A WHIP publisher: every track it sends must be VP8 or Opus (the relay's codecs); its RTP feeds the relay.
  static std::string publish(PeerConnection& pc, const std::string& offer, const std::shared_ptr<Relay>& relay) {
    size_t tracks = 0;
    for (const auto& t : pc.get_transceivers()) {
      auto mid = t->mid();
      if (!mid || !t->receiver_track()) continue;
      auto codec = offered_codec(offer, *mid, t->kind());
      const auto& track = relay->track(t->kind());
      if (!codec || !same_mime(codec->mime_type, track->codec().mime_type)) {
        return "serve relays " + track->codec().mime_type + " " + std::string(to_string(t->kind())) +
               " only; the offer's m-section " + *mid + " does not offer it first";
      }
      std::weak_ptr<Relay> weak = relay;
      const MediaKind kind = t->kind();
      t->on_rtp([weak, kind](std::span<const uint8_t> packet) {
        auto r = weak.lock();
        if (!r) return;
        r->packets += 1;
        (void)r->track(kind)->write_rtp(packet);
      });
      ++tracks;
    }
    return tracks == 0 ? "the WHIP offer sends no audio or video" : "";
  }

  // A WHEP viewer: the relay's tracks on the m-sections it offers to receive with their codec.
  static std::string view(PeerConnection& pc, const std::string& offer, const Relay& relay) {
    size_t tracks = 0;
    for (const auto& t : pc.get_transceivers()) {
      auto mid = t->mid();
      if (!mid || t->sender_track()) continue;
      const auto& track = relay.track(t->kind());
      auto codec = offered_codec(offer, *mid, t->kind());
      if (!codec || !same_mime(codec->mime_type, track->codec().mime_type)) continue;
      if (auto added = pc.add_track(track); !added) return "cannot send the relay's track: " + to_string(added.error());
      ++tracks;
    }
    return tracks == 0 ? "the WHEP offer receives neither VP8 video nor Opus audio" : "";
  }

  void remove(int fd, const std::string& path) {
    auto it = sessions_.find(path);
    if (it == sessions_.end()) return respond_text(fd, 404, "no such session: " + path);
    it->second.pc->close();
    end(path, "deleted");
    sessions_.erase(it);
    respond(fd, 200, with_cors({}), "");
  }

  static void end(const std::string& path, const std::string& why) {
    print_line(json_object({{"event", std::string("ended")}, {"path", path}, {"reason", why}}));
  }

  static constexpr size_t kMaxSessions = 64;
  Api api_;
  std::shared_ptr<Relay> relay_ = std::make_shared<Relay>();
  std::shared_ptr<EchoCounters> counters_ = std::make_shared<EchoCounters>();
  std::map<std::string, Session> sessions_;
  size_t next_id_ = 1;
};

}  // namespace

int run_serve(const ServeOptions& options) {
  // Before "listening" is printed: a supervisor may send SIGINT as soon as it reads that line.
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  auto endpoint = start_endpoint(options.bind, options.port);
  if (!endpoint) return 1;
  auto& listener = endpoint->listener;
  uint64_t relayed = 0;
  size_t sessions = 0;
  {
    Server server(std::move(endpoint->api));
    const auto deadline = Clock::now() + std::chrono::seconds(options.timeout_s);
    while (!g_stop && (options.timeout_s == 0 || Clock::now() < deadline)) {
      Fd conn = accept_tcp(listener, std::chrono::milliseconds(100));
      if (conn) server.handle(conn.get());
      server.sweep();
    }
    relayed = server.relayed_packets();
    sessions = server.sessions_started();
  }
  print_line(json_object({{"event", std::string("summary")},
                          {"sessions", static_cast<int64_t>(sessions)},
                          {"relayed_packets", static_cast<int64_t>(relayed)}}));
  return 0;
}

}  // namespace purertc::peer
