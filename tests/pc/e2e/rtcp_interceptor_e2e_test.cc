// Two purertc PeerConnections over 127.0.0.1 exercising the InterceptorRegistry and RTCP read/write:
//  - user interceptors see the streams they are bound to and every packet; one that drops outgoing
//    video packets (first transmission only) induces loss, which NACK + retransmission repairs;
//  - the built-in behaviours really switch: no NACK responder means NACKs get no retransmission, no NACK
//    generator means gaps get no NACK, no reports means no SR/RR, and the report interval is honoured;
//  - RtpTransceiver::write_rtcp sends an APP packet that the other side's on_rtcp gets byte for byte
//    (or as an outgoing-RTCP interceptor rewrote it), and SR/RR reach on_rtcp.
// The offerer sends VP8 (sendonly from its side); the answerer only receives.
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <set>

#include "tests/pc/e2e/peer_pair.h"

namespace purertc::e2e {
namespace {

const RtpCodec kVp8{"video/VP8", 90000, 0, "", {}, 96};

constexpr uint8_t kRtcpSr = 200, kRtcpRr = 201, kRtcpApp = 204;

uint16_t be16(std::span<const uint8_t> b, size_t at) { return static_cast<uint16_t>(b[at] << 8 | b[at + 1]); }
uint32_t be32(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint32_t>(b[at]) << 24 | static_cast<uint32_t>(b[at + 1]) << 16 |
         static_cast<uint32_t>(b[at + 2]) << 8 | b[at + 3];
}

// The packet types in an RTCP compound, with the first SSRC field of each (RFC 3550 6.4).
std::vector<std::pair<uint8_t, uint32_t>> rtcp_types(std::span<const uint8_t> compound) {
  std::vector<std::pair<uint8_t, uint32_t>> out;
  size_t at = 0;
  while (at + 8 <= compound.size()) {
    const size_t length = (static_cast<size_t>(be16(compound, at + 2)) + 1) * 4;
    out.emplace_back(compound[at + 1], be32(compound, at + 4));
    at += length;
  }
  return out;
}

// RFC 3550 6.7: APP with a 4-character name and 4-byte-aligned data.
std::vector<uint8_t> app_packet(uint8_t subtype, uint32_t ssrc, const char (&name)[5], std::vector<uint8_t> data) {
  std::vector<uint8_t> p = {static_cast<uint8_t>(0x80 | subtype), kRtcpApp, 0, 0};
  for (int i = 3; i >= 0; --i) p.push_back(static_cast<uint8_t>(ssrc >> (8 * i)));
  p.insert(p.end(), name, name + 4);
  p.insert(p.end(), data.begin(), data.end());
  const size_t words = p.size() / 4 - 1;
  p[2] = static_cast<uint8_t>(words >> 8);
  p[3] = static_cast<uint8_t>(words);
  return p;
}

std::vector<uint8_t> vp8_frame(size_t size, uint8_t seed, bool keyframe) {
  std::vector<uint8_t> f(size);
  for (size_t i = 0; i < size; ++i) f[i] = static_cast<uint8_t>(seed * 31 + i * 7 + (i >> 8));
  f[0] = static_cast<uint8_t>((f[0] & 0xfe) | (keyframe ? 0 : 1));
  return f;
}

// Sees everything; counts it; remembers the streams it was bound to. Shared with the test thread.
struct Observed {
  std::mutex mutex;
  std::vector<StreamInfo> local, remote;
  std::atomic<uint64_t> rtp_out{0}, rtp_in{0}, rtcp_out{0}, rtcp_in{0};
};

class CountingInterceptor : public Interceptor {
 public:
  explicit CountingInterceptor(std::shared_ptr<Observed> o) : o_(std::move(o)) {}
  void bind_local_stream(const StreamInfo& s) override {
    std::lock_guard lock(o_->mutex);
    o_->local.push_back(s);
  }
  void bind_remote_stream(const StreamInfo& s) override {
    std::lock_guard lock(o_->mutex);
    o_->remote.push_back(s);
  }
  bool on_outgoing_rtp(const StreamInfo&, std::vector<uint8_t>&) override { return ++o_->rtp_out, true; }
  bool on_incoming_rtp(const StreamInfo&, std::vector<uint8_t>&) override { return ++o_->rtp_in, true; }
  bool on_outgoing_rtcp(std::vector<uint8_t>&) override { return ++o_->rtcp_out, true; }
  bool on_incoming_rtcp(std::vector<uint8_t>&) override { return ++o_->rtcp_in, true; }

 private:
  std::shared_ptr<Observed> o_;
};

// Drops the first transmission of every 5th outgoing video media packet (by sequence number); the
// retransmission (RTX, or the same sequence number again) passes.
class LossInterceptor : public Interceptor {
 public:
  explicit LossInterceptor(std::shared_ptr<std::atomic<uint64_t>> dropped) : dropped_(std::move(dropped)) {}
  bool on_outgoing_rtp(const StreamInfo& stream, std::vector<uint8_t>& packet) override {
    if (stream.kind != MediaKind::kVideo || packet.size() < 12 || be32(packet, 8) != stream.ssrc) return true;
    const uint16_t seq = be16(packet, 2);
    // The stream's first packets always pass: a receiver cannot NACK what precedes the first sequence
    // number it sees (the random initial sequence number made every 5th run lose frame 0).
    if (!first_seq_) first_seq_ = seq;
    if (static_cast<uint16_t>(seq - *first_seq_) < 3) return true;
    if (seq % 5 != 2 || !dropped_seqs_.insert(seq).second) return true;
    ++*dropped_;
    return false;
  }

 private:
  std::shared_ptr<std::atomic<uint64_t>> dropped_;
  std::optional<uint16_t> first_seq_;
  std::set<uint16_t> dropped_seqs_;
};

// Rewrites the data of outgoing APP packets of subtype 2 ("mod!" → "MOD!"), to show interceptors can change
// what is sent.
class AppRewriter : public Interceptor {
 public:
  bool on_outgoing_rtcp(std::vector<uint8_t>& compound) override {
    if (compound.size() >= 16 && compound[1] == kRtcpApp && (compound[0] & 0x1f) == 2) {
      for (size_t i = 12; i < 16; ++i) compound[i] = static_cast<uint8_t>(std::toupper(compound[i]));
    }
    return true;
  }
};

// On the PeerConnection that sends media, tries write_rtcp from inside a hook (which must be refused:
// it would re-enter the media layer) and records the outcome.
struct ReentryProbe {
  std::mutex mutex;
  std::shared_ptr<RtpTransceiver> target;
  std::optional<RtcErrorCode> result;
};

class ReentrantInterceptor : public Interceptor {
 public:
  explicit ReentrantInterceptor(std::shared_ptr<ReentryProbe> probe) : probe_(std::move(probe)) {}
  void bind_local_stream(const StreamInfo&) override { sends_ = true; }
  bool on_incoming_rtcp(std::vector<uint8_t>&) override {
    if (!sends_) return true;
    std::shared_ptr<RtpTransceiver> target;
    {
      std::lock_guard lock(probe_->mutex);
      if (probe_->result) return true;
      target = probe_->target;
    }
    if (!target) return true;
    auto r = target->write_rtcp(app_packet(1, 1, "oops", {}));
    std::lock_guard lock(probe_->mutex);
    // kOperationError stands for "accepted", which the test rejects.
    probe_->result = r ? RtcErrorCode::kOperationError : r.error().code;
    return true;
  }

 private:
  std::shared_ptr<ReentryProbe> probe_;
  bool sends_ = false;
};

Api make_api_with(InterceptorRegistry registry) {
  auto api = Api::create(Api::default_media_engine(), loopback_settings(), std::move(registry));
  EXPECT_TRUE(api) << to_string(api.error());
  return std::move(*api);
}

// A connected pair where the offerer sends VP8 to the answerer; both transceivers' RTCP is logged.
struct VideoPair {
  explicit VideoPair(InterceptorRegistry registry) : pair(make_api_with(std::move(registry))) {
    track = TrackLocal::create(kVp8, "cam", "s");
    auto t = pair.offerer->add_track(track);
    EXPECT_TRUE(t);
    sender = *t;
    sender->on_rtcp([this](std::span<const uint8_t> c) { at_sender.push({c.begin(), c.end()}); });
    pair.answerer->on_track([this](std::shared_ptr<RtpTransceiver> r, const TrackRemoteInfo&) {
      r->on_rtcp([this](std::span<const uint8_t> c) { at_receiver.push({c.begin(), c.end()}); });
      r->on_sample([this](const MediaSample& s) { samples.push(s.data); });
      receivers.push(std::move(r));
    });
  }
  bool connect() {
    pair.negotiate_trickle();
    return pair.wait_connected() && receivers.wait_for_size(1);
  }
  // 30 frames of 400 B .. 5 KB (several packets each), then small frames until the receiver has all 30
  // (a sample is emitted once the next frame begins, and the loss interceptor may hit the last one).
  std::vector<std::vector<uint8_t>> send_frames() {
    std::vector<std::vector<uint8_t>> sent;
    for (int i = 0; i < 30; ++i) {
      auto f = vp8_frame(400 + 157 * static_cast<size_t>(i), static_cast<uint8_t>(i), i % 10 == 0);
      EXPECT_TRUE(track->write_sample(f, std::chrono::microseconds(33333)));
      sent.push_back(std::move(f));
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    for (int i = 0; i < 50 && samples.size() < sent.size(); ++i) {
      EXPECT_TRUE(track->write_sample(vp8_frame(200, static_cast<uint8_t>(i), false), std::chrono::microseconds(33333)));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return sent;
  }
  // outbound-rtp (offerer) or inbound-rtp (answerer) counter.
  uint64_t outbound(const std::string& name) const { return counter(*pair.offerer, "outbound-rtp", name); }
  uint64_t inbound(const std::string& name) const { return counter(*pair.answerer, "inbound-rtp", name); }
  static uint64_t counter(const PeerConnection& pc, const std::string& type, const std::string& name) {
    const StatsReport report = pc.get_stats();
    for (const Stats* s : report.of_type(type)) return s->get<uint64_t>(name).value_or(0);
    return 0;
  }
  static size_t count_type(const EventLog<std::vector<uint8_t>>& log, uint8_t type) {
    size_t n = 0;
    for (const auto& c : log.items()) {
      for (const auto& [t, ssrc] : rtcp_types(c)) n += t == type;
    }
    return n;
  }

  PeerPair pair;
  std::shared_ptr<TrackLocal> track;
  std::shared_ptr<RtpTransceiver> sender;
  EventLog<std::shared_ptr<RtpTransceiver>> receivers;
  EventLog<std::vector<uint8_t>> samples, at_sender, at_receiver;
};

TEST(InterceptorE2e, DroppedPacketsAreRecoveredByNackAndInterceptorsSeeTheStreams) {
  auto dropped = std::make_shared<std::atomic<uint64_t>>(0);
  std::mutex observed_mutex;
  std::vector<std::shared_ptr<Observed>> observed;  // one per PeerConnection
  InterceptorRegistry registry;
  registry.register_default_interceptors()
      .add([&] {
        auto o = std::make_shared<Observed>();
        std::lock_guard lock(observed_mutex);
        observed.push_back(o);
        return std::make_shared<CountingInterceptor>(o);
      })
      .add([dropped] { return std::make_shared<LossInterceptor>(dropped); });
  VideoPair v(std::move(registry));
  ASSERT_TRUE(v.connect());
  const auto sent = v.send_frames();

  ASSERT_TRUE(v.samples.wait_for_size(sent.size()));
  const auto got = v.samples.items();
  for (size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(got[i], sent[i]) << "frame " << i;
  EXPECT_GT(dropped->load(), 5u);
  // Each drop was NACKed and answered (the retransmission is what filled the gap).
  EXPECT_TRUE(eventually([&] { return v.outbound("retransmittedPacketsSent") >= dropped->load(); }));
  EXPECT_GT(v.outbound("nackCount"), 0u);
  EXPECT_GT(v.inbound("nackCount"), 0u);
  EXPECT_GT(v.outbound("retransmittedBytesSent"), 0u);

  // The interceptors were told about the streams: the offerer's about its local VP8 stream, the
  // answerer's about the same stream as a remote one.
  std::lock_guard lock(observed_mutex);
  ASSERT_EQ(observed.size(), 2u);
  std::shared_ptr<Observed> at_offerer, at_answerer;
  for (const auto& o : observed) {
    std::lock_guard l(o->mutex);
    (o->local.empty() ? at_answerer : at_offerer) = o;
  }
  ASSERT_TRUE(at_offerer && at_answerer);
  {
    std::lock_guard a(at_offerer->mutex), b(at_answerer->mutex);
    ASSERT_EQ(at_offerer->local.size(), 1u);
    ASSERT_EQ(at_answerer->remote.size(), 1u);
    const StreamInfo& local = at_offerer->local[0];
    const StreamInfo& remote = at_answerer->remote[0];
    EXPECT_EQ(local.ssrc, v.sender->sender_ssrc());
    EXPECT_EQ(remote.ssrc, local.ssrc);
    EXPECT_EQ(local.mime_type, "video/VP8");
    EXPECT_EQ(remote.mime_type, "video/VP8");
    EXPECT_EQ(remote.payload_type, local.payload_type);
    EXPECT_EQ(local.mid, v.sender->mid().value_or("?"));
    EXPECT_EQ(remote.mid, local.mid);
    EXPECT_EQ(local.clock_rate, 90000u);
  }
  // The counting interceptor is first in the chain, so it saw the packets the loss interceptor dropped:
  // the answerer received (media + retransmissions) what the offerer sent minus the drops.
  EXPECT_TRUE(eventually([&] { return at_answerer->rtp_in.load() + dropped->load() >= at_offerer->rtp_out.load(); }));
  EXPECT_GT(at_offerer->rtcp_in.load(), 0u);   // NACKs at least
  EXPECT_GT(at_answerer->rtcp_out.load(), 0u);
  EXPECT_EQ(at_answerer->rtp_out.load(), 0u);  // it sends no media
  v.pair.close();
}

TEST(InterceptorE2e, WithoutNackResponderANackGetsNoRetransmission) {
  auto dropped = std::make_shared<std::atomic<uint64_t>>(0);
  InterceptorRegistry registry;
  registry.register_default_interceptors();
  registry.nack_responder.reset();
  registry.add([dropped] { return std::make_shared<LossInterceptor>(dropped); });
  VideoPair v(std::move(registry));
  ASSERT_TRUE(v.connect());
  const auto sent = v.send_frames();
  ASSERT_GT(dropped->load(), 0u);
  // The sender handles a NACK (and would retransmit) in the same step that counts it.
  ASSERT_TRUE(eventually([&] { return v.outbound("nackCount") > 0; }));
  EXPECT_GT(v.inbound("nackCount"), 0u);
  EXPECT_EQ(v.outbound("retransmittedPacketsSent"), 0u);
  // Frames that lost a packet never completed: not every frame sent arrived.
  const auto got = v.samples.items();
  const size_t intact = static_cast<size_t>(std::count_if(sent.begin(), sent.end(), [&](const auto& f) {
    return std::find(got.begin(), got.end(), f) != got.end();
  }));
  EXPECT_LT(intact, sent.size());
  v.pair.close();
}

TEST(InterceptorE2e, WithoutNackGeneratorAGapGetsNoNack) {
  auto dropped = std::make_shared<std::atomic<uint64_t>>(0);
  InterceptorRegistry registry;
  registry.register_default_interceptors();
  registry.nack_generator.reset();
  registry.add([dropped] { return std::make_shared<LossInterceptor>(dropped); });
  VideoPair v(std::move(registry));
  ASSERT_TRUE(v.connect());
  v.send_frames();
  ASSERT_GT(dropped->load(), 0u);
  // The receiver saw the gaps (a NACK would have gone out as each was detected).
  ASSERT_TRUE(eventually([&] { return VideoPair::counter(*v.pair.answerer, "inbound-rtp", "packetsReceived") > 0; }));
  const StatsReport report = v.pair.answerer->get_stats();
  ASSERT_EQ(report.of_type("inbound-rtp").size(), 1u);
  EXPECT_GT(report.of_type("inbound-rtp")[0]->get<int64_t>("packetsLost").value_or(0), 0);
  EXPECT_EQ(v.inbound("nackCount"), 0u);
  EXPECT_EQ(v.outbound("nackCount"), 0u);
  EXPECT_EQ(v.outbound("retransmittedPacketsSent"), 0u);
  v.pair.close();
}

TEST(RtcpE2e, WrittenAppPacketArrivesByteExactAndReportsReachOnRtcp) {
  InterceptorRegistry registry;
  registry.register_default_interceptors();
  registry.rtcp_reports->interval = std::chrono::milliseconds(50);
  registry.add([] { return std::make_shared<AppRewriter>(); });
  auto probe = std::make_shared<ReentryProbe>();
  registry.add([probe] { return std::make_shared<ReentrantInterceptor>(probe); });
  VideoPair v(std::move(registry));
  {
    std::lock_guard lock(probe->mutex);
    probe->target = v.sender;
  }
  const uint32_t ssrc = v.sender->sender_ssrc();
  const auto app = app_packet(1, ssrc, "prtc", {1, 2, 3, 4, 5, 6, 7, 8});

  // Before the transport is up there is nothing to send it on; a malformed packet is refused in any state.
  auto early = v.sender->write_rtcp(app);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, RtcErrorCode::kInvalidState);
  const std::vector<uint8_t> junk = {0x80, 0xc8, 0x00, 0x09, 1, 2, 3};  // an SR whose length overruns
  auto bad = v.sender->write_rtcp(junk);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, RtcErrorCode::kInvalidArgument);
  EXPECT_EQ(v.sender->write_rtcp({}).error().code, RtcErrorCode::kInvalidArgument);
  const std::vector<uint8_t> rtp_not_rtcp = {0x80, 0x60, 0x00, 0x01, 0, 0, 0, 1, 0, 0, 0, 2};
  EXPECT_EQ(v.sender->write_rtcp(rtp_not_rtcp).error().code, RtcErrorCode::kInvalidArgument);

  ASSERT_TRUE(v.connect());
  v.send_frames();
  ASSERT_TRUE(v.sender->write_rtcp(app));
  const auto to_modify = app_packet(2, ssrc, "prtc", {'m', 'o', 'd', '!'});
  ASSERT_TRUE(v.sender->write_rtcp(to_modify));
  auto modified = to_modify;
  for (size_t i = 12; i < 16; ++i) modified[i] = static_cast<uint8_t>(std::toupper(modified[i]));

  EXPECT_TRUE(v.at_receiver.wait_for(app));
  EXPECT_TRUE(v.at_receiver.wait_for(modified));
  // The answerer's receiver gets the offerer's SRs about this stream; the offerer's sender gets the
  // answerer's RRs (it sends nothing, so RR) with a block about it.
  EXPECT_TRUE(eventually([&] {
    for (const auto& c : v.at_receiver.items()) {
      for (const auto& [type, s] : rtcp_types(c)) {
        if (type == kRtcpSr && s == ssrc) return true;
      }
    }
    return false;
  }));
  EXPECT_TRUE(eventually([&] { return VideoPair::count_type(v.at_sender, kRtcpRr) > 0; }));
  // And the other direction: an APP from the answerer's receiver (it has no sending SSRC of its own; it
  // names the stream it receives) reaches the offerer's sender.
  auto receiver = v.receivers.items().front();
  const auto reply = app_packet(3, ssrc, "back", {9, 9, 9, 9});
  ASSERT_TRUE(receiver->write_rtcp(reply));
  EXPECT_TRUE(v.at_sender.wait_for(reply));

  // write_rtcp from inside the sending PeerConnection's own hook was refused.
  EXPECT_TRUE(eventually([&] {
    std::lock_guard lock(probe->mutex);
    return probe->result.has_value();
  }));
  {
    std::lock_guard lock(probe->mutex);
    EXPECT_EQ(probe->result, RtcErrorCode::kInvalidState);
    probe->target.reset();  // the interceptor must not keep the transceiver (and its PeerConnection) alive
  }

  v.pair.close();
  EXPECT_EQ(v.sender->write_rtcp(app).error().code, RtcErrorCode::kClosed);
}

// At 20 ms (randomized to 10..30 ms) dozens of reports arrive within a second; at the default 1 s no
// more than three could arrive in the 3 s allowed here.
TEST(RtcpE2e, ReportIntervalIsHonoured) {
  InterceptorRegistry registry;
  registry.register_default_interceptors();
  registry.rtcp_reports->interval = std::chrono::milliseconds(20);
  VideoPair v(std::move(registry));
  ASSERT_TRUE(v.connect());
  ASSERT_TRUE(v.track->write_sample(vp8_frame(500, 1, true), std::chrono::microseconds(33333)));
  EXPECT_TRUE(eventually([&] { return VideoPair::count_type(v.at_receiver, kRtcpSr) >= 20; },
                         std::chrono::milliseconds(3000)))
      << VideoPair::count_type(v.at_receiver, kRtcpSr) << " SRs";
  EXPECT_TRUE(eventually([&] { return VideoPair::count_type(v.at_sender, kRtcpRr) >= 20; },
                         std::chrono::milliseconds(3000)))
      << VideoPair::count_type(v.at_sender, kRtcpRr) << " RRs";
  v.pair.close();
}

// Proving an absence takes a wait: with reports on at the default 1 s interval, the first one goes out
// within 1.5 s of the transport connecting, so 2 s of media with none shows they are off.
TEST(RtcpE2e, WithoutReportsNoSrOrRrIsSent) {
  InterceptorRegistry registry;
  registry.register_default_interceptors();
  registry.rtcp_reports.reset();
  VideoPair v(std::move(registry));
  ASSERT_TRUE(v.connect());
  const auto started = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - started < std::chrono::seconds(2)) {
    ASSERT_TRUE(v.track->write_sample(vp8_frame(500, 1, false), std::chrono::microseconds(33333)));
    std::this_thread::sleep_for(std::chrono::milliseconds(33));
  }
  // RTCP itself works: a written packet arrives (and everything sent before it did too, on loopback).
  const auto app = app_packet(1, v.sender->sender_ssrc(), "last", {});
  ASSERT_TRUE(v.sender->write_rtcp(app));
  ASSERT_TRUE(v.at_receiver.wait_for(app));
  EXPECT_GT(v.inbound("packetsReceived"), 30u);
  for (uint8_t type : {kRtcpSr, kRtcpRr}) {
    EXPECT_EQ(VideoPair::count_type(v.at_receiver, type), 0u) << int(type);
    EXPECT_EQ(VideoPair::count_type(v.at_sender, type), 0u) << int(type);
  }
  v.pair.close();
}

TEST(InterceptorApi, OptionsOutOfRangeAreRefused) {
  auto refused = [](InterceptorRegistry r) {
    auto api = Api::create(Api::default_media_engine(), loopback_settings(), std::move(r));
    return !api && api.error().code == RtcErrorCode::kInvalidArgument;
  };
  InterceptorRegistry ok;
  ok.register_default_interceptors();
  EXPECT_TRUE(Api::create(Api::default_media_engine(), loopback_settings(), ok));
  EXPECT_TRUE(Api::create(Api::default_media_engine(), loopback_settings(), InterceptorRegistry{}));
  auto r = ok;
  r.nack_responder->buffer_packets = 0;
  EXPECT_TRUE(refused(r));
  r = ok;
  r.nack_responder->buffer_packets = 32769;
  EXPECT_TRUE(refused(r));
  r = ok;
  r.nack_generator->max_tracked = 0;
  EXPECT_TRUE(refused(r));
  r = ok;
  r.nack_generator->retry_interval = std::chrono::milliseconds(0);
  EXPECT_TRUE(refused(r));
  r = ok;
  r.rtcp_reports->interval = std::chrono::milliseconds(5);
  EXPECT_TRUE(refused(r));
  r = ok;
  r.add(nullptr);
  EXPECT_TRUE(refused(r));
}

}  // namespace
}  // namespace purertc::e2e
