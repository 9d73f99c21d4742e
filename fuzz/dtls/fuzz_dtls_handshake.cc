// Drives a DTLS server or client state machine with fuzzed flights interleaved with timeouts and API
// calls. Input: one byte of flags (bit 0: server, bit 1: HelloVerifyRequest on), then operations
// [op:u8][len:u16][bytes] — op 0: a datagram, 1: advance time by len ms and fire timers, 2: send(bytes),
// 3: close, 4: send_into(bytes) a buffer of len/2 bytes. Transmitted buffers go back through recycle(). Identities are generated once from a fixed seed; the engine's randomness is seeded per input.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/byte_reader.h"
#include "common/random.h"
#include "crypto/certificate.h"
#include "dtls/connection.h"

using namespace purertc;
using namespace purertc::dtls;

namespace {
std::shared_ptr<const crypto::Identity> identity(uint64_t seed) {
  SeededRandom rng(seed);
  crypto::CertificateOptions options;
  options.not_before_unix_seconds = 1767225600;
  auto id = crypto::Identity::generate_self_signed(options, rng);
  return id ? std::make_shared<const crypto::Identity>(std::move(*id)) : nullptr;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto ours = identity(1);
  static auto theirs = identity(2);
  if (size < 1 || !ours || !theirs) return 0;
  DtlsSettings settings;
  settings.role = (data[0] & 1) ? Role::kServer : Role::kClient;
  settings.hello_verify_request = (data[0] & 2) != 0;
  settings.identity = ours;
  settings.remote_fingerprints = {theirs->certificate.sdp_fingerprint()};
  settings.max_handshake_message_size = 8192;
  settings.max_reassembly_bytes = 32768;
  SeededRandom rng(size);
  auto conn = Connection::create(settings, rng);
  if (!conn) return 0;
  Connection& c = **conn;
  Timestamp now = Timestamp::from_millis(1000);
  c.start(now);
  ByteReader r(std::span<const uint8_t>(data + 1, size - 1));
  while (!r.empty()) {
    auto op = r.read_u8();
    auto len = r.read_u16();
    if (!op || !len) break;
    switch (*op % 5) {
      case 0: {
        auto bytes = r.read_bytes(std::min<size_t>(*len, r.remaining()));
        c.handle_input(*bytes, now);
        break;
      }
      case 1:
        now += Duration::millis(*len);
        c.handle_timeout(now);
        break;
      case 2: {
        auto bytes = r.read_bytes(std::min<size_t>(*len, r.remaining()));
        (void)c.send(*bytes, now);
        break;
      }
      case 3:
        c.close(now);
        break;
      case 4: {
        auto bytes = r.read_bytes(std::min<size_t>(*len, r.remaining()));
        std::vector<uint8_t> out(*len / 2);
        (void)c.send_into(*bytes, out, now);
        break;
      }
    }
    while (auto o = c.poll_output()) {
      if (o->kind == Output::Kind::kTransmit) c.recycle(std::move(o->data));
    }
  }
  return 0;
}
