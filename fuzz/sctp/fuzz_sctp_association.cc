// Drives an established association with a script from the input: fuzzed chunks wrapped in packets
// with the right ports, verification tag and CRC (so they get past the first checks), interleaved with
// sends, stream resets, shutdown and time steps. A genuine peer keeps talking, so fuzzed chunks meet
// real state. Any crash, sanitizer report or stuck loop is a bug.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/byte_order.h"
#include "common/random.h"
#include "sctp/association.h"
#include "sctp/packet/sctp_packet.h"

using namespace purertc;
using namespace purertc::sctp;

namespace {

struct Side {
  explicit Side(uint64_t seed, const SctpSettings& s) : random(seed), assoc(s, random) {}
  SeededRandom random;
  Association assoc;
  std::vector<std::vector<uint8_t>> out;
  void drain() {
    for (int guard = 0; guard < 10000; ++guard) {
      auto o = assoc.poll_output();
      if (!o) return;
      if (auto* t = std::get_if<Transmit>(&*o)) out.push_back(std::move(t->packet));
    }
    std::abort();  // poll_output never ran dry: an output loop
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SctpSettings settings;
  settings.max_message_size = 64 * 1024;
  settings.max_receive_window = 256 * 1024;
  settings.enable_interleaving = size > 0 && (data[0] & 1);
  Side a(1, settings), b(2, settings);
  Timestamp now = Timestamp::from_millis(1000);
  a.assoc.connect(now);
  uint32_t a_tag = 0;
  auto exchange = [&](bool deliver_to_a) {
    a.drain();
    b.drain();
    for (auto& p : a.out) b.assoc.handle_input(p, now);
    for (auto& p : b.out) {
      if (p.size() >= 12 && load_u32(p.data() + 4) != 0) a_tag = load_u32(p.data() + 4);
      if (deliver_to_a) a.assoc.handle_input(p, now);
    }
    a.out.clear();
    b.out.clear();
  };
  for (int i = 0; i < 4; ++i) exchange(true);
  if (a.assoc.state() != AssociationState::kEstablished) return 0;

  size_t pos = 1;
  while (pos + 2 <= size) {
    uint8_t op = data[pos];
    size_t len = data[pos + 1];
    pos += 2;
    if (len > size - pos) len = size - pos;
    std::span<const uint8_t> arg(data + pos, len);
    pos += len;
    switch (op % 6) {
      case 0: {  // fuzzed chunks in a well-formed packet addressed to a
        PacketBuilder pb;
        pb.reset(settings.remote_port, settings.local_port, a_tag, 12 + arg.size());
        append_bytes(pb.buffer(), arg);
        auto packet = pb.finish(false);
        a.assoc.handle_input(packet, now);
        break;
      }
      case 1: {  // a raw packet, checksum fixed up
        std::vector<uint8_t> packet(arg.begin(), arg.end());
        if (packet.size() >= 12) {
          uint32_t crc = compute_checksum(packet);
          for (int k = 0; k < 4; ++k) packet[8 + k] = static_cast<uint8_t>(crc >> (8 * k));
        }
        a.assoc.handle_input(packet, now);
        break;
      }
      case 2: {
        SendOptions o;
        o.unordered = len & 1;
        if (len & 2) o.max_retransmits = static_cast<uint16_t>(len % 3);
        uint16_t stream = len > 0 ? arg[0] % 8 : 0;
        (void)a.assoc.send(stream, 53, std::vector<uint8_t>(arg.size() * 97 + 1, 0x5a), o, now);
        (void)b.assoc.send(stream, 51, std::vector<uint8_t>(arg.size() * 31 + 1, 0xa5), o, now);
        break;
      }
      case 3: {
        std::vector<uint16_t> streams;
        for (uint8_t s : arg) streams.push_back(s % 8);
        (void)a.assoc.reset_streams(streams, now);
        break;
      }
      case 4:
        now += Duration::millis(len * 10);
        a.assoc.handle_timeout(now);
        b.assoc.handle_timeout(now);
        break;
      case 5:
        if (len == 1) a.assoc.shutdown(now);
        break;
    }
    exchange(true);
  }
  return 0;
}
