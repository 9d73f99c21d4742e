// STUN message parser on arbitrary bytes, without integrity checks: must never crash, every accessor must
// be safe on whatever parsed, and what parsed must survive a rebuild with MessageBuilder.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "stun/packet/message.h"
#include "stun/packet/message_builder.h"
#include "stun/packet/password_algorithms.h"
#include "stun/packet/unknown_attributes.h"

using namespace purertc::stun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> in(data, size);
  (void)is_stun_message(in);
  (void)stun_message_size(in);
  auto m = MessageView::parse(in);
  if (!m) return 0;
  (void)m->type().encode();
  (void)m->get_string(AttributeType::kUsername);
  (void)m->get_u32(AttributeType::kPriority);
  (void)m->get_u64(AttributeType::kIceControlling);
  (void)m->get_address(AttributeType::kXorMappedAddress);
  (void)m->get_address(AttributeType::kMappedAddress);
  (void)m->get_address(AttributeType::kXorRelayedAddress);
  if (auto ec = m->error_code()) (void)ec->reason.size();
  if (auto ua = m->get(AttributeType::kUnknownAttributes)) {
    if (auto list = UnknownAttributesView::parse(*ua)) {
      for (size_t i = 0; i < list->count(); ++i) (void)list->type(i);
    }
  }
  if (auto pa = m->get(AttributeType::kPasswordAlgorithms)) (void)parse_password_algorithms(*pa);
  if (auto pa = m->get(AttributeType::kPasswordAlgorithm)) (void)parse_password_algorithm(*pa);
  (void)m->verify_fingerprint();

  // Rebuild every attribute the parser kept (integrity and fingerprint aside) and parse it back.
  std::vector<uint8_t> buf(size + 64);
  MessageBuilder b(buf, m->type(), m->transaction_id_copy());
  size_t kept = 0;
  for (size_t i = 0; i < m->attribute_count(); ++i) {
    auto a = m->attribute(i);
    if (a.type == static_cast<uint16_t>(AttributeType::kMessageIntegrity) ||
        a.type == static_cast<uint16_t>(AttributeType::kMessageIntegritySha256) ||
        a.type == static_cast<uint16_t>(AttributeType::kFingerprint)) {
      continue;
    }
    b.add(a.type, a.value);
    ++kept;
  }
  auto out = b.finish();
  if (!out) __builtin_trap();
  auto again = MessageView::parse(*out);
  if (!again || again->attribute_count() != kept || again->type() != m->type()) __builtin_trap();
  return 0;
}
