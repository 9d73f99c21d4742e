// TurnClient engine: fuzzed server datagrams interleaved with API calls and timeouts. Besides raw bytes,
// the fuzzer can answer the client's last request with a response it shapes (class, error code, REALM,
// NONCE, lifetime, relayed address), correctly signed, so that the auth dance, refreshes, permissions
// and channels are all reachable. Must never crash, loop or grow without bound.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/byte_reader.h"
#include "common/random.h"
#include "stun/credentials.h"
#include "stun/packet/message_builder.h"
#include "stun/turn/turn_client.h"

using namespace purertc;
using namespace purertc::stun;

namespace {

std::vector<uint8_t> shaped_response(const std::vector<uint8_t>& request, ByteReader& r) {
  auto req = MessageView::parse(request);
  if (!req) return {};
  uint8_t shape = r.read_u8().value_or(0);
  uint16_t code = static_cast<uint16_t>(300 + r.read_u16().value_or(0) % 400);
  uint32_t lifetime = r.read_u8().value_or(0) * 10u;
  std::vector<uint8_t> buf(512);
  bool success = (shape & 1) != 0;
  MessageBuilder b(buf, MessageType(req->type().method, success ? MessageClass::kSuccessResponse : MessageClass::kErrorResponse),
                   req->transaction_id_copy());
  if (success) {
    b.add_address(AttributeType::kXorRelayedAddress, SocketAddress{IpAddress::v4(10, 0, 0, shape), 5000});
    b.add_address(AttributeType::kXorMappedAddress, SocketAddress{IpAddress::v4(192, 0, 2, 1), 40000});
    b.add_u32(AttributeType::kLifetime, lifetime);
  } else {
    b.add_error_code(code, "fuzz");
    if (shape & 2) b.add_string(AttributeType::kRealm, "realm");
    if (shape & 4) b.add_string(AttributeType::kNonce, (shape & 8) ? "obMatJos2AAADnonce" : "nonce");
    if (shape & 16) {
      const uint8_t algs[] = {0, 1, 0, 0, 0, 2, 0, 0};
      b.add(AttributeType::kPasswordAlgorithms, algs);
    }
  }
  if (shape & 32) {
    auto alg = (shape & 8) ? PasswordAlgorithm::kSha256 : PasswordAlgorithm::kMd5;
    auto key = long_term_key(alg, "alice", "realm", "secret");
    if (shape & 64) {
      crypto::HmacKey k(crypto::HashAlgorithm::kSha256, key.view());
      b.add_message_integrity_sha256(k);
    } else {
      crypto::HmacKey k(crypto::HashAlgorithm::kSha1, key.view());
      b.add_message_integrity(k);
    }
  }
  if (shape & 128) b.add_fingerprint();
  auto out = b.finish();
  if (!out) return {};
  buf.resize(out->size());
  return buf;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SeededRandom rng(size);
  TurnClientSettings settings;
  settings.username = "alice";
  settings.password = "secret";
  settings.max_permissions = 4;
  settings.max_channels = 4;
  if (size > 0 && (data[0] & 1)) settings.framing = TurnFraming::kStream;
  TurnClient client(settings, rng);
  Timestamp now = Timestamp::from_millis(0);
  std::vector<uint8_t> last_request;
  ByteReader r(std::span(data, size));
  uint8_t out[2048];
  for (int steps = 0; steps < 256 && !r.empty(); ++steps) {
    uint8_t op = r.read_u8().value_or(0);
    SocketAddress peer = SocketAddress{IpAddress::v4(198, 51, 100, static_cast<uint8_t>(op >> 4)), 7000};
    switch (op & 0x0f) {
      case 0: (void)client.allocate(now); break;
      case 1: (void)client.create_permission(peer, now); break;
      case 2: (void)client.bind_channel(peer, now); break;
      case 3: client.close(now); break;
      case 4: now += Duration::millis(r.read_u16().value_or(0) * 100); break;
      case 5: {
        size_t n = r.read_u8().value_or(0);
        auto bytes = r.read_bytes(std::min(n, r.remaining()));
        if (bytes) (void)client.handle_input(*bytes, now);
        break;
      }
      case 6: (void)client.wrap(peer, r.rest().first(std::min<size_t>(r.remaining(), 16)), out); break;
      default: {
        auto resp = shaped_response(last_request, r);
        if (!resp.empty()) (void)client.handle_input(resp, now);
        break;
      }
    }
    client.handle_timeout(now);
    int drained = 0;
    while (auto o = client.poll_output()) {
      if (auto* t = std::get_if<TurnTransmit>(&*o)) last_request.assign(t->bytes.begin(), t->bytes.end());
      if (++drained > 10000) __builtin_trap();
    }
    Timestamp next = client.next_timeout();
    if (!next.is_infinite() && next < now - Duration::seconds(1)) __builtin_trap();  // a timer in the past stays armed
  }
  return 0;
}
