// MediaSession (src/pc/media) under attacker-chosen SRTP/SRTCP input interleaved with API calls and
// timeouts. Raw bytes exercise the SRTP rejection path; to reach the router, the receivers, the sample
// builders and the RTCP handling, the target also protects fuzzer-chosen plaintext with the peer's half
// of the same keys, so authentic-but-hostile packets arrive. Must never crash, read out of bounds, or
// let a queue grow past its limits.
//
// Input: a sequence of [op byte][u16 length][bytes] records.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/byte_order.h"
#include "common/random.h"
#include "pc/media/media.h"

using namespace purertc;
using namespace purertc::pc::media;

namespace {

CodecParameters codec(uint8_t pt, const char* mime, uint32_t clock, std::optional<uint8_t> rtx) {
  CodecParameters c;
  c.payload_type = pt;
  c.mime = mime;
  c.clock_rate = clock;
  c.feedback = {.nack = true, .pli = true, .fir = true, .transport_cc = true, .remb = false};
  c.rtx_payload_type = rtx;
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto profile = srtp::Profile::kAes128CmHmacSha1_80;
  std::vector<uint8_t> keys(srtp::keying_material_size(profile), 0x5a);
  SeededRandom random(1);
  MediaSessionSettings settings;
  settings.max_queued_events = 64;
  settings.router.max_ssrcs = 8;
  settings.router.max_unknown_ssrcs = 4;
  settings.srtp.max_ssrcs = 16;
  MediaSession session(random, settings);
  Timestamp now = Timestamp::from_millis(1000);
  if (!session.start_srtp(profile, keys, srtp::DtlsRole::kServer, now)) __builtin_trap();
  auto peer = SrtpTransport::create(profile, keys, srtp::DtlsRole::kClient, settings.srtp);
  if (!peer) __builtin_trap();

  HeaderExtensionIds ids;
  ids.mid = 1;
  ids.rid = 2;
  ids.repaired_rid = 3;
  ids.transport_cc = 5;
  const char* video_mimes[] = {"video/VP8", "video/VP9", "video/H264", "video/H265", "video/AV1"};
  std::vector<ReceiverId> receivers;
  for (uint8_t i = 0; i < 5; ++i) {
    ReceiverParameters rp;
    rp.mid = std::to_string(i);
    rp.codecs = {codec(static_cast<uint8_t>(96 + 2 * i), video_mimes[i], 90000, static_cast<uint8_t>(97 + 2 * i))};
    rp.extensions = ids;
    rp.assemble_samples = true;
    rp.sample_builder.max_packets = 64;
    rp.sample_builder.max_frame_size = 64 * 1024;
    rp.nack.max_list = 32;
    receivers.push_back(*session.add_receiver(rp));
  }
  for (const char* rid : {"lo", "hi"}) {
    ReceiverParameters rp;
    rp.mid = "9";
    rp.rid = rid;
    rp.codecs = {codec(111, "audio/opus", 48000, std::nullopt)};
    rp.extensions = ids;
    rp.assemble_samples = true;
    receivers.push_back(*session.add_receiver(rp));
  }
  SenderParameters sp;
  sp.ssrc = 0x1111;
  sp.rtx_ssrc = 0x2222;
  sp.mid = "0";
  sp.codec = codec(96, "video/VP8", 90000, 97);
  sp.extensions = ids;
  sp.retransmission_packets = 64;
  const SenderId sender = *session.add_sender(sp);

  size_t pos = 0;
  std::vector<uint8_t> buf;
  while (size - pos >= 3) {
    const uint8_t op = data[pos];
    size_t len = load_u16(data + pos + 1);
    pos += 3;
    if (len > size - pos) len = size - pos;
    const uint8_t* bytes = data + pos;
    pos += len;
    switch (op % 7) {
      case 0:  // raw datagram: SRTP must reject it
        buf.assign(bytes, bytes + len);
        session.handle_srtp(buf, now);
        break;
      case 1:
        buf.assign(bytes, bytes + len);
        session.handle_srtcp(buf, now);
        break;
      case 2:  // authentic RTP with hostile contents
      case 3: {  // authentic RTCP with hostile contents
        const bool rtcp = op % 7 == 3;
        buf.assign(bytes, bytes + len);
        buf.resize(len + srtp::kMaxRtcpOverhead);
        auto n = rtcp ? peer->protect_rtcp(buf, len) : peer->protect_rtp(buf, len);
        if (!n) break;
        buf.resize(*n);
        if (rtcp) session.handle_srtcp(buf, now);
        else session.handle_srtp(buf, now);
        break;
      }
      case 4:
        now += Duration::millis(len % 2000);
        session.handle_timeout(now);
        break;
      case 5:
        (void)session.send_sample(sender, std::span<const uint8_t>(bytes, len), Duration::millis(33), now);
        break;
      case 6:
        (void)session.request_keyframe(receivers[len % receivers.size()],
                                       len & 1 ? KeyframeRequestKind::kFir : KeyframeRequestKind::kPli, now);
        break;
    }
    size_t outputs = 0;
    while (auto out = session.poll_output()) {
      if (auto* t = std::get_if<Transmit>(&*out)) {
        if (t->data.size() > settings.mtu) __builtin_trap();
        session.recycle(std::move(t->data));
      }
      ++outputs;
    }
    // Bounded work per input record: events are capped, transmits follow from what was asked.
    if (outputs > 4096) __builtin_trap();
  }
  const auto st = session.stats();
  if (st.rtp_unroutable != st.router.unroutable) __builtin_trap();  // one count per failed route
  return 0;
}
