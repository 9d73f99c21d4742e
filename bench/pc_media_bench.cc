// The media path of a PeerConnection transport, per RTP packet, next to the SRTP work inside it:
//   raw       SrtpTransport protect + unprotect of the same packet (the crypto floor of the path)
//   session   MediaSession::send_rtp (re-stamp SSRC/PT/seq/timestamp, write mid + transport-cc, keep a
//             copy for NACKs, SRTP protect) -> poll_output -> peer MediaSession::handle_srtp (SRTP
//             unprotect, route by SSRC, statistics, NACK tracking, RtpPacketReceived event) -> poll_output
// so "session / raw" is what the media layer adds on top of SRTP. AES_CM_128_HMAC_SHA1_80 and
// AEAD_AES_128_GCM, 200 and 1100 byte payloads.
//
// Run: ./build/bench/pc_media_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <vector>

#include "common/random.h"
#include "pc/media/media.h"
#include "rtp/packet/rtp_packet.h"

namespace purertc::pc::media {
namespace {

std::vector<uint8_t> keys(srtp::Profile p) { return std::vector<uint8_t>(srtp::keying_material_size(p), 0x3c); }

std::vector<uint8_t> app_packet(size_t payload_size, uint16_t seq) {
  rtp::RtpHeader h;
  h.payload_type = 96;
  h.sequence_number = seq;
  h.timestamp = seq * 3000u;
  h.ssrc = 42;
  std::vector<uint8_t> payload(payload_size, 0xab);
  std::vector<uint8_t> out(h.serialized_size(payload_size));
  (void)h.write_to(out, payload);
  return out;
}

void BM_RawSrtp(benchmark::State& state, srtp::Profile profile) {
  const size_t payload = static_cast<size_t>(state.range(0));
  auto tx = SrtpTransport::create(profile, keys(profile), srtp::DtlsRole::kClient);
  auto rx = SrtpTransport::create(profile, keys(profile), srtp::DtlsRole::kServer);
  auto plain = app_packet(payload, 0);
  // The same header size the session's packets carry (mid + transport-cc extensions: 12 bytes more).
  plain.resize(plain.size() + 12);
  std::vector<uint8_t> buf(plain.size() + srtp::kMaxRtpOverhead);
  uint16_t seq = 0;
  for (auto _ : state) {
    std::copy(plain.begin(), plain.end(), buf.begin());
    buf[2] = static_cast<uint8_t>(seq >> 8);
    buf[3] = static_cast<uint8_t>(seq);
    ++seq;
    auto n = tx->protect_rtp(buf, plain.size());
    auto m = rx->unprotect_rtp(std::span(buf).first(*n));
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(payload));
}

void BM_SessionRoundTrip(benchmark::State& state, srtp::Profile profile) {
  const size_t payload = static_cast<size_t>(state.range(0));
  SeededRandom ra(1), rb(2);
  MediaSession a(ra), b(rb);
  const Timestamp now = Timestamp::from_millis(1000);
  (void)a.start_srtp(profile, keys(profile), srtp::DtlsRole::kClient, now);
  (void)b.start_srtp(profile, keys(profile), srtp::DtlsRole::kServer, now);
  CodecParameters codec;
  codec.payload_type = 96;
  codec.mime = "video/VP8";
  codec.feedback.nack = true;
  HeaderExtensionIds ids;
  ids.mid = 1;
  ids.transport_cc = 5;
  SenderParameters sp;
  sp.ssrc = 1234;
  sp.mid = "0";
  sp.codec = codec;
  sp.extensions = ids;
  const SenderId sender = *a.add_sender(sp);
  ReceiverParameters rp;
  rp.mid = "0";
  rp.codecs = {codec};
  rp.extensions = ids;
  (void)b.add_receiver(rp);
  auto packet = app_packet(payload, 0);
  uint16_t seq = 0;
  for (auto _ : state) {
    packet[2] = static_cast<uint8_t>(seq >> 8);
    packet[3] = static_cast<uint8_t>(seq);
    ++seq;
    (void)a.send_rtp(sender, packet, now);
    while (auto out = a.poll_output()) {
      auto& t = std::get<Transmit>(*out);
      b.handle_srtp(t.data, now);
      a.recycle(std::move(t.data));
    }
    while (auto out = b.poll_output()) {
      if (auto* e = std::get_if<Event>(&*out)) {
        if (auto* p = std::get_if<RtpPacketReceived>(e)) b.recycle(std::move(p->packet));
      }
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(payload));
}

BENCHMARK_CAPTURE(BM_RawSrtp, aes_cm_80, srtp::Profile::kAes128CmHmacSha1_80)->Arg(200)->Arg(1100);
BENCHMARK_CAPTURE(BM_SessionRoundTrip, aes_cm_80, srtp::Profile::kAes128CmHmacSha1_80)->Arg(200)->Arg(1100);
BENCHMARK_CAPTURE(BM_RawSrtp, aead_aes_128_gcm, srtp::Profile::kAeadAes128Gcm)->Arg(200)->Arg(1100);
BENCHMARK_CAPTURE(BM_SessionRoundTrip, aead_aes_128_gcm, srtp::Profile::kAeadAes128Gcm)->Arg(200)->Arg(1100);

}  // namespace
}  // namespace purertc::pc::media

BENCHMARK_MAIN();
