// Two MediaSessions back to back through simulated links (tests/sim), keyed with the same random
// DTLS-SRTP keying material as a client and a server, on logical time.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <variant>
#include <vector>

#include "common/random.h"
#include "pc/media/media.h"
#include "tests/sim/sim_link.h"

namespace purertc::pc::media::test {

inline CodecParameters vp8_codec(uint8_t pt = 96, std::optional<uint8_t> rtx = 97) {
  CodecParameters c;
  c.payload_type = pt;
  c.mime = "video/VP8";
  c.clock_rate = 90000;
  c.feedback = {.nack = true, .pli = true, .fir = true, .transport_cc = false, .remb = false};
  c.rtx_payload_type = rtx;
  return c;
}

inline CodecParameters opus_codec(uint8_t pt = 111) {
  CodecParameters c;
  c.payload_type = pt;
  c.mime = "audio/opus";
  c.clock_rate = 48000;
  c.channels = 2;
  c.fmtp = "minptime=10;useinbandfec=1";
  return c;
}

inline HeaderExtensionIds default_extensions() {
  HeaderExtensionIds ids;
  ids.mid = 1;
  ids.rid = 2;
  ids.repaired_rid = 3;
  ids.abs_send_time = 4;
  ids.transport_cc = 5;
  return ids;
}

// A VP8 frame of `size` bytes; the frame tag's P bit (RFC 6386 9.1) marks keyframes.
inline std::vector<uint8_t> vp8_frame(Random& random, size_t size, bool keyframe) {
  std::vector<uint8_t> f(size);
  random.fill(f);
  f[0] = static_cast<uint8_t>((f[0] & 0xfe) | (keyframe ? 0 : 1));
  return f;
}

struct Peer {
  explicit Peer(uint64_t seed, MediaSessionSettings settings = {}) : random(seed), session(random, settings) {}
  SeededRandom random;
  MediaSession session;
  std::vector<Event> events;
  std::vector<std::vector<uint8_t>> sent_rtp, sent_rtcp;  // plaintext is not visible: protected bytes

  template <class T>
  std::vector<T> take() {
    std::vector<T> out;
    std::vector<Event> rest;
    for (auto& e : events) {
      if (auto* t = std::get_if<T>(&e)) out.push_back(std::move(*t));
      else rest.push_back(std::move(e));
    }
    events = std::move(rest);
    return out;
  }
};

class Pair {
 public:
  explicit Pair(sim::Impairment ab = {}, sim::Impairment ba = {}, MediaSessionSettings settings = {},
                srtp::Profile profile = srtp::Profile::kAes128CmHmacSha1_80,
                std::optional<MediaSessionSettings> settings_b = std::nullopt)
      : a(1, settings), b(2, settings_b.value_or(settings)), ab_(ab, 11), ba_(ba, 12) {
    std::vector<uint8_t> keys(srtp::keying_material_size(profile));
    SeededRandom r(99);
    r.fill(keys);
    EXPECT_TRUE(a.session.start_srtp(profile, keys, srtp::DtlsRole::kClient, now));
    EXPECT_TRUE(b.session.start_srtp(profile, keys, srtp::DtlsRole::kServer, now));
  }

  // Drains both sessions into the links; `filter_ab` may drop a datagram (return false) before it enters
  // the a->b link.
  void drain() {
    drain_one(a, ab_, filter_ab);
    drain_one(b, ba_, filter_ba);
  }

  // Delivers what is due, fires due timers, drains; until `until`.
  void run_until(Timestamp until) {
    drain();
    while (true) {
      Timestamp next = earliest(earliest(ab_.next_delivery(), ba_.next_delivery()),
                                earliest(a.session.next_timeout(), b.session.next_timeout()));
      if (next > until) break;
      if (next > now) now = next;
      deliver(ab_, b);
      deliver(ba_, a);
      if (a.session.next_timeout() <= now) a.session.handle_timeout(now);
      if (b.session.next_timeout() <= now) b.session.handle_timeout(now);
      drain();
    }
    now = until;
  }
  void run_for(Duration d) { run_until(now + d); }

  Peer a, b;
  Timestamp now = Timestamp::from_millis(1000);
  std::function<bool(const Transmit&)> filter_ab = [](const Transmit&) { return true; };
  std::function<bool(const Transmit&)> filter_ba = [](const Transmit&) { return true; };
  sim::SimLink& link_ab() { return ab_; }
  sim::SimLink& link_ba() { return ba_; }

 private:
  void drain_one(Peer& p, sim::SimLink& link, const std::function<bool(const Transmit&)>& filter) {
    while (auto out = p.session.poll_output()) {
      if (auto* t = std::get_if<Transmit>(&*out)) {
        (t->rtcp ? p.sent_rtcp : p.sent_rtp).push_back(t->data);
        if (filter(*t)) link.send(t->data, now);
        p.session.recycle(std::move(t->data));
      } else {
        p.events.push_back(std::move(std::get<Event>(*out)));
      }
    }
  }
  void deliver(sim::SimLink& link, Peer& to) {
    while (auto d = link.receive(now)) {
      // RFC 5761 demux: RTCP packet types 192..223 in the second byte.
      if ((*d)[1] >= 192 && (*d)[1] <= 223) to.session.handle_srtcp(*d, now);
      else to.session.handle_srtp(*d, now);
    }
  }

  sim::SimLink ab_, ba_;
};

}  // namespace purertc::pc::media::test
