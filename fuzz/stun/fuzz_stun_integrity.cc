// STUN parsing with MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT verification under fixed
// keys: must never crash, must never accept a forged MAC (2^-160 / 2^-128 chance), and a message signed
// with the builder must always verify.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "crypto/hmac.h"
#include "stun/packet/message.h"
#include "stun/packet/message_builder.h"

using namespace purertc;
using namespace purertc::stun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const uint8_t kKey[] = {'V', 'O', 'k', 'J', 'x', 'b', 'R', 'l'};
  static crypto::HmacKey sha1(crypto::HashAlgorithm::kSha1, kKey);
  static crypto::HmacKey sha256(crypto::HashAlgorithm::kSha256, kKey);
  std::span<const uint8_t> in(data, size);

  if (auto m = MessageView::parse(in)) {
    // The fuzzer cannot compute HMACs under a key it does not know: a MAC that verifies means the check
    // is broken.
    if (m->verify_message_integrity(sha1) || m->verify_message_integrity_sha256(sha256)) __builtin_trap();
    (void)m->verify_fingerprint();
  }

  // Use the input as attribute values of a message signed by the builder: it must verify.
  std::vector<uint8_t> buf(size + 256);
  TransactionId id{};
  for (size_t i = 0; i < id.size() && i < size; ++i) id[i] = data[i];
  MessageBuilder b(buf, MessageType(Method::kBinding, MessageClass::kRequest), id);
  size_t pos = 0;
  // At most 24 attributes, leaving room for the three trailers under kMaxAttributes.
  for (int count = 0; pos < size && count < 24; ++count) {
    size_t n = std::min<size_t>(data[pos] % 64, size - pos - 1);
    b.add(static_cast<uint16_t>(0x8030 + (data[pos] & 0x0f)), in.subspan(pos + 1, n));
    pos += 1 + n;
  }
  b.add_message_integrity(sha1);
  b.add_message_integrity_sha256(sha256);
  b.add_fingerprint();
  auto out = b.finish();
  if (!out) return 0;  // more than 65535 bytes of attributes
  auto signed_msg = MessageView::parse(*out);
  if (!signed_msg || !signed_msg->verify_message_integrity(sha1) || !signed_msg->verify_message_integrity_sha256(sha256) ||
      !signed_msg->verify_fingerprint()) {
    __builtin_trap();
  }
  return 0;
}
